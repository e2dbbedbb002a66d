package dev.awaitable.reactor.blockhound;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

import reactor.blockhound.BlockingMethod;
import reactor.blockhound.BlockingOperationError;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * BlockHound for Python code on loop threads.
 *
 * <p>When BlockHound is installed (with this library's integration, found by ServiceLoader), every
 * {@code PythonRuntime} created afterwards guards the standard library's blocking calls
 * ({@code time.sleep}, blocking sockets and selects, thread locks, events, conditions, semaphores and
 * queues that would wait, {@code concurrent.futures.Future.result()}, {@code subprocess},
 * {@code urllib.request.urlopen}). Such a call on a loop thread is reported through BlockHound: by
 * default it raises {@link BlockingOperationError}, whose message names the Python call and the
 * Python file, line and function that made it, and which reaches the subscriber of the call. The same
 * calls are allowed on blocking workers ({@code execute_async}) and on any other thread.
 *
 * <p>Allow a known short blocking call as you would a Java one:
 * <pre>{@code
 * BlockHound.install(PythonBlocking.allowBlockingCallsInside("myapp.cache", "warm_up"));
 * }</pre>
 */
public final class PythonBlocking {

    private static final List<String> ALLOWED = new CopyOnWriteArrayList<>();
    private static volatile boolean installed;

    private PythonBlocking() {
    }

    /**
     * An integration that allows blocking calls made (directly or indirectly) inside a Python function,
     * the counterpart of {@code BlockHound.Builder.allowBlockingCallsInside} for Python.
     *
     * @param module the function's module, e.g. {@code myapp.cache}
     * @param function the function's name, or {@code *} for the whole module
     */
    public static BlockHoundIntegration allowBlockingCallsInside(String module, String function) {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(function, "function");
        return builder -> {
            ALLOWED.add(module);
            ALLOWED.add(function);
        };
    }

    /** @return true once BlockHound has been installed with this library's integration */
    public static boolean isInstalled() {
        return installed;
    }

    static void markInstalled() {
        installed = true;
    }

    /** @return the allow rules as {@code [module, function, ...]}, for the Python guard */
    public static String[] allowRules() {
        return new ArrayList<>(ALLOWED).toArray(new String[0]);
    }

    /**
     * Called by the Python guard when a blocking call is about to be made on a loop thread. Reports it
     * through BlockHound; with BlockHound's default callback this throws {@link BlockingOperationError}
     * naming the Python call and where it was made.
     *
     * @param api the Python call, e.g. {@code time.sleep}
     * @param location {@code file:line in function}
     */
    public static void check(String api, String location) {
        try {
            pythonBlockingCall();
        } catch (BlockingOperationError e) {
            int dot = api.lastIndexOf('.');
            throw new BlockingOperationError(new BlockingMethod(api.substring(0, Math.max(dot, 0)),
                    api.substring(dot + 1) + " (Python, at " + location + ")", Modifier.STATIC));
        }
    }

    /** Marked as blocking by the integration: the one place BlockHound sees Python's blocking calls. */
    static void pythonBlockingCall() {
    }
}
