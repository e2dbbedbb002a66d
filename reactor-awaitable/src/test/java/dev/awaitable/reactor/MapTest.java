package dev.awaitable.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** AwaitableFlux.map: bounded concurrency with executor semantics. */
class MapTest extends SharedRuntimeTest {

    @BeforeEach
    void resetCounters() {
        AwaitableFlux.mono(runtime, "ra_test.concurrency:reset").block();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Long> stats() {
        return (Map<String, Long>) AwaitableFlux.mono(runtime, "ra_test.concurrency:stats").block();
    }

    /** At 10,000 the bound is reached at once: the first request brings 10,000 inputs in one drain. */
    @ParameterizedTest(name = "{1} in flight over {0} inputs")
    @CsvSource({"500, 16", "30000, 10000"})
    void neverMoreThanMaxWorkersInFlightCountedInsidePython(int inputs, int maxWorkers) {
        List<Object> results = AwaitableFlux.map(runtime, Flux.range(0, inputs), "ra_test.concurrency:tracked",
                MapOptions.maxWorkers(maxWorkers)).collectList().block(Duration.ofSeconds(60));
        assertThat(results).hasSize(inputs);
        assertThat(stats().get("peak")).isEqualTo((long) maxWorkers);
    }

    @Test
    void inputsAreRequestedOnlyAsSlotsFreeUp() {
        AtomicLong requested = new AtomicLong();
        AtomicLong maxAhead = new AtomicLong();
        AtomicLong completed = new AtomicLong();
        Flux<Integer> inputs = Flux.range(0, 300).doOnRequest(n -> {
            long ahead = requested.addAndGet(n) - completed.get();
            maxAhead.accumulateAndGet(ahead, Math::max);
        });
        StepVerifier.create(AwaitableFlux.map(runtime, inputs, "ra_test.concurrency:tracked", MapOptions.maxWorkers(8))
                        .doOnNext(v -> completed.incrementAndGet()))
                .expectNextCount(300)
                .verifyComplete();
        assertThat(maxAhead.get()).as("inputs requested beyond completed ones").isLessThanOrEqualTo(8);
    }

    @Test
    void orderedResultsKeepInputOrder() {
        StepVerifier.create(AwaitableFlux.map(runtime, Flux.range(0, 200), "ra_test.concurrency:tracked",
                        MapOptions.maxWorkers(32).ordered()))
                .expectNextSequence(java.util.stream.LongStream.range(0, 200).boxed().toList())
                .verifyComplete();
    }

    @Test
    void failFastCancelsInFlightCoroutinesAndKeepsDeliveredResults() {
        List<Object> delivered = new java.util.concurrent.CopyOnWriteArrayList<>();
        StepVerifier.create(AwaitableFlux.map(runtime, Flux.range(0, 40), "ra_test.concurrency:fail_fast_probe",
                        MapOptions.maxWorkers(6).ordered()).doOnNext(delivered::add))
                .expectNext(0L, 1L, 2L, 3L, 4L, 5L, 6L)
                .expectErrorSatisfies(error -> assertThat(error.getMessage()).contains("input 7 is bad"))
                .verify(Duration.ofSeconds(10));
        assertThat(delivered).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);
        // Inputs 8..12 were in flight (6 slots, 7 failing); cancels reach the loop after the Flux failed.
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (TestRuntimes.events(runtime, "fail_fast").size() < 5 && System.nanoTime() < end) {
            Thread.onSpinWait();
        }
        assertThat(TestRuntimes.events(runtime, "fail_fast")).containsExactlyInAnyOrder(8L, 9L, 10L, 11L, 12L);
    }

    @Test
    void delayErrorsRunsEverythingThenFailsWithEveryFailure() {
        List<Object> delivered = new java.util.concurrent.CopyOnWriteArrayList<>();
        StepVerifier.create(AwaitableFlux.map(runtime, Flux.range(0, 20), "ra_test.concurrency:fail_on_several",
                        MapOptions.maxWorkers(4).errorMode(ErrorMode.DELAY)).doOnNext(delivered::add))
                .expectNextCount(17)
                .expectErrorSatisfies(error -> {
                    List<Throwable> failures = Exceptions.unwrapMultiple(error);
                    assertThat(failures).hasSize(3).allSatisfy(f -> {
                        assertThat(f).isInstanceOf(PythonException.class);
                        assertThat(((PythonException) f).getPythonType()).isEqualTo("builtins.ValueError");
                        assertThat(((PythonException) f).getPythonTraceback()).contains("raise ValueError");
                    });
                    assertThat(failures).extracting(Throwable::getMessage).anyMatch(m -> m.contains("input 11 is bad"));
                })
                .verify(Duration.ofSeconds(10));
        assertThat(delivered).hasSize(17);
    }

    @Test
    void continueSkipsFailuresAndReportsThemToTheHandler() {
        Map<Object, Throwable> failed = new ConcurrentHashMap<>();
        StepVerifier.create(AwaitableFlux.map(runtime, Flux.range(0, 20), "ra_test.concurrency:fail_on_several",
                        MapOptions.maxWorkers(4).ordered().continueOnError(failed::put)))
                .expectNextCount(17)
                .verifyComplete();
        assertThat(failed).containsOnlyKeys(3, 11, 17);
        assertThat(failed.get(11)).isInstanceOf(PythonException.class).hasMessageContaining("input 11 is bad");
    }

    @Test
    void continueWithoutAHandlerIsRefusedSoNoFailureIsDroppedUnseen() {
        assertThatThrownBy(() -> MapOptions.maxWorkers(4).errorMode(ErrorMode.CONTINUE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("continueOnError(");
    }

    @Test
    void anItemTimeoutCancelsOnlyThatItem() {
        Map<Object, Throwable> failed = new ConcurrentHashMap<>();
        StepVerifier.create(AwaitableFlux.map(runtime, Flux.range(0, 10), "ra_test.concurrency:slow_on",
                        MapOptions.maxWorkers(3).ordered().itemTimeout(Duration.ofMillis(200)).continueOnError(failed::put)))
                .expectNext(0L, 1L, 2L, 3L, 5L, 6L, 7L, 8L, 9L)
                .verifyComplete();
        assertThat(failed).containsOnlyKeys(4);
        assertThat(failed.get(4)).isInstanceOf(TimeoutException.class);
        TestRuntimes.awaitEvents(runtime, "item_timeout", 4L);
    }

    @Test
    void unorderedResultsDoNotWaitForASlowInputButOrderedOnesDo() {
        List<Object> unordered = AwaitableFlux.map(runtime, Flux.range(0, 10), "ra_test.concurrency:slow_first",
                MapOptions.maxWorkers(10)).collectList().block(Duration.ofSeconds(10));
        assertThat(unordered).containsExactlyInAnyOrder(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L).endsWith(0L);
        List<Object> ordered = AwaitableFlux.map(runtime, Flux.range(0, 10), "ra_test.concurrency:slow_first",
                MapOptions.maxWorkers(10).ordered()).collectList().block(Duration.ofSeconds(10));
        assertThat(ordered).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
    }

    @Test
    void aResultThatCannotCrossToJavaFailsOnlyItsInput() {
        Map<Object, Throwable> failed = new ConcurrentHashMap<>();
        StepVerifier.create(AwaitableFlux.map(runtime, Flux.range(0, 10), "ra_test.concurrency:unconvertible_on_five",
                        MapOptions.maxWorkers(4).ordered().continueOnError(failed::put)))
                .expectNext(0L, 1L, 2L, 3L, 4L, 6L, 7L, 8L, 9L)
                .verifyComplete();
        assertThat(failed).containsOnlyKeys(5);
        assertThat(((PythonException) failed.get(5)).getPythonType()).isEqualTo("reactor_awaitable.UnconvertibleResultError");
    }

    @Test
    void aPlainFunctionIsMappedAndAnAsyncGeneratorIsRefusedPerInput() {
        StepVerifier.create(AwaitableFlux.map(runtime, Flux.range(0, 5), "ra_test.concurrency:double",
                        MapOptions.maxWorkers(2).ordered()))
                .expectNext(0L, 2L, 4L, 6L, 8L)
                .verifyComplete();
        StepVerifier.create(AwaitableFlux.map(runtime, Flux.range(0, 5), "ra_test.concurrency:numbers_from",
                        MapOptions.maxWorkers(2)))
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(PythonException.class)
                        .hasMessageContaining("returned an async generator").hasMessageContaining("AwaitableFlux.flux"))
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void anItemTimeoutFailsFastWithATimeoutExceptionNamingTheTarget() {
        StepVerifier.create(AwaitableFlux.map(runtime, Flux.range(0, 10), "ra_test.concurrency:slow_on",
                        MapOptions.maxWorkers(3).ordered().itemTimeout(Duration.ofMillis(200))))
                .expectNext(0L, 1L, 2L, 3L)
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(TimeoutException.class)
                        .hasMessageContaining("ra_test.concurrency:slow_on").hasMessageContaining("0.2 s"))
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void anErrorOfTheInputsEndsTheMapWithThatJavaException() {
        IllegalStateException broken = new IllegalStateException("the source broke");
        Flux<Integer> inputs = Flux.range(0, 5).concatWith(Flux.error(broken));
        StepVerifier.create(AwaitableFlux.map(runtime, inputs, "ra_test.concurrency:tracked", MapOptions.maxWorkers(2)))
                .thenConsumeWhile(v -> true)
                .expectErrorSatisfies(error -> assertThat(error).isSameAs(broken))
                .verify(Duration.ofSeconds(10));
        // DELAY: every input runs first; the inputs' error joins the inputs' failures.
        Flux<Integer> failingInputs = Flux.range(0, 20).concatWith(Flux.error(broken));
        StepVerifier.create(AwaitableFlux.map(runtime, failingInputs, "ra_test.concurrency:fail_on_several",
                        MapOptions.maxWorkers(4).errorMode(ErrorMode.DELAY)))
                .expectNextCount(17)
                .expectErrorSatisfies(error -> assertThat(Exceptions.unwrapMultiple(error)).hasSize(4).contains(broken))
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void cancellingCancelsEveryInputInFlightAndTheInputs() throws InterruptedException {
        java.util.concurrent.atomic.AtomicBoolean sourceCancelled = new java.util.concurrent.atomic.AtomicBoolean();
        reactor.core.Disposable running = AwaitableFlux.map(runtime, Flux.range(0, 100).doOnCancel(() -> sourceCancelled.set(true)),
                "ra_test.concurrency:parked", MapOptions.maxWorkers(5)).subscribe();
        TestRuntimes.eventually(() -> stats().get("running") == 5L);
        running.dispose();
        TestRuntimes.eventually(() -> TestRuntimes.events(runtime, "map_cancel").size() == 5);
        assertThat(TestRuntimes.events(runtime, "map_cancel")).containsExactlyInAnyOrder(0L, 1L, 2L, 3L, 4L);
        assertThat(sourceCancelled).isTrue();
        TestRuntimes.eventually(() -> stats().get("running") == 0L);
    }

    @Test
    void aHandlerThatThrowsFailsTheMapAndCancelsTheRest() {
        IllegalArgumentException refused = new IllegalArgumentException("dead-letter queue is full");
        StepVerifier.create(AwaitableFlux.map(runtime, Flux.range(0, 40), "ra_test.concurrency:fail_fast_probe",
                        MapOptions.maxWorkers(6).ordered().continueOnError((input, error) -> {
                            throw refused;
                        })))
                .expectNext(0L, 1L, 2L, 3L, 4L, 5L, 6L)
                .expectErrorSatisfies(error -> {
                    assertThat(error).isSameAs(refused);
                    assertThat(error.getSuppressed()[0]).hasMessageContaining("input 7 is bad");
                })
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void everyInputSeesTheSubscribersContextInAContextOfItsOwn() {
        List<Object> results = AwaitableFlux.map(runtime, Flux.range(0, 50), "ra_test.concurrency:context_probe",
                        MapOptions.maxWorkers(10))
                .contextWrite(reactor.util.context.Context.of("tenant", "acme"))
                .collectList().block(Duration.ofSeconds(10));
        assertThat(results).hasSize(50).containsOnly("acme:True");
    }
}
