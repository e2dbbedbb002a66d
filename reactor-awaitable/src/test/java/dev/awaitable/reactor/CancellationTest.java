package dev.awaitable.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Disposing or timing out a Mono cancels the asyncio task, and its cleanup runs. */
class CancellationTest extends SharedRuntimeTest {

    private static void awaitEvents(String key, String... expected) {
        TestRuntimes.awaitEvents(runtime, key, expected);
    }

    @Test
    void disposeRaisesCancelledErrorAtTheAwaitAndRunsCleanup() {
        Disposable subscription = AwaitableFlux.mono(runtime, "ra_test.lifecycle:wait_forever", "dispose")
                .subscribe(v -> { }, e -> { throw new AssertionError("a cancel is not an error", e); });
        awaitEvents("dispose", "started");
        subscription.dispose();
        awaitEvents("dispose", "started", "cancelled", "cleaned", "finally");
    }

    @Test
    void thenCancelInStepVerifierEmitsNothing() {
        StepVerifier.create(AwaitableFlux.mono(runtime, "ra_test.lifecycle:wait_forever", "stepverifier"))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(50))
                .thenCancel()
                .verify();
        awaitEvents("stepverifier", "started", "cancelled", "cleaned", "finally");
    }

    @Test
    void monoTimeoutCancelsThePythonTask() {
        StepVerifier.create(AwaitableFlux.mono(runtime, "ra_test.lifecycle:wait_forever", "timeout")
                        .timeout(Duration.ofMillis(100)))
                .expectError(TimeoutException.class)
                .verify(Duration.ofSeconds(10));
        awaitEvents("timeout", "started", "cancelled", "cleaned", "finally");
    }

    @Test
    void everySubscriberGetsExactlyOneOutcomeUnderRacingCancelAndCompletion() {
        // Calls finish after ~0-2 ms while their subscribers cancel at about the same moment.
        int calls = 2_000;
        List<String> outcomes = TestRuntimes.printingStateOnFailure(runtime, () -> Flux.range(0, calls)
                .flatMap(i -> AwaitableFlux.mono(runtime, "ra_test.lifecycle:sleep_and_return", (i % 3) * 0.001, i)
                        .map(v -> "value")
                        .take(Duration.ofMillis(i % 4))
                        .defaultIfEmpty("cancelled")
                        .onErrorReturn("error"), 256)
                .collectList()
                .block(Duration.ofSeconds(60)));
        assertThat(outcomes).hasSize(calls).doesNotContain("error");
        // The runtime is still healthy afterwards.
        assertThat(AwaitableFlux.mono(runtime, "ra_test.basics:add", 1, 1).block()).isEqualTo(2L);
    }

    @Test
    void pythonSideCancellationIsAnError() {
        StepVerifier.create(AwaitableFlux.mono(runtime, "ra_test.lifecycle:cancel_self"))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOf(java.util.concurrent.CancellationException.class)
                        .hasMessageContaining("ra_test.lifecycle:cancel_self"))
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void aCoroutineCancelledRightAfterSubscribingIsEitherNeverStartedOrFullyCleanedUp() {
        List<String> keys = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            keys.add("early-" + i);
            AwaitableFlux.mono(runtime, "ra_test.lifecycle:wait_forever", "early-" + i).subscribe().dispose();
        }
        List<Object> cleanedUp = List.of("started", "cancelled", "cleaned", "finally");
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < end && !keys.stream().map(k -> TestRuntimes.events(runtime, k))
                .allMatch(e -> e.isEmpty() || e.equals(cleanedUp))) {
            Thread.onSpinWait();
        }
        // A cancel that reached the loop before the first step means the coroutine never ran; one that
        // came later raised CancelledError at its await. A lost cancel would leave ["started"].
        for (String key : keys) {
            assertThat(TestRuntimes.events(runtime, key)).as(key).satisfiesAnyOf(
                    events -> assertThat(events).isEmpty(),
                    events -> assertThat(events).isEqualTo(cleanedUp));
        }
    }
}
