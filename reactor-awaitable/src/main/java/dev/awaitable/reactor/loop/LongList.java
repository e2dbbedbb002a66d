package dev.awaitable.reactor.loop;

import java.util.Arrays;

/** A growable list of {@code long}s, reused from drain to drain (one thread only). */
final class LongList {

    private long[] values = new long[64];
    private int size;

    void clear() {
        size = 0;
    }

    int size() {
        return size;
    }

    void add(long... more) {
        if (size + more.length > values.length) {
            values = Arrays.copyOf(values, Math.max(values.length * 2, size + more.length));
        }
        System.arraycopy(more, 0, values, size, more.length);
        size += more.length;
    }

    long[] toArray() {
        return Arrays.copyOf(values, size);
    }
}
