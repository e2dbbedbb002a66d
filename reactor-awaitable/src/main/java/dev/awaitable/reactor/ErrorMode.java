package dev.awaitable.reactor;

/** What a failing item does to the rest of an {@link AwaitableFlux#map} run. */
public enum ErrorMode {

    /**
     * The first failure cancels every coroutine still in flight (each sees {@code CancelledError}),
     * requests no more inputs, and ends the Flux with that failure. Results already delivered stay
     * delivered. The default.
     */
    FAIL_FAST,

    /**
     * Every input runs; results are delivered as usual, and at the end the Flux fails with all the
     * failures: the single failure itself, or a composite whose
     * {@code reactor.core.Exceptions.unwrapMultiple(error)} lists each {@link PythonException}
     * (with its Python type and traceback).
     */
    DELAY,

    /**
     * Failed items are skipped: each failure goes to the error handler, and the Flux continues. Set it
     * with {@code MapOptions.continueOnError(handler)}, which takes the handler, so no failure is dropped
     * unseen; {@code errorMode(CONTINUE)} is refused.
     */
    CONTINUE
}
