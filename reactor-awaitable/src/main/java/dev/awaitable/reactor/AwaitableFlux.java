package dev.awaitable.reactor;

import java.util.Objects;
import java.util.regex.Pattern;

import dev.awaitable.reactor.loop.Call;
import dev.awaitable.reactor.loop.CallListener;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * Entry points that turn Python callables into Reactor publishers.
 *
 * <p>A target names a Python callable as {@code "pkg.module:function"} (a dotted attribute path after
 * the colon is allowed, e.g. {@code "pkg.module:Class.method"}). Arguments cross into Python as
 * Jep converts them ({@code String}, boxed numbers, {@code Boolean} become {@code str}, {@code int},
 * {@code float}, {@code bool}); {@code Map}s, collections and arrays become {@code dict}s and
 * {@code list}s ({@code byte[]} becomes {@code bytes}); any other object arrives as a Java object.
 */
public final class AwaitableFlux {

    private static final Pattern TARGET =
            Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*:[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");

    private AwaitableFlux() {
    }

    /**
     * A cold {@code Mono} of one call of a Python coroutine function (or plain function).
     *
     * <p>Each subscription calls {@code target(*args)} once on a loop thread and drives the coroutine
     * it returns to completion; a plain function's return value is taken as it is. The result crosses
     * as a Java value: {@code None} completes the Mono empty; {@code str}, {@code int}
     * ({@code Long}, or {@code BigInteger} beyond 64 bits), {@code float}, {@code bool}, {@code bytes}
     * ({@code byte[]}), {@code list} ({@code List}), {@code tuple} (unmodifiable {@code List}),
     * {@code dict} ({@code Map}) convert recursively; anything else fails the Mono with a
     * {@link PythonException} of type {@code reactor_awaitable.UnconvertibleResultError}.
     *
     * <p>A Python exception fails the Mono with a {@link PythonException}. Cancelling the subscription
     * (or {@code timeout}) cancels the asyncio task: {@code CancelledError} is raised at the
     * coroutine's current {@code await}, its cleanup runs, and nothing more is emitted. Signals are
     * emitted on the runtime's loop thread; do not block downstream ({@code publishOn} if you must).
     *
     * @param runtime the runtime to run on
     * @param target {@code "pkg.module:function"}
     * @param args positional arguments
     * @throws IllegalArgumentException when {@code target} is not of that form
     * @throws IllegalStateException when the runtime is closed
     */
    public static Mono<Object> mono(PythonRuntime runtime, String target, Object... args) {
        Objects.requireNonNull(runtime, "runtime");
        requireTarget(target);
        runtime.checkOpen();
        Object[] arguments = args == null ? new Object[0] : args.clone();
        return Mono.create(sink -> {
            Call call = runtime.start(target, arguments, new MonoListener(sink));
            sink.onCancel(call::cancel);
        });
    }

    static void requireTarget(String target) {
        Objects.requireNonNull(target, "target");
        if (!TARGET.matcher(target).matches()) {
            throw new IllegalArgumentException("target '" + target
                    + "' is not of the form 'pkg.module:function' (module path, a colon, the function name)");
        }
    }

    /** Hands a call's outcome to a MonoSink; the sink drops anything after cancel. */
    private record MonoListener(MonoSink<Object> sink) implements CallListener {

        @Override
        public void onValue(Object value) {
            if (value == null) {
                sink.success();
            } else {
                sink.success(value);
            }
        }

        @Override
        public void onError(Throwable error) {
            sink.error(error);
        }
    }
}
