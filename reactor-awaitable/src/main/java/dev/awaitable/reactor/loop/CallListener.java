package dev.awaitable.reactor.loop;

/**
 * Receives the outcome of one Python call. Exactly one of the methods is called, once, on the loop
 * thread that ran the call, after the GIL has been released; implementations must not block.
 *
 * <p>Internal to reactor-awaitable.
 */
public interface CallListener {

    /** @param value the converted result; {@code null} for Python's {@code None} */
    void onValue(Object value);

    /** @param error a {@code PythonException}, or an {@code IllegalStateException} when the runtime closed */
    void onError(Throwable error);
}
