package dev.awaitable.reactor.loop;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;

/**
 * A growable run of {@code long}s in a direct, native-order buffer that the loop's Python reads and
 * writes in place (a {@code memoryview} cast to int64), so a drain's numbers cross with no array
 * copy and no Jep conversion. Python keeps its view of the buffer from drain to drain; when the
 * buffer is replaced by a bigger one, {@link #takeReplacement()} hands the new one over once.
 * One thread only (the loop thread).
 */
final class DirectLongs {

    private ByteBuffer bytes;
    private LongBuffer longs;
    private int size;
    private boolean replaced;

    DirectLongs(int capacity) {
        allocate(capacity);
    }

    void clear() {
        size = 0;
    }

    int size() {
        return size;
    }

    void add(long value) {
        if (size == longs.capacity()) {
            ensureCapacity(size * 2);
        }
        longs.put(size++, value);
    }

    long get(int index) {
        return longs.get(index);
    }

    void set(int index, long value) {
        longs.put(index, value);
    }

    /** Replaces the buffer with one of at least {@code capacity} longs, keeping the first {@link #size()}. */
    void ensureCapacity(int capacity) {
        if (capacity <= longs.capacity()) {
            return;
        }
        LongBuffer old = longs;
        allocate(Math.max(capacity, 2 * old.capacity()));
        longs.put(0, old, 0, size);
    }

    /** @return the current buffer */
    ByteBuffer buffer() {
        return bytes;
    }

    /** @return the buffer when it was replaced (or first made) since the last call, else null */
    ByteBuffer takeReplacement() {
        if (!replaced) {
            return null;
        }
        replaced = false;
        return bytes;
    }

    private void allocate(int capacity) {
        bytes = ByteBuffer.allocateDirect(capacity * Long.BYTES).order(ByteOrder.nativeOrder());
        longs = bytes.asLongBuffer();
        replaced = true;
    }
}
