package dev.awaitable.reactor.flink;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.async.AsyncFunction;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.ParameterTool;

/**
 * Records per second through Flink's async operator, side by side in one run: a coroutine that sleeps
 * 1 ms ({@link PythonAsyncFunction}), the same coroutine as PyFlink's own Python async function
 * ({@code src/test/pyflink/async_contender.py}, apache-flink in its own venv and process), and a Java
 * stub that completes after 1 ms ({@code CompletableFuture.delayedExecutor}), the operator's ceiling on
 * this machine. Unordered and ordered, capacity 100 and 1,000, parallelism 1 and 2, timeouts on (60 s),
 * the three in turn in each repetition, medians.
 *
 * <p>A rate is the steady state: the records of a big job minus a small one's over the difference of
 * their run times (Flink's net run time, deployment to finish), so that a job's fixed cost (PyFlink
 * starts a Python worker process per job, seconds) counts for no contender.
 *
 * <p>{@code mvn -q -B -Pflink-bench -DskipTests -Dmatrix.skip verify -pl reactor-awaitable-python,reactor-awaitable,reactor-awaitable-flink}
 */
public final class AsyncOperatorThroughputHarness {

    private AsyncOperatorThroughputHarness() {
    }

    /**
     * The ceiling: no Python, a future completed 1 ms later by the JDK's delayed executor, on its
     * scheduler thread. (Without an executor of its own it would hand each completion to the common
     * pool, which on 2 cores is a new thread per task: ~11k records/s whatever the capacity.)
     */
    static final class JavaStub implements AsyncFunction<Long, Long> {
        private static final long serialVersionUID = 1L;
        private static final Executor ONE_MS_LATER = CompletableFuture.delayedExecutor(1, TimeUnit.MILLISECONDS, Runnable::run);

        @Override
        public void asyncInvoke(Long record, ResultFuture<Long> resultFuture) {
            CompletableFuture.runAsync(() -> resultFuture.complete(Collections.singletonList(record)), ONE_MS_LATER);
        }
    }

    /** One operator setting of the grid. */
    record Setting(boolean ordered, int capacity, int parallelism) {
        String mode() {
            return ordered ? "ordered" : "unordered";
        }
    }

    /** PyFlink's own async function in a Python process of its own, a job per request. */
    static final class PyFlinkContender implements AutoCloseable {
        private final Process process;
        private final Writer commands;
        private final BufferedReader answers;

        PyFlinkContender(Path python, Path script, Path log) throws IOException {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(python.toString(), script.toString())
                    .redirectError(ProcessBuilder.Redirect.to(log.toFile()));
            builder.environment().put("JAVA_HOME", System.getProperty("java.home")); // PyFlink starts its own JVM
            process = builder.start();
            commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            answer("ready");
        }

        /** @return Flink's net run time of one PyFlink job, in seconds */
        double run(Setting setting, int records) throws IOException {
            commands.write(setting.mode() + " " + setting.capacity() + " " + setting.parallelism() + " " + records + "\n");
            commands.flush();
            return Double.parseDouble(answer("seconds ").substring("seconds ".length()));
        }

        private String answer(String prefix) throws IOException {
            String line;
            while ((line = answers.readLine()) != null) {
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
            throw new IOException("the PyFlink contender ended; see its log (-Dflink.bench.pyflinkLog)");
        }

        @Override
        public void close() throws IOException {
            commands.close();
            process.destroy();
        }
    }

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int reps = Integer.getInteger("flink.bench.reps", 3);
        String pythonPath = Path.of(System.getProperty("flink.test.pythonPath")).toAbsolutePath().toString();
        // The runtime's loops: -Dflink.bench.loopThreads=2 -Dflink.bench.isolatedLoops=true (Python 3.12+).
        Map<String, String> parameters = Map.of(PythonJobOptions.PATHS, pythonPath,
                PythonJobOptions.LOOP_THREADS, System.getProperty("flink.bench.loopThreads", "1"),
                PythonJobOptions.ISOLATED_LOOPS, System.getProperty("flink.bench.isolatedLoops", "false"));
        PythonJobOptions options = PythonJobOptions.from(parameters);
        String pyflinkPython = System.getProperty("flink.bench.pyflinkPython");
        // Held for the whole run, so every job finds the runtime open, as a long-running job does.
        TaskManagerPython.Lease python = TaskManagerPython.acquire(options);
        try (MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setNumTaskManagers(1).setNumSlotsPerTaskManager(2).build());
             PyFlinkContender pyflink = pyflinkPython == null ? null : new PyFlinkContender(Path.of(pyflinkPython),
                     Path.of(System.getProperty("flink.bench.pyflinkScript")), Path.of(System.getProperty("flink.bench.pyflinkLog")))) {
            cluster.start();
            System.out.printf("1 ms per record, timeout 60 s; the library and the stub %,d - %,d records a job, PyFlink %,d - %,d; "
                            + "median of %d; Python %s, %s; load average %s%n", records, records / 5, records / 4, records / 20,
                    reps, python.runtime().pythonVersion(), options, loadAverage());
            System.out.printf("%-10s %-9s %-12s %13s %13s %13s %10s %10s%n", "mode", "capacity", "parallelism",
                    "Java stub/s", "library/s", "PyFlink/s", "lib/stub", "lib/PyFlink");
            for (boolean ordered : new boolean[] {false, true}) {
                for (int capacity : new int[] {100, 1_000}) {
                    for (int parallelism : new int[] {1, 2}) {
                        Setting setting = new Setting(ordered, capacity, parallelism);
                        run(cluster, job(false, records / 10, setting, parameters)); // warm-up
                        run(cluster, job(true, records / 10, setting, parameters));
                        List<Double> java = new ArrayList<>();
                        List<Double> library = new ArrayList<>();
                        List<Double> pyflinkRates = new ArrayList<>();
                        List<Double> ofStub = new ArrayList<>();
                        List<Double> ofPyflink = new ArrayList<>();
                        for (int rep = 0; rep < reps; rep++) {
                            double j = rate(records, n -> run(cluster, job(false, n, setting, parameters)));
                            double p = rate(records, n -> run(cluster, job(true, n, setting, parameters)));
                            java.add(j);
                            library.add(p);
                            ofStub.add(p / j);
                            if (pyflink != null) {
                                double f = rate(records / 4, n -> pyflink.run(setting, n));
                                pyflinkRates.add(f);
                                ofPyflink.add(p / f);
                            }
                        }
                        System.out.printf("%-10s %-9d %-12d %,13.0f %,13.0f %13s %9.2fx %10s%n", setting.mode(), capacity,
                                parallelism, median(java), median(library),
                                pyflink == null ? "-" : String.format("%,.0f", median(pyflinkRates)), median(ofStub),
                                pyflink == null ? "-" : String.format("%.1fx", median(ofPyflink)));
                    }
                }
            }
            System.out.println("load average at the end " + loadAverage());
        } finally {
            python.release();
        }
    }

    /** A job's run time in seconds for a number of records. */
    @FunctionalInterface
    interface Timed {
        double seconds(int records) throws Exception;
    }

    /** @return records per second in the steady state: {@code big} and {@code big / 5} records, the difference */
    private static double rate(int big, Timed job) throws Exception {
        int small = big / 5;
        double smallSeconds = job.seconds(small);
        double bigSeconds = job.seconds(big);
        return (big - small) / (bigSeconds - smallSeconds);
    }

    private static JobGraph job(boolean python, int records, Setting setting, Map<String, String> parameters) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
        env.setParallelism(setting.parallelism());
        env.getConfig().setGlobalJobParameters(ParameterTool.fromMap(parameters));
        AsyncFunction<Long, Long> function = python
                ? PythonAsyncFunction.of("flink_test.enrich:sleep_one_ms", Long.class, result -> (Long) result)
                : new JavaStub();
        DataStream<Long> source = env.fromSequence(0, records - 1);
        SingleOutputStreamOperator<Long> outputs = setting.ordered()
                ? AsyncDataStream.orderedWait(source, function, 60, TimeUnit.SECONDS, setting.capacity())
                : AsyncDataStream.unorderedWait(source, function, 60, TimeUnit.SECONDS, setting.capacity());
        outputs.returns(Long.class).sinkTo(new DiscardingSink<>());
        return env.getStreamGraph().getJobGraph();
    }

    /** @return the job's run time in seconds, as Flink measured it (deployment to finish) */
    private static double run(MiniCluster cluster, JobGraph job) throws Exception {
        return cluster.executeJobBlocking(job).getNetRuntime(TimeUnit.MILLISECONDS) / 1000.0;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
