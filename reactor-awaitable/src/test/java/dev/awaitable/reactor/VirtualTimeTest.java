package dev.awaitable.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

import reactor.test.StepVerifier;

/** asyncio timers follow Reactor's (virtual) clock. */
@DisabledIfSystemProperty(named = PythonRuntime.Builder.EVENT_LOOP_PROPERTY, matches = LoopKinds.UVLOOP,
        disabledReason = "uvloop keeps its timers on libuv's clock: virtual time does not move them")
class VirtualTimeTest extends SharedRuntimeTest {

    @Test
    void anHourLongSleepCompletesInVirtualTime() {
        long wallStart = System.nanoTime();
        StepVerifier.withVirtualTime(() -> AwaitableFlux.mono(runtime, "ra_test.lifecycle:sleep_hours", 1))
                .expectSubscription()
                .expectNoEvent(Duration.ofMinutes(59))
                .thenAwait(Duration.ofMinutes(1))
                .assertNext(elapsed -> assertThat((Double) elapsed).isBetween(3600.0, 3600.001))
                .expectComplete()
                .verify(Duration.ofSeconds(20));
        assertThat(Duration.ofNanos(System.nanoTime() - wallStart)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void retryWithBackoffInPythonRunsOnTheVirtualClock() {
        StepVerifier.withVirtualTime(() -> AwaitableFlux.mono(runtime, "ra_test.lifecycle:backoff_schedule", 4, 10.0))
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(10 + 20 + 40 + 80))
                .expectNext(java.util.List.of(10.0, 20.0, 40.0, 80.0))
                .expectComplete()
                .verify(Duration.ofSeconds(20));
    }

    @Test
    void realTimeIsUsedOutsideVirtualTime() {
        long start = System.nanoTime();
        assertThat(AwaitableFlux.mono(runtime, "ra_test.lifecycle:sleep_and_return", 0.2, "done").block())
                .isEqualTo("done");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }
}
