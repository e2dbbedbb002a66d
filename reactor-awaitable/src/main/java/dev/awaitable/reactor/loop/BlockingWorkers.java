package dev.awaitable.reactor.loop;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jep.Interpreter;

/**
 * The Java threads behind a runtime's blocking-worker pool ({@code execute_async},
 * {@code asyncio.to_thread}).
 *
 * <p>The pool's bookkeeping is in Python ({@code reactor_awaitable._blocking.BlockingPool}); it calls
 * {@link #spawn()} when a job waits and fewer than the cap are alive. Each worker is a Java thread
 * that opens its own {@link SharedInterpreter}, serves jobs until the pool stops it or it has been idle
 * for a while, and closes the interpreter on the same thread (Jep's rule).
 *
 * <p>Internal to reactor-awaitable.
 */
public final class BlockingWorkers {

    private static final Logger LOG = LoggerFactory.getLogger(BlockingWorkers.class);

    private final long runtimeId;
    private final String namePrefix;
    private final AtomicInteger sequence = new AtomicInteger();
    private final Set<Thread> alive = ConcurrentHashMap.newKeySet();

    /**
     * @param runtimeId the Python-side key of the runtime's pool
     * @param namePrefix thread-name prefix
     */
    public BlockingWorkers(long runtimeId, String namePrefix) {
        this.runtimeId = runtimeId;
        this.namePrefix = namePrefix;
    }

    /** Starts one worker thread. Called from Python on a loop thread; does not block. */
    public void spawn() {
        Thread thread = new Thread(this::serve, namePrefix + sequence.incrementAndGet());
        thread.setDaemon(true);
        alive.add(thread);
        thread.start();
    }

    private void serve() {
        try (Interpreter python = LoopThread.openSharedInterpreter()) {
            python.exec("from reactor_awaitable._runtimes import serve_blocking");
            python.invoke("serve_blocking", runtimeId, Thread.currentThread().getName());
        } catch (Throwable e) {
            LOG.error("blocking worker {} failed", Thread.currentThread().getName(), e);
        } finally {
            alive.remove(Thread.currentThread());
        }
    }

    /**
     * Waits for the workers to end after the pool was stopped.
     *
     * @return true when all ended within {@code timeout}; a worker still inside a long blocking call is
     *     left to finish on its own (it is a daemon thread)
     */
    public boolean join(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        for (Thread thread : Set.copyOf(alive)) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                break;
            }
            thread.join(Math.max(1, left / 1_000_000));
        }
        return alive.isEmpty();
    }

    /** @return how many worker threads are alive */
    public int size() {
        return alive.size();
    }
}
