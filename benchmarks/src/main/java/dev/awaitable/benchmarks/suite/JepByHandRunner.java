package dev.awaitable.benchmarks.suite;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import jep.SharedInterpreter;

/**
 * Contender 3, Jep without this library: a fixed pool of Java threads, each with its own
 * SharedInterpreter (opened on the thread's first task, reused), each call
 * {@code asyncio.run(coroutine)} on one pool thread. One coroutine per thread, so the pool size is
 * the concurrency: the workload's bound, at most {@value #MAX_THREADS} threads.
 */
final class JepByHandRunner implements CoroutineRunner {

    static final int MAX_THREADS = 200;

    private static final ThreadLocal<SharedInterpreter> INTERPRETER = new ThreadLocal<>();

    private final ExecutorService pool;
    private final List<Thread> suspendedThreads = new ArrayList<>();

    JepByHandRunner() {
        JepSetup.configure();
        pool = new ThreadPoolExecutor(MAX_THREADS, MAX_THREADS, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(),
                task -> new Thread(() -> {
                    try (SharedInterpreter interpreter = JepSetup.open()) {
                        INTERPRETER.set(interpreter);
                        task.run();
                    }
                }));
    }

    private static Object runToCompletion(String target, Object[] args) {
        return INTERPRETER.get().invoke("contender_support.run_to_completion", JepSetup.targetAndArgs(target, args));
    }

    @Override
    public void runAll(String target, IntFunction<Object[]> args, int n, int bound) throws Exception {
        Semaphore inFlight = new Semaphore(Math.min(bound, MAX_THREADS));
        List<Future<?>> calls = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Object[] callArgs = args.apply(i);
            inFlight.acquire();
            calls.add(pool.submit(() -> {
                try {
                    return runToCompletion(target, callArgs);
                } finally {
                    inFlight.release();
                }
            }));
        }
        for (Future<?> call : calls) {
            call.get();
        }
    }

    @Override
    public Object call(String target, Object... args) throws Exception {
        return pool.submit(() -> runToCompletion(target, args)).get();
    }

    @Override
    public long stream(String target, int items) throws Exception {
        return pool.submit(() -> ((List<?>) INTERPRETER.get().invoke("contender_support.collect", target, items)).size())
                .get();
    }

    @Override
    public String blockingSleepTarget() {
        return "contender_support:to_thread_sleep";
    }

    /** One thread per suspended coroutine: that is this design's only way to hold a coroutine open. */
    @Override
    public void suspend(int n) throws Exception {
        for (int i = 0; i < n; i++) {
            Thread thread = new Thread(() -> {
                try (SharedInterpreter interpreter = JepSetup.open()) {
                    interpreter.invoke("contender_support.run_to_completion", "contender_support:suspended_polling_flag");
                }
            });
            thread.start();
            suspendedThreads.add(thread);
        }
        while (((Number) pool.submit(() -> INTERPRETER.get().invoke("contender_support.started_count")).get()).intValue() < n) {
            Thread.sleep(10);
        }
    }

    @Override
    public void release() throws Exception {
        pool.submit(() -> INTERPRETER.get().invoke("contender_support.release")).get();
        for (Thread thread : suspendedThreads) {
            thread.join();
        }
    }

    @Override
    public long pythonTracedBytes() throws Exception {
        return pool.submit(() -> {
            INTERPRETER.get().invoke("bench_tasks.start_tracing");
            return ((Number) INTERPRETER.get().invoke("bench_tasks.python_traced_bytes")).longValue();
        }).get();
    }

    @Override
    public void close() throws InterruptedException {
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.MINUTES);
    }
}
