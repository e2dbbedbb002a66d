package dev.awaitable.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import dev.awaitable.reactor.blockhound.PythonBlocking;
import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** BlockHound (installed for the whole suite) catches blocking on loop threads, in Java and in Python. */
class BlockHoundTest {

    static PythonRuntime runtime;

    @BeforeAll
    static void start() {
        PythonBlocking.allowBlockingCallsInside("ra_test.blocking", "allowed_sleep").applyTo(BlockHound.builder());
        runtime = TestRuntimes.create();
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    @Test
    void blockHoundIsInstalledForTheSuite() {
        assertThat(PythonBlocking.isInstalled()).isTrue();
    }

    @TestFactory
    Stream<DynamicTest> pythonBlockingCallsOnALoopThreadFailWithBlockingOperationError() {
        @SuppressWarnings("unchecked")
        List<String> names = (List<String>) AwaitableFlux.mono(runtime, "ra_test.blocking:NAMES.copy").block();
        return names.stream().map(name -> DynamicTest.dynamicTest(name, () ->
                StepVerifier.create(AwaitableFlux.mono(runtime, "ra_test.blocking:on_loop", name))
                        .expectErrorSatisfies(error -> {
                            assertThat(error).isInstanceOf(BlockingOperationError.class);
                            assertThat(error.getMessage())
                                    .contains("Blocking call!")
                                    .contains("(Python, at ")
                                    .contains("blocking.py:")
                                    .contains(" in blocking_call");
                            assertThat(error.getSuppressed()).singleElement().isInstanceOf(PythonException.class);
                        })
                        .verify(Duration.ofSeconds(10))));
    }

    @Test
    void theMessageNamesThePythonCall() {
        StepVerifier.create(AwaitableFlux.mono(runtime, "ra_test.blocking:on_loop", "time.sleep"))
                .expectErrorSatisfies(error -> assertThat(error.getMessage()).contains("time.sleep (Python, at "))
                .verify(Duration.ofSeconds(10));
    }

    @TestFactory
    Stream<DynamicTest> theSameCallsAreAllowedOnBlockingWorkersAndOtherThreads() {
        @SuppressWarnings("unchecked")
        List<String> names = (List<String>) AwaitableFlux.mono(runtime, "ra_test.blocking:NAMES.copy").block();
        return names.stream().flatMap(name -> Stream.of(
                DynamicTest.dynamicTest(name + " in execute_async", () ->
                        assertThat(AwaitableFlux.mono(runtime, "ra_test.blocking:off_loop", name)
                                .block(Duration.ofSeconds(10))).isEqualTo("done")),
                DynamicTest.dynamicTest(name + " in a thread Python started", () ->
                        assertThat(AwaitableFlux.mono(runtime, "ra_test.blocking:in_own_thread", name)
                                .block(Duration.ofSeconds(10))).isEqualTo("done"))));
    }

    @Test
    void callsThatWouldNotWaitAreNotReported() {
        assertThat(AwaitableFlux.mono(runtime, "ra_test.blocking:non_blocking_uses_pass").block()).isEqualTo("ok");
    }

    @Test
    void anAllowRuleFromJavaPermitsAKnownShortBlockingCall() {
        assertThat(AwaitableFlux.mono(runtime, "ra_test.blocking:allowed_sleep").block()).isEqualTo("slept");
    }

    @Test
    void aBlockingJavaCallMadeFromPythonReachesTheSubscriberAndTheLoopGoesOn() {
        StepVerifier.create(AwaitableFlux.mono(runtime, "ra_test.blocking:java_sleep"))
                .expectErrorSatisfies(error -> {
                    assertThat(error).isInstanceOf(BlockingOperationError.class);
                    assertThat(error.getMessage()).contains("java.lang.Thread.sleep");
                })
                .verify(Duration.ofSeconds(10));
        assertThat(AwaitableFlux.mono(runtime, "ra_test.basics:add", 2, 2).block()).isEqualTo(4L);
    }

    @Test
    void blockingDownstreamOnTheLoopThreadFailsTheSubscriber() {
        StepVerifier.create(AwaitableFlux.mono(runtime, "ra_test.basics:add", 1, 2)
                        .map(v -> Mono.delay(Duration.ofMillis(10)).block()))
                .expectErrorSatisfies(error -> assertThat(error.getMessage()).contains("block()")
                        .contains("not supported in thread reactor-awaitable-"))
                .verify(Duration.ofSeconds(10));
        assertThat(AwaitableFlux.mono(runtime, "ra_test.basics:add", 2, 2).block()).isEqualTo(4L);
    }

    @Test
    void javaIntervalsCancelledOnTheLoopThreadLeaveReactorsTimersWorking() {
        // Each cancel removes the interval's periodic task from a parallel worker's timer queue, under
        // that queue's lock. Flagged there, BlockHound's error would leave the lock's wait queue broken
        // and the worker stuck for good (every timer it owns never fires): the library allows it.
        reactor.core.publisher.Flux<Long> interval = reactor.core.publisher.Flux.interval(Duration.ofNanos(100_000));
        assertThat(AwaitableFlux.mono(runtime, "ra_test.blocking:break_out_of_each", interval, 20_000)
                .block(Duration.ofSeconds(60))).isEqualTo(20_000L);
        assertThat(ReactorSchedulersGuard.parallelSchedulerProblem()).isNull();
    }

    @Test
    void aSlowStepIsLoggedAndCounted() {
        try (PythonRuntime detecting = TestRuntimes.builder().slowStepThreshold(Duration.ofMillis(50)).build()) {
            assertThat(AwaitableFlux.mono(detecting, "ra_test.blocking:hog", 0.001).block()).isEqualTo("done");
            assertThat(detecting.slowSteps()).isZero();
            assertThat(AwaitableFlux.mono(detecting, "ra_test.blocking:hog", 0.12).block()).isEqualTo("done");
            assertThat(detecting.slowSteps()).isEqualTo(1);
        }
    }
}
