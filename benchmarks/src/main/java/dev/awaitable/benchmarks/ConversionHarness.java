package dev.awaitable.benchmarks;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntSupplier;

import dev.awaitable.reactor.AwaitableFlux;
import dev.awaitable.reactor.PythonRuntime;

/**
 * The round trip of calls whose data is large, where converting it between Java and Python is the
 * cost: results that are long lists of numbers (a model's embedding, a batch of scores;
 * {@code bench_tasks.vector} returns the same prebuilt list each time), and array arguments
 * ({@code bench_tasks.size_of} returns their length). Prints medians.
 *
 * <p>Run with {@code mvn -q -B -Pbench -DskipTests verify -Dbench.main=dev.awaitable.benchmarks.ConversionHarness}.
 */
public final class ConversionHarness {

    private ConversionHarness() {
    }

    public static void main(String[] args) {
        Path python = Path.of(System.getProperty("bench.python", "src/main/python")).toAbsolutePath();
        try (PythonRuntime runtime = PythonRuntime.builder().addPythonPath(python).build()) {
            System.out.println("round trip of a call returning a list, median");
            for (Object[] shape : new Object[][] {{1_536, "float", 2_000}, {1_536, "int", 2_000}, {100_000, "float", 30}}) {
                int size = (Integer) shape[0];
                measure(String.format("%,d %s", size, shape[1]), (Integer) shape[2], size,
                        () -> ((List<?>) AwaitableFlux.mono(runtime, "bench_tasks:vector", size, shape[1]).block()).size());
            }
            System.out.println("round trip of a call taking an array argument, median");
            Object[][] arguments = {{"byte[] 1 MB", new byte[1 << 20], 200}, {"byte[] 4 KB", new byte[4096], 2_000},
                {"double[] 1,000,000", new double[1_000_000], 30}, {"int[] 10,000", new int[10_000], 2_000}};
            for (Object[] argument : arguments) {
                int length = java.lang.reflect.Array.getLength(argument[1]);
                measure((String) argument[0], (Integer) argument[2], length,
                        () -> ((Number) AwaitableFlux.mono(runtime, "bench_tasks:size_of", argument[1]).block()).intValue());
            }
        }
    }

    /** Median of {@code calls} calls after as many to warm up; each must count {@code expected} elements. */
    private static void measure(String label, int calls, int expected, IntSupplier call) {
        long[] nanos = new long[calls];
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < calls; i++) {
                long start = System.nanoTime();
                int got = call.getAsInt();
                nanos[i] = System.nanoTime() - start;
                if (got != expected) {
                    throw new IllegalStateException(label + ": got " + got + ", expected " + expected);
                }
            }
        }
        Arrays.sort(nanos);
        System.out.printf("  %-20s %,10.1f µs%n", label, nanos[calls / 2] / 1e3);
    }
}
