package dev.awaitable.examples.flink;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.ParameterTool;

import dev.awaitable.reactor.AwaitableFlux;
import dev.awaitable.reactor.flink.PythonAsyncScalarFunction;
import dev.awaitable.reactor.flink.PythonJobOptions;
import dev.awaitable.reactor.flink.TaskManagerPython;

/**
 * The enrichment as a Flink SQL job on a local MiniCluster: {@code SELECT id, customer(...) FROM
 * events}, where {@code customer} is a Python coroutine that asks the aiohttp customer service on
 * 127.0.0.1 for each row, as an asynchronous scalar function ({@link CustomerLookup}).
 *
 * <p>{@code mvn -q -B -Pflink-demo -DskipTests verify} runs it after the DataStream job.
 */
public final class EnrichmentSqlJob {

    private EnrichmentSqlJob() {
    }

    // region flink-sql-function
    /** What {@code CREATE FUNCTION ... AS} names: the Python target and its SQL result type. */
    public static final class CustomerLookup extends PythonAsyncScalarFunction {
        private static final long serialVersionUID = 1L;

        public CustomerLookup() {
            super("enrichment:customer", "ROW<tier STRING, country STRING>");
        }
    }
    // endregion flink-sql-function

    public static void main(String[] args) throws Exception {
        List<Row> rows = run(args.length > 0 ? Integer.parseInt(args[0]) : 2_000);
        Map<Object, Long> byTier = rows.stream().collect(Collectors.groupingBy(row -> row.getField(1), TreeMap::new,
                Collectors.counting()));
        System.out.println("SQL rows by tier: " + byTier + "; first three: " + rows.subList(0, Math.min(3, rows.size())));
    }

    /** @return the rows {@code (id, tier, country)} of {@code events} events, in no particular order */
    public static List<Row> run(int events) throws Exception {
        Map<String, String> pythonParameters = Map.of(PythonJobOptions.PATHS,
                Path.of(System.getProperty("examples.python", "src/main/python")).toAbsolutePath().toString());
        TaskManagerPython.Lease python = TaskManagerPython.acquire(PythonJobOptions.from(pythonParameters));
        try {
            long port = (Long) AwaitableFlux.mono(python.runtime(), "enrichment:start_customer_service").block();

            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            env.getConfig().setGlobalJobParameters(ParameterTool.fromMap(pythonParameters));
            StreamTableEnvironment sql = StreamTableEnvironment.create(env);
            // region flink-sql-job
            sql.getConfig().set("table.exec.async-scalar.max-concurrent-operations", "100");
            sql.executeSql("CREATE TEMPORARY FUNCTION customer AS '" + CustomerLookup.class.getName() + "'");
            sql.executeSql("CREATE TEMPORARY TABLE events (id BIGINT) WITH ('connector' = 'datagen', "
                    + "'number-of-rows' = '" + events + "', 'fields.id.kind' = 'sequence', "
                    + "'fields.id.start' = '1', 'fields.id.end' = '" + events + "')");
            String query = "SELECT id, c.tier, c.country FROM (SELECT id, customer('http://127.0.0.1:" + port
                    + "', CAST(id % 500 AS INT)) AS c FROM events)";
            // endregion flink-sql-job
            long start = System.nanoTime();
            List<Row> rows = new ArrayList<>();
            try (CloseableIterator<Row> results = sql.executeSql(query).collect()) {
                results.forEachRemaining(rows::add);
            }
            System.out.printf("%,d rows in %.1f s (job start included)%n", rows.size(), (System.nanoTime() - start) / 1e9);
            AwaitableFlux.mono(python.runtime(), "enrichment:close_sessions").block();
            AwaitableFlux.mono(python.runtime(), "enrichment:stop_customer_service").block();
            return rows;
        } finally {
            python.release();
        }
    }
}
