package dev.awaitable.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** Creating, using and closing runtimes. */
class RuntimeLifecycleTest {

    @Test
    void closeCancelsInFlightCoroutinesRunsTheirCleanupAndFailsTheirSubscribers() throws Exception {
        PythonRuntime runtime = TestRuntimes.create();
        List<CompletableFuture<Object>> results = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            results.add(AwaitableFlux.mono(runtime, "ra_test.lifecycle:wait_forever", "close-" + i).toFuture());
        }
        TestRuntimes.awaitEvents(runtime, "close-2", "started");
        runtime.close();
        for (CompletableFuture<Object> result : results) {
            assertThatThrownBy(() -> result.get(5, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("PythonRuntime was closed while 'ra_test.lifecycle:wait_forever' was running");
        }
        try (PythonRuntime next = TestRuntimes.create()) {
            // Python state outlives a runtime (one CPython per JVM): the cleanup is visible here.
            for (int i = 0; i < 3; i++) {
                assertThat(TestRuntimes.events(next, "close-" + i))
                        .containsExactly("started", "cancelled", "cleaned", "finally");
            }
        }
    }

    @Test
    void closeCancelsTasksTheCallsStartedThemselvesAndWaitsForTheirCleanup() {
        PythonRuntime runtime = TestRuntimes.create();
        assertThat(AwaitableFlux.mono(runtime, "ra_test.lifecycle:start_background", "background").block())
                .isEqualTo("started");
        TestRuntimes.awaitEvents(runtime, "background", "started");
        runtime.close();
        try (PythonRuntime next = TestRuntimes.create()) {
            // asyncio.create_task's task got CancelledError and its finally (which awaits) ran to its end.
            assertThat(TestRuntimes.events(next, "background")).containsExactly("started", "finally");
        }
    }

    @Test
    void aCoroutineThatIgnoresCancellationIsClosedWhenTheGracePeriodEnds() {
        PythonRuntime runtime = TestRuntimes.builder().shutdownGrace(Duration.ofMillis(300)).build();
        CompletableFuture<Object> result = AwaitableFlux.mono(runtime, "ra_test.lifecycle:stubborn", "stubborn").toFuture();
        TestRuntimes.awaitEvents(runtime, "stubborn", "started");
        java.io.PrintStream stderr = System.err;
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(log, true, java.nio.charset.StandardCharsets.UTF_8));
        long start = System.nanoTime();
        try {
            runtime.close();
        } finally {
            System.setErr(stderr);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(300)).isLessThan(Duration.ofSeconds(5));
        assertThat(log.toString(java.nio.charset.StandardCharsets.UTF_8))
                .as("the warning names what did not finish")
                .contains("1 coroutine(s) still running").contains("(stubborn at ").contains("lifecycle.py:");
        assertThatThrownBy(() -> result.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class);
        try (PythonRuntime next = TestRuntimes.create()) {
            // coroutine.close() raised GeneratorExit at the await: the finally block still ran.
            assertThat(TestRuntimes.events(next, "stubborn")).containsExactly("started", "ignored cancel", "finally");
        }
    }

    @Test
    void closeDoesNotWaitForIdleBlockingWorkers() {
        // Idle workers wait 60 s for a job; close must end them at once, not after the 20 s grace.
        PythonRuntime runtime = TestRuntimes.builder().blockingIdleTimeout(Duration.ofSeconds(60))
                .shutdownGrace(Duration.ofSeconds(20)).build();
        assertThat(AwaitableFlux.mono(runtime, "ra_test.lifecycle:occupy_workers", 12, 0.2).block()).isEqualTo(12L);
        long start = System.nanoTime();
        runtime.close();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        System.out.printf("close() with 12 idle blocking workers took %d ms%n", took.toMillis());
        assertThat(took).as("close() with 12 idle workers").isLessThan(Duration.ofSeconds(5));
        String workerPrefix = "reactor-awaitable-" + runtime.toString().substring("PythonRuntime[".length()).split(",")[0]
                + "-blocking-";
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(thread -> thread.getName().startsWith(workerPrefix));
    }

    @Test
    void closeShutsDownAnExecutorTheCodeSetAsTheLoopsDefaultAndWaitsForItsRunningJob() {
        PythonRuntime runtime = TestRuntimes.create();
        assertThat(AwaitableFlux.mono(runtime, "ra_test.lifecycle:use_own_default_executor", "own-executor", 0.3)
                .block()).isEqualTo("submitted");
        runtime.close();
        try (PythonRuntime next = TestRuntimes.create()) {
            assertThat(TestRuntimes.events(next, "own-executor")).containsExactly("submitted", "job done");
            assertThat(AwaitableFlux.mono(next, "ra_test.lifecycle:executor_shut_down", "own-executor").block())
                    .isEqualTo(true);
        }
    }

    @Test
    void toStringShowsEachLoopThreadsStateForDiagnosingAStall() {
        try (PythonRuntime runtime = TestRuntimes.builder().loopThreads(2).build()) {
            CompletableFuture<Object> sleeping = AwaitableFlux.mono(runtime, "asyncio:sleep", 60).toFuture();
            assertThat(runtime.toString())
                    .matches("PythonRuntime\\[\\d+, last call \\d+, \\[reactor-awaitable-\\d+-loop-0\\[\\w+, inbox=\\d+, inFlight=\\d+, "
                            + "woken=\\w+, terminated=false, recent=\\[.*], reactor-awaitable-\\d+-loop-1\\[.*]]")
                    .contains("last call 1,")
                    .contains("inFlight=1");
            sleeping.cancel(true);
        }
    }

    @Test
    void toStringListsTheLastCallsStartedAndTheOutcomesDelivered() {
        try (PythonRuntime runtime = TestRuntimes.create()) {
            assertThat(AwaitableFlux.mono(runtime, "ra_test.basics:add", 1, 2).block()).isEqualTo(3L);
            assertThat(AwaitableFlux.flux(runtime, "ra_test.streams:counting", 3).collectList().block()).hasSize(3);
            assertThatThrownBy(() -> AwaitableFlux.mono(runtime, "ra_test.basics:fail", "boom").block())
                    .isInstanceOf(PythonException.class);
            assertThat(runtime.toString()).matches(".*recent=\\[S(\\d+) V\\1 S(\\d+) I\\2x3 V\\2 S(\\d+) E\\3].*");
        }
    }

    @Test
    void closeIsIdempotentAndAClosedRuntimeRefusesWork() {
        PythonRuntime runtime = TestRuntimes.create();
        Mono<Object> assembledBeforeClose = AwaitableFlux.mono(runtime, "ra_test.basics:add", 1, 2);
        runtime.close();
        runtime.close();
        assertThat(runtime.isClosed()).isTrue();
        assertThatThrownBy(() -> AwaitableFlux.mono(runtime, "ra_test.basics:add", 1, 2))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(assembledBeforeClose::block)
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void runtimesCanBeCreatedAndClosedOneAfterAnother() {
        for (int i = 0; i < 5; i++) {
            try (PythonRuntime runtime = TestRuntimes.create()) {
                assertThat(AwaitableFlux.mono(runtime, "ra_test.basics:add", i, 1).block()).isEqualTo(i + 1L);
                assertThat(AwaitableFlux.mono(runtime, "ra_test.asyncio_features:scenario_execute_async").block())
                        .isEqualTo("ok");
            }
        }
        assertThat(liveThreads("reactor-awaitable-")).as("no loop or worker thread outlives close()")
                .isEmpty();
    }

    @Test
    void closingFromALoopThreadIsRefused() {
        try (PythonRuntime runtime = TestRuntimes.create()) {
            StepVerifier.create(AwaitableFlux.mono(runtime, "ra_test.basics:add", 1, 2).doOnNext(v -> runtime.close()))
                    .expectErrorSatisfies(error -> assertThat(error)
                            .isInstanceOf(IllegalStateException.class).hasMessageContaining("own loop thread"))
                    .verify(Duration.ofSeconds(10));
            assertThat(runtime.isClosed()).isFalse();
        }
    }

    @Test
    void signalsAreEmittedOnTheLoopThreadAndSeveralLoopsShareTheWork() {
        try (PythonRuntime runtime = TestRuntimes.builder().loopThreads(2).build()) {
            List<String> threads = reactor.core.publisher.Flux.range(0, 20)
                    .flatMap(i -> AwaitableFlux.mono(runtime, "ra_test.basics:add", i, 1)
                            .map(v -> Thread.currentThread().getName()))
                    .distinct()
                    .collectList()
                    .block(Duration.ofSeconds(10));
            assertThat(threads).allMatch(name -> name.matches("reactor-awaitable-\\d+-loop-[01]")).hasSize(2);
        }
    }

    @Test
    void leastLoadedPlacementSendsNewCallsToTheLessBusyLoop() {
        try (PythonRuntime runtime = TestRuntimes.builder().loopThreads(2).loopPlacement(LoopPlacement.LEAST_LOADED).build()) {
            // Five long calls land on alternate loops (each time the other one is less loaded)...
            List<reactor.core.Disposable> sleepers = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                sleepers.add(AwaitableFlux.mono(runtime, "ra_test.lifecycle:sleep_and_return", 60.0, i).subscribe());
            }
            // ...so loop 0 has 3 and loop 1 has 2: the next call goes to loop 1.
            String thread = AwaitableFlux.mono(runtime, "ra_test.basics:add", 1, 1)
                    .map(v -> Thread.currentThread().getName()).block(Duration.ofSeconds(10));
            assertThat(thread).endsWith("loop-1");
            sleepers.forEach(reactor.core.Disposable::dispose);
        }
    }

    @Test
    void theLoopContextKeyPlacesEveryCallOnTheNamedLoopAndPythonDoesNotSeeIt() {
        try (PythonRuntime runtime = TestRuntimes.builder().loopThreads(2).loopPlacement(LoopPlacement.LEAST_LOADED).build()) {
            List<String> threads = Flux.range(0, 20)
                    .flatMap(i -> AwaitableFlux.mono(runtime, "ra_test.basics:add", i, 1)
                            .map(v -> Thread.currentThread().getName())
                            .contextWrite(reactor.util.context.Context.of(PythonRuntime.LOOP, 3)), 20)
                    .collectList().block(Duration.ofSeconds(10));
            assertThat(threads).hasSize(20).allMatch(name -> name.endsWith("loop-1")); // 3 modulo 2 loops
            assertThat(AwaitableFlux.mono(runtime, "ra_test.streams:context_as_dict")
                    .contextWrite(reactor.util.context.Context.of(PythonRuntime.LOOP, 0, "tenant", "t-1"))
                    .block(Duration.ofSeconds(10))).isEqualTo(Map.of("tenant", "t-1"));
            assertThatThrownBy(() -> AwaitableFlux.mono(runtime, "ra_test.basics:add", 1, 1)
                    .contextWrite(reactor.util.context.Context.of(PythonRuntime.LOOP, "first")).block(Duration.ofSeconds(10)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("reactor-awaitable.loop must be an Integer");
        }
    }

    @Test
    void closeCanRunOnAnotherSchedulerFromInsideAPipeline() {
        PythonRuntime runtime = TestRuntimes.create();
        Mono.fromRunnable(runtime::close).subscribeOn(Schedulers.boundedElastic()).block(Duration.ofSeconds(30));
        assertThat(runtime.isClosed()).isTrue();
    }

    private static List<String> liveThreads(String prefix) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        List<String> names;
        do {
            names = Thread.getAllStackTraces().keySet().stream()
                    .filter(Thread::isAlive)
                    .map(Thread::getName)
                    .filter(n -> n.startsWith(prefix))
                    .toList();
        } while (!names.isEmpty() && System.nanoTime() < end);
        return names;
    }
}
