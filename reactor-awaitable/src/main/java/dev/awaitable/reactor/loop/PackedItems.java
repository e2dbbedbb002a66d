package dev.awaitable.reactor.loop;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.RandomAccess;

/**
 * Unpacks stream-item batches that Python sent as packed bytes ({@code reactor_awaitable._driver}):
 * all-{@code int} batches as native-order 64-bit integers, all-{@code float} as doubles, all-{@code str}
 * as UTF-8 lengths plus the joined UTF-8 bytes. The items are the same Java values a converted list
 * would hold ({@code Long}, {@code Double}, {@code String}).
 */
final class PackedItems {

    private PackedItems() {
    }

    /** @return the {@code Long} items, boxed lazily as they are read */
    static List<Object> longs(byte[] packed) {
        LongBuffer values = ByteBuffer.wrap(packed).order(ByteOrder.nativeOrder()).asLongBuffer();
        return new View(values.remaining()) {
            @Override
            public Object get(int index) {
                return values.get(index);
            }
        };
    }

    /** @return the {@code Double} items, boxed lazily as they are read */
    static List<Object> doubles(byte[] packed) {
        DoubleBuffer values = ByteBuffer.wrap(packed).order(ByteOrder.nativeOrder()).asDoubleBuffer();
        return new View(values.remaining()) {
            @Override
            public Object get(int index) {
                return values.get(index);
            }
        };
    }

    /** @param packed {@code [lengths (native-order int32 bytes), UTF-8 bytes joined]} */
    static List<Object> strings(List<?> packed) {
        IntBuffer lengths = ByteBuffer.wrap((byte[]) packed.get(0)).order(ByteOrder.nativeOrder()).asIntBuffer();
        byte[] utf8 = (byte[]) packed.get(1);
        List<Object> items = new ArrayList<>(lengths.remaining());
        int offset = 0;
        while (lengths.hasRemaining()) {
            int length = lengths.get();
            items.add(new String(utf8, offset, length, StandardCharsets.UTF_8));
            offset += length;
        }
        return items;
    }

    private abstract static class View extends AbstractList<Object> implements RandomAccess {

        private final int size;

        View(int size) {
            this.size = size;
        }

        @Override
        public int size() {
            return size;
        }
    }
}
