package dev.awaitable.reactor;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.awaitable.reactor.loop.LoopThread;
import jep.Interpreter;

/**
 * What the JVM's exit does for Python, from a shutdown hook installed with the first runtime: it
 * closes the runtimes still open (their coroutines are cancelled and their cleanup runs, within each
 * runtime's shutdown grace; one that another shutdown hook is closing is waited for), then runs
 * Python's {@code atexit} handlers once, as interpreter exit would. Not at each runtime's close: the
 * CPython outlives runtimes, and a later one would find what the handlers tore down.
 */
final class PythonExit {

    private static final Logger LOG = LoggerFactory.getLogger(PythonExit.class);
    /** Beyond the longest grace: stopping loop threads and workers, and the handlers themselves. */
    private static final Duration MARGIN = Duration.ofSeconds(15);

    private static final Set<PythonRuntime> OPEN = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean HOOK_INSTALLED = new AtomicBoolean();

    private PythonExit() {
    }

    static void opened(PythonRuntime runtime) {
        OPEN.add(runtime);
        if (HOOK_INSTALLED.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(PythonExit::atJvmExit, "reactor-awaitable-exit"));
        }
    }

    static void closed(PythonRuntime runtime) {
        OPEN.remove(runtime);
    }

    /**
     * Bounded: the work runs on a daemon thread that the hook waits for no longer than the longest
     * grace plus a margin, so a Python that holds its GIL for ever cannot keep the JVM from exiting.
     */
    private static void atJvmExit() {
        List<PythonRuntime> open = List.copyOf(OPEN);
        Duration limit = open.stream().map(PythonRuntime::shutdownGrace).max(Duration::compareTo)
                .orElse(Duration.ZERO).plus(MARGIN);
        Thread work = new Thread(() -> {
            open.forEach(PythonRuntime::close);
            runExitHandlers();
        }, "reactor-awaitable-exit-work");
        work.setDaemon(true);
        work.start();
        try {
            work.join(limit.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (work.isAlive()) {
            LOG.warn("JVM exit: closing the Python runtimes and running Python's atexit handlers took over {}; "
                    + "exiting without waiting further", limit);
        }
    }

    /** Runs the atexit handlers registered in the JVM's (shared) interpreter. */
    static void runExitHandlers() {
        try (Interpreter python = LoopThread.openSharedInterpreter()) {
            python.exec("from reactor_awaitable._embedding import run_exit_handlers");
            python.invoke("run_exit_handlers");
        } catch (RuntimeException | Error e) {
            LOG.warn("JVM exit: running Python's atexit handlers failed", e);
        }
    }
}
