package dev.awaitable.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * A SystemExit or KeyboardInterrupt raised by Python code fails the call it belongs to, and nothing
 * else: not the other calls in flight, not the loop thread, not the JVM.
 */
class FaultIsolationTest extends SharedRuntimeTest {

    private static void failsWith(Mono<Object> call, String pythonType) {
        StepVerifier.create(call)
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(PythonException.class)
                        .extracting(e -> ((PythonException) e).getPythonType()).isEqualTo(pythonType))
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void sysExitInACoroutineFailsOnlyThatCallWhileTwentyOthersFinish() {
        Flux<Object> others = Flux.range(0, 20)
                .flatMap(i -> AwaitableFlux.mono(runtime, "ra_test.faults:sleeps_and_returns", 0.05, i));
        Mono<List<Object>> othersDone = others.collectList().cache();
        othersDone.subscribe();
        failsWith(AwaitableFlux.mono(runtime, "ra_test.faults:exits", 3), "builtins.SystemExit");
        assertThat(othersDone.block(Duration.ofSeconds(10))).hasSize(20);
        assertThat(AwaitableFlux.mono(runtime, "ra_test.basics:add", 1, 2).block()).isEqualTo(3L);
    }

    @Test
    void keyboardInterruptAndAnImmediateExitFailTheirCallsOnly() {
        failsWith(AwaitableFlux.mono(runtime, "ra_test.faults:interrupted"), "builtins.KeyboardInterrupt");
        failsWith(AwaitableFlux.mono(runtime, "ra_test.faults:exits_at_once", 7), "builtins.SystemExit");
        assertThat(AwaitableFlux.mono(runtime, "ra_test.basics:add", 2, 2).block()).isEqualTo(4L);
    }

    @Test
    void generatorExitRaisedByACoroutineFailsItsCall() {
        failsWith(AwaitableFlux.mono(runtime, "ra_test.faults:raises_generator_exit"), "builtins.GeneratorExit");
        assertThat(AwaitableFlux.mono(runtime, "ra_test.basics:add", 5, 5).block()).isEqualTo(10L);
    }

    @Test
    void anAsyncGeneratorThatExitsFailsItsFluxAfterItsItems() {
        StepVerifier.create(AwaitableFlux.flux(runtime, "ra_test.faults:yields_then_exits", 3))
                .expectNext(0L, 1L, 2L)
                .expectErrorSatisfies(error -> assertThat(((PythonException) error).getPythonType())
                        .isEqualTo("builtins.SystemExit"))
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void aBlockingFunctionThatExitsFailsTheCallThatAwaitedIt() {
        failsWith(AwaitableFlux.mono(runtime, "ra_test.faults:blocking_function_exits"), "builtins.SystemExit");
        assertThat(AwaitableFlux.mono(runtime, "ra_test.basics:add", 3, 3).block()).isEqualTo(6L);
    }

    @Test
    void aPlainCallbackThatRaisesKeyboardInterruptIsReportedToTheLoopsExceptionHandler() {
        assertThat(AwaitableFlux.mono(runtime, "ra_test.faults:callback_interrupts").block(Duration.ofSeconds(10)))
                .isEqualTo(List.of("KeyboardInterrupt"));
    }

    @Test
    void thePlainFunctionTargetSysExitIsAnErrorToo() {
        assertThatThrownBy(() -> AwaitableFlux.mono(runtime, "sys:exit", 9).block(Duration.ofSeconds(10)))
                .isInstanceOf(PythonException.class)
                .extracting(e -> ((PythonException) e).getPythonType()).isEqualTo("builtins.SystemExit");
    }

    @Test
    void aLoopThreadThatDiesAnywayEndsEveryCallWithItsCauseAndTheRuntimeRefusesNewWork() {
        try (PythonRuntime breaking = TestRuntimes.create()) {
            List<Mono<Object>> inFlight = new java.util.ArrayList<>();
            for (int i = 0; i < 5; i++) {
                Mono<Object> call = AwaitableFlux.mono(breaking, "ra_test.faults:sleeps_and_returns", 30.0, i).cache();
                call.subscribe(v -> { }, e -> { });
                inFlight.add(call);
            }
            assertThat(breaking.isHealthy()).isTrue();
            assertThatThrownBy(() -> AwaitableFlux.mono(breaking, "ra_test.faults:break_this_loop").block(Duration.ofSeconds(10)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("stopped after an internal error")
                    .hasMessageContaining("AttributeError");
            for (Mono<Object> call : inFlight) {
                assertThatThrownBy(() -> call.block(Duration.ofSeconds(10)))
                        .isInstanceOf(IllegalStateException.class).hasMessageContaining("AttributeError");
            }
            assertThat(breaking.isHealthy()).isFalse();
            assertThat(breaking.failure()).hasMessageContaining("AttributeError");
            assertThatThrownBy(() -> AwaitableFlux.mono(breaking, "ra_test.basics:add", 1, 1).block(Duration.ofSeconds(10)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("takes no new work")
                    .hasMessageContaining("AttributeError");
        }
    }

    @Test
    void aSubscriberThatThrowsInOnNextCostsOnlyItsOwnSubscription() throws Exception {
        // Reactor's sink catches it (Operators.onOperatorError: the hook sees it, the subscription is cancelled).
        java.util.concurrent.CompletableFuture<String> reported = new java.util.concurrent.CompletableFuture<>();
        reactor.core.publisher.Hooks.onOperatorError("fault-isolation-test", (error, item) -> {
            reported.complete(error.getMessage() + " (item " + item + ")");
            return error;
        });
        try {
            AwaitableFlux.flux(runtime, "ra_test.streams:counting", -1, "throwing-subscriber").subscribe(
                    new org.reactivestreams.Subscriber<Object>() {
                        @Override
                        public void onSubscribe(org.reactivestreams.Subscription s) {
                            s.request(Long.MAX_VALUE);
                        }

                        @Override
                        public void onNext(Object item) {
                            if (((Long) item) == 5) {
                                throw new IllegalStateException("a subscriber bug at item 5");
                            }
                        }

                        @Override
                        public void onError(Throwable error) {
                        }

                        @Override
                        public void onComplete() {
                        }
                    });
            assertThat(reported.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("a subscriber bug at item 5 (item 5)");
            TestRuntimes.awaitEvents(runtime, "throwing-subscriber", "closed"); // the endless generator was cancelled
            assertThat(AwaitableFlux.mono(runtime, "ra_test.basics:add", 4, 4).block()).isEqualTo(8L);
        } finally {
            reactor.core.publisher.Hooks.resetOnOperatorError("fault-isolation-test");
        }
    }
}
