package dev.awaitable.reactor.loop;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import jep.Interpreter;

/**
 * What a loop thread needs to know about its runtime.
 *
 * <p>Internal to reactor-awaitable.
 *
 * @param runtimeId the runtime's key in Python (unique in this JVM)
 * @param shutdownGrace how long {@code close()} lets cancelled coroutines run their cleanup
 * @param maxBlockingWorkers cap of blocking-worker threads
 * @param blockingQueueCapacity how many blocking jobs may wait for a worker
 * @param blockingIdleTimeout how long an idle blocking worker lives
 * @param pythonPaths directories prepended to {@code sys.path}
 * @param slowStepThreshold a coroutine step longer than this is logged; {@code null}: not measured
 * @param preload modules each loop imports before the runtime takes work
 * @param isolatedInterpreters when not null, each loop thread opens its interpreter with this (an isolated
 *     sub-interpreter with its own GIL, its own modules and its own blocking workers, which are Python
 *     threads of that interpreter); when null, loops open shared interpreters and share the runtime's
 *     Java blocking workers
 * @param pythonLogging whether Python's logging goes to SLF4J ({@link PythonLogBridge})
 * @param tracing whether the runtime traces its calls, so Python continues the callers' traces
 * @param uvloop whether each loop thread runs a uvloop loop for its life (Python calls Java) instead of
 *     stepping asyncio's selector loop (Java calls Python)
 */
public record LoopSettings(long runtimeId, Duration shutdownGrace, int maxBlockingWorkers,
                           int blockingQueueCapacity, Duration blockingIdleTimeout, List<String> pythonPaths,
                           Duration slowStepThreshold, List<String> preload, Supplier<Interpreter> isolatedInterpreters,
                           boolean pythonLogging, boolean tracing, boolean uvloop) {

    /** @return whether each loop has an interpreter of its own */
    public boolean isolated() {
        return isolatedInterpreters != null;
    }
}
