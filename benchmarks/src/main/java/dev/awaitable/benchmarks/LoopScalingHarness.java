package dev.awaitable.benchmarks;

import java.nio.file.Path;
import java.util.Arrays;

import dev.awaitable.reactor.AwaitableFlux;
import dev.awaitable.reactor.LoopPlacement;
import dev.awaitable.reactor.PythonRuntime;
import reactor.core.publisher.Flux;

/**
 * What more loop threads do to throughput: 1, 2 and 4 loops, round robin and least loaded, on three
 * workloads: coroutines that spend their step in Java (the GIL is released there), coroutines that wait
 * on blocking calls ({@code execute_async}), and pure-Python CPU. Each configuration runs in the same
 * JVM, interleaved over rounds; the table shows calls per second (median) and the ratio to one loop.
 */
public final class LoopScalingHarness {

    private LoopScalingHarness() {
    }

    private record Workload(String name, String target, Object arg, int calls) {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Path python = Path.of(System.getProperty("bench.python", "src/main/python"));
        Workload[] workloads = {
            new Workload("Java CPU 200us/step", "bench_tasks:java_cpu", 200_000L, 4_000),
            new Workload("blocking 20ms (execute_async)", "library_tasks:blocking_sleep", 0.02, 2_000),
            new Workload("Python CPU ~200us/step", "bench_tasks:python_cpu", 4_000, 4_000),
        };
        int[] loopCounts = {1, 2, 4};
        LoopPlacement[] placements = {LoopPlacement.ROUND_ROBIN, LoopPlacement.LEAST_LOADED};
        double[][][][] rates = new double[workloads.length][loopCounts.length][placements.length][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int l = 0; l < loopCounts.length; l++) {
                for (int p = 0; p < placements.length; p++) {
                    try (PythonRuntime runtime = PythonRuntime.builder().addPythonPath(python)
                            .loopThreads(loopCounts[l]).loopPlacement(placements[p]).build()) {
                        for (int w = 0; w < workloads.length; w++) {
                            Workload work = workloads[w];
                            long start = System.nanoTime();
                            long n = Flux.range(0, work.calls())
                                    .flatMap(i -> AwaitableFlux.mono(runtime, work.target(), i, work.arg()), 256)
                                    .count().block();
                            rates[w][l][p][r] = n / ((System.nanoTime() - start) / 1e9);
                        }
                    }
                }
            }
        }
        System.out.printf("calls/s, median of %d rounds (ratio to 1 loop, same placement)%n", rounds);
        System.out.printf("%-32s %-13s %20s %20s %20s%n", "workload", "placement", "1 loop", "2 loops", "4 loops");
        for (int w = 0; w < workloads.length; w++) {
            for (int p = 0; p < placements.length; p++) {
                double base = median(rates[w][0][p]);
                StringBuilder row = new StringBuilder(String.format("%-32s %-13s", workloads[w].name(), placements[p]));
                for (int l = 0; l < loopCounts.length; l++) {
                    double m = median(rates[w][l][p]);
                    row.append(String.format(" %12.0f (%4.2fx)", m, m / base));
                }
                System.out.println(row);
            }
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
