package dev.awaitable.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import reactor.core.Disposable;

/**
 * A timer at any deadline leaves the loop thread running: one for ever ({@code asyncio.sleep(math.inf)},
 * as anyio's {@code sleep_forever} does), one further than a 64-bit nanosecond count reaches, and a NaN
 * one refused where it was set.
 */
class TimerDeadlinesTest extends SharedRuntimeTest {

    @ParameterizedTest
    @ValueSource(strings = {"inf", "1e10", "1e300"})
    void aSleepAtAnyDeadlineWaitsUntilItIsCancelledAndTheLoopGoesOn(String delay) throws Exception {
        String key = "sleeps-" + delay;
        Disposable sleeping = AwaitableFlux.mono(runtime, "ra_test.timers:sleeps", delay, key).subscribe();
        TestRuntimes.awaitEvents(runtime, key, "started");
        // The loop takes and ends other calls while the timer is pending.
        assertThat(AwaitableFlux.mono(runtime, "ra_test.basics:add", 2, 3).block(Duration.ofSeconds(10))).isEqualTo(5L);
        sleeping.dispose();
        TestRuntimes.awaitEvents(runtime, key, "started", "cancelled", "finally");
        assertThat(runtime.isHealthy()).isTrue();
        assertThat(AwaitableFlux.mono(runtime, "ra_test.basics:add", 3, 4).block(Duration.ofSeconds(10))).isEqualTo(7L);
    }

    @Test
    void waitForWithAnInfiniteTimeoutReturnsWhatItAwaited() {
        assertThat(AwaitableFlux.mono(runtime, "ra_test.timers:waits_for_with_no_limit", "done")
                .block(Duration.ofSeconds(10))).isEqualTo("done");
        assertThat(runtime.isHealthy()).isTrue();
    }

    @Test
    void aNanSleepFailsItsCallNamingTheProblem() {
        assertThatThrownBy(() -> AwaitableFlux.mono(runtime, "ra_test.timers:sleeps_nan").block(Duration.ofSeconds(10)))
                .isInstanceOf(PythonException.class)
                .hasMessageContaining("ValueError").hasMessageContaining("NaN"); // 3.13's asyncio.sleep refuses it itself
        assertThat(runtime.isHealthy()).isTrue();
    }
}
