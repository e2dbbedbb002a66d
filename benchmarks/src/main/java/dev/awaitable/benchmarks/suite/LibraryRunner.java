package dev.awaitable.benchmarks.suite;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

import dev.awaitable.reactor.AwaitableFlux;
import dev.awaitable.reactor.EventLoopKind;
import dev.awaitable.reactor.MapOptions;
import dev.awaitable.reactor.PythonRuntime;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** This library with default settings (or the uvloop kind), used the way its docs show. */
final class LibraryRunner implements CoroutineRunner {

    private final PythonRuntime runtime;
    private CountDownLatch suspended;

    LibraryRunner(Path pythonPath, EventLoopKind loopKind) {
        runtime = PythonRuntime.builder().addPythonPath(pythonPath).eventLoop(loopKind).build();
    }

    /**
     * All at once ({@code bound >= n}) is {@code Mono.when} over the calls, Reactor's counterpart of
     * {@code asyncio.gather}; bounded is {@code flatMap(..., bound)}. (flatMap scans its inner
     * subscribers on each completion, which at 10,000 in flight costs more than the coroutines'
     * own 100 steps each: W1 measured 0.75× pure asyncio through it, 1.0× through Mono.when.)
     */
    @Override
    public void runAll(String target, IntFunction<Object[]> args, int n, int bound) {
        if (bound >= n) {
            Mono.when(IntStream.range(0, n).mapToObj(i -> AwaitableFlux.mono(runtime, target, args.apply(i))).toList())
                    .block();
        } else {
            Flux.range(0, n).flatMap(i -> AwaitableFlux.mono(runtime, target, args.apply(i)), bound).then().block();
        }
    }

    /** {@code AwaitableFlux.map} of {@code target} over 0..n-1 with {@code maxWorkers} in flight; returns the results' count. */
    long mapAll(String target, int n, int maxWorkers) {
        return AwaitableFlux.map(runtime, Flux.range(0, n), target, MapOptions.maxWorkers(maxWorkers)).count().block();
    }

    /** @return the runtime the calls run on */
    PythonRuntime runtime() {
        return runtime;
    }

    @Override
    public Object call(String target, Object... args) {
        return AwaitableFlux.mono(runtime, target, args).block();
    }

    @Override
    public long stream(String target, int items) {
        return AwaitableFlux.flux(runtime, target, items).count().block();
    }

    @Override
    public String blockingSleepTarget() {
        return "library_tasks:blocking_sleep";
    }

    /** An {@code operator} stage whose generator runs the sleeps through a {@code reactor_awaitable.Executor}. */
    @Override
    public Runnable blockingFanOutInPython(int n, int bound, double seconds) {
        return () -> Flux.range(0, n).transform(AwaitableFlux.operator(runtime, "library_tasks:blocking_fan_out", bound, seconds))
                .then().block();
    }

    /** The sleeps as asyncio tasks on the runtime's loop and workers, started by one {@code mono}. */
    @Override
    public Runnable blockingFanOutFloor(int n, int bound, double seconds) {
        return () -> AwaitableFlux.mono(runtime, "library_tasks:blocking_fan_out_floor", n, bound, seconds).block();
    }

    /** Each coroutine is its own subscription, as separate requests to a service would be. */
    @Override
    public void suspend(int n) throws InterruptedException {
        suspended = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            AwaitableFlux.mono(runtime, "bench_tasks:suspended").subscribe(v -> suspended.countDown());
        }
        while (((Number) call("bench_tasks:suspended_count")).intValue() < n) {
            Thread.sleep(10);
        }
    }

    @Override
    public void release() throws InterruptedException {
        call("bench_tasks:release_suspended");
        if (!suspended.await(5, TimeUnit.MINUTES)) {
            throw new IllegalStateException("suspended coroutines did not finish");
        }
    }

    @Override
    public long pythonTracedBytes() {
        call("bench_tasks:start_tracing");
        return ((Number) call("bench_tasks:python_traced_bytes")).longValue();
    }

    @Override
    public void close() {
        runtime.close();
    }
}
