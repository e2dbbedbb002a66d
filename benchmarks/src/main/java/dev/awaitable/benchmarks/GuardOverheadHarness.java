package dev.awaitable.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.awaitable.reactor.AwaitableFlux;
import dev.awaitable.reactor.PythonRuntime;
import reactor.blockhound.BlockHound;
import reactor.core.publisher.Flux;

/**
 * The cost of the Python blocking-call guard: two coroutine-heavy workloads (4,000 coroutines x 100
 * steps; plain steps, and steps that each take a free lock and wait on a set event, calls the guard
 * wraps) in child JVMs with and without BlockHound installed, alternating, several rounds; prints the
 * ratios.
 */
public final class GuardOverheadHarness {

    private GuardOverheadHarness() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("child")) {
            child(Boolean.parseBoolean(args[1]), args[2]);
            return;
        }
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        String[] workloads = {"bench_tasks:stepping", "bench_tasks:stepping_with_locks"};
        System.out.printf("coroutine steps/s, median of %d child JVMs each%n", rounds);
        for (String workload : workloads) {
            List<Double> off = new ArrayList<>();
            List<Double> on = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                off.add(runChild(false, workload));
                on.add(runChild(true, workload));
            }
            Collections.sort(off);
            Collections.sort(on);
            double offMedian = off.get(rounds / 2);
            double onMedian = on.get(rounds / 2);
            System.out.printf("%s%n", workload);
            System.out.printf("  without BlockHound (no guard installed) : %,12.0f%n", offMedian);
            System.out.printf("  with BlockHound (guard installed)       : %,12.0f%n", onMedian);
            System.out.printf("  ratio with / without                    : %.2f%n", onMedian / offMedian);
        }
    }

    private static double runChild(boolean blockHound, String workload) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+AllowRedefinitionToAddDeleteMethods",
                "-Dreactor.awaitable.python=" + System.getProperty("reactor.awaitable.python"),
                "-Dbench.python=" + System.getProperty("bench.python"),
                "-cp", System.getProperty("java.class.path"),
                GuardOverheadHarness.class.getName(), "child", Boolean.toString(blockHound), workload));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        double rate = -1;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream()))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("RATE ")) {
                    rate = Double.parseDouble(line.substring(5));
                }
            }
        }
        if (process.waitFor() != 0 || rate < 0) {
            throw new IllegalStateException("child run failed (BlockHound " + blockHound + ")");
        }
        return rate;
    }

    private static void child(boolean blockHound, String workload) {
        if (blockHound) {
            BlockHound.install();
        }
        Path python = Path.of(System.getProperty("bench.python", "src/main/python"));
        int coroutines = 4_000;
        int steps = 100;
        try (PythonRuntime runtime = PythonRuntime.builder().addPythonPath(python).build()) {
            run(runtime, workload, 500, steps); // warm-up
            long start = System.nanoTime();
            run(runtime, workload, coroutines, steps);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.println("RATE " + (coroutines * (double) steps / seconds));
        }
    }

    private static void run(PythonRuntime runtime, String workload, int coroutines, int steps) {
        Flux.range(0, coroutines)
                .flatMap(i -> AwaitableFlux.mono(runtime, workload, steps), 1_000)
                .blockLast();
    }
}
