package dev.awaitable.reactor.flink;

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
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.async.AsyncFunction;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.ParameterTool;

/**
 * Records per second through Flink's async operator: a coroutine that sleeps 1 ms
 * ({@link PythonAsyncFunction}) against a Java stub that completes after 1 ms
 * ({@code CompletableFuture.delayedExecutor}), the operator's ceiling on this machine; at capacity
 * 100 and 1,000, parallelism 1 and 2, on one MiniCluster, alternating, median of the repetitions.
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

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String pythonPath = Path.of(System.getProperty("flink.test.pythonPath")).toAbsolutePath().toString();
        // The runtime's loops: -Dflink.bench.loopThreads=2 -Dflink.bench.isolatedLoops=true (Python 3.12+).
        Map<String, String> parameters = Map.of(PythonJobOptions.PATHS, pythonPath,
                PythonJobOptions.LOOP_THREADS, System.getProperty("flink.bench.loopThreads", "1"),
                PythonJobOptions.ISOLATED_LOOPS, System.getProperty("flink.bench.isolatedLoops", "false"));
        PythonJobOptions options = PythonJobOptions.from(parameters);
        // Held for the whole run, so every job finds the runtime open, as a long-running job does.
        TaskManagerPython.Lease python = TaskManagerPython.acquire(options);
        try (MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setNumTaskManagers(1).setNumSlotsPerTaskManager(2).build())) {
            cluster.start();
            System.out.printf("%,d records a job, 1 ms per record, median of %d; Python %s, %s%n", records, reps,
                    python.runtime().pythonVersion(), options);
            System.out.printf("%-10s %-12s %14s %14s %8s%n", "capacity", "parallelism", "Java stub/s", "Python/s", "ratio");
            for (int capacity : new int[] {100, 1_000}) {
                for (int parallelism : new int[] {1, 2}) {
                    run(cluster, job(false, records / 10, capacity, parallelism, parameters));
                    run(cluster, job(true, records / 10, capacity, parallelism, parameters));
                    List<Double> java = new ArrayList<>();
                    List<Double> py = new ArrayList<>();
                    List<Double> ratios = new ArrayList<>();
                    for (int rep = 0; rep < reps; rep++) {
                        double j = records / run(cluster, job(false, records, capacity, parallelism, parameters));
                        double p = records / run(cluster, job(true, records, capacity, parallelism, parameters));
                        java.add(j);
                        py.add(p);
                        ratios.add(p / j);
                    }
                    System.out.printf("%-10d %-12d %,14.0f %,14.0f %7.2fx%n", capacity, parallelism, median(java),
                            median(py), median(ratios));
                }
            }
        } finally {
            python.release();
        }
    }

    private static JobGraph job(boolean python, int records, int capacity, int parallelism, Map<String, String> parameters) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
        env.setParallelism(parallelism);
        env.getConfig().setGlobalJobParameters(ParameterTool.fromMap(parameters));
        AsyncFunction<Long, Long> function = python
                ? PythonAsyncFunction.of("flink_test.enrich:sleep_one_ms", Long.class, result -> (Long) result)
                : new JavaStub();
        AsyncDataStream.unorderedWait(env.fromSequence(0, records - 1), function, 60, TimeUnit.SECONDS, capacity)
                .returns(Long.class)
                .sinkTo(new DiscardingSink<>());
        return env.getStreamGraph().getJobGraph();
    }

    /** @return the job's run time in seconds, as Flink measured it (deployment to finish) */
    private static double run(MiniCluster cluster, JobGraph job) throws Exception {
        return cluster.executeJobBlocking(job).getNetRuntime(TimeUnit.MILLISECONDS) / 1000.0;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
