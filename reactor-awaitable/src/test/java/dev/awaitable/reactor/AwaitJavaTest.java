package dev.awaitable.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** Python coroutines awaiting Java publishers, and reading the subscriber's Reactor Context. */
class AwaitJavaTest extends SharedRuntimeTest {

    @Test
    void aCoroutineAwaitsAMonoValue() {
        Mono<String> slow = Mono.just("from java").delayElement(Duration.ofMillis(50));
        StepVerifier.create(AwaitableFlux.mono(runtime, "ra_test.streams:await_value", slow))
                .expectNext("from java")
                .verifyComplete();
    }

    @Test
    void anEmptyMonoAwaitsAsNone() {
        StepVerifier.create(AwaitableFlux.mono(runtime, "ra_test.streams:await_value", Mono.empty())).verifyComplete();
    }

    @Test
    void eachAwaitIsANewSubscription() {
        AtomicInteger subscriptions = new AtomicInteger();
        Mono<Integer> counted = Mono.fromCallable(() -> 20).doOnSubscribe(s -> subscriptions.incrementAndGet());
        assertThat(AwaitableFlux.mono(runtime, "ra_test.streams:sum_twice", counted).block()).isEqualTo(40L);
        assertThat(subscriptions.get()).isEqualTo(2);
    }

    @Test
    void aJavaErrorIsAPythonExceptionTheCoroutineCanCatch() {
        Mono<Object> failing = Mono.error(new IllegalArgumentException("bad input"));
        assertThat(AwaitableFlux.mono(runtime, "ra_test.streams:await_error", failing).block())
                .isEqualTo(List.of("java.lang.IllegalArgumentException", "bad input"));
    }

    @Test
    void anUncaughtErrorOfAnAwaitedMonoReachesTheSubscriberAsItself() {
        IllegalArgumentException rejected = new IllegalArgumentException("no such user");
        StepVerifier.create(AwaitableFlux.mono(runtime, "ra_test.streams:await_value", Mono.error(rejected)))
                .expectErrorSatisfies(error -> {
                    assertThat(error).isSameAs(rejected);
                    assertThat(error.getSuppressed()).anySatisfy(suppressed ->
                            assertThat(((PythonException) suppressed).getPythonTraceback()).contains("in await_value"));
                })
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void cancellingThePythonTaskCancelsTheJavaSubscription() {
        AtomicInteger cancelled = new AtomicInteger();
        Mono<Object> never = Mono.never().doOnCancel(cancelled::incrementAndGet);
        StepVerifier.create(AwaitableFlux.mono(runtime, "ra_test.streams:await_forever", never, "await-cancel"))
                .expectSubscription()
                .then(() -> TestRuntimes.awaitEvents(runtime, "await-cancel", "awaiting"))
                .thenCancel()
                .verify(Duration.ofSeconds(10));
        TestRuntimes.awaitEvents(runtime, "await-cancel", "awaiting", "cancelled");
        assertThat(cancelled.get()).isEqualTo(1);
    }

    @Test
    void aCoroutineIteratesAFluxWithBackPressure() {
        AtomicLong maxOutstanding = new AtomicLong();
        AtomicLong outstanding = new AtomicLong();
        Flux<Integer> source = Flux.range(0, 1000)
                .doOnRequest(n -> maxOutstanding.accumulateAndGet(outstanding.addAndGet(n), Math::max))
                .doOnNext(i -> outstanding.decrementAndGet())
                .publishOn(Schedulers.parallel(), 8);
        @SuppressWarnings("unchecked")
        List<Long> items = (List<Long>) AwaitableFlux.mono(runtime, "ra_test.streams:collect", source).block();
        assertThat(items).hasSize(1000).startsWith(0L, 1L, 2L).endsWith(999L);
        assertThat(maxOutstanding.get()).as("most items requested but not delivered at once").isLessThanOrEqualTo(32);
    }

    @Test
    void breakingOutOfAsyncForCancelsTheFlux() {
        AtomicInteger cancelled = new AtomicInteger();
        Flux<Long> infinite = Flux.interval(Duration.ofMillis(1)).doOnCancel(cancelled::incrementAndGet);
        assertThat(AwaitableFlux.mono(runtime, "ra_test.streams:collect_first", infinite, 5).block())
                .isEqualTo(List.of(0L, 1L, 2L, 3L, 4L));
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (cancelled.get() == 0 && System.nanoTime() < end) {
            Thread.onSpinWait();
        }
        assertThat(cancelled.get()).isEqualTo(1);
    }

    @Test
    void theSubscribersContextIsVisibleInPython() {
        StepVerifier.create(AwaitableFlux.mono(runtime, "ra_test.streams:context_value", "traceId")
                        .contextWrite(ctx -> ctx.put("traceId", "abc-123")))
                .expectNext("abc-123")
                .verifyComplete();
        StepVerifier.create(AwaitableFlux.mono(runtime, "ra_test.streams:context_in_child_task", "traceId")
                        .contextWrite(ctx -> ctx.put("traceId", "child-sees-it")))
                .expectNext("child-sees-it")
                .verifyComplete();
        StepVerifier.create(AwaitableFlux.mono(runtime, "ra_test.streams:context_value", "traceId"))
                .expectNext("missing")
                .verifyComplete();
        StepVerifier.create(AwaitableFlux.flux(runtime, "ra_test.streams:context_items", "user")
                        .contextWrite(ctx -> ctx.put("user", "ada")))
                .expectNext("ada")
                .verifyComplete();
        assertThat(AwaitableFlux.mono(runtime, "ra_test.streams:context_as_dict")
                .contextWrite(ctx -> ctx.put("a", 1).put("b", "two")).block())
                .isEqualTo(java.util.Map.of("a", 1L, "b", "two"));
    }
}
