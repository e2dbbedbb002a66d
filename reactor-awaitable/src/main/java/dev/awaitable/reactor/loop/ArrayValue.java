package dev.awaitable.reactor.loop;

/**
 * A Java array built for a numpy result, held so that it reaches Java without Jep wrapping it for
 * Python on the way back: Jep copies a whole primitive array (GetArrayElements) when it hands one to
 * Python, 50 MB in ~60 ms. A result, a stream item or a {@code map} output that is an array crosses
 * in this holder and is unwrapped when it is delivered ({@link #unwrap}); an array nested in a
 * dict or list is taken out in Python (and pays that copy).
 *
 * <p>Internal to reactor-awaitable.
 *
 * @param array the primitive array, or an {@code NDArray}
 */
public record ArrayValue(Object array) {

    /** @return {@code value}'s array when it is an ArrayValue, else {@code value} */
    static Object unwrap(Object value) {
        return value instanceof ArrayValue held ? held.array : value;
    }
}
