package dev.awaitable.benchmarks;

import java.nio.file.Path;
import java.util.Arrays;

import dev.awaitable.reactor.AwaitableFlux;
import dev.awaitable.reactor.PythonRuntime;

/**
 * Startup, idle round-trip latency and call throughput: how long {@code PythonRuntime.create()} takes
 * (first runtime in the JVM, which initialises CPython, and a second one), the time to the first
 * result, the round trip of a trivial {@code mono} on an idle runtime, one call at a time (median,
 * p90, p99), and 200,000 trivial calls through {@code flatMap(..., 1024)} (calls per second).
 */
public final class LatencyHarness {

    private LatencyHarness() {
    }

    public static void main(String[] args) {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        Path python = Path.of(System.getProperty("bench.python", "src/main/python"));

        long t0 = System.nanoTime();
        PythonRuntime first = PythonRuntime.builder().addPythonPath(python).build();
        long created = System.nanoTime();
        AwaitableFlux.mono(first, "bench_tasks:increment", 1).block();
        long firstResult = System.nanoTime();
        first.close();
        long t1 = System.nanoTime();
        try (PythonRuntime runtime = PythonRuntime.builder().addPythonPath(python).build()) {
            long secondCreated = System.nanoTime();
            System.out.printf("create(), first runtime in this JVM : %7.1f ms%n", (created - t0) / 1e6);
            System.out.printf("create() to first result            : %7.1f ms%n", (firstResult - t0) / 1e6);
            System.out.printf("create(), later runtime             : %7.1f ms%n", (secondCreated - t1) / 1e6);

            for (int i = 0; i < 5_000; i++) { // warm-up: JIT, Python caches
                AwaitableFlux.mono(runtime, "bench_tasks:increment", i).block();
            }
            long[] samples = new long[calls];
            for (int i = 0; i < calls; i++) {
                long start = System.nanoTime();
                AwaitableFlux.mono(runtime, "bench_tasks:increment", i).block();
                samples[i] = System.nanoTime() - start;
            }
            Arrays.sort(samples);
            double[] rates = new double[3];
            for (int r = 0; r < rates.length; r++) {
                long start = System.nanoTime();
                long n = reactor.core.publisher.Flux.range(0, 200_000)
                        .flatMap(i -> AwaitableFlux.mono(runtime, "bench_tasks:increment", i), 1024)
                        .count().block();
                rates[r] = n / ((System.nanoTime() - start) / 1e9);
            }
            Arrays.sort(rates);
            System.out.printf("200,000 trivial calls through flatMap(..., 1024): %,.0f calls/s (median of 3)%n", rates[1]);
            System.out.printf("idle round trip of a trivial mono, %,d calls: median %.1f us, p90 %.1f us, p99 %.1f us, max %.1f us%n",
                    calls, samples[calls / 2] / 1e3, samples[calls * 9 / 10] / 1e3, samples[calls * 99 / 100] / 1e3,
                    samples[calls - 1] / 1e3);
        }
    }
}
