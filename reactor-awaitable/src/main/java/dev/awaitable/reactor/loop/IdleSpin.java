package dev.awaitable.reactor.loop;

/**
 * Whether an idle loop thread spins before it parks, decided from how its recent spins went.
 * <p>
 * A spin pays when the next piece of work arrives within it: a caller that answers each result with
 * the next call finds the loop thread awake, and the round trip saves a park and an unpark. Under
 * load whose wake-ups come at random (blocking workers finishing, Java publishers, timers) a spin
 * seldom ends in work and only takes a core from the threads that would bring it. So the thread
 * spins while at least about half of its recent spins found work; after a run of misses it parks at
 * once, and tries one spin every {@link #PROBE_EVERY} idle waits to notice when the pattern
 * changes back.
 * <p>
 * Used by the owning loop thread only; not thread-safe.
 */
final class IdleSpin {

    /** How long one spin lasts. */
    static final long SPIN_NANOS = 20_000;
    /** Hits banked at most, so a long run of hits is undone by as many misses. */
    static final int MAX_CREDIT = 8;
    /** With no credit left, one idle wait in this many spins anyway. */
    static final int PROBE_EVERY = 32;

    private int credit = MAX_CREDIT;
    private int withoutSpin;

    /** @return whether the coming idle wait should spin first */
    boolean shouldSpin() {
        if (credit > 0) {
            return true;
        }
        if (++withoutSpin >= PROBE_EVERY) {
            withoutSpin = 0;
            return true;
        }
        return false;
    }

    /** Records how a spin ended: with work found ({@code hit}) or in a park. */
    void spun(boolean hit) {
        credit = hit ? Math.min(MAX_CREDIT, credit + 1) : Math.max(0, credit - 1);
    }
}
