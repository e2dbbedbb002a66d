package dev.awaitable.examples.guide;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.awaitable.examples.ExamplePython;
import dev.awaitable.reactor.AwaitableFlux;
import dev.awaitable.reactor.MapOptions;
import dev.awaitable.reactor.PythonModule;
import dev.awaitable.reactor.PythonRuntime;
import dev.awaitable.reactor.blockhound.PythonBlocking;
import reactor.blockhound.BlockHound;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.context.Context;

/**
 * The Java code blocks of the user guide, each a region that DocSnippetsTest compares with the
 * guide, run here against {@code src/main/python/guide_snippets.py}.
 */
class GuideSnippetsTest {

    private static PythonRuntime runtime;

    @BeforeAll
    static void start() {
        runtime = ExamplePython.runtime();
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    // region readme-record
    record EnrichedOrder(long orderId, String customer, double amountEur, int risk, boolean review) {
    }
    // endregion readme-record

    @Test
    void readmeExample() {
        // region readme
        try (PythonRuntime python = PythonRuntime.builder().addPythonPath(Path.of("src/main/python")).build()) {
            List<EnrichedOrder> enriched = Flux.range(1, 100)
                    .map(id -> Map.of("order_id", String.valueOf(id), "customer", "acme", "amount_eur", "10.5"))
                    .flatMap(order -> AwaitableFlux.mono(python, EnrichedOrder.class, "pipeline:enrich", order), 50)
                    .collectList()                                    // 50 in flight, each a Java record
                    .block();
            System.out.println(enriched.get(0)); // EnrichedOrder[orderId=1, customer=acme, amountEur=10.5, ...]
        }
        // endregion readme
    }

    // region typed-interface
    record Quote(String sku, BigDecimal unitPrice, OffsetDateTime validUntil) {
    }

    record StockEvent(String warehouse, int units) {
    }

    @PythonModule("guide_snippets")
    interface Shop {
        Mono<Quote> quote(String sku);                  // async def quote(sku)
        Flux<StockEvent> stockEvents(String warehouse); // async def stock_events(warehouse): ... yield
    }
    // endregion typed-interface

    @Test
    void typedInterface() {
        // region bind
        Shop shop = runtime.bind(Shop.class);        // imports the module and checks every method now
        Quote quote = shop.quote("apple").block();   // Quote[sku=apple, unitPrice=2.49, validUntil=...]
        // endregion bind
        assertThat(quote.unitPrice()).isEqualByComparingTo("2.49");
        assertThat(quote.validUntil()).isAfter(OffsetDateTime.now());
        assertThat(shop.stockEvents("north").map(StockEvent::units).collectList().block(Duration.ofSeconds(10)))
                .containsExactly(3, 2, 1);
    }

    @Test
    void firstCall() {
        // region first-call
        try (PythonRuntime python = PythonRuntime.create()) {      // finds Python, starts a loop thread
            Object sum = AwaitableFlux.mono(python, "operator:add", 2, 3).block();
            System.out.println(sum);                                 // 5
        }
        // endregion first-call
    }

    @Test
    void fluxAndPrefetch() {
        // region flux
        Flux<Object> ticks = AwaitableFlux.flux(runtime, "guide_snippets:ticks", 10);
        Flux<Object> eager = AwaitableFlux.flux(runtime, 16, "guide_snippets:ticks", 10); // may run 16 ahead
        // endregion flux
        assertThat(ticks.take(2).collectList().block(Duration.ofSeconds(10))).hasSize(2);
        assertThat(eager.take(1).collectList().block(Duration.ofSeconds(10))).hasSize(1);
    }

    @Test
    void operatorStage() {
        Flux<String> orders = Flux.just("a", "b", "c");
        List<Object> enriched =
                // region operator
                orders.transform(AwaitableFlux.operator(runtime, "guide_snippets:enrich"))
                // endregion operator
                        .collectList().block(Duration.ofSeconds(10));
        assertThat(enriched).hasSize(3);
    }

    @Test
    void pythonAwaitsJavaAndReadsTheContext() {
        Object handled = AwaitableFlux.mono(runtime, "guide_snippets:handle", Mono.just("ada"), Flux.range(1, 3))
                .block(Duration.ofSeconds(10));
        assertThat(handled).isEqualTo(Map.of("user", "ada", "events", List.of(1L, 2L, 3L)));
        String id = "trace-42";
        Object traced =
                // region context
                AwaitableFlux.mono(runtime, "guide_snippets:traced").contextWrite(Context.of("traceId", id))
                // endregion context
                        .block(Duration.ofSeconds(10));
        assertThat(traced).isEqualTo("trace-42");
    }

    @Test
    void boundedConcurrency() {
        Flux<String> urls = Flux.range(0, 50).map(i -> "https://example.org/" + i);
        // region map
        Flux<Object> pages = AwaitableFlux.map(runtime, urls, "guide_snippets:fetch", MapOptions.maxWorkers(10).ordered());
        // endregion map
        assertThat(pages.collectList().block(Duration.ofSeconds(10))).hasSize(50).first().isEqualTo("page of https://example.org/0");
        assertThat(AwaitableFlux.mono(runtime, "guide_snippets:crawl", List.of("u1", "u2")).block(Duration.ofSeconds(10)))
                .isEqualTo(List.of("page of u1", "page of u1", "page of u2"));
    }

    @Test
    void blockingFanOutInsidePython() {
        long start = System.nanoTime();
        List<Object> done = Flux.range(0, 40)
                .transform(AwaitableFlux.operator(runtime, "guide_snippets:fan_out", 20, 0.05))
                .collectList().block(Duration.ofSeconds(10));
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(done).hasSize(40).containsAll(List.of(0L, 39L));
        // 40 sleeps of 50 ms, 20 at a time: at least two rounds (not all at once), far from forty in a row
        assertThat(seconds).isBetween(0.1, 1.9);
    }

    @Test
    void asyncioConceptsAndTheirReactorCounterparts() {
        // region timeout-java
        Mono<Object> answer = AwaitableFlux.mono(runtime, "guide_snippets:fetch", "slow-service")
                .timeout(Duration.ofSeconds(2))              // on timeout: CancelledError in Python
                .onErrorReturn("fallback");
        // endregion timeout-java
        assertThat(answer.block(Duration.ofSeconds(10))).isEqualTo("page of slow-service");
        assertThat(AwaitableFlux.mono(runtime, "guide_snippets:answer_within", 0.05).block(Duration.ofSeconds(10)))
                .isEqualTo("fallback");
        assertThat(AwaitableFlux.mono(runtime, "guide_snippets:both", "a", "b").block(Duration.ofSeconds(10)))
                .isEqualTo(List.of("page of a", "page of b"));

        // region merge
        Flux<Object> both = Flux.merge(                              // like TaskGroup: both at once, and the
                AwaitableFlux.mono(runtime, "guide_snippets:fetch", "a"),  // first failure cancels the other;
                AwaitableFlux.mono(runtime, "guide_snippets:fetch", "b")); // mergeDelayError waits for both
        // endregion merge
        assertThat(both.collectList().block(Duration.ofSeconds(10))).containsExactlyInAnyOrder("page of a", "page of b");

        // region sinks
        Sinks.Many<Integer> amounts = Sinks.many().unicast().onBackpressureBuffer();
        Mono<Object> total = AwaitableFlux.mono(runtime, "guide_snippets:total", amounts.asFlux());
        amounts.tryEmitNext(5);
        amounts.tryEmitNext(7);
        amounts.tryEmitComplete();
        // endregion sinks
        assertThat(total.block(Duration.ofSeconds(10))).isEqualTo(12L);
    }

    @Test
    void blockHoundSnippetsCompileAndRun() {
        // region blockhound
        BlockHound.install();                    // picks up reactor-awaitable's integration by ServiceLoader
        PythonRuntime python = PythonRuntime.create();
        // endregion blockhound
        python.close();
        // region allow-rule
        BlockHound.install(PythonBlocking.allowBlockingCallsInside("guide_snippets", "warm_up"));
        // endregion allow-rule
        // region slow-steps
        PythonRuntime watched = PythonRuntime.builder().slowStepThreshold(Duration.ofMillis(100)).build();
        // endregion slow-steps
        watched.close();
    }
}
