package dev.awaitable.reactor.loop;

import java.util.List;

/**
 * Receives the outcome of one Python call, on the loop thread that runs it, after the GIL has been
 * released; implementations must not block. A stream call first gets its items in batches
 * ({@link #onItems}), then one terminal method; a one-value call gets one terminal method.
 *
 * <p>Internal to reactor-awaitable.
 */
public interface CallListener {

    /** @param items the next items of a stream call, in order (never empty) */
    default void onItems(List<?> items) {
        throw new IllegalStateException("items for a call that is not a stream");
    }

    /**
     * One input of a map failed; the call goes on. Comes in order with {@link #onItems}.
     *
     * @param input what the map was given for that input (its Java object), or null when the map
     *     does not keep inputs
     * @param error a {@code PythonException}, or a {@code TimeoutException} when the input ran past its timeout
     */
    default void onItemFailure(Object input, Throwable error) {
        throw new IllegalStateException("an input failure for a call that is not a map");
    }

    /**
     * @param value the converted result; {@code null} for Python's {@code None}. For a stream call,
     *     always {@code null}: the stream completed.
     */
    void onValue(Object value);

    /** @param error a {@code PythonException}, or an {@code IllegalStateException} when the runtime closed */
    void onError(Throwable error);
}
