package dev.awaitable.reactor.loop;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes loop threads on behalf of threads that Java did not create.
 *
 * <p>A thread started by Python (a database driver's own thread, a {@code concurrent.futures} pool)
 * that calls {@code loop.call_soon_threadsafe} must wake the loop's Java thread. Calling
 * {@link LoopThread#wake()} from it would make Jep attach it to the JVM, and nothing detaches it: one
 * JVM thread more for every such Python thread, for the life of the process. Instead, such a thread
 * writes the loop's number (4 bytes, native order) to a pipe that Python creates once per process;
 * this class's one daemon thread reads the pipe (blocked in {@code read}, no polling) and wakes the
 * loops named. Threads Java created (loop threads, blocking workers) still call {@code wake()}
 * directly.
 *
 * <p>Internal to reactor-awaitable.
 */
final class ForeignWakeRelay {

    private static final Logger LOG = LoggerFactory.getLogger(ForeignWakeRelay.class);
    private static final Map<Integer, LoopThread> LOOPS = new ConcurrentHashMap<>();
    private static final AtomicInteger NUMBERS = new AtomicInteger();
    private static final Set<Long> READ_PIPES = ConcurrentHashMap.newKeySet(); // ids of the pipes with a reader

    private ForeignWakeRelay() {
    }

    /** @return the number by which Python names {@code loop} on the relay's pipe */
    static int register(LoopThread loop) {
        int number = NUMBERS.incrementAndGet();
        LOOPS.put(number, loop);
        return number;
    }

    /** The loop no longer runs; its Python side has released the pipe (the last one closes it). */
    static void unregister(int number) {
        LOOPS.remove(number);
    }

    /**
     * Starts a reader thread for the pipe {@code pipeId}, once; it ends when Python closes the pipe
     * (when the last loop using it closes). Shared loops use one pipe per process; each isolated loop
     * has a pipe of its own, so several may be read at once.
     *
     * @param readFd the read end of Python's relay pipe
     * @param pipeId the pipe's inode, which no other open pipe has
     */
    static synchronized void ensureStarted(int readFd, long pipeId) {
        if (!READ_PIPES.add(pipeId)) {
            return;
        }
        InputStream in;
        try {
            in = new FileInputStream("/proc/self/fd/" + readFd);
        } catch (IOException e) {
            READ_PIPES.remove(pipeId);
            throw new IllegalStateException("Cannot open Python's wake-up relay pipe through /proc/self/fd/" + readFd
                    + ": reactor-awaitable's loop threads need Linux (" + e.getMessage() + ")", e);
        }
        Thread reader = new Thread(() -> {
            try {
                relay(in);
            } finally {
                READ_PIPES.remove(pipeId);
            }
        }, "reactor-awaitable-foreign-wake-relay-" + pipeId);
        reader.setDaemon(true);
        reader.start();
    }

    private static void relay(InputStream in) {
        byte[] bytes = new byte[4096];
        ByteBuffer numbers = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
        int have = 0;
        try (in) {
            int read;
            while ((read = in.read(bytes, have, bytes.length - have)) >= 0) {
                have += read;
                int whole = have - have % Integer.BYTES;
                for (int i = 0; i < whole; i += Integer.BYTES) {
                    LoopThread loop = LOOPS.get(numbers.getInt(i));
                    if (loop != null) {
                        loop.wake();
                    }
                }
                System.arraycopy(bytes, whole, bytes, 0, have - whole);
                have -= whole;
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("The wake-up relay for Python-started threads stopped; their call_soon_threadsafe no longer "
                    + "wakes loop threads", e);
        }
    }
}
