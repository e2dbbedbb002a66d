package dev.awaitable.reactor.loop;

import reactor.core.Disposable;

/**
 * The one wake-up a loop keeps set for its earliest Python timer, on the {@link LoopClock}'s scheduler.
 *
 * <p>Loop thread only.
 */
final class LoopTimer {

    private final LoopClock clock;
    private final Runnable fired;
    private double deadline = Double.POSITIVE_INFINITY;
    private boolean virtual;
    private Disposable timer;

    /** @param fired what runs, on the scheduler's thread, when the wake-up is due */
    LoopTimer(LoopClock clock, Runnable fired) {
        this.clock = clock;
        this.fired = fired;
    }

    /**
     * Sets one wake-up for {@code deadlineNanos} (loop time, -1: none); an earlier one already set is
     * kept.
     *
     * @param onVirtualClock whether the loop reads a virtual clock now
     */
    void schedule(long deadlineNanos, boolean onVirtualClock) {
        if (onVirtualClock != virtual) {
            // Deadlines on the real and on a virtual clock cannot be compared: start over.
            virtual = onVirtualClock;
            deadline = Double.POSITIVE_INFINITY;
            if (timer != null) {
                timer.dispose();
            }
        }
        double now = clock.nowSeconds();
        if (deadline <= now) {
            deadline = Double.POSITIVE_INFINITY; // that wake-up has fired (or is about to)
        }
        if (deadlineNanos < 0) {
            return;
        }
        double when = deadlineNanos / 1e9;
        if (when >= deadline) {
            return;
        }
        if (timer != null) {
            timer.dispose();
        }
        deadline = when;
        long delayNanos = Math.max(0, (long) Math.ceil((when - now) * 1e9));
        timer = clock.schedule(fired, delayNanos);
    }

    void dispose() {
        if (timer != null) {
            timer.dispose();
        }
    }
}
