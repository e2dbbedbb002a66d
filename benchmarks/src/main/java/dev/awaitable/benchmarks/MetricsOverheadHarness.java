package dev.awaitable.benchmarks;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

import dev.awaitable.reactor.AwaitableFlux;
import dev.awaitable.reactor.PythonRuntime;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import reactor.core.publisher.Flux;

/**
 * The cost of metrics on W2's shape (200,000 tiny calls, 1,024 in flight): child JVMs without
 * Micrometer on the class path, with it but no registry given, and with a registry, alternating,
 * several rounds; prints the medians and the ratios to the first.
 */
public final class MetricsOverheadHarness {

    private static final String[] MODES = {"absent", "unused", "registry"};

    private MetricsOverheadHarness() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("child")) {
            child(args[1]);
            return;
        }
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        List<List<Double>> rates = new ArrayList<>();
        for (String ignored : MODES) {
            rates.add(new ArrayList<>());
        }
        for (int r = 0; r < rounds; r++) {
            for (int m = 0; m < MODES.length; m++) {
                rates.get(m).add(runChild(MODES[m]));
            }
        }
        System.out.printf("200,000 tiny calls, 1,024 in flight: calls/s, median of %d child JVMs each%n", rounds);
        double baseline = median(rates.get(0));
        for (int m = 0; m < MODES.length; m++) {
            double median = median(rates.get(m));
            System.out.printf("  %-48s %,10.0f  %.3fx%n", describe(MODES[m]), median, median / baseline);
        }
    }

    private static String describe(String mode) {
        return switch (mode) {
            case "absent" -> "Micrometer not on the class path";
            case "unused" -> "Micrometer on the class path, no registry given";
            default -> "meterRegistry(SimpleMeterRegistry)";
        };
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static double runChild(String mode) throws Exception {
        String classPath = System.getProperty("java.class.path");
        if (mode.equals("absent")) {
            classPath = Arrays.stream(classPath.split(File.pathSeparator))
                    .filter(entry -> !entry.contains("micrometer"))
                    .collect(Collectors.joining(File.pathSeparator));
        }
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dreactor.awaitable.python=" + System.getProperty("reactor.awaitable.python"),
                "-Dbench.python=" + System.getProperty("bench.python"),
                "-cp", classPath, MetricsOverheadHarness.class.getName(), "child", mode);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        double rate = -1;
        StringBuilder output = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream()))) {
            for (String line; (line = out.readLine()) != null; ) {
                output.append(line).append('\n');
                if (line.startsWith("RATE ")) {
                    rate = Double.parseDouble(line.substring(5));
                }
            }
        }
        if (process.waitFor() != 0 || rate < 0) {
            throw new IllegalStateException("child run failed (" + mode + "):\n" + output);
        }
        return rate;
    }

    private static void child(String mode) {
        PythonRuntime.Builder builder = PythonRuntime.builder()
                .addPythonPath(Path.of(System.getProperty("bench.python", "src/main/python")));
        if (mode.equals("registry")) {
            WithRegistry.attach(builder);
        }
        try (PythonRuntime runtime = builder.build()) {
            run(runtime, 20_000); // warm-up
            int calls = 200_000;
            long start = System.nanoTime();
            run(runtime, calls);
            System.out.println("RATE " + calls / ((System.nanoTime() - start) / 1e9));
        }
    }

    /** Apart, so that the "absent" child never loads (or verifies a use of) a Micrometer class. */
    private static final class WithRegistry {
        static void attach(PythonRuntime.Builder builder) {
            builder.meterRegistry(new SimpleMeterRegistry());
        }
    }

    private static void run(PythonRuntime runtime, int calls) {
        Flux.range(0, calls).flatMap(i -> AwaitableFlux.mono(runtime, "bench_tasks:increment", i), 1_024).blockLast();
    }
}
