package dev.awaitable.reactor;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

import org.reactivestreams.Publisher;

import dev.awaitable.reactor.loop.Call;
import dev.awaitable.reactor.loop.CallListener;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.publisher.Operators;

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


    /** The Python side of {@link #map}: one stream call runs every input. */
    private static final String MAP_ENGINE = "reactor_awaitable._map:map_inputs";

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
        return call(runtime, target, args, false);
    }

    private static Mono<Object> call(PythonRuntime runtime, String target, Object[] args, boolean jsonResult) {
        Objects.requireNonNull(runtime, "runtime");
        requireTarget(target);
        runtime.checkOpen();
        Object[] arguments = argumentsFor(runtime, args);
        return Mono.create(sink -> {
            Call call = runtime.start(target, arguments, -1, sink.contextView(), jsonResult, new MonoListener(sink));
            sink.onCancel(call::cancel);
        });
    }

    /**
     * A cold {@code Mono} of one call, its result converted to {@code type}: as it is when it already
     * is one ({@code String.class}), a number to another boxed number type it fits, and a {@code Map}
     * to a record or a bean through Jackson (see {@link PythonRuntime.Builder#objectMapper}), e.g. a
     * pydantic model's fields to a Java record. A result that does not map fails the Mono with a
     * {@link ResultConversionException} naming the target, the type and the field; {@code None}
     * completes it empty.
     *
     * @see #mono(PythonRuntime, String, Object...)
     */
    public static <T> Mono<T> mono(PythonRuntime runtime, Class<T> type, String target, Object... args) {
        return mono(runtime, ResultType.of(type), target, args);
    }

    /**
     * {@link #mono(PythonRuntime, Class, String, Object...)} for a generic type:
     * {@code mono(runtime, new ResultType<List<Quote>>() {}, "shop:quotes", skus)}.
     */
    public static <T> Mono<T> mono(PythonRuntime runtime, ResultType<T> type, String target, Object... args) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(runtime, "runtime");
        return call(runtime, target, args, runtime.results().readsJson(type))
                .map(value -> runtime.results().convert(value, type, target));
    }

    /**
     * A cold {@code Flux} over an async generator, each item converted to {@code type} as
     * {@link #mono(PythonRuntime, Class, String, Object...)} converts a result; an item that does not
     * map fails the Flux (and cancels the generator) with a {@link ResultConversionException}.
     *
     * @see #flux(PythonRuntime, String, Object...)
     */
    public static <T> Flux<T> flux(PythonRuntime runtime, Class<T> type, String target, Object... args) {
        return flux(runtime, ResultType.of(type), target, args);
    }

    /** {@link #flux(PythonRuntime, Class, String, Object...)} for a generic item type. */
    public static <T> Flux<T> flux(PythonRuntime runtime, ResultType<T> type, String target, Object... args) {
        Objects.requireNonNull(type, "type");
        return flux(runtime, target, args).map(value -> runtime.results().convert(value, type, target));
    }

    /**
     * A cold {@code Flux} over the Python async generator (or any async iterable) that
     * {@code target(*args)} returns, with no prefetch: the generator is advanced only as far as
     * downstream has requested. Same as {@code flux(runtime, 0, target, args)}.
     *
     * @see #flux(PythonRuntime, int, String, Object...)
     */
    public static Flux<Object> flux(PythonRuntime runtime, String target, Object... args) {
        return flux(runtime, 0, target, args);
    }

    /**
     * A cold {@code Flux} over the Python async generator (or any async iterable) that
     * {@code target(*args)} returns.
     *
     * <p>Back-pressure is real: the generator is advanced only while the items it produced are fewer
     * than downstream requested plus {@code prefetch}; items produced during one drain of the loop
     * cross to Java together, in order. Each item converts as a {@link #mono} result does; an
     * unconvertible item fails the Flux. Cancelling (dispose, {@code take}, {@code timeout}) cancels
     * the Python task and closes the generator with {@code aclose()}, so its {@code finally} runs; an
     * exception in the generator fails the Flux with a {@link PythonException}. Signals are emitted on
     * the runtime's loop thread.
     *
     * @param prefetch how many items the generator may run ahead of demand (0 = none)
     * @throws IllegalArgumentException when {@code target} is malformed or {@code prefetch} negative
     * @throws IllegalStateException when the runtime is closed
     */
    public static Flux<Object> flux(PythonRuntime runtime, int prefetch, String target, Object... args) {
        Objects.requireNonNull(runtime, "runtime");
        requireTarget(target);
        if (prefetch < 0) {
            throw new IllegalArgumentException("prefetch must be >= 0, was " + prefetch);
        }
        runtime.checkOpen();
        return stream(runtime, prefetch, target, argumentsFor(runtime, args), (sink, cancel) -> new FluxSinkListener(sink));
    }

    /** A cold Flux of one stream call per subscription, whose outcomes the listener made for it hands on. */
    private static Flux<Object> stream(PythonRuntime runtime, int prefetch, String target, Object[] arguments,
                                       BiFunction<FluxSink<Object>, Runnable, CallListener> listener) {
        return Flux.create(sink -> {
            // Demand and cancel are wired before the call starts: once it runs, the loop thread may
            // push prefetched items, and a FluxSink that received items before onRequest was set
            // does not report later requests.
            StreamDemand demand = new StreamDemand();
            sink.onRequest(demand::request);
            sink.onCancel(demand::cancel);
            demand.attach(runtime.start(target, arguments, prefetch, sink.contextView(),
                    listener.apply(sink, demand::cancel)));
        }, FluxSink.OverflowStrategy.BUFFER);
    }

    /**
     * A Python stage for {@code flux.transform(...)}: {@code target(items, *args)} receives the
     * upstream items as an async iterator and is an async generator of the downstream items.
     *
     * <pre>{@code
     * async def enrich(items):
     *     async for order in items:
     *         yield await lookup(order)
     *
     * orders.transform(AwaitableFlux.operator(runtime, "shop.stages:enrich"))
     * }</pre>
     *
     * <p>Demand flows both ways: upstream is requested in bounded batches (32 at first, topped up as
     * Python consumes), and the generator runs only as far as downstream requested. An upstream error
     * is raised inside the Python {@code async for} as {@code reactor_awaitable.JavaException};
     * upstream completion ends it; a downstream cancel cancels the Python task, which cancels
     * upstream and closes the generator.
     *
     * @param args extra arguments after the items
     */
    public static <T> Function<Flux<T>, Flux<Object>> operator(PythonRuntime runtime, String target, Object... args) {
        Objects.requireNonNull(runtime, "runtime");
        requireTarget(target);
        Object[] extra = argumentsFor(runtime, args);
        return upstream -> {
            Object[] arguments = new Object[extra.length + 1];
            arguments[0] = runtime.arguments().convertEach(upstream);
            System.arraycopy(extra, 0, arguments, 1, extra.length);
            return flux(runtime, 0, target, arguments);
        };
    }

    /**
     * Runs {@code target(input)} for every input, with at most {@code options.maxWorkers()} coroutines
     * in flight: the executor pattern, with the semantics of Reactor's
     * {@code flatMap}/{@code flatMapSequential} with a concurrency bound.
     *
     * <p>Each subscription is one stream call on one loop thread: the inputs cross into Python in
     * batches, each runs as its own asyncio task there (in a copy of the subscriber's context), and the
     * results cross back in batches, so the cost per input does not grow with {@code maxWorkers}. Inputs
     * are requested from {@code inputs} only as outcomes are handed on: at most {@code maxWorkers}
     * inputs are ever requested beyond those whose result was emitted (or skipped, or reported as
     * failed), so a large or endless source is consumed at the pace of the work and memory grows with
     * {@code maxWorkers}, not with the number of inputs. Results come as they complete, or in input
     * order with {@link MapOptions#ordered()} (a finished input then keeps its slot until those before
     * it are emitted). A failure is handled by {@link MapOptions#errorMode(ErrorMode)}: fail fast
     * (cancel the rest), delay (run all, then fail with all failures) or continue (skip, report the
     * input and its error to a handler). With {@link MapOptions#itemTimeout(Duration)}, an input that
     * runs too long is cancelled alone and fails with a {@code TimeoutException}. A {@code None}
     * result is skipped; a result that cannot cross to Java fails that input only. An error of
     * {@code inputs} itself ends the Flux (after the inputs in flight with {@link ErrorMode#DELAY}).
     * Cancelling the subscription cancels every input in flight and the subscription to {@code inputs}.
     *
     * <pre>{@code
     * Flux<Object> scores = AwaitableFlux.map(runtime, orders, "shop.score:score", MapOptions.maxWorkers(100).ordered());
     * }</pre>
     *
     * @param inputs the inputs; each is passed as the single argument
     * @throws IllegalArgumentException when {@code target} is malformed
     * @throws IllegalStateException when the runtime is closed
     */
    public static Flux<Object> map(PythonRuntime runtime, Publisher<?> inputs, String target, MapOptions options) {
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(options, "options");
        requireTarget(target);
        runtime.checkOpen();
        // With CONTINUE each input crosses inside a one-element array, which the failure of that
        // input brings back, so the handler gets the caller's own object (an Integer stays an Integer).
        Publisher<?> converted = runtime.arguments().convertEach(inputs);
        Publisher<?> source = options.errorMode() == ErrorMode.CONTINUE ? Flux.from(converted).map(input -> new Object[] {input})
                : converted;
        Duration timeout = options.itemTimeout();
        Object[] arguments = {source, target, options.maxWorkers(), options.isOrdered(), options.errorMode().ordinal(),
                timeout == null ? 0.0 : timeout.toNanos() / 1e9, options.errorMode() == ErrorMode.CONTINUE};
        return stream(runtime, 0, MAP_ENGINE, arguments, (sink, cancel) -> new MapListener(sink, options, cancel));
    }

    /**
     * {@link #map(PythonRuntime, Publisher, String, MapOptions)} with each output converted to
     * {@code type} as {@link #mono(PythonRuntime, Class, String, Object...)} converts a result; an
     * output that does not map fails the Flux (and cancels the inputs in flight) with a
     * {@link ResultConversionException}, whatever the error mode.
     */
    public static <T> Flux<T> map(PythonRuntime runtime, Class<T> type, Publisher<?> inputs, String target,
                                  MapOptions options) {
        return map(runtime, ResultType.of(type), inputs, target, options);
    }

    /** {@link #map(PythonRuntime, Class, Publisher, String, MapOptions)} for a generic output type. */
    public static <T> Flux<T> map(PythonRuntime runtime, ResultType<T> type, Publisher<?> inputs, String target,
                                  MapOptions options) {
        Objects.requireNonNull(type, "type");
        return map(runtime, inputs, target, options).map(value -> runtime.results().convert(value, type, target));
    }

    /**
     * The caller's varargs, copied so later changes to the array do not reach Python, with the
     * runtime's argument conversions applied.
     */
    private static Object[] argumentsFor(PythonRuntime runtime, Object[] args) {
        return runtime.arguments().convertAll(args == null ? new Object[0] : args.clone());
    }

    static void requireTarget(String target) {
        Objects.requireNonNull(target, "target");
        int colon = target.indexOf(':');
        if (colon <= 0 || !isDottedName(target, 0, colon) || !isDottedName(target, colon + 1, target.length())) {
            throw new IllegalArgumentException("target '" + target
                    + "' is not of the form 'pkg.module:function' (module path, a colon, the function name)");
        }
    }

    /**
     * Whether {@code text[from, to)} is ASCII identifiers joined by dots. A scan rather than a regex:
     * under {@code flatMap} most calls are made on a loop thread, and the regex match showed in 4 of
     * the loop thread's 27 Java samples in a JFR profile of W3 (~330 ns a match hot, ~28 for the scan).
     */
    private static boolean isDottedName(String text, int from, int to) {
        boolean atStart = true; // of an identifier
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c == '.' && !atStart) {
                atStart = true;
                continue;
            }
            boolean letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
            if (!letter && (atStart || c < '0' || c > '9')) {
                return false;
            }
            atStart = false;
        }
        return !atStart;
    }

    /** Holds requests and a cancel that arrive before the stream call exists, then forwards them. */
    private static final class StreamDemand {

        private Call call;
        private long requested;
        private boolean cancelled;

        synchronized void request(long n) {
            if (call != null) {
                call.request(n);
            } else {
                requested = Operators.addCap(requested, n);
            }
        }

        synchronized void cancel() {
            if (call != null) {
                call.cancel();
            } else {
                cancelled = true;
            }
        }

        synchronized void attach(Call started) {
            call = started;
            if (requested > 0) {
                started.request(requested);
            }
            if (cancelled) {
                started.cancel();
            }
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
