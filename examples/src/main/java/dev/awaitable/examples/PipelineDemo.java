package dev.awaitable.examples;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import dev.awaitable.reactor.AwaitableFlux;
import dev.awaitable.reactor.PythonException;
import dev.awaitable.reactor.PythonRuntime;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The README's demo: 2,000 Python coroutines through a Reactor pipeline, at most 200 in flight,
 * each awaiting an asyncio sleep and a blocking function run with {@code execute_async}.
 */
public final class PipelineDemo {

    private PipelineDemo() {
    }

    public static void main(String[] args) {
        int orders = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        int maxWorkers = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        Path python = Path.of(System.getProperty("examples.python", "src/main/python"));

        long startup = System.nanoTime();
        try (PythonRuntime runtime = PythonRuntime.builder().addPythonPath(python).build()) {
            System.out.printf("Python %s embedded from %s in %d ms%n", runtime.pythonVersion(),
                    runtime.pythonExecutable(), (System.nanoTime() - startup) / 1_000_000);
            System.out.printf("Enriching %,d orders with at most %d coroutines in flight...%n", orders, maxWorkers);

            AtomicInteger done = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            long start = System.nanoTime();
            Disposable progress = Flux.interval(Duration.ofMillis(250))
                    .subscribe(tick -> System.out.printf("  %,6d / %,d done, %d failed%n", done.get(), orders, failed.get()));

            long scoreSum = Flux.range(0, orders)
                    .flatMap(id -> AwaitableFlux.mono(runtime, "demo_tasks:enrich", id)
                            .doOnSuccess(v -> done.incrementAndGet())
                            .onErrorResume(PythonException.class, error -> {
                                failed.incrementAndGet();
                                done.incrementAndGet();
                                return Mono.empty();
                            }), maxWorkers)
                    .map(result -> ((Number) ((java.util.Map<?, ?>) result).get("score")).longValue())
                    .reduce(0L, Long::sum)
                    .block();
            progress.dispose();

            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("%nDone: %,d coroutines, %d failed (Python ValueError, by design), score sum %d%n",
                    done.get(), failed.get(), scoreSum);
            System.out.printf("Wall time %.2f s, throughput %,.0f coroutines/s (ideal with %d in flight: %.2f s)%n",
                    seconds, done.get() / seconds, maxWorkers, orders * 0.025 / maxWorkers);
        }
    }
}
