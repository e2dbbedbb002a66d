package dev.awaitable.examples.flink;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;

import dev.awaitable.reactor.AwaitableFlux;
import dev.awaitable.reactor.flink.PythonAsyncFunction;
import dev.awaitable.reactor.flink.PythonJobOptions;
import dev.awaitable.reactor.flink.TaskManagerPython;

/**
 * A Flink job on a local MiniCluster: a stream of payment events, each enriched by a Python coroutine
 * that calls a customer service over HTTP with aiohttp, in Flink's async operator (100 in flight per
 * subtask, two subtasks, one embedded CPython). The service is an aiohttp server on 127.0.0.1, hosted
 * by the same runtime. Enriched events go to {@code target/enriched-events/part-*.jsonl}.
 *
 * <p>{@code mvn -q -B -Pflink-demo -DskipTests verify}
 */
public final class EnrichmentJob {

    /** Python's dicts arrive as Java maps; Flink serializes them generically. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static final TypeInformation<Map<?, ?>> MAP_TYPE = (TypeInformation) TypeInformation.of(Map.class);

    private EnrichmentJob() {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        Path output = Path.of(args.length > 1 ? args[1] : "target/enriched-events");
        List<String> enriched = run(events, output);
        Map<String, Long> byTier = enriched.stream().collect(Collectors.groupingBy(
                line -> line.replaceAll(".*\"tier\": \"(\\w+)\".*", "$1"), TreeMap::new, Collectors.counting()));
        System.out.println("events by tier: " + byTier);
    }

    /**
     * Runs the job over {@code events} events; the enriched ones are written as JSON lines, a file per
     * subtask, into the directory {@code output}.
     *
     * @return the lines written
     */
    public static List<String> run(int events, Path output) throws Exception {
        Map<String, String> pythonParameters = Map.of(PythonJobOptions.PATHS, pythonSources());
        PythonJobOptions options = PythonJobOptions.from(pythonParameters);
        // The example holds a share of the TaskManager's runtime itself, to host the service on it;
        // the job's subtasks share the same runtime (same options, same JVM).
        TaskManagerPython.Lease python = TaskManagerPython.acquire(options);
        try {
            long port = (Long) AwaitableFlux.mono(python.runtime(), "enrichment:start_customer_service").block();
            String service = "http://127.0.0.1:" + port;
            System.out.println("customer service on " + service);

            // region flink-job
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            env.getConfig().setGlobalJobParameters(ParameterTool.fromMap(pythonParameters));
            DataStream<Map<String, String>> payments = env.fromSequence(1, events)
                    .map(id -> Map.of("event_id", String.valueOf(id), "customer_id", String.valueOf(id % 500),
                            "amount", String.valueOf(10 + id % 90), "service", service))
                    .returns(Types.MAP(Types.STRING, Types.STRING));
            DataStream<Map<?, ?>> enriched = AsyncDataStream.unorderedWait(payments,
                    PythonAsyncFunction.of("enrichment:enrich", MAP_TYPE, result -> (Map<?, ?>) result),
                    10, TimeUnit.SECONDS, 100); // timeout, and at most 100 coroutines in flight per subtask
            // endregion flink-job

            enriched.sinkTo(new JsonLinesSink(output)).name("enriched events");

            long start = System.nanoTime();
            env.execute("enrich payments");
            double seconds = (System.nanoTime() - start) / 1e9;
            List<String> lines = JsonLinesSink.readAll(output);
            System.out.printf("%,d events enriched in %.1f s (%,.0f events/s, job start included); first three:%n",
                    lines.size(), seconds, lines.size() / seconds);
            lines.stream().limit(3).forEach(line -> System.out.println("  " + line));
            System.out.println("written to " + output.toAbsolutePath() + "/part-*.jsonl");
            AwaitableFlux.mono(python.runtime(), "enrichment:close_sessions").block();
            AwaitableFlux.mono(python.runtime(), "enrichment:stop_customer_service").block();
            return lines;
        } finally {
            python.release();
        }
    }

    private static String pythonSources() {
        return Path.of(System.getProperty("examples.python", "src/main/python")).toAbsolutePath().toString();
    }
}
