package dev.awaitable.reactor.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.ExceptionUtils;
import org.apache.flink.util.ParameterTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;


/**
 * {@link PythonAsyncScalarFunction} in Flink SQL on a real MiniCluster: registered from the Table API
 * and by {@code CREATE FUNCTION} of a subclass, rows checked one by one, Flink's capacity option
 * counted inside Python, its timeout failing the job and the coroutine cancelled, a result of the wrong
 * type named.
 */
class PythonAsyncScalarFunctionTest {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @RegisterExtension
    static final JobsPython PYTHON = new JobsPython();

    /** What {@code CREATE FUNCTION} instantiates: the target and the type in a class with no arguments. */
    public static final class Words extends PythonAsyncScalarFunction {
        private static final long serialVersionUID = 1L;

        public Words() {
            super("flink_test.sql:words", "ARRAY<STRING>");
        }
    }

    private static StreamTableEnvironment tables(int parallelism) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
        env.setParallelism(parallelism);
        env.getConfig().setGlobalJobParameters(ParameterTool.fromMap(Map.of(PythonJobOptions.PATHS, JobsPython.TEST_PYTHON)));
        return StreamTableEnvironment.create(env);
    }

    private static List<Row> rows(TableResult result) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = result.collect()) {
            it.forEachRemaining(rows::add);
        }
        return rows;
    }

    /** {@code (1, 'w1 w1'), (2, 'w2 w2'), ...}: n and a payload of n's words. */
    private static String events(int count) {
        StringBuilder values = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            values.append(i > 1 ? ", " : "").append("(").append(i).append(", 'w").append(i).append(" w").append(i).append("')");
        }
        return "(VALUES " + values + ") AS events(id, payload)";
    }

    @Test
    void aSelectCallsTheCoroutineForEachRowInOrderAndTheCapacityOptionBoundsItsCallsInFlight() throws Exception {
        StreamTableEnvironment tables = tables(1);
        tables.getConfig().set("table.exec.async-scalar.max-concurrent-operations", "7");
        tables.createTemporarySystemFunction("describe_event",
                new PythonAsyncScalarFunction("flink_test.sql:describe", "ROW<upper STRING, length INT, doubled BIGINT>"));
        List<Row> rows = rows(tables.executeSql("SELECT id, describe_event(payload, id) FROM " + events(300)));
        assertThat(rows).hasSize(300);
        for (int i = 0; i < 300; i++) {
            int id = i + 1;
            String payload = "w" + id + " w" + id;
            assertThat(rows.get(i)).as("row %d", i).isEqualTo(Row.of(id, Row.of(payload.toUpperCase(), payload.length(), 2L * id)));
        }
        Map<String, Object> stats = PYTHON.stats();
        assertThat(stats.get("calls")).isEqualTo(300L);
        assertThat((Long) stats.get("peak")).isBetween(2L, 7L);
    }

    @Test
    void createFunctionOfASubclassServesSqlWithArraysAndNulls() throws Exception {
        StreamTableEnvironment tables = tables(2);
        tables.executeSql("CREATE TEMPORARY FUNCTION words AS '" + Words.class.getName() + "'");
        List<Row> rows = rows(tables.executeSql(
                "SELECT id, words(payload) FROM (VALUES (1, 'a b c'), (2, ''), (3, 'one')) AS t(id, payload)"));
        Map<Object, Object> byId = new java.util.HashMap<>();
        rows.forEach(row -> byId.put(row.getField(0), row.getField(1)));
        assertThat(byId).hasSize(3);
        assertThat((String[]) byId.get(1)).containsExactly("a", "b", "c");
        assertThat(byId.get(2)).isNull();
        assertThat((String[]) byId.get(3)).containsExactly("one");
    }

    @Test
    void theTimeoutOptionFailsTheJobWithATimeoutAndTheCoroutineIsCancelled() throws Exception {
        StreamTableEnvironment tables = tables(1);
        tables.getConfig().set("table.exec.async-scalar.timeout", "1 s");
        tables.createTemporarySystemFunction("slow", new PythonAsyncScalarFunction("flink_test.sql:slow", "INT"));
        long start = System.nanoTime();
        assertThatThrownBy(() -> rows(tables.executeSql("SELECT slow(id) FROM (VALUES (41)) AS t(id)")))
                .satisfies(e -> assertThat(ExceptionUtils.findThrowable(e, TimeoutException.class)).isPresent());
        assertThat((System.nanoTime() - start) / 1e9).as("seconds to fail").isLessThan(8);
        PythonAsyncFunctionTest.awaitUntil(() -> ((List<?>) PYTHON.stats().get("cancelled")).contains(41L));
    }

    @Test
    void aResultThatIsNotTheDeclaredTypeFailsNamingTheTargetAndTheType() {
        StreamTableEnvironment tables = tables(1);
        tables.createTemporarySystemFunction("count_of", new PythonAsyncScalarFunction("flink_test.sql:not_a_number", "BIGINT"));
        assertThatThrownBy(() -> rows(tables.executeSql("SELECT count_of(payload) FROM " + events(1))))
                .satisfies(e -> assertThat(ExceptionUtils.findThrowableWithMessage(e,
                        "The Python call 'flink_test.sql:not_a_number' returned String not a number: w1 w1, which is not a SQL BIGINT"))
                        .isPresent());
    }
}
