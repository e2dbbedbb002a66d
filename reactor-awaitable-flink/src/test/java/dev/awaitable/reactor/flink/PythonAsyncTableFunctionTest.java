package dev.awaitable.reactor.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.ExceptionUtils;
import org.apache.flink.util.ParameterTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link PythonAsyncTableFunction} in a lateral join of Flink SQL on a real MiniCluster. */
class PythonAsyncTableFunctionTest {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @RegisterExtension
    static final JobsPython PYTHON = new JobsPython();

    private static StreamTableEnvironment tables() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
        env.setParallelism(1);
        env.getConfig().setGlobalJobParameters(ParameterTool.fromMap(Map.of(PythonJobOptions.PATHS, JobsPython.TEST_PYTHON)));
        return StreamTableEnvironment.create(env);
    }

    private static List<Row> rows(StreamTableEnvironment tables, String query) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = tables.executeSql(query).collect()) {
            it.forEachRemaining(rows::add);
        }
        return rows;
    }

    @Test
    void eachRowJoinsTheRowsItsAsyncGeneratorYieldsInOrderAndNoneForAnEmptyOne() throws Exception {
        StreamTableEnvironment tables = tables();
        tables.createTemporarySystemFunction("words_at",
                new PythonAsyncTableFunction("flink_test.sql:words_at", "ROW<word STRING, place INT>"));
        assertThat(rows(tables, "SELECT e.id, t.word, t.place FROM (VALUES (1, 'a b'), (2, ''), (3, 'c')) AS e(id, payload), "
                + "LATERAL TABLE(words_at(e.payload)) AS t(word, place)"))
                .containsExactly(Row.of(1, "a", 0), Row.of(1, "b", 1), Row.of(3, "c", 0));
    }

    @Test
    void aPythonExceptionFailsTheJobWithThePythonError() {
        StreamTableEnvironment tables = tables();
        tables.createTemporarySystemFunction("fail_on",
                new PythonAsyncTableFunction("flink_test.sql:fail_on", "ROW<word STRING, place INT>"));
        assertThatThrownBy(() -> rows(tables, "SELECT t.word FROM (VALUES ('ok'), ('bad')) AS e(payload), "
                + "LATERAL TABLE(fail_on(e.payload)) AS t(word, place)"))
                .satisfies(e -> assertThat(ExceptionUtils.findThrowableWithMessage(e, "bad payload")).isPresent());
    }
}
