package dev.awaitable.reactor.loop;

import java.util.function.BooleanSupplier;

/**
 * Lets a thread wait until a loop has nothing left to do: no command, no ready callback, no due timer.
 *
 * <p>Used only under virtual time, where the test thread moves the clock: it must not do so while a
 * coroutine is still on its way to its next timer. The loop thread calls {@link #loopIsIdle()} each
 * time it is about to wait; a waiter returns at the first such call after its own wake-up.
 *
 * <p>Internal to reactor-awaitable.
 */
final class VirtualTimeSettling {

    private final Object monitor = new Object();
    private volatile int waiters;
    private long idleCount; // guarded by monitor

    /**
     * Waits (up to {@code timeoutNanos}) until the loop has drained everything queued before this call
     * and has nothing ready.
     *
     * @param wake makes the loop drain (so it reaches its idle point even if it was already idle)
     * @param terminated whether the loop has stopped, which ends the wait
     */
    void awaitIdle(Runnable wake, BooleanSupplier terminated, long timeoutNanos) {
        synchronized (monitor) {
            waiters++;
            try {
                long seen = idleCount;
                long end = System.nanoTime() + timeoutNanos;
                wake.run();
                while (idleCount == seen && !terminated.getAsBoolean()) {
                    long left = end - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    monitor.wait(Math.max(1, left / 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                waiters--;
            }
        }
    }

    /** The loop thread, about to wait with nothing ready: releases the threads waiting for that. */
    void loopIsIdle() {
        if (waiters > 0) {
            synchronized (monitor) {
                idleCount++;
                monitor.notifyAll();
            }
        }
    }
}
