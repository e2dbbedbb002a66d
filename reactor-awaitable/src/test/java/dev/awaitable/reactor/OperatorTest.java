package dev.awaitable.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** A Python stage inside a Reactor pipeline, with demand flowing both ways. */
class OperatorTest extends SharedRuntimeTest {

    @Test
    void aPythonStageMapsItems() {
        StepVerifier.create(Flux.range(1, 500).transform(AwaitableFlux.operator(runtime, "ra_test.streams:stage_double")))
                .expectNextSequence(java.util.stream.LongStream.rangeClosed(1, 500).map(i -> 2 * i).boxed().toList())
                .verifyComplete();
    }

    @Test
    void aStageMayYieldFewerMoreOrDifferentItems() {
        StepVerifier.create(Flux.range(0, 6).transform(AwaitableFlux.operator(runtime, "ra_test.streams:stage_expand_and_filter")))
                .expectNext(0L, 0L, 2L, 2L, 4L, 4L)
                .verifyComplete();
        StepVerifier.create(Flux.range(1, 100).transform(AwaitableFlux.operator(runtime, "ra_test.streams:stage_sum")))
                .expectNext(5050L)
                .verifyComplete();
    }

    @Test
    void upstreamIsRequestedOnlyAsPythonReads() {
        AtomicLong requested = new AtomicLong();
        Flux<Integer> upstream = Flux.range(0, 1_000_000).doOnRequest(n -> requested.addAndGet(n));
        StepVerifier.create(upstream.transform(AwaitableFlux.operator(runtime, "ra_test.streams:stage_consume_slowly",
                        "slow-reader", 5)))
                .expectSubscription()
                .then(() -> TestRuntimes.awaitEvents(runtime, "slow-reader", 0L, 1L, 2L, 3L, 4L))
                .expectNoEvent(Duration.ofMillis(200))
                .then(() -> assertThat(requested.get()).as("upstream demand").isLessThanOrEqualTo(32 + 16))
                .thenCancel()
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void downstreamDemandLimitsThePythonStage() {
        AtomicLong emitted = new AtomicLong();
        Flux<Integer> upstream = Flux.range(0, 1_000_000).doOnNext(i -> emitted.incrementAndGet());
        StepVerifier.create(upstream.transform(AwaitableFlux.operator(runtime, "ra_test.streams:stage_double")), 0)
                .thenRequest(10)
                .expectNextCount(10)
                .expectNoEvent(Duration.ofMillis(200))
                .then(() -> assertThat(emitted.get()).as("upstream items pulled").isLessThanOrEqualTo(10 + 32))
                .thenCancel()
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void upstreamErrorsAreRaisedInsideThePythonLoop() {
        Flux<Integer> failing = Flux.concat(Flux.just(1, 2), Flux.error(new IllegalStateException("upstream broke")));
        StepVerifier.create(failing.transform(AwaitableFlux.operator(runtime, "ra_test.streams:stage_catch_upstream_error")))
                .expectNext(1L, 2L, "caught java.lang.IllegalStateException: upstream broke")
                .verifyComplete();
    }

    @Test
    void anUncaughtUpstreamErrorPassesThroughTheStageAsItself() {
        IllegalStateException broke = new IllegalStateException("upstream broke");
        Flux<Integer> failing = Flux.concat(Flux.just(1), Flux.error(broke));
        StepVerifier.create(failing.transform(AwaitableFlux.operator(runtime, "ra_test.streams:stage_double")))
                .expectNext(2L)
                .expectErrorSatisfies(error -> {
                    assertThat(error).isSameAs(broke);
                    // Where it crossed Python: the stage's traceback, attached as a suppressed PythonException.
                    assertThat(error.getSuppressed()).anySatisfy(suppressed -> assertThat(
                            ((PythonException) suppressed).getPythonType()).isEqualTo("reactor_awaitable.JavaException"));
                })
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void downstreamCancelCancelsUpstreamAndClosesTheGenerator() {
        AtomicLong cancelled = new AtomicLong();
        Flux<Long> upstream = Flux.interval(Duration.ofMillis(5)).doOnCancel(cancelled::incrementAndGet);
        StepVerifier.create(upstream.transform(AwaitableFlux.operator(runtime, "ra_test.streams:stage_recording", "op-cancel")))
                .expectNext(0L, 1L, 2L)
                .thenCancel()
                .verify(Duration.ofSeconds(10));
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (cancelled.get() == 0 && System.nanoTime() < end) {
            Thread.onSpinWait();
        }
        assertThat(cancelled.get()).as("upstream cancelled").isEqualTo(1);
        assertThat(TestRuntimes.events(runtime, "op-cancel")).contains("closed");
    }

    @Test
    void upstreamCompletionEndsThePythonLoop() {
        StepVerifier.create(Flux.<Integer>empty().transform(AwaitableFlux.operator(runtime, "ra_test.streams:stage_sum")))
                .expectNext(0L)
                .verifyComplete();
    }
}
