package dev.awaitable.benchmarks.suite;

import java.util.function.IntFunction;

/**
 * One contender's way of running Python coroutines from Java. {@link WorkloadRun} times the
 * workloads against this interface, so every contender is measured by the same code.
 */
interface CoroutineRunner extends AutoCloseable {

    /** Runs {@code target(args(i))} for i in [0, n), at most {@code bound} at once; returns when all finished. */
    void runAll(String target, IntFunction<Object[]> args, int n, int bound) throws Exception;

    /** One call of {@code target(args)}, waiting for its result. */
    Object call(String target, Object... args) throws Exception;

    /** Items of the async generator {@code target(items)} delivered to Java; returns how many. */
    long stream(String target, int items) throws Exception;

    /** The coroutine function this design uses to wait {@code seconds} in a blocking {@code time.sleep}. */
    String blockingSleepTarget();

    /**
     * W3 with the bound kept inside Python, where this design has such a way besides {@link #runAll}:
     * {@code n} blocking sleeps of {@code seconds}, {@code bound} at once; null when it has none.
     */
    default Runnable blockingFanOutInPython(int n, int bound, double seconds) {
        return null;
    }

    /**
     * W3's floor in this design's own process, reported beside W3's figures where the design has one:
     * the same sleeps with none of the design's per-call work, started by one call; null when it has none.
     */
    default Runnable blockingFanOutFloor(int n, int bound, double seconds) {
        return null;
    }

    /** Starts {@code n} coroutines that stay suspended, and returns once all have started waiting. */
    void suspend(int n) throws Exception;

    /** Lets the coroutines of {@link #suspend} finish, and waits for them. */
    void release() throws Exception;

    /** Bytes allocated through Python's allocators (tracemalloc, started by the first call). */
    long pythonTracedBytes() throws Exception;

    @Override
    void close() throws Exception;
}
