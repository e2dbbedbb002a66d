package dev.awaitable.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import dev.awaitable.reactor.AwaitableFlux;
import dev.awaitable.reactor.MapOptions;
import dev.awaitable.benchmarks.suite.ProcessMeasures;
import dev.awaitable.reactor.PythonRuntime;
import reactor.core.publisher.Flux;

/**
 * Memory of a long {@code map} run: 1,000,000 inputs, {@code maxWorkers} 10,000, each a coroutine
 * awaiting {@code asyncio.sleep(0)}. Samples the Java heap (after a GC), Python's allocated blocks
 * and the process RSS as inputs complete; flat figures mean memory follows maxWorkers, not inputs.
 */
public final class MapMemoryHarness {

    private MapMemoryHarness() {
    }

    public static void main(String[] args) throws Exception {
        int inputs = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int maxWorkers = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        Path python = Path.of(System.getProperty("bench.python", "src/main/python"));
        try (PythonRuntime runtime = PythonRuntime.builder().addPythonPath(python).build()) {
            AtomicLong done = new AtomicLong();
            System.out.printf("%,d inputs, maxWorkers %,d%n", inputs, maxWorkers);
            System.out.printf("%12s %14s %16s %10s%n", "completed", "Java heap MB", "Python blocks", "RSS MB");
            Thread sampler = new Thread(() -> {
                long step = inputs / 8;
                long next = 0;
                while (done.get() < inputs) {
                    if (done.get() >= next) {
                        sample(runtime, done.get());
                        next += step;
                    }
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            long start = System.nanoTime();
            sampler.start();
            long count = AwaitableFlux.map(runtime, Flux.range(0, inputs), "bench_tasks:sleep_zero",
                            MapOptions.maxWorkers(maxWorkers))
                    .doOnNext(v -> done.incrementAndGet())
                    .count()
                    .block();
            double seconds = (System.nanoTime() - start) / 1e9;
            sampler.join();
            sample(runtime, done.get());
            System.out.printf("%,d results in %.1f s (%,.0f per second)%n", count, seconds, count / seconds);
        }
    }

    private static void sample(PythonRuntime runtime, long completed) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long heap = memory.getHeapMemoryUsage().getUsed();
        List<?> py = (List<?>) AwaitableFlux.mono(runtime, "bench_tasks:python_memory").block();
        System.out.printf("%,12d %14.1f %,16d %10.1f%n", completed, heap / 1e6, (Long) py.get(0), ProcessMeasures.rssBytes() / 1048576.0);
    }
}
