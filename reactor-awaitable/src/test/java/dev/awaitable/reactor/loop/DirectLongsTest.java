package dev.awaitable.reactor.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;

/** The buffer the loop's Python reads in place: values survive growth, a new buffer is handed over once. */
class DirectLongsTest {

    @Test
    void growingKeepsTheValuesAndHandsTheNewBufferOverOnce() {
        DirectLongs longs = new DirectLongs(4);
        ByteBuffer first = longs.takeReplacement();
        assertThat(first).isNotNull();
        assertThat(first.isDirect()).isTrue();
        assertThat(first.order()).isEqualTo(ByteOrder.nativeOrder());
        assertThat(longs.takeReplacement()).isNull();
        for (long i = 0; i < 10; i++) {
            longs.add(i * 1_000_000_007L);
        }
        ByteBuffer grown = longs.takeReplacement();
        assertThat(grown).isNotSameAs(first);
        assertThat(grown.capacity()).isGreaterThanOrEqualTo(10 * Long.BYTES);
        assertThat(longs.takeReplacement()).isNull();
        for (int i = 0; i < 10; i++) {
            assertThat(longs.get(i)).isEqualTo(i * 1_000_000_007L);
            assertThat(grown.order(ByteOrder.nativeOrder()).getLong(i * Long.BYTES)).isEqualTo(i * 1_000_000_007L);
        }
        longs.clear();
        assertThat(longs.size()).isZero();
        longs.ensureCapacity(5);
        assertThat(longs.takeReplacement()).isNull(); // big enough already
    }
}
