package dev.awaitable.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;

import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;

/**
 * {@code close()} with 10,000 coroutines in flight (one-value calls, streams, a map, blocking jobs):
 * every subscriber gets exactly one terminal signal, and every coroutine's {@code finally} runs.
 */
class CloseUnderLoadTest {

    /** Counts every signal a subscription receives. */
    private static final class Counting extends BaseSubscriber<Object> {
        final AtomicInteger terminals = new AtomicInteger();

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        protected void hookOnComplete() {
            terminals.incrementAndGet();
        }

        @Override
        protected void hookOnError(Throwable error) {
            terminals.incrementAndGet();
        }
    }

    @Test
    void everySubscriberGetsOneTerminalSignalAndEveryFinallyRuns() throws Exception {
        int monos = 6_000;
        int streams = 2_000;
        int mapWorkers = 1_000;
        int blocking = 1_000;
        try (PythonRuntime observer = TestRuntimes.create()) { // shares the ra_test modules' state
            AwaitableFlux.mono(observer, "ra_test.closing:reset").block();
            PythonRuntime closing = TestRuntimes.create();
            List<Counting> subscribers = new ArrayList<>();
            for (int i = 0; i < monos; i++) {
                subscribers.add(subscribe(AwaitableFlux.mono(closing, "ra_test.closing:waits", "mono")));
            }
            for (int i = 0; i < streams; i++) {
                subscribers.add(subscribe(AwaitableFlux.flux(closing, "ra_test.closing:streams")));
            }
            subscribers.add(subscribe(AwaitableFlux.map(closing, Flux.range(0, 5_000).map(i -> "map"), "ra_test.closing:waits",
                    MapOptions.maxWorkers(mapWorkers))));
            for (int i = 0; i < blocking; i++) {
                subscribers.add(subscribe(AwaitableFlux.mono(closing, "ra_test.closing:blocks")));
            }
            Map<?, ?> started = awaitStarted(observer, monos + streams + mapWorkers + blocking);

            long start = System.nanoTime();
            closing.close();
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(subscribers).allSatisfy(s -> assertThat(s.terminals.get()).as("terminal signals").isEqualTo(1));
            List<?> counts = (List<?>) AwaitableFlux.mono(observer, "ra_test.closing:counts").block();
            assertThat(counts.get(1)).as("finally blocks run, by kind").isEqualTo(started);
            assertThat(took).as("close() with 10,000 calls in flight").isLessThan(Duration.ofSeconds(15));
        }
    }

    private static Counting subscribe(Publisher<Object> publisher) {
        Counting subscriber = new Counting();
        publisher.subscribe(subscriber);
        return subscriber;
    }

    /** Waits until that many coroutines have started; returns the started counts by kind. */
    private static Map<?, ?> awaitStarted(PythonRuntime observer, int expected) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            Map<?, ?> started = (Map<?, ?>) ((List<?>) AwaitableFlux.mono(observer, "ra_test.closing:counts").block()).get(0);
            long total = started.values().stream().mapToLong(v -> ((Number) v).longValue()).sum();
            if (total >= expected || System.nanoTime() > end) {
                assertThat(total).as("coroutines started").isEqualTo(expected);
                return started;
            }
            Thread.sleep(20);
        }
    }
}
