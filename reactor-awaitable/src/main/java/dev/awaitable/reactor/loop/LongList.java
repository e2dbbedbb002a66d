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

    void add(long value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, values.length * 2);
        }
        values[size++] = value;
    }

    long[] toArray() {
        return Arrays.copyOf(values, size);
    }
}
