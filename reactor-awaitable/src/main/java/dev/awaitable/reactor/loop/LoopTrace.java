package dev.awaitable.reactor.loop;

/**
 * The last calls a loop started and the outcomes it delivered, for {@link LoopThread#toString()} when a
 * call seems stuck. Written by the loop thread only; {@link #toString()} reads it racily (diagnostics
 * only).
 *
 * <p>Internal to reactor-awaitable.
 */
final class LoopTrace {

    private static final int SIZE = 32;
    private final long[] ids = new long[SIZE];
    private final char[] events = new char[SIZE];
    private final int[] counts = new int[SIZE];
    private int next;

    /** Records one event: {@code S} started, {@code I} {@code count} items, {@code V} value, {@code E} error, {@code C} cancelled. */
    void record(char event, long id, int count) {
        int slot = next++ & (SIZE - 1);
        events[slot] = event;
        ids[slot] = id;
        counts[slot] = count;
    }

    /**
     * The last {@value #SIZE} events, oldest first: {@code S<id>} started, {@code I<id>x<n>} n items
     * delivered, {@code V<id>} value (or a stream's completion), {@code E<id>} error, {@code C<id>}
     * cancelled.
     */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("[");
        int last = next;
        for (int i = Math.max(0, last - SIZE); i < last; i++) {
            int slot = i & (SIZE - 1);
            if (out.length() > 1) {
                out.append(' ');
            }
            out.append(events[slot]).append(ids[slot]);
            if (events[slot] == 'I') {
                out.append('x').append(counts[slot]);
            }
        }
        return out.append(']').toString();
    }
}
