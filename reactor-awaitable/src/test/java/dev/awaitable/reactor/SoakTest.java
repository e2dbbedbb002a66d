package dev.awaitable.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Calls of every kind (mono, flux, map with 1,000 workers, execute_async), 1% failing, 1% cancelled by
 * their subscriber mid-flight, 1% timing out, 0.1% raising SystemExit or KeyboardInterrupt: every
 * subscription ends exactly once, every started coroutine runs its finally, the loop reports nothing,
 * Java heap and Python objects stay flat and threads bounded. A short run is part of the suite; the full one
 * (1,000,000 calls, a sample every 100,000) runs with {@code -Psoak}.
 */
class SoakTest {

    @Test
    void shortSoak() {
        soak(20_000, 5_000);
    }

    @Test
    @Tag("soak")
    void fullSoak() {
        soak(1_000_000, 100_000);
    }

    /** The fault an input gets: per 1,000 inputs 10 raise, 10 are cancelled, 10 time out, 1 exits, 1 is interrupted... */
    private static String mode(int i) {
        int r = i % 1000;
        if (r < 10) {
            return "raise";
        }
        if (r < 30) {
            return "slow"; // 10-19 cancelled by the subscriber, 20-29 time out
        }
        if (r == 30) {
            return i % 2000 == 30 ? "exit" : "interrupt";
        }
        return "ok";
    }

    private static Mono<Object> withFault(Mono<Object> call, int i) {
        int r = i % 1000;
        if (r >= 10 && r < 20) {
            return call.take(Duration.ofMillis(5)); // the subscriber cancels mid-flight
        }
        if (r >= 20 && r < 30) {
            return call.timeout(Duration.ofMillis(5));
        }
        return call;
    }

    private static void soak(int calls, int sampleEvery) {
        AtomicIntegerArray endings = new AtomicIntegerArray(calls);
        AtomicLong mapFailures = new AtomicLong();
        List<String> samples = new ArrayList<>();
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        try (PythonRuntime runtime = TestRuntimes.create()) {
            AwaitableFlux.mono(runtime, "ra_test.soak:reset").block();
            AwaitableFlux.mono(runtime, "ra_test.soak:watch").block();
            List<long[]> measured = new ArrayList<>();
            for (int from = 0; from < calls; from += sampleEvery) {
                int to = Math.min(calls, from + sampleEvery);
                runChunk(runtime, from, to, endings, mapFailures);
                long[] sample = sample(runtime);
                measured.add(sample);
                samples.add(String.format("after %,d calls: Java heap %,d KB, Python objects %,d, threads %d",
                        to, sample[0] / 1024, sample[1], sample[2]));
            }
            samples.forEach(System.out::println);

            for (int i = 0; i < calls; i++) {
                if (i % 4 != 2) { // map items end inside the map's one subscription
                    assertThat(endings.get(i)).as("signals ending call %d", i).isEqualTo(1);
                }
            }
            List<?> report = (List<?>) AwaitableFlux.mono(runtime, "ra_test.soak:report").block();
            assertThat(report.get(1)).as("finally blocks run, by kind").isEqualTo(report.get(0));
            assertThat((List<?>) report.get(2)).as("what the loop's exception handler received").isEmpty();
            assertThat(mapFailures.get()).as("map items that failed, were cancelled or timed out").isPositive();

            long[] first = measured.get(0);
            long[] last = measured.get(measured.size() - 1);
            assertThat(last[0]).as("Java heap after GC, bytes").isLessThan(first[0] * 3 / 2 + (32L << 20));
            assertThat(last[1]).as("Python objects").isLessThan(first[1] + first[1] / 20);
            // Blocking workers start on demand and end when idle, so threads are bounded rather than flat:
            // the loop thread, at most 256 workers (the default cap), the relay and Reactor's own.
            assertThat(last[2]).as("threads").isLessThanOrEqualTo(threadsBefore + 1 + 256 + 8);
        }
    }

    private static void runChunk(PythonRuntime runtime, int from, int to, AtomicIntegerArray endings, AtomicLong mapFailures) {
        Flux<Integer> inputs = Flux.range(from, to - from);
        Mono<Void> monos = inputs.filter(i -> i % 4 == 0)
                .flatMap(i -> counted(withFault(AwaitableFlux.mono(runtime, "ra_test.soak:work", "mono", i, mode(i)), i), i, endings), 256)
                .then();
        Mono<Void> fluxes = inputs.filter(i -> i % 4 == 1)
                .flatMap(i -> counted(withFault(AwaitableFlux.flux(runtime, "ra_test.soak:items", i, mode(i))
                        .collectList().map(list -> (Object) list), i), i, endings), 128)
                .then();
        Mono<Void> mapped = AwaitableFlux.map(runtime, inputs.filter(i -> i % 4 == 2).map(i -> List.of(i, mode(i))),
                        "ra_test.soak:mapped", MapOptions.maxWorkers(1_000).itemTimeout(Duration.ofSeconds(10))
                                .continueOnError((input, error) -> mapFailures.incrementAndGet()))
                .then();
        Mono<Void> blocking = inputs.filter(i -> i % 4 == 3)
                .flatMap(i -> counted(withFault(AwaitableFlux.mono(runtime, "ra_test.soak:blocking", i, mode(i)), i), i, endings), 64)
                .then();
        Mono.when(monos, fluxes, mapped, blocking).block(Duration.ofMinutes(10));
    }

    /** Counts the one signal that ends this call's subscription (value, empty, error or cancel). */
    private static Mono<Object> counted(Mono<Object> call, int i, AtomicIntegerArray endings) {
        return call.doOnSuccess(v -> endings.incrementAndGet(i))
                .doOnError(e -> endings.incrementAndGet(i))
                .doOnCancel(() -> endings.incrementAndGet(i))
                .onErrorResume(e -> e instanceof PythonException || e instanceof TimeoutException, e -> Mono.empty());
    }

    /** [Java heap after GC, Python objects, live threads]. */
    private static long[] sample(PythonRuntime runtime) {
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        List<?> report = (List<?>) AwaitableFlux.mono(runtime, "ra_test.soak:report").block();
        return new long[] {heap, ((Number) report.get(3)).longValue(), ManagementFactory.getThreadMXBean().getThreadCount()};
    }
}
