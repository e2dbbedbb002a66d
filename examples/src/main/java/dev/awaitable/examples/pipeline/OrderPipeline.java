package dev.awaitable.examples.pipeline;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.awaitable.reactor.AwaitableFlux;
import dev.awaitable.reactor.MapOptions;
import dev.awaitable.reactor.PythonException;
import dev.awaitable.reactor.PythonRuntime;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * The main demo: reads orders from a CSV file, runs each through a Python coroutine
 * ({@code pipeline:enrich}) with at most {@code maxWorkers} in flight, writes the enriched orders
 * as JSON lines, reports rejected rows, and prints progress while it runs.
 * <p>
 * {@code mvn -q -B -Pdemo -DskipTests verify} runs it on the shipped {@code examples/data/orders.csv};
 * arguments: {@code [input.csv [output.jsonl [maxWorkers]]]}.
 */
public final class OrderPipeline {

    /** What a run did. */
    public record Summary(int written, int rejected, double seconds) {
    }

    private OrderPipeline() {
    }

    public static void main(String[] args) throws IOException {
        Path input = Path.of(args.length > 0 ? args[0] : "data/orders.csv");
        Path output = Path.of(args.length > 1 ? args[1] : "target/enriched-orders.jsonl");
        int maxWorkers = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        Path python = Path.of(System.getProperty("examples.python", "src/main/python"));

        long startup = System.nanoTime();
        try (PythonRuntime runtime = PythonRuntime.builder().addPythonPath(python).build()) {
            System.out.printf("Python %s embedded from %s in %d ms%n", runtime.pythonVersion(),
                    runtime.pythonExecutable(), (System.nanoTime() - startup) / 1_000_000);
            System.out.printf("Enriching %s -> %s, at most %d coroutines in flight...%n", input, output, maxWorkers);
            Summary summary = run(runtime, input, output, maxWorkers, Duration.ofMillis(250));
            System.out.printf("%nDone: %,d orders written, %d rejected, in %.2f s (%,.0f orders/s)%n",
                    summary.written(), summary.rejected(), summary.seconds(),
                    (summary.written() + summary.rejected()) / summary.seconds());
        }
    }

    // region pipeline
    /**
     * Runs the pipeline: CSV rows in, JSON lines out, in input order; a row the Python stage rejects
     * is reported and skipped. Progress is printed every {@code progressEvery}.
     */
    public static Summary run(PythonRuntime runtime, Path input, Path output, int maxWorkers, Duration progressEvery)
            throws IOException {
        ObjectMapper json = new ObjectMapper();
        AtomicInteger written = new AtomicInteger();
        AtomicInteger rejected = new AtomicInteger();
        long start = System.nanoTime();
        Disposable progress = Flux.interval(progressEvery).subscribe(tick -> System.out.printf(
                "  %,6d written, %d rejected%n", written.get(), rejected.get()));

        Flux<Map<String, String>> orders = Flux.using(() -> Files.lines(input), Flux::fromStream, Stream::close)
                .skip(1)                                        // the header row
                .filter(line -> !line.isBlank())
                .map(OrderPipeline::parseRow);

        MapOptions options = MapOptions.maxWorkers(maxWorkers).ordered()
                .continueOnError((order, error) -> {
                    rejected.incrementAndGet();
                    System.out.printf("  rejected: %s%n", error instanceof PythonException python
                            ? python.getPythonMessage() : error.toString());
                });

        try (BufferedWriter out = Files.newBufferedWriter(output)) {
            AwaitableFlux.map(runtime, orders, "pipeline:enrich", options)
                    .doOnNext(enriched -> {
                        try {
                            out.write(json.writeValueAsString(enriched));
                            out.newLine();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                        written.incrementAndGet();
                    })
                    .then()
                    .block();
        } finally {
            progress.dispose();
        }
        return new Summary(written.get(), rejected.get(), (System.nanoTime() - start) / 1e9);
    }
    // endregion pipeline

    private static final List<String> COLUMNS = List.of("order_id", "customer", "amount_eur");

    private static Map<String, String> parseRow(String line) {
        String[] cells = line.split(",", -1);
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < COLUMNS.size(); i++) {
            row.put(COLUMNS.get(i), i < cells.length ? cells[i].strip() : "");
        }
        return row;
    }
}
