package dev.awaitable.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** A Python async generator as a cold, back-pressured Flux. */
class FluxTest extends SharedRuntimeTest {

    private static long produced(String key) {
        return (Long) AwaitableFlux.mono(runtime, "ra_test.streams:produced", key).block();
    }

    @Test
    void itemsArriveInOrderAndTheFluxCompletes() {
        StepVerifier.create(AwaitableFlux.flux(runtime, "ra_test.streams:counting", 1000))
                .expectNextSequence(java.util.stream.LongStream.range(0, 1000).boxed().toList())
                .verifyComplete();
    }

    @Test
    void theGeneratorRunsOnlyAsFarAsDownstreamRequested() {
        StepVerifier.create(AwaitableFlux.flux(runtime, "ra_test.streams:counting", -1, "bp-0"), 0)
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(100))
                .then(() -> assertThat(produced("bp-0")).isZero())
                .thenRequest(5)
                .expectNext(0L, 1L, 2L, 3L, 4L)
                .expectNoEvent(Duration.ofMillis(200))
                .then(() -> assertThat(produced("bp-0")).isEqualTo(5))
                .thenRequest(3)
                .expectNext(5L, 6L, 7L)
                .then(() -> assertThat(produced("bp-0")).isEqualTo(8))
                .thenCancel()
                .verify(Duration.ofSeconds(10));
        TestRuntimes.awaitEvents(runtime, "bp-0", "closed");
    }

    @Test
    void prefetchLetsTheGeneratorRunThatFarAheadAndNoFurther() {
        StepVerifier.create(AwaitableFlux.flux(runtime, 16, "ra_test.streams:counting", -1, "bp-16"), 0)
                .thenRequest(5)
                .expectNextCount(5)
                .expectNoEvent(Duration.ofMillis(200))
                .then(() -> assertThat(produced("bp-16")).isEqualTo(5 + 16))
                .thenCancel()
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void takeCancelsAndClosesTheGenerator() {
        StepVerifier.create(AwaitableFlux.flux(runtime, "ra_test.streams:counting", -1, "take").take(3))
                .expectNext(0L, 1L, 2L)
                .verifyComplete();
        TestRuntimes.awaitEvents(runtime, "take", "closed");
    }

    @Test
    void timeoutCancelsTheGenerator() {
        StepVerifier.create(AwaitableFlux.flux(runtime, "ra_test.streams:ticking", 100, 10.0)
                        .timeout(Duration.ofMillis(100)))
                .expectError(TimeoutException.class)
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void anExceptionInTheGeneratorFailsTheFluxAfterItsItems() {
        StepVerifier.create(AwaitableFlux.flux(runtime, "ra_test.streams:failing_after", 3))
                .expectNext(0L, 1L, 2L)
                .expectErrorSatisfies(error -> {
                    assertThat(((PythonException) error).getPythonType()).isEqualTo("builtins.ValueError");
                    assertThat(error.getMessage()).contains("failed after 3");
                })
                .verify(Duration.ofSeconds(10));
    }

    @DisabledIfSystemProperty(named = PythonRuntime.Builder.EVENT_LOOP_PROPERTY, matches = LoopKinds.UVLOOP,
            disabledReason = "uvloop keeps its timers on libuv's clock: virtual time does not move them")
    @Test
    void itemsOverTimeAndVirtualTime() {
        StepVerifier.withVirtualTime(() -> AwaitableFlux.flux(runtime, "ra_test.streams:ticking", 3, 60.0))
                .expectSubscription()
                .expectNoEvent(Duration.ofSeconds(59))
                .thenAwait(Duration.ofSeconds(1))
                .expectNext(0L)
                .thenAwait(Duration.ofSeconds(120))
                .expectNext(1L, 2L)
                .expectComplete()
                .verify(Duration.ofSeconds(20));
    }

    @Test
    void unconvertibleAndNoneItemsFailWithAClearError() {
        StepVerifier.create(AwaitableFlux.flux(runtime, "ra_test.streams:bad_item"))
                .expectNext(1L)
                .expectErrorSatisfies(error -> assertThat(error.getMessage())
                        .contains("UnconvertibleResultError").contains("item 1").contains("builtins.object"))
                .verify(Duration.ofSeconds(10));
        StepVerifier.create(AwaitableFlux.flux(runtime, "ra_test.streams:yields_none"))
                .expectErrorSatisfies(error -> assertThat(error.getMessage()).contains("item 0 is None"))
                .verify(Duration.ofSeconds(10));
        // Within a batch, items of the class of those before them take a shorter path: still checked.
        StepVerifier.create(AwaitableFlux.flux(runtime, "ra_test.streams:bad_item_among_its_kind", "ints"))
                .expectNext(1L, 2L)
                .expectErrorSatisfies(error -> assertThat(error.getMessage()).contains("item 2 is None"))
                .verify(Duration.ofSeconds(10));
        StepVerifier.create(AwaitableFlux.flux(runtime, "ra_test.streams:bad_item_among_its_kind", "dicts"))
                .expectNext(Map.of("a", 1L), Map.of("b", 2L))
                .expectErrorSatisfies(error -> assertThat(error.getMessage())
                        .contains("UnconvertibleResultError").contains("item 2").contains("builtins.object"))
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void aCoroutineIsNotAStreamAndAGeneratorIsNotAMono() {
        StepVerifier.create(AwaitableFlux.flux(runtime, "ra_test.streams:not_a_generator"))
                .expectErrorSatisfies(error -> assertThat(error.getMessage())
                        .contains("not an async generator").contains("AwaitableFlux.mono"))
                .verify(Duration.ofSeconds(10));
        StepVerifier.create(AwaitableFlux.mono(runtime, "ra_test.streams:counting", 3))
                .expectErrorSatisfies(error -> assertThat(error.getMessage())
                        .contains("returned an async generator").contains("AwaitableFlux.flux"))
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void batchesOfOneKindCrossPackedWithTheSameValuesAsAList() {
        assertThat(AwaitableFlux.flux(runtime, "ra_test.streams:typed_items", "ints").collectList().block())
                .containsExactly(0L, -1L, Long.MAX_VALUE, Long.MIN_VALUE, 42L);
        assertThat(AwaitableFlux.flux(runtime, "ra_test.streams:typed_items", "floats").collectList().block())
                .containsExactly(0.5, -1.25, 1e300, Double.POSITIVE_INFINITY);
        assertThat(AwaitableFlux.flux(runtime, "ra_test.streams:typed_items", "strs").collectList().block())
                .containsExactly("", "plain", "Grüße", "日本語", "emoji \uD83D\uDE00");
        assertThat(AwaitableFlux.flux(runtime, "ra_test.streams:typed_items", "big_ints").collectList().block())
                .containsExactly(1L, java.math.BigInteger.TWO.pow(64), 3L);
        assertThat(AwaitableFlux.flux(runtime, "ra_test.streams:typed_items", "bools").collectList().block())
                .containsExactly(true, false);
        assertThat(AwaitableFlux.flux(runtime, "ra_test.streams:typed_items", "mixed").collectList().block())
                .containsExactly(1L, "two", 3.0);
    }

    @DisabledIfSystemProperty(named = PythonRuntime.Builder.EVENT_LOOP_PROPERTY, matches = LoopKinds.UVLOOP,
            disabledReason = "on uvloop each loop iteration's items leave at once (at most 1,024 a stream): "
                    + "more batches than the loop's 32-event trace keeps")
    @Test
    void aFastGeneratorUnderUnboundedDemandCrossesInBoundedBatches() {
        try (PythonRuntime own = TestRuntimes.create()) {
            assertThat(AwaitableFlux.flux(own, "ra_test.streams:counting", 100_000).count().block()).isEqualTo(100_000L);
            // The loop's trace (toString) lists each batch delivered: I<call id>x<items>.
            List<Integer> batches = java.util.regex.Pattern.compile("I\\d+x(\\d+)").matcher(own.toString()).results()
                    .map(match -> Integer.parseInt(match.group(1))).toList();
            assertThat(batches.stream().mapToInt(Integer::intValue).sum()).isEqualTo(100_000);
            assertThat(batches).hasSizeGreaterThanOrEqualTo(6).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(16_384 + 1_024));
        }
    }

    @Test
    void theFluxIsColdAndManyRunAtOnce() {
        Flux<Object> flux = AwaitableFlux.flux(runtime, "ra_test.streams:counting", 100);
        List<Long> sums = Flux.range(0, 50)
                .flatMap(i -> flux.map(v -> (Long) v).reduce(0L, Long::sum))
                .collectList()
                .block(Duration.ofSeconds(30));
        assertThat(sums).hasSize(50).containsOnly(4950L);
    }
}
