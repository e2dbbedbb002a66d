package dev.awaitable.reactor.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ParameterTool;
import org.junit.jupiter.api.Test;
import org.apache.flink.streaming.api.functions.async.AsyncRetryStrategy;
import org.apache.flink.streaming.util.retryable.AsyncRetryStrategies;
import org.apache.flink.streaming.util.retryable.RetryPredicates;
import org.junit.jupiter.api.extension.RegisterExtension;


/**
 * {@link PythonAsyncFunction} in Flink's async operator on a real MiniCluster (one TaskManager, two
 * slots): ordering, the capacity bound counted inside Python, timeouts that cancel the Python task,
 * a failure that restarts the job from a checkpoint, jobs one after another and parallel subtasks on
 * the TaskManager's one CPython.
 */
class PythonAsyncFunctionTest {

    /** The metrics the jobs registered, Python's counters among them; kept after each job ends. */
    static final org.apache.flink.runtime.testutils.InMemoryReporter METRICS =
            org.apache.flink.runtime.testutils.InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
            .setConfiguration(METRICS.addToConfiguration(new Configuration())).build());

    @RegisterExtension
    static final JobsPython PYTHON = new JobsPython();

    static final String TEST_PYTHON = JobsPython.TEST_PYTHON;

    static StreamExecutionEnvironment environment(Configuration configuration, int parallelism) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(configuration);
        env.setParallelism(parallelism);
        env.getConfig().setGlobalJobParameters(ParameterTool.fromMap(Map.of(PythonJobOptions.PATHS, TEST_PYTHON)));
        return env;
    }

    private static long recordOf(Object output) {
        return Long.parseLong(((String) output).split(":")[0]);
    }

    @Test
    void orderedWaitKeepsTheRecordsOrderAndUnorderedWaitLosesNone() throws Exception {
        StreamExecutionEnvironment env = environment(new Configuration(), 1);
        DataStream<Long> records = env.fromSequence(0, 999);
        List<Object> ordered = AsyncDataStream.orderedWait(records, PythonAsyncFunction.of("flink_test.enrich:tag"),
                10, TimeUnit.SECONDS, 50).executeAndCollect(2_000);
        assertThat(ordered.stream().map(PythonAsyncFunctionTest::recordOf).toList())
                .isEqualTo(LongStream.range(0, 1_000).boxed().toList());

        List<Object> unordered = AsyncDataStream.unorderedWait(environment(new Configuration(), 1).fromSequence(0, 999),
                PythonAsyncFunction.of("flink_test.enrich:tag"), 10, TimeUnit.SECONDS, 50).executeAndCollect(2_000);
        assertThat(unordered.stream().map(PythonAsyncFunctionTest::recordOf).collect(Collectors.toSet()))
                .isEqualTo(LongStream.range(0, 1_000).boxed().collect(Collectors.toSet()));
    }

    @Test
    void theCapacityBoundsTheCoroutinesInFlightCountedInsidePython() throws Exception {
        StreamExecutionEnvironment env = environment(new Configuration(), 1);
        List<Object> out = AsyncDataStream.unorderedWait(env.fromSequence(0, 499), PythonAsyncFunction.of("flink_test.enrich:tag"),
                10, TimeUnit.SECONDS, 7).executeAndCollect(1_000);
        assertThat(out).hasSize(500);
        assertThat(((Number) PYTHON.stats().get("peak")).intValue()).isLessThanOrEqualTo(7).isGreaterThan(1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theOperatorsTimeoutCancelsThePythonTaskAndEmitsTheFallback() throws Exception {
        StreamExecutionEnvironment env = environment(new Configuration(), 1);
        PythonAsyncFunction<Long, Long> function = PythonAsyncFunction.<Long, Long>of("flink_test.enrich:slow_on_tens",
                Long.class, result -> ((Number) result).longValue()).withTimeoutResult(record -> -1L);
        List<Long> out = AsyncDataStream.orderedWait(env.fromSequence(0, 49), function, 300, TimeUnit.MILLISECONDS, 20)
                .executeAndCollect(100);
        assertThat(out).hasSize(50);
        for (int record = 0; record < 50; record++) {
            assertThat(out.get(record)).isEqualTo(record % 10 == 0 ? -1L : record * 2L);
        }
        awaitUntil(() -> ((List<?>) PYTHON.stats().get("cancelled")).size() == 5);
        assertThat((List<Object>) PYTHON.stats().get("cancelled")).containsExactly(0L, 10L, 20L, 30L, 40L);
    }

    @Test
    @SuppressWarnings("unchecked")
    void thePythonTimeoutHookGivesATimedOutRecordsOutputAfterItsCoroutineWasCancelled() throws Exception {
        StreamExecutionEnvironment env = environment(new Configuration(), 1);
        PythonAsyncFunction<Long, Long> function = PythonAsyncFunction.<Long, Long>of("flink_test.enrich:slow_on_tens",
                Long.class, result -> ((Number) result).longValue()).withPythonTimeout("flink_test.enrich:fallback_after_cancel");
        List<Long> out = AsyncDataStream.orderedWait(env.fromSequence(0, 49), function, 300, TimeUnit.MILLISECONDS, 20)
                .executeAndCollect(100);
        List<Long> expected = new java.util.ArrayList<>();
        for (long record = 0; record < 50; record++) {
            expected.add(record % 10 == 0 ? -record - 1 : record * 2);
        }
        assertThat(out).containsExactlyElementsOf(expected);
        assertThat((List<Object>) PYTHON.stats().get("cancelled")).containsExactly(0L, 10L, 20L, 30L, 40L);
    }

    @Test
    void withManyOutputsARecordGivesNoneOneOrSeveralInOrder() throws Exception {
        List<Long> expected = new java.util.ArrayList<>();
        for (long record = 0; record < 30; record++) {
            if (record % 3 != 0) {
                expected.add(record);
                if (record % 2 == 0) {
                    expected.add(record * 10);
                }
            }
        }
        assertThat(manyOutputsOfRecords0To29("flink_test.enrich:explode")).containsExactlyElementsOf(expected);
    }

    @Test
    void withManyOutputsAnAsyncGeneratorTargetEmitsEveryItem() throws Exception {
        List<Long> expected = new java.util.ArrayList<>();
        for (long record = 0; record < 30; record++) {
            for (long k = 0; k < record % 3; k++) {
                expected.add(record * 100 + k);
            }
        }
        assertThat(manyOutputsOfRecords0To29("flink_test.enrich:explode_stream")).containsExactlyElementsOf(expected);
    }

    /** @return what {@code target} with many outputs gives for records 0 to 29, in order */
    private static List<Long> manyOutputsOfRecords0To29(String target) throws Exception {
        StreamExecutionEnvironment env = environment(new Configuration(), 1);
        PythonAsyncFunction<Long, Long> function = PythonAsyncFunction.<Long, Long>of(target, Long.class,
                result -> ((Number) result).longValue()).withManyOutputs();
        return AsyncDataStream.orderedWait(env.fromSequence(0, 29), function, 10, TimeUnit.SECONDS, 20).executeAndCollect(1_000);
    }

    /**
     * 0..last, the input ending a second after the last record, in a task of its own: Flink retries
     * nothing that fails once the input has ended (and at that moment starts every record still
     * waiting out its retry delay at once, even one whose retry was already on its way), so the
     * retry tests let every first attempt fail and every retry run before the end.
     */
    private static org.apache.flink.streaming.api.datastream.DataStream<Long> endingLate(StreamExecutionEnvironment env,
                                                                                         long last) {
        env.disableOperatorChaining();
        return env.fromSequence(0, last + 1).filter(new EndLate(last + 1));
    }

    /** Drops the extra record {@code end}, a second after it came: the stream ends that much later. */
    static final class EndLate implements org.apache.flink.api.common.functions.FilterFunction<Long> {
        private final long end;

        EndLate(long end) {
            this.end = end;
        }

        @Override
        public boolean filter(Long record) throws Exception {
            if (record == end) {
                Thread.sleep(1_000);
                return false;
            }
            return true;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<Long, Long> attempts() {
        return (Map<Long, Long>) (Map<?, ?>) PYTHON.call("flink_test.enrich:attempts");
    }

    @Test
    void flinksFixedDelayRetryRunsAFailedRecordsCoroutineAgain() throws Exception {
        PYTHON.call("flink_test.enrich:reset_attempts");
        StreamExecutionEnvironment env = environment(new Configuration(), 1);
        PythonAsyncFunction<Long, Long> function = PythonAsyncFunction.<Long, Long>of("flink_test.enrich:fails_first_attempt",
                Long.class, result -> ((Number) result).longValue());
        AsyncRetryStrategy<Long> retries = new AsyncRetryStrategies.FixedDelayRetryStrategyBuilder<Long>(3, 10L)
                .ifException(RetryPredicates.HAS_EXCEPTION_PREDICATE).build();
        List<Long> out = AsyncDataStream.unorderedWaitWithRetry(endingLate(env, 99), function, 10, TimeUnit.SECONDS,
                20, retries).executeAndCollect(1_000);
        assertThat(out).containsExactlyInAnyOrderElementsOf(java.util.stream.LongStream.range(0, 100).map(r -> r * 2)
                .boxed().toList());
        assertThat(attempts()).hasSize(100).allSatisfy((record, count) -> assertThat(count).isEqualTo(2L));
    }

    @Test
    void aPythonRetryPredicateWithExponentialBackoffRetriesWhatItAnswersYesFor() throws Exception {
        PYTHON.call("flink_test.enrich:reset_attempts");
        StreamExecutionEnvironment env = environment(new Configuration(), 1);
        PythonAsyncFunction<Long, Long> function = PythonAsyncFunction.<Long, Long>of("flink_test.enrich:stale_first_attempt",
                Long.class, result -> ((Number) result).longValue()).withPythonRetryPredicate("flink_test.enrich:should_retry");
        AsyncRetryStrategy<Long> retries = new AsyncRetryStrategies.ExponentialBackoffDelayRetryStrategyBuilder<Long>(3, 5L,
                100L, 2.0).ifException(PythonAsyncFunction.RETRY_REQUESTED).build();
        List<Long> out = AsyncDataStream.orderedWaitWithRetry(endingLate(env, 49), function, 10, TimeUnit.SECONDS,
                20, retries).executeAndCollect(1_000);
        assertThat(out).containsExactlyElementsOf(java.util.stream.LongStream.range(0, 50).map(r -> r * 2).boxed().toList());
        assertThat(attempts()).hasSize(50).allSatisfy((record, count) -> assertThat(count).isEqualTo(2L));
    }

    @Test
    @SuppressWarnings("unchecked")
    void eachSubtaskIsOpenedAndClosedOnceInPythonItsStateReachesItsCallsAndItsCountersAreFlinkMetrics() throws Exception {
        PYTHON.call("flink_test.enrich:reset_lifecycle");
        StreamExecutionEnvironment env = environment(new Configuration(), 2);
        PythonAsyncFunction<Long, Object> function = PythonAsyncFunction.<Long>of("flink_test.enrich:tag_with_state")
                .withSubtaskLifecycle("flink_test.enrich:open_subtask", "flink_test.enrich:close_subtask");
        List<Object> out = AsyncDataStream.unorderedWait(env.fromSequence(0, 199), function, 10, TimeUnit.SECONDS, 20)
                .executeAndCollect(1_000);
        assertThat(out).hasSize(200).allSatisfy(output -> assertThat((String) output).matches("\\d+:[01]"));
        Map<String, Object> seen = (Map<String, Object>) PYTHON.call("flink_test.enrich:lifecycle");
        List<List<Object>> opened = (List<List<Object>>) seen.get("opened");
        assertThat(opened).extracting(open -> open.get(0)).containsExactlyInAnyOrder(0L, 1L);
        assertThat(opened).allSatisfy(open -> {
            assertThat(open.get(1)).isEqualTo(2L);
            assertThat((String) open.get(2)).contains("async wait operator");
            assertThat(open.get(3)).isEqualTo(TEST_PYTHON);
        });
        assertThat((List<Object>) seen.get("closed")).containsExactlyInAnyOrder(0L, 1L);
        long counted = 0;
        List<String> names = new java.util.ArrayList<>();
        for (Map<String, org.apache.flink.metrics.Metric> metrics : METRICS.getMetricsByGroup().values()) {
            for (Map.Entry<String, org.apache.flink.metrics.Metric> metric : metrics.entrySet()) {
                if (metric.getKey().endsWith("pythonRecords") && metric.getValue() instanceof org.apache.flink.metrics.Counter counter) {
                    counted += counter.getCount();
                    names.add(metric.getKey());
                }
            }
        }
        assertThat(counted).as("pythonRecords over both subtasks' metric groups %s, of %d groups", names,
                METRICS.getMetricsByGroup().size()).isEqualTo(200);
    }

    /** The idempotent sink of the checkpoint test: output by record, and every write counted. */
    static final Map<Long, Long> SINK = new ConcurrentHashMap<>();
    static final AtomicLong SINK_WRITES = new AtomicLong();

    @Test
    void aPythonExceptionRestartsTheJobFromACheckpointAndEveryOutputLandsOnce() throws Exception {
        SINK.clear();
        SINK_WRITES.set(0);
        Configuration configuration = new Configuration();
        configuration.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        configuration.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
        configuration.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        StreamExecutionEnvironment env = environment(configuration, 1);
        env.enableCheckpointing(50);
        int records = 3_000;
        PythonAsyncFunction<Long, Long> doubling = PythonAsyncFunction.of("flink_test.enrich:fail_once_at",
                Long.class, result -> ((Number) result).longValue());
        AsyncDataStream.orderedWait(env.fromSequence(0, records - 1), doubling, 10, TimeUnit.SECONDS, 4)
                .map(new Pair())
                .sinkTo(new IdempotentSink());
        env.execute("restart from a checkpoint");

        assertThat(SINK).hasSize(records);
        assertThat(SINK).allSatisfy((record, output) -> assertThat(output).isEqualTo(record * 2));
        long duplicates = SINK_WRITES.get() - records;
        // Records after the last completed checkpoint were written again after the restore: the
        // sink is at-least-once, and keyed by record, so each output lands once.
        System.out.printf("restart test: %,d writes for %,d records, %,d replayed after the restore%n",
                SINK_WRITES.get(), records, duplicates);
        assertThat(duplicates).as("replayed from a checkpoint, not from the start").isBetween(0L, 1_500L - 1);
    }

    /** output -> [record, output]: the sink's key is the record, which the output (its double) gives back. */
    static final class Pair extends RichMapFunction<Long, long[]> {
        @Override
        public long[] map(Long output) {
            return new long[] {output / 2, output};
        }
    }

    static final class IdempotentSink implements Sink<long[]> {
        @Override
        public SinkWriter<long[]> createWriter(WriterInitContext context) {
            return new SinkWriter<>() {
                @Override
                public void write(long[] pair, Context context) {
                    SINK_WRITES.incrementAndGet();
                    SINK.put(pair[0], pair[1]);
                }

                @Override
                public void flush(boolean endOfInput) {
                }

                @Override
                public void close() {
                }
            };
        }
    }

    @Test
    void twoJobsOneAfterTheOtherEachGetTheTaskManagersPython() throws Exception {
        for (int job = 0; job < 2; job++) {
            StreamExecutionEnvironment env = environment(new Configuration(), 2);
            List<Object> out = AsyncDataStream.unorderedWait(env.fromSequence(0, 99), PythonAsyncFunction.of("flink_test.enrich:tag"),
                    10, TimeUnit.SECONDS, 10).executeAndCollect(200);
            assertThat(out).as("job " + job).hasSize(100);
        }
    }

    @Test
    void parallelSubtasksShareTheTaskManagersOneRuntime() throws Exception {
        StreamExecutionEnvironment env = environment(new Configuration(), 2);
        DataStream<String> tagged = env.fromSequence(0, 399).map(new TagSubtask());
        List<Object> out = AsyncDataStream.unorderedWait(tagged, PythonAsyncFunction.of("flink_test.enrich:tag"),
                10, TimeUnit.SECONDS, 20).executeAndCollect(1_000);
        assertThat(out).hasSize(400);
        Set<String> subtasks = out.stream().map(o -> ((String) o).split(":")[1]).collect(Collectors.toSet());
        Set<String> runtimes = out.stream().map(o -> ((String) o).split(":")[2].replaceAll("-loop-\\d+$", ""))
                .collect(Collectors.toSet());
        assertThat(subtasks).as("subtasks that called Python").hasSize(2);
        assertThat(runtimes).as("runtimes those subtasks used").hasSize(1);
    }

    @Test
    void subtasksSpreadOverTheRuntimesLoopsEachKeepingToItsOwnAndOneSubtaskUsesThemAll() throws Exception {
        Map<String, String> twoLoops = twoLoops();
        assertThat(loopsBySubtask(twoLoops, 2)).isEqualTo(Map.of("0", Set.of("loop-0"), "1", Set.of("loop-1")));
        assertThat(loopsBySubtask(twoLoops, 1)).isEqualTo(Map.of("0", Set.of("loop-0", "loop-1")));
    }

    @Test
    void aSubtaskWithALifecycleKeepsToTheLoopItsOpenRanOnAmongSeveral() throws Exception {
        for (int parallelism : new int[] {1, 2}) {
            StreamExecutionEnvironment env = environment(new Configuration(), parallelism);
            env.getConfig().setGlobalJobParameters(ParameterTool.fromMap(twoLoops()));
            PythonAsyncFunction<Long, Object> function = PythonAsyncFunction.<Long>of("flink_test.enrich:tag_on_open_loop")
                    .withSubtaskLifecycle("flink_test.enrich:open_on_loop", null);
            List<Object> out = AsyncDataStream.unorderedWait(env.fromSequence(0, 199), function, 10, TimeUnit.SECONDS, 20)
                    .executeAndCollect(1_000);
            assertThat(out).as("parallelism %d", parallelism).hasSize(200)
                    .allSatisfy(output -> assertThat((String) output).matches("\\d+:[01]:True"));
        }
    }

    /** Two loops: isolated (a GIL each) where the Python has them, shared on 3.11; the placement is the same. */
    private static Map<String, String> twoLoops() {
        boolean ownGil = Integer.parseInt(PYTHON.pythonVersion().split("\\.")[1]) >= 12;
        return Map.of(PythonJobOptions.PATHS, TEST_PYTHON, PythonJobOptions.LOOP_THREADS, "2",
                PythonJobOptions.ISOLATED_LOOPS, String.valueOf(ownGil));
    }

    /** @return for each subtask, the loops its 400 calls ran on */
    private static Map<String, Set<String>> loopsBySubtask(Map<String, String> parameters, int parallelism) throws Exception {
        StreamExecutionEnvironment env = environment(new Configuration(), parallelism);
        env.getConfig().setGlobalJobParameters(ParameterTool.fromMap(parameters));
        List<Object> out = AsyncDataStream.unorderedWait(env.fromSequence(0, 399).map(new TagSubtask()),
                PythonAsyncFunction.of("flink_test.enrich:tag"), 10, TimeUnit.SECONDS, 20).executeAndCollect(1_000);
        assertThat(out).hasSize(400);
        return out.stream().map(o -> ((String) o).split(":")).collect(Collectors.groupingBy(parts -> parts[1],
                Collectors.mapping(parts -> parts[2].replaceAll("^.*-(loop-\\d+)$", "$1"), Collectors.toSet())));
    }

    /** record -> "record:subtask index" */
    static final class TagSubtask extends RichMapFunction<Long, String> {
        @Override
        public String map(Long record) {
            return record + ":" + getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        }
    }

    static void awaitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(20);
        }
    }
}
