package dev.awaitable.reactor;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * How {@link AwaitableFlux#map} runs a Python function over many inputs: how many coroutines may be
 * in flight, whether results keep input order, what a failure does, and an optional per-item timeout.
 * Immutable; each method returns a changed copy.
 *
 * <pre>{@code
 * MapOptions.maxWorkers(200).ordered().errorMode(ErrorMode.DELAY).itemTimeout(Duration.ofSeconds(5))
 * }</pre>
 */
public final class MapOptions {

    private final int maxWorkers;
    private final boolean ordered;
    private final ErrorMode errorMode;
    private final Duration itemTimeout;
    private final BiConsumer<Object, Throwable> errorHandler;

    private MapOptions(int maxWorkers, boolean ordered, ErrorMode errorMode, Duration itemTimeout,
                       BiConsumer<Object, Throwable> errorHandler) {
        this.maxWorkers = maxWorkers;
        this.ordered = ordered;
        this.errorMode = errorMode;
        this.itemTimeout = itemTimeout;
        this.errorHandler = errorHandler;
    }

    /**
     * @param maxWorkers the most coroutines in flight at once (and so the most inputs requested ahead)
     * @return unordered results, {@link ErrorMode#FAIL_FAST}, no per-item timeout
     */
    public static MapOptions maxWorkers(int maxWorkers) {
        if (maxWorkers < 1) {
            throw new IllegalArgumentException("maxWorkers must be at least 1, was " + maxWorkers);
        }
        return new MapOptions(maxWorkers, false, ErrorMode.FAIL_FAST, null, (input, error) -> { });
    }

    /** @return results in input order (a result waits for those before it; in-flight bound unchanged) */
    public MapOptions ordered() {
        return new MapOptions(maxWorkers, true, errorMode, itemTimeout, errorHandler);
    }

    /** @return results as they complete (the default) */
    public MapOptions unordered() {
        return new MapOptions(maxWorkers, false, errorMode, itemTimeout, errorHandler);
    }

    /**
     * @param mode what a failing item does to the rest: {@link ErrorMode#FAIL_FAST} or {@link ErrorMode#DELAY}
     * @throws IllegalArgumentException for {@link ErrorMode#CONTINUE}, which needs to be told where the
     *     skipped failures go: {@link #continueOnError(BiConsumer)}
     */
    public MapOptions errorMode(ErrorMode mode) {
        if (mode == ErrorMode.CONTINUE) {
            throw new IllegalArgumentException("ErrorMode.CONTINUE skips failed items, so it needs a handler for their "
                    + "errors: use continueOnError((input, error) -> ...) (log them, count them, or send them to a "
                    + "dead-letter queue)");
        }
        return new MapOptions(maxWorkers, ordered, Objects.requireNonNull(mode, "mode"), itemTimeout, errorHandler);
    }

    /**
     * {@link ErrorMode#CONTINUE} with a handler for the skipped failures.
     *
     * @param handler receives each failed input and its error; runs on a loop thread, must not block
     */
    public MapOptions continueOnError(BiConsumer<Object, Throwable> handler) {
        return new MapOptions(maxWorkers, ordered, ErrorMode.CONTINUE, itemTimeout, Objects.requireNonNull(handler, "handler"));
    }

    /**
     * @param timeout how long one item may run; past it that item's coroutine is cancelled and the item
     *     fails with a {@code java.util.concurrent.TimeoutException} (handled by the error mode)
     */
    public MapOptions itemTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("itemTimeout must be positive, was " + timeout);
        }
        return new MapOptions(maxWorkers, ordered, errorMode, timeout, errorHandler);
    }

    /** @return the in-flight bound */
    public int maxWorkers() {
        return maxWorkers;
    }

    /** @return whether results keep input order */
    public boolean isOrdered() {
        return ordered;
    }

    /** @return the error mode */
    public ErrorMode errorMode() {
        return errorMode;
    }

    /** @return the per-item timeout, or {@code null} */
    public Duration itemTimeout() {
        return itemTimeout;
    }

    BiConsumer<Object, Throwable> errorHandler() {
        return errorHandler;
    }
}
