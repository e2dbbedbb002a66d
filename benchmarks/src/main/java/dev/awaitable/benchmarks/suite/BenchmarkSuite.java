package dev.awaitable.benchmarks.suite;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs every workload through every contender, each measurement in a fresh process, contenders
 * interleaved (their order rotates each repetition), then writes {@code results.json},
 * {@code results.md} and {@code chart.png}.
 * <p>
 * Arguments: {@code [--quick] [--reps N] [--workloads W1,W2,...] [--contenders LIBRARY,...] [--out DIR]}. The quick mode runs
 * each workload at a tenth of its size once; it is a smoke run, its figures are not the results.
 */
public final class BenchmarkSuite {

    private static final long CHILD_TIMEOUT_MINUTES = 10;

    private final boolean quick;
    private final Path python;
    private final Path pythonSources;
    private final List<String> jvmProperties = new ArrayList<>();

    private BenchmarkSuite(boolean quick) throws IOException, InterruptedException {
        this.quick = quick;
        this.python = Path.of(System.getProperty("reactor.awaitable.python"));
        this.pythonSources = Path.of(System.getProperty("bench.python")).toAbsolutePath();
        String sitePackages = run(List.of(python.toString(), "-c",
                "import sysconfig; print(sysconfig.get_paths()['purelib'])")).strip();
        jvmProperties.addAll(List.of("-Dreactor.awaitable.python=" + python, "-Dbench.python=" + pythonSources,
                "-Dbench.sitePackages=" + sitePackages,
                "-Dbench.jepLibrary=" + Path.of(sitePackages, "jep", "libjep.so")));
    }

    public static void main(String[] args) throws Exception {
        List<String> arguments = Arrays.asList(args);
        boolean quick = arguments.contains("--quick");
        int reps = Integer.parseInt(option(arguments, "--reps", quick ? "1" : "3"));
        List<Workload> workloads = Arrays.stream(option(arguments, "--workloads", "W1,W2,W3,W4,W5,W6,W7,W8,W9,W10,W11,W12,W13,W14,W15").split(","))
                .map(Workload::valueOf).filter(BenchmarkSuite::canRun).toList();
        List<Contender> contenders = Arrays.stream(option(arguments, "--contenders",
                "LIBRARY,PURE_ASYNCIO,JEP_BY_HAND,POLLING,UVLOOP,LIBRARY_UVLOOP").split(",")).map(Contender::valueOf).toList();
        Path out = Path.of(option(arguments, "--out", quick ? "target/bench-quick" : "results"));

        BenchmarkSuite suite = new BenchmarkSuite(quick);
        long start = System.nanoTime();
        Results results = new Results(quick, reps, Machine.describe(suite.python));
        for (Workload workload : workloads) {
            List<Contender> running = contenders.stream().filter(workload::runsOn).toList();
            try (IoServer server = workload.usesIoServer() ? IoServer.start(suite.python, suite.pythonSources) : null) {
                for (int rep = 0; rep < reps; rep++) {
                    for (int k = 0; k < running.size(); k++) {
                        Contender contender = running.get((k + rep) % running.size());
                        Map<String, Double> metrics = suite.measure(workload, contender, server);
                        results.add(workload, contender, metrics);
                        System.out.printf("%s rep %d %-18s %s%n", workload, rep + 1, contender.label,
                                metrics.isEmpty() ? "FAILED" : Json.flatObject(metrics));
                    }
                }
            }
        }
        Files.createDirectories(out);
        Files.writeString(out.resolve("results.json"), results.toJson());
        String table = results.toMarkdown();
        Files.writeString(out.resolve("results.md"), table);
        ResultsChart.write(results, out.resolve("chart.png"));
        System.out.println();
        System.out.println(table);
        System.out.printf("suite took %.1f min; written to %s%n", (System.nanoTime() - start) / 60e9, out.toAbsolutePath());
    }

    private static String option(List<String> args, String name, String otherwise) {
        int i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : otherwise;
    }

    /**
     * One measurement in a fresh process; an empty map when the process failed (its output is printed).
     *
     * @param server the I/O server of an I/O workload, else null
     */
    /**
     * W11 needs a Python 3.12+ venv (the build's matrix leg, which a machine without Python 3.12
     * skips): without it the workload is left out, saying so, not failed.
     */
    static boolean canRun(Workload workload) {
        if (workload == Workload.W11 && !ownGilPythonPresent()) {
            System.out.println("W11 left out: it needs a Python 3.12+ venv with jep at " + System.getProperty("bench.ownGilPython")
                    + " (the build makes .venv-3.12 when Python 3.12 is installed)");
            return false;
        }
        return true;
    }

    static boolean ownGilPythonPresent() {
        return java.nio.file.Files.isExecutable(Path.of(System.getProperty("bench.ownGilPython", "")));
    }

    private Map<String, Double> measure(Workload workload, Contender contender, IoServer server)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (contender == Contender.PURE_ASYNCIO || contender == Contender.UVLOOP) {
            command.addAll(List.of(python.toString(), pythonSources.resolve("asyncio_contender.py").toString()));
            if (contender == Contender.UVLOOP) {
                command.add("--uvloop");
            }
            command.add(workload.name());
        } else {
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmProperties);
            if (workload == Workload.W11) {
                // A later property wins: this JVM embeds the Python with own-GIL sub-interpreters
                // (present: canRun left W11 out otherwise).
                command.add("-Dreactor.awaitable.python=" + System.getProperty("bench.ownGilPython"));
            }
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), WorkloadRun.class.getName(),
                    contender.name(), workload.name()));
        }
        command.addAll(Params.format(workload.params(quick, contender)));
        if (server != null) {
            command.addAll(server.params());
        }
        String output = run(command);
        for (String line : output.split("\n")) {
            if (line.startsWith("RESULT ")) {
                return Json.parseFlatObject(line.substring(7));
            }
        }
        System.out.println(output);
        return Map.of();
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    output.append(line).append('\n');
                }
            } catch (IOException e) {
                output.append(e);
            }
        });
        reader.start();
        if (!process.waitFor(CHILD_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            output.append("timed out after ").append(CHILD_TIMEOUT_MINUTES).append(" minutes\n");
        }
        reader.join();
        return output.toString();
    }
}
