package dev.awaitable.benchmarks;

import java.nio.file.Path;
import java.util.Arrays;

import dev.awaitable.reactor.AwaitableFlux;
import dev.awaitable.reactor.PythonRuntime;

/**
 * Items per second from a trivial Python async generator into a Java {@code Flux}, beside a plain
 * Python {@code async for} over the same generator in the same process, interleaved, as a ratio.
 */
public final class StreamRateHarness {

    private StreamRateHarness() {
    }

    public static void main(String[] args) {
        int items = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path python = Path.of(System.getProperty("bench.python", "src/main/python"));
        try (PythonRuntime runtime = PythonRuntime.builder().addPythonPath(python).build()) {
            AwaitableFlux.flux(runtime, "bench_tasks:numbers", 100_000).count().block(); // warm-up
            double[] flux = new double[rounds];
            double[] plain = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                long start = System.nanoTime();
                long count = AwaitableFlux.flux(runtime, "bench_tasks:numbers", items).count().block();
                flux[r] = count / ((System.nanoTime() - start) / 1e9);
                double seconds = (Double) AwaitableFlux.mono(runtime, "bench_tasks:python_async_for", items).block();
                plain[r] = items / seconds;
            }
            Arrays.sort(flux);
            Arrays.sort(plain);
            double fluxMedian = flux[rounds / 2];
            double plainMedian = plain[rounds / 2];
            System.out.printf("%,d items, %d rounds (median, min-max)%n", items, rounds);
            System.out.printf("  Flux from Python async generator : %,12.0f items/s (%,.0f - %,.0f)%n", fluxMedian, flux[0], flux[rounds - 1]);
            System.out.printf("  plain Python async for           : %,12.0f items/s (%,.0f - %,.0f)%n", plainMedian, plain[0], plain[rounds - 1]);
            System.out.printf("  ratio Flux / async for           : %.2f%n", fluxMedian / plainMedian);
        }
    }
}
