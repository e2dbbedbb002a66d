package dev.awaitable.benchmarks;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import dev.awaitable.reactor.AwaitableFlux;
import dev.awaitable.reactor.PythonRuntime;

/**
 * The round trip of a call whose result is a long list of numbers (a model's embedding, a batch of
 * scores): {@code bench_tasks.vector} returns the same prebuilt list each time, so what is timed is
 * the crossing of the result. Prints medians per size and element kind.
 *
 * <p>Run with {@code mvn -q -B -Pbench -DskipTests verify -Dbench.main=dev.awaitable.benchmarks.ListResultHarness}.
 */
public final class ListResultHarness {

    private ListResultHarness() {
    }

    public static void main(String[] args) {
        Path python = Path.of(System.getProperty("bench.python", "src/main/python")).toAbsolutePath();
        try (PythonRuntime runtime = PythonRuntime.builder().addPythonPath(python).build()) {
            System.out.println("round trip of a call returning a list, median");
            measure(runtime, 1_536, "float", 2_000);
            measure(runtime, 1_536, "int", 2_000);
            measure(runtime, 100_000, "float", 30);
        }
    }

    private static void measure(PythonRuntime runtime, int size, String kind, int calls) {
        long[] nanos = new long[calls];
        for (int round = 0; round < 2; round++) { // the first round warms up
            for (int i = 0; i < calls; i++) {
                long start = System.nanoTime();
                List<?> result = (List<?>) AwaitableFlux.mono(runtime, "bench_tasks:vector", size, kind).block();
                nanos[i] = System.nanoTime() - start;
                if (result.size() != size) {
                    throw new IllegalStateException("got " + result.size() + " elements, expected " + size);
                }
            }
        }
        Arrays.sort(nanos);
        System.out.printf("  %,7d %-5s  %,10.1f µs%n", size, kind, nanos[calls / 2] / 1e3);
    }
}
