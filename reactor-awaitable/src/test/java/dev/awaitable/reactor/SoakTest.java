package dev.awaitable.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Calls of every kind (mono, flux, map with 1,000 workers, execute_async), 1% failing, 1% cancelled by
 * their subscriber mid-flight, 1% timing out, 0.1% raising SystemExit or KeyboardInterrupt, and beside
 * them HTTP GETs through a per-loop aiohttp session to a server process that is SIGKILLed and restarted
 * on the same port now and then: every subscription ends exactly once, every started coroutine runs its
 * finally, the loop reports nothing, Java heap, Python objects, the process's RSS and open file
 * descriptors stay flat and threads bounded, and HTTP calls succeed again after each restart. A short
 * run is part of the suite; the full one ({@code -Psoak}: {@code -Dsoak.minutes}, default 10, chunks of
 * 40,000 calls, the server killed every minute) prints a sample after each chunk.
 */
class SoakTest {

    private static final int CHUNK = 40_000;

    @Test
    void shortSoak() throws Exception {
        soak(Duration.ofDays(1), 20_000, 5_000, Duration.ofSeconds(1)); // bounded by its calls
    }

    @Test
    @Tag("soak")
    @Timeout(value = 24, unit = TimeUnit.HOURS) // it runs for -Dsoak.minutes, beyond the suite's default timeout
    void fullSoak() throws Exception {
        soak(Duration.ofMinutes(Integer.getInteger("soak.minutes", 10)), Integer.MAX_VALUE, CHUNK, Duration.ofMinutes(1));
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

    /**
     * Runs chunks of {@code chunk} calls until {@code duration} has passed (and at least one chunk ran) or
     * {@code calls} were made, SIGKILLing and restarting the HTTP server every {@code killEvery}.
     */
    private static void soak(Duration duration, int calls, int chunk, Duration killEvery) throws Exception {
        AtomicLong mapFailures = new AtomicLong();
        AtomicLong httpOk = new AtomicLong();
        AtomicLong httpFailed = new AtomicLong();
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        RestartedServer server = new RestartedServer(killEvery);
        long start = System.nanoTime();
        try (server; PythonRuntime runtime = TestRuntimes.builder().preload("aiohttp").build()) {
            AwaitableFlux.mono(runtime, "ra_test.soak:reset").block();
            AwaitableFlux.mono(runtime, "ra_test.soak:watch").block();
            List<long[]> measured = new ArrayList<>();
            int from = 0;
            do {
                int to = (int) Math.min((long) calls, (long) from + chunk);
                AtomicIntegerArray endings = new AtomicIntegerArray(to - from);
                AtomicIntegerArray httpEndings = new AtomicIntegerArray(to - from);
                runChunk(runtime, from, to, endings, mapFailures, server.baseUrl(), httpEndings, httpOk, httpFailed);
                for (int i = from; i < to; i++) {
                    if (i % 4 != 2) { // map items end inside the map's one subscription
                        assertThat(endings.get(i - from)).as("signals ending call %d", i).isEqualTo(1);
                    }
                    if (i % 4 == 0) {
                        assertThat(httpEndings.get(i - from)).as("signals ending HTTP call %d", i).isEqualTo(1);
                    }
                }
                long[] sample = sample(runtime);
                measured.add(sample);
                System.out.printf("%6.1f s, %,d calls: Java heap %,d KB, Python objects %,d, threads %d, RSS %,d KB, "
                                + "open fds %d, HTTP ok %,d failed %,d, server restarts %d%n",
                        (System.nanoTime() - start) / 1e9, to, sample[0] / 1024, sample[1], sample[2], sample[3],
                        sample[4], httpOk.get(), httpFailed.get(), server.restarts());
                from = to;
            } while (from < calls && Duration.ofNanos(System.nanoTime() - start).compareTo(duration) < 0);

            List<?> report = (List<?>) AwaitableFlux.mono(runtime, "ra_test.soak:report").block();
            assertThat(report.get(1)).as("finally blocks run, by kind").isEqualTo(report.get(0));
            assertThat((List<?>) report.get(2)).as("what the loop's exception handler received").isEmpty();
            assertThat(mapFailures.get()).as("map items that failed, were cancelled or timed out").isPositive();
            server.stopRestarting();
            assertThat(server.restarts()).as("server restarts").isPositive();
            assertThat(httpOk.get()).as("HTTP calls that succeeded").isPositive();
            assertThat(AwaitableFlux.mono(runtime, "ra_test.soak:fetch", server.baseUrl() + "/hello/after").block(
                    Duration.ofSeconds(30))).as("an HTTP call after the last restart").isEqualTo("hello after");

            long[] first = measured.get(0);
            long[] last = measured.get(measured.size() - 1);
            assertThat(last[0]).as("Java heap after GC, bytes").isLessThan(first[0] * 3 / 2 + (32L << 20));
            assertThat(last[1]).as("Python objects").isLessThan(first[1] + first[1] / 20);
            // Blocking workers start on demand and end when idle, so threads are bounded rather than flat:
            // the loop thread, at most 256 workers (the default cap), the relay and Reactor's own.
            assertThat(last[2]).as("threads").isLessThanOrEqualTo(threadsBefore + 1 + 256 + 8);
            assertThat(last[3]).as("RSS, KB").isLessThan(first[3] * 3 / 2 + 64 * 1024);
            assertThat(last[4]).as("open file descriptors").isLessThan(first[4] + 64);
        }
    }

    private static void runChunk(PythonRuntime runtime, int from, int to, AtomicIntegerArray endings, AtomicLong mapFailures,
                                 String baseUrl, AtomicIntegerArray httpEndings, AtomicLong httpOk, AtomicLong httpFailed) {
        Flux<Integer> inputs = Flux.range(from, to - from);
        Mono<Void> monos = inputs.filter(i -> i % 4 == 0)
                .flatMap(i -> counted(withFault(AwaitableFlux.mono(runtime, "ra_test.soak:work", "mono", i, mode(i)), i), i - from, endings), 256)
                .then();
        Mono<Void> fluxes = inputs.filter(i -> i % 4 == 1)
                .flatMap(i -> counted(withFault(AwaitableFlux.flux(runtime, "ra_test.soak:items", i, mode(i))
                        .collectList().map(list -> (Object) list), i), i - from, endings), 128)
                .then();
        // Real I/O: a refused connection or a dropped one while the server is down fails that call alone.
        Mono<Void> http = inputs.filter(i -> i % 4 == 0)
                .flatMap(i -> counted(AwaitableFlux.mono(runtime, "ra_test.soak:fetch", baseUrl + "/hello/" + i)
                        .doOnSuccess(v -> httpOk.incrementAndGet()).doOnError(e -> httpFailed.incrementAndGet()),
                        i - from, httpEndings), 64)
                .then();
        Mono<Void> mapped = AwaitableFlux.map(runtime, inputs.filter(i -> i % 4 == 2).map(i -> List.of(i, mode(i))),
                        "ra_test.soak:mapped", MapOptions.maxWorkers(1_000).itemTimeout(Duration.ofSeconds(10))
                                .continueOnError((input, error) -> mapFailures.incrementAndGet()))
                .then();
        Mono<Void> blocking = inputs.filter(i -> i % 4 == 3)
                .flatMap(i -> counted(withFault(AwaitableFlux.mono(runtime, "ra_test.soak:blocking", i, mode(i)), i), i - from, endings), 64)
                .then();
        Mono.when(monos, fluxes, mapped, blocking, http).block(Duration.ofMinutes(10));
    }

    /** Counts the one signal that ends this call's subscription (value, empty, error or cancel). */
    private static Mono<Object> counted(Mono<Object> call, int i, AtomicIntegerArray endings) {
        return call.doOnSuccess(v -> endings.incrementAndGet(i))
                .doOnError(e -> endings.incrementAndGet(i))
                .doOnCancel(() -> endings.incrementAndGet(i))
                .onErrorResume(e -> e instanceof PythonException || e instanceof TimeoutException, e -> Mono.empty());
    }

    /** [Java heap after GC, Python objects, live threads, the process's RSS in KB, its open file descriptors]. */
    private static long[] sample(PythonRuntime runtime) throws IOException {
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        List<?> report = (List<?>) AwaitableFlux.mono(runtime, "ra_test.soak:report").block();
        long rss = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(line -> line.startsWith("VmRSS:"))
                .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", ""))).findFirst().orElse(-1);
        long fds;
        try (Stream<Path> open = Files.list(Path.of("/proc/self/fd"))) {
            fds = open.count();
        }
        return new long[] {heap, ((Number) report.get(3)).longValue(), ManagementFactory.getThreadMXBean().getThreadCount(),
                rss, fds};
    }

    /** The HTTP server process, SIGKILLed and started again on the same port every {@code every}. */
    private static final class RestartedServer implements AutoCloseable {

        private final ScheduledExecutorService killer = Executors.newSingleThreadScheduledExecutor();
        private final AtomicInteger restarts = new AtomicInteger();
        private final String baseUrl;
        private volatile TestHttpServer server;

        RestartedServer(Duration every) throws IOException {
            server = TestHttpServer.start();
            baseUrl = server.baseUrl();
            killer.scheduleWithFixedDelay(this::restart, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        }

        private void restart() {
            try {
                server.kill();
                server = TestHttpServer.start(server.port());
                restarts.incrementAndGet();
            } catch (Exception e) {
                throw new IllegalStateException("restarting the soak's HTTP server failed", e);
            }
        }

        String baseUrl() {
            return baseUrl;
        }

        int restarts() {
            return restarts.get();
        }

        /** Lets a restart under way finish, and starts no more. */
        void stopRestarting() throws InterruptedException {
            killer.shutdown();
            killer.awaitTermination(30, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws Exception {
            stopRestarting();
            server.close();
        }
    }
}
