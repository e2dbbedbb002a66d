package dev.awaitable.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.awaitable.reactor.AwaitableFlux;
import dev.awaitable.reactor.PythonException;
import dev.awaitable.reactor.PythonRuntime;
import reactor.test.StepVerifier;

/**
 * How to test Python coroutines with StepVerifier, one scenario per test; the Python side is
 * {@code src/main/python/scenarios.py}. Virtual time moves asyncio's clock, so an hour-long backoff
 * is checked in milliseconds and to the exact second.
 */
class StepVerifierScenariosTest {

    private static PythonRuntime python;

    @BeforeAll
    static void start() {
        python = ExamplePython.runtime();
    }

    @AfterAll
    static void stop() {
        python.close();
    }

    /** A plain Python function's result, for looking at the Python side from a test. */
    private static Object call(String target, Object... args) {
        return AwaitableFlux.mono(python, target, args).block(Duration.ofSeconds(10));
    }

    // region virtual-time-retry
    @Test
    void aRetryWithExponentialBackoffWrittenInPythonRunsOnVirtualTime() {
        // Fails 3 times: attempts at t = 0 s, 1 s, 3 s fail; the one at 7 s succeeds.
        StepVerifier.withVirtualTime(() -> AwaitableFlux.mono(python, "scenarios:fetch_with_retry", "orders", 3))
                .expectSubscription()
                .expectNoEvent(Duration.ofSeconds(6))
                .thenAwait(Duration.ofSeconds(1))
                .expectNext("value for orders after 4 attempts")
                .verifyComplete();
    }
    // endregion virtual-time-retry

    @Test
    void whenTheRetriesRunOutTheLastPythonErrorArrives() {
        StepVerifier.withVirtualTime(() -> AwaitableFlux.mono(python, "scenarios:fetch_with_retry", "stock", 10, 1.0, 3))
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(3))
                .expectErrorSatisfies(error -> {
                    assertThat(error).isInstanceOf(PythonException.class);
                    assertThat(((PythonException) error).getPythonType()).isEqualTo("builtins.ConnectionError");
                    assertThat(error).hasMessageContaining("stock: attempt 3 failed");
                })
                .verify(Duration.ofSeconds(10));
    }

    // region cancellation
    @Test
    void cancellingTheSubscriptionCancelsThePythonTask() {
        StepVerifier.withVirtualTime(() -> AwaitableFlux.mono(python, "scenarios:slow_job", "job-7"))
                .expectSubscription()
                .thenAwait(Duration.ofMinutes(1))
                .then(() -> assertThat(call("scenarios:job_status", "job-7")).isEqualTo("running"))
                .thenCancel()
                .verify();
        // Under virtual time the cancel waits until the loop has run the task's except/finally.
        assertThat(call("scenarios:job_status", "job-7")).isEqualTo("cancelled");
    }
    // endregion cancellation

    // region back-pressure
    @Test
    void demandReachesTheAsyncGenerator() {
        StepVerifier.create(AwaitableFlux.flux(python, "scenarios:numbers", 1_000), 0)
                .expectSubscription()
                .thenRequest(3)
                .expectNext(0L, 1L, 2L)
                .then(() -> assertThat(call("scenarios:produced_count")).isEqualTo(3L))
                .thenRequest(2)
                .expectNext(3L, 4L)
                .then(() -> assertThat(call("scenarios:produced_count")).isEqualTo(5L))
                .thenCancel()
                .verify(Duration.ofSeconds(10));
    }
    // endregion back-pressure

    // region traceback
    @Test
    void aPythonErrorCarriesItsTypeMessageAndTraceback() {
        StepVerifier.create(AwaitableFlux.mono(python, "scenarios:import_order", "12x"))
                .expectErrorSatisfies(error -> {
                    PythonException python = (PythonException) error;
                    assertThat(python.getPythonType()).isEqualTo("builtins.ValueError");
                    assertThat(python.getPythonMessage()).isEqualTo("invalid literal for int() with base 10: '12x'");
                    assertThat(python.getPythonTraceback()).contains("scenarios.py", "in import_order", "in parse_order");
                    // The Java stack trace shows the Python frames, innermost first.
                    assertThat(python.getStackTrace()[0].getMethodName()).isEqualTo("parse_order");
                })
                .verify(Duration.ofSeconds(10));
    }
    // endregion traceback
}
