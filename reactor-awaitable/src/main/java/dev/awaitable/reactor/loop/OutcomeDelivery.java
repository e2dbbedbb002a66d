package dev.awaitable.reactor.loop;

import static dev.awaitable.reactor.loop.DrainProtocol.HEAD_BLOCKING_QUEUED;
import static dev.awaitable.reactor.loop.DrainProtocol.HEAD_COUNT;
import static dev.awaitable.reactor.loop.DrainProtocol.HEAD_DEADLINE;
import static dev.awaitable.reactor.loop.DrainProtocol.HEAD_HAS_READY;
import static dev.awaitable.reactor.loop.DrainProtocol.HEAD_LIVE;
import static dev.awaitable.reactor.loop.DrainProtocol.HEAD_SIZE;
import static dev.awaitable.reactor.loop.DrainProtocol.HEAD_TIMERS;
import static dev.awaitable.reactor.loop.DrainProtocol.HEAD_WAITS_ON_IO;
import static dev.awaitable.reactor.loop.DrainProtocol.OUTCOME_SIZE;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * The calls running on one loop and the delivery of a drain's outcomes to their listeners.
 *
 * <p>Python writes each drain's outcome header into {@link #outcomeBuffer} (layout in
 * {@link DrainProtocol}) and returns the payloads of the outcomes that have one, in order. A result
 * that is None ({@code OUT_NONE}) or fits an int64 ({@code OUT_INT}, its value in the header) has
 * none: a call like {@code x + 1} crosses back with no list to convert. Outcomes are delivered after
 * the drain returned, so the GIL is free while subscribers run. An {@code OUT_REQUEST} is a
 * coroutine's demand for more items of a Java publisher it iterates, made here rather than by a call
 * into Java during the drain, which would give up the GIL (Jep releases it around every such call)
 * and queue for it again among the blocking workers.
 *
 * <p>Loop thread only.
 */
final class OutcomeDelivery {

    /** What one drain reported. */
    record Drained(boolean hasReady, long deadlineNanos, int live, boolean waitsOnIo, int outcomes) {
    }

    private final Map<Long, Call> pending = new HashMap<>();
    private final DirectLongs outcomes = new DirectLongs(1024);
    private final LoopTrace trace;
    private final AtomicInteger inFlight;
    private final PublisherBridge publishers;
    private final LoopStats stats;

    /**
     * @param inFlight the loop's count of calls submitted and not ended, decremented here as calls end
     * @param stats counts of ended calls and drains, kept here
     */
    OutcomeDelivery(LoopTrace trace, AtomicInteger inFlight, PublisherBridge publishers, LoopStats stats) {
        this.trace = trace;
        this.inFlight = inFlight;
        this.publishers = publishers;
        this.stats = stats;
    }

    /** A call whose start command goes out in this drain. */
    void started(Call call) {
        pending.put(call.id, call);
        trace.record('S', call.id, 0);
    }

    boolean isPending(long id) {
        return pending.containsKey(id);
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }

    /** @return a direct, native-order buffer of at least {@code longs} int64s for the outcome header */
    ByteBuffer outcomeBuffer(int longs) {
        outcomes.ensureCapacity(longs);
        return outcomes.buffer();
    }

    /**
     * Writes {@code LoopThread.exchange}'s reply over the header just delivered (the uvloop kind).
     *
     * @param codeCount how many command codes Python is to apply
     * @param flags {@code DrainProtocol.REPLY_*} flags
     */
    void writeReply(long codeCount, long flags) {
        outcomes.set(DrainProtocol.REPLY_CODE_COUNT, codeCount);
        outcomes.set(DrainProtocol.REPLY_FLAGS, flags);
    }

    /** Delivers a drain's outcomes; {@code result} is what the drain returned (its payloads or null). */
    Drained deliver(Object result, boolean shuttingDown) {
        List<?> payloads = result == null ? List.of() : (List<?>) result;
        DirectLongs head = outcomes;
        int count = (int) head.get(HEAD_COUNT);
        Drained drained = new Drained(head.get(HEAD_HAS_READY) != 0, head.get(HEAD_DEADLINE), (int) head.get(HEAD_LIVE),
                head.get(HEAD_WAITS_ON_IO) != 0, count);
        stats.drained(head.get(HEAD_TIMERS), head.get(HEAD_BLOCKING_QUEUED));
        int nextPayload = 0;
        for (int i = 0; i < count; i++) {
            int at = HEAD_SIZE + OUTCOME_SIZE * i;
            long id = head.get(at);
            long value = head.get(at + 2);
            switch ((int) head.get(at + 1)) {
                case DrainProtocol.OUT_REQUEST -> publishers.request((int) id, value);
                case DrainProtocol.OUT_INT -> ended(id, 'V', call -> call.listener.onValue(value));
                case DrainProtocol.OUT_NONE -> ended(id, 'V', call -> call.listener.onValue(null));
                case DrainProtocol.OUT_VALUE -> {
                    Object payload = ArrayValue.unwrap(payloads.get(nextPayload++));
                    ended(id, 'V', call -> call.listener.onValue(payload));
                }
                case DrainProtocol.OUT_JSON -> {
                    JsonText json = new JsonText((String) payloads.get(nextPayload++));
                    ended(id, 'V', call -> call.listener.onValue(json));
                }
                case DrainProtocol.OUT_VALUE_LONGS -> {
                    List<?> list = new ArrayList<>(PackedItems.longs((byte[]) payloads.get(nextPayload++)));
                    ended(id, 'V', call -> call.listener.onValue(list));
                }
                case DrainProtocol.OUT_VALUE_DOUBLES -> {
                    List<?> list = new ArrayList<>(PackedItems.doubles((byte[]) payloads.get(nextPayload++)));
                    ended(id, 'V', call -> call.listener.onValue(list));
                }
                case DrainProtocol.OUT_VALUE_STRINGS -> {
                    List<?> list = new ArrayList<>(PackedItems.strings((List<?>) payloads.get(nextPayload++)));
                    ended(id, 'V', call -> call.listener.onValue(list));
                }
                case DrainProtocol.OUT_ERROR -> {
                    Object payload = payloads.get(nextPayload++);
                    ended(id, 'E', call -> call.listener.onError(PythonErrors.toError(payload)));
                }
                case DrainProtocol.OUT_CANCELLED -> ended(id, 'C', call -> {
                    if (call.cancelledBySubscriber) {
                        stats.cancelledOne();
                    } else {
                        stats.failedOne();
                        call.listener.onError(shuttingDown ? closedError(call) : new CancellationException(
                                "The Python task running '" + call.target + "' was cancelled"));
                    }
                });
                case DrainProtocol.OUT_ITEMS -> items(id, (List<?>) payloads.get(nextPayload++));
                case DrainProtocol.OUT_LONGS -> items(id, PackedItems.longs((byte[]) payloads.get(nextPayload++)));
                case DrainProtocol.OUT_DOUBLES -> items(id, PackedItems.doubles((byte[]) payloads.get(nextPayload++)));
                case DrainProtocol.OUT_STRINGS -> items(id, PackedItems.strings((List<?>) payloads.get(nextPayload++)));
                case DrainProtocol.OUT_ITEM_FAILURE -> itemFailure(id, (List<?>) payloads.get(nextPayload++));
                default -> throw new IllegalStateException("unknown outcome kind " + head.get(at + 1) + " for call " + id);
            }
        }
        return drained;
    }

    private void items(long id, List<?> items) {
        Call call = pending.get(id);
        if (call != null) {
            unwrapArrays(items);
            trace.record('I', id, items.size());
            notifyListener(() -> call.listener.onItems(items));
        }
    }

    /** Takes the arrays of numpy items out of their {@link ArrayValue}s (Jep's list is an ArrayList). */
    @SuppressWarnings("unchecked")
    private static void unwrapArrays(List<?> items) {
        for (int i = 0, n = items.size(); i < n; i++) {
            if (items.get(i) instanceof ArrayValue held) {
                ((List<Object>) items).set(i, held.array());
            }
        }
    }

    private void itemFailure(long id, List<?> failure) {
        Call call = pending.get(id);
        if (call != null) {
            Object description = failure.get(1);
            Throwable error = description instanceof String message ? new TimeoutException(message)
                    : PythonErrors.toError(description);
            notifyListener(() -> call.listener.onItemFailure(failure.get(0), error));
        }
    }

    private interface Signal {
        void emit(Call call);
    }

    private void ended(long id, char event, Signal signal) {
        Call call = pending.remove(id);
        if (call == null) {
            return;
        }
        inFlight.decrementAndGet();
        if (event == 'V') {
            stats.completedOne();
        } else if (event == 'E') {
            stats.failedOne();
        }
        trace.record(event, id, 0);
        try {
            signal.emit(call);
        } catch (Throwable t) {
            Operators.onErrorDropped(t, Context.empty());
        }
    }

    /** Ends every running call with {@code error} (the loop stopped). */
    void failAll(Throwable error) {
        for (Call call : pending.values()) {
            inFlight.decrementAndGet();
            stats.failedOne();
            deliverError(call, error);
        }
        pending.clear();
    }

    static IllegalStateException closedError(Call call) {
        return new IllegalStateException("The PythonRuntime was closed while '" + call.target
                + "' was running; the coroutine was cancelled");
    }

    static void deliverError(Call call, Throwable error) {
        notifyListener(() -> call.listener.onError(error));
    }

    /** Runs subscriber code; whatever it throws is dropped the Reactor way, never out of the loop. */
    private static void notifyListener(Runnable signal) {
        try {
            signal.run();
        } catch (Throwable t) {
            Operators.onErrorDropped(t, Context.empty());
        }
    }
}
