package dev.awaitable.reactor.loop;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * What one loop thread has done, for metrics. Written by the loop thread alone (a release store per
 * event, no read-modify-write across threads), read by any thread, e.g. a meter registry's scrape.
 *
 * <p>Internal to reactor-awaitable.
 */
public final class LoopStats {

    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong cancelled = new AtomicLong();
    private final AtomicLong drains = new AtomicLong();
    private volatile long timersPending;
    private volatile long blockingQueued;
    /** Receives each drain's duration in nanoseconds; null: drains are not timed (no metrics). */
    private volatile LongConsumer drainTimes;

    /** @return calls that ended with a value (a stream: with its completion) */
    public long completed() {
        return completed.get();
    }

    /** @return calls that ended with an error, a Python-side cancellation included */
    public long failed() {
        return failed.get();
    }

    /** @return calls whose subscriber cancelled them */
    public long cancelled() {
        return cancelled.get();
    }

    /** @return drains: Java-to-Python calls that ran the loop's ready callbacks */
    public long drains() {
        return drains.get();
    }

    /** @return timers on the loop's heap at its last drain */
    public long timersPending() {
        return timersPending;
    }

    /** @return blocking jobs of the runtime waiting for a worker, as this loop last saw them */
    public long blockingQueued() {
        return blockingQueued;
    }

    /** Times every drain from now on (set before the loop starts). */
    public void timeDrains(LongConsumer nanos) {
        this.drainTimes = nanos;
    }

    LongConsumer drainTimes() {
        return drainTimes;
    }

    void completedOne() {
        completed.lazySet(completed.get() + 1);
    }

    void failedOne() {
        failed.lazySet(failed.get() + 1);
    }

    void cancelledOne() {
        cancelled.lazySet(cancelled.get() + 1);
    }

    void drained(long timers, long queued) {
        drains.lazySet(drains.get() + 1);
        if (timers != timersPending) {
            timersPending = timers;
        }
        if (queued != blockingQueued) {
            blockingQueued = queued;
        }
    }
}
