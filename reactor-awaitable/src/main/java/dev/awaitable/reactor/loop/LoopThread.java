package dev.awaitable.reactor.loop;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jep.SharedInterpreter;
import reactor.core.Disposable;
import reactor.core.publisher.Operators;
import reactor.core.scheduler.NonBlocking;
import reactor.util.context.Context;

/**
 * A loop thread: a Java thread that owns a Jep {@link SharedInterpreter} for its whole life and drives
 * one Python event loop ({@code reactor_awaitable._driver.LoopDriver}) in it.
 *
 * <p>Work reaches it through a lock-free inbox; {@link #wake()} (thread-safe, called by submitters,
 * by Python's {@code call_soon_threadsafe} from any thread, and by the timer) makes it run one drain:
 * one Java→Python call that applies all queued commands, runs every ready asyncio callback, and
 * returns the outcomes of finished calls. The outcomes are delivered to their listeners after that
 * call returned, so the GIL is free while Reactor subscribers run. When nothing is ready the thread
 * parks; the earliest Python timer is set on the {@link LoopClock}'s scheduler. Nothing polls.
 *
 * <p>It implements Reactor's {@link NonBlocking} marker, so Reactor and BlockHound treat it like an
 * event-loop thread.
 *
 * <p>Internal to reactor-awaitable.
 */
public final class LoopThread extends Thread implements NonBlocking {

    private static final Logger LOG = LoggerFactory.getLogger(LoopThread.class);

    // Command opcodes and outcome kinds: reactor_awaitable/_driver.py has the same table.
    private static final int OP_START = 0;
    private static final int OP_CANCEL = 1;
    private static final int OP_REQUEST = 2;
    private static final int OP_SIGNAL = 3;
    private static final int OUT_VALUE = 0;
    private static final int OUT_ERROR = 1;
    private static final int OUT_ITEMS = 3;
    private static final int OUT_LONGS = 4;
    private static final int OUT_DOUBLES = 5;
    private static final int OUT_STRINGS = 6;
    private static final int OUT_INT = 7;
    private static final int OUT_NONE = 8;
    private static final int OUT_VALUE_LONGS = 9;
    private static final int OUT_VALUE_DOUBLES = 10;
    private static final int OUT_VALUE_STRINGS = 11;
    private static final int OUT_REQUEST = 12; // not a call's: request(value) of the Java subscription with key id
    private static final int ARG_OBJECT = 0;
    private static final int ARG_INT = 1;
    private static final int ARG_FLOAT = 2;
    /** Upper bound of a virtual-time wait for the loop to settle; a step that takes longer is a bug. */
    private static final long VIRTUAL_TIME_SETTLE_NANOS = 10_000_000_000L;

    private final LoopSettings settings;
    private final LoopClock clock;
    private final BlockingWorkers workers;
    private final ConcurrentLinkedQueue<Object> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean woken = new AtomicBoolean();
    private final IdleSpin idleSpin = new IdleSpin();
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private final PublisherBridge publishers = new PublisherBridge(this);
    private final AtomicLong slowSteps = new AtomicLong();
    private volatile long idleDrains; // written by this thread only
    private volatile boolean shutdownRequested;
    private volatile boolean terminated;
    /** Calls submitted and not yet ended; read by the least-loaded placement. */
    private final AtomicInteger inFlight = new AtomicInteger();

    // Lets a virtual-time test wait until this loop has nothing left to do (see awaitIdle).
    private final Object idleMonitor = new Object();
    private volatile int idleWaiters;
    private long idleCount; // guarded by idleMonitor

    // Confined to this thread.
    private final Map<Long, Call> pending = new HashMap<>();
    // The last calls this loop started and the outcomes it delivered, for toString() when a call
    // seems stuck. Written by this thread only; toString() reads it racily (diagnostics only).
    private static final int TRACE_SIZE = 32;
    private final long[] traceIds = new long[TRACE_SIZE];
    private final char[] traceEvents = new char[TRACE_SIZE];
    private final int[] traceCounts = new int[TRACE_SIZE];
    private int traceNext;
    private final Map<String, Integer> targetIndex = new HashMap<>(); // the Python side keeps the same table
    private final DirectLongs codes = new DirectLongs(1024);
    private final DirectLongs outcomes = new DirectLongs(1024);
    private final List<Object> objects = new ArrayList<>();
    private double timerDeadline = Double.POSITIVE_INFINITY;
    private boolean timerVirtual;
    private Disposable timer;

    /** A subscriber's cancel, queued behind the call's own start command. */
    private record Cancel(Call call) {
    }

    /** A stream subscriber's request(n). */
    private record Request(Call call, long n) {
    }

    /** A signal of a Java publisher that a coroutine on this loop subscribed to. */
    private record Signal(int key, int kind, Object value) {
    }

    /**
     * @param name thread name
     * @param settings the runtime's settings
     * @param clock timer source
     * @param workers the runtime's blocking workers (Python asks them to spawn)
     */
    public LoopThread(String name, LoopSettings settings, LoopClock clock, BlockingWorkers workers) {
        super(name);
        this.settings = settings;
        this.clock = clock;
        this.workers = workers;
        setDaemon(true);
    }

    /** @return completes when the interpreter and the Python loop are ready, or fails with why not */
    public CompletableFuture<Void> started() {
        return started;
    }

    /** @return the calls submitted to this loop and not yet ended */
    public int load() {
        return inFlight.get();
    }

    /**
     * A diagnostic line for a stalled call: thread state, queued commands, calls in flight, the wake
     * flag. Read from another thread without locking, so only approximately consistent.
     */
    @Override
    public String toString() {
        return getName() + "[" + getState() + ", inbox=" + inbox.size() + ", inFlight=" + inFlight.get()
                + ", woken=" + woken.get() + ", terminated=" + terminated + ", recent=" + recentEvents() + "]";
    }

    private void trace(char event, long id, int count) {
        int slot = traceNext++ & (TRACE_SIZE - 1);
        traceEvents[slot] = event;
        traceIds[slot] = id;
        traceCounts[slot] = count;
    }

    /**
     * The last {@value #TRACE_SIZE} events, oldest first: {@code S<id>} started, {@code I<id>x<n>}
     * n items delivered, {@code V<id>} value (or a stream's completion), {@code E<id>} error,
     * {@code C<id>} cancelled.
     */
    private String recentEvents() {
        StringBuilder out = new StringBuilder("[");
        int next = traceNext;
        for (int i = Math.max(0, next - TRACE_SIZE); i < next; i++) {
            int slot = i & (TRACE_SIZE - 1);
            if (out.length() > 1) {
                out.append(' ');
            }
            out.append(traceEvents[slot]).append(traceIds[slot]);
            if (traceEvents[slot] == 'I') {
                out.append('x').append(traceCounts[slot]);
            }
        }
        return out.append(']').toString();
    }

    /**
     * Queues a call; its outcome reaches {@code listener} on this thread (or, once this loop has
     * stopped, an {@link IllegalStateException} at once).
     *
     * @param prefetch -1 for a one-value call, otherwise a stream call whose generator may run this
     *     many items ahead of demand
     * @param context the subscriber's context view, or null when empty
     */
    public Call submit(long id, String target, Object[] args, int prefetch, Object context, CallListener listener) {
        Call call = new Call(id, target, args, prefetch, context, listener, this);
        inFlight.incrementAndGet();
        enqueue(call);
        return call;
    }

    void cancel(Call call) {
        enqueue(new Cancel(call));
    }

    void request(Call call, long n) {
        enqueue(new Request(call, n));
    }

    void signal(int key, int kind, Object value) {
        enqueue(new Signal(key, kind, value));
    }

    private void enqueue(Object command) {
        inbox.offer(command);
        if (terminated) {
            failLeftovers();
        } else if (Thread.currentThread() != this && clock.isVirtual()) {
            // Under virtual time the test thread moves the clock: let the loop act on this command
            // (start a coroutine, run a generator to its next timer) before the sender goes on.
            awaitIdle(VIRTUAL_TIME_SETTLE_NANOS);
        } else {
            wake();
        }
    }

    /** Makes this thread drain soon. Thread-safe; called from Python too. */
    public void wake() {
        if (!woken.getAndSet(true) && Thread.currentThread() != this) {
            LockSupport.unpark(this);
        }
    }

    /**
     * Waits until this loop has drained everything queued before the call and has nothing ready: no
     * command, no ready callback, no due timer. Used only under virtual time, where the test thread
     * must not move the clock while a coroutine is still on its way to its next timer. Returns at once
     * on this loop thread itself or once the loop has stopped.
     *
     * @param timeoutNanos the longest wait
     */
    public void awaitIdle(long timeoutNanos) {
        if (Thread.currentThread() == this || terminated) {
            return;
        }
        synchronized (idleMonitor) {
            idleWaiters++;
            try {
                long seen = idleCount;
                long end = System.nanoTime() + timeoutNanos;
                wake();
                while (idleCount == seen && !terminated) {
                    long left = end - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    idleMonitor.wait(Math.max(1, left / 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                idleWaiters--;
            }
        }
    }

    /** Asks the loop to cancel its calls, let them clean up (within the grace period) and end. */
    public void requestShutdown() {
        shutdownRequested = true;
        wake();
    }

    @Override
    public void run() {
        SharedInterpreter python = null;
        try {
            python = openInterpreter();
            started.complete(null);
            serve(python);
        } catch (Throwable e) {
            if (!started.completeExceptionally(e)) {
                logInternalError(e);
            }
            IllegalStateException failure = new IllegalStateException(
                    "The Python loop thread " + getName() + " stopped after an internal error: " + e, e);
            for (Call call : pending.values()) {
                inFlight.decrementAndGet();
                deliverError(call, failure);
            }
            pending.clear();
        } finally {
            if (timer != null) {
                timer.dispose();
            }
            terminated = true;
            failLeftovers();
            if (python != null) {
                closeInterpreter(python);
            }
        }
    }

    /** Opens this thread's interpreter and its Python loop driver. */
    private SharedInterpreter openInterpreter() {
        SharedInterpreter python = new SharedInterpreter();
        try {
            openDriver(python);
            return python;
        } catch (RuntimeException | Error e) {
            python.close();
            throw e;
        }
    }

    private void openDriver(SharedInterpreter python) {
        python.exec("from reactor_awaitable._driver import open_runtime, LoopDriver");
        Object[] guard = PythonGuardSettings.current();
        python.invoke("open_runtime", settings.runtimeId(), workers, settings.maxBlockingWorkers(),
                settings.blockingQueueCapacity(), settings.blockingIdleTimeout().toMillis() / 1000.0,
                settings.pythonPaths().toArray(new String[0]), guard[0], guard[1]);
        python.set("_runtime_id", settings.runtimeId());
        python.set("_waker", this);
        python.set("_clock", clock);
        python.set("_publishers", publishers);
        python.set("_slow_step_seconds", settings.slowStepThreshold() == null ? -1.0
                : settings.slowStepThreshold().toNanos() / 1e9);
        python.exec("_loop_driver = LoopDriver(_runtime_id, _waker, _clock, _publishers, _slow_step_seconds)\n"
                + "_drain = _loop_driver.drain\n"
                + "_abandon = _loop_driver.abandon\n"
                + "del _waker, _clock, _runtime_id, _publishers, _slow_step_seconds");
    }

    /** Closes the Python loop (finalising async generators) and the interpreter, on this thread. */
    private void closeInterpreter(SharedInterpreter python) {
        try {
            python.exec("_loop_driver.close()");
        } catch (Throwable e) {
            logInternalError(e);
        } finally {
            python.close();
        }
    }

    private void logInternalError(Throwable e) {
        LOG.error("{} stopped after an internal error", getName(), e);
    }

    /**
     * Called from Python when one coroutine step held this thread longer than the slow-step threshold.
     *
     * @param name the coroutine's qualified name (or the callback's repr)
     * @param seconds how long the step ran
     * @param stack the coroutine's Python stack where it yielded
     */
    public void logSlowStep(String name, double seconds, String stack) {
        slowSteps.incrementAndGet();
        LOG.warn("Slow step: {} held loop thread {} for {} ms (threshold {} ms); move blocking or heavy work to "
                        + "execute_async or asyncio.to_thread. Python stack where it yielded:\n{}", name, getName(),
                Math.round(seconds * 1000), settings.slowStepThreshold() == null ? 0 : settings.slowStepThreshold().toMillis(),
                stack);
    }

    /**
     * @return how many drains took no command and sent no outcome back, with nothing left ready: a
     *     diagnostic of wasted wake-ups (a drain that ran only a timer or a step that ended no call
     *     counts too)
     */
    public long idleDrains() {
        return idleDrains;
    }

    /** @return how many slow steps this loop has logged */
    public long slowSteps() {
        return slowSteps.get();
    }

    private void serve(SharedInterpreter python) {
        boolean shuttingDown = false;
        long graceEnd = 0;
        while (true) {
            woken.set(false);
            if (shutdownRequested && !shuttingDown) {
                shuttingDown = true;
                graceEnd = System.nanoTime() + settings.shutdownGrace().toNanos();
                python.exec("_loop_driver.begin_shutdown()");
            }
            int commands = takeCommands(shuttingDown);
            boolean virtual = clock.isVirtual();
            Drained drained = deliver(python.invoke("_drain", codes.size(), codes.takeReplacement(),
                    objects.isEmpty() ? null : objects.toArray(), virtual), shuttingDown);
            if (shuttingDown) {
                if (drained.live() == 0 && pending.isEmpty()) {
                    return;
                }
                if (System.nanoTime() - graceEnd >= 0) {
                    LOG.warn("{}: {} coroutine(s) still running {} after close(); closing them", getName(),
                            drained.live(), settings.shutdownGrace());
                    deliver(python.invoke("_abandon"), true);
                    return;
                }
            }
            if (commands == 0 && drained.outcomes() == 0 && !drained.hasReady()) {
                idleDrains++;
            }
            scheduleTimer(drained.deadlineNanos(), virtual);
            if (drained.hasReady() || woken.get()) {
                continue;
            }
            if (idleWaiters > 0) {
                synchronized (idleMonitor) {
                    idleCount++;
                    idleMonitor.notifyAll();
                }
            }
            awaitWork(shuttingDown ? graceEnd : 0);
        }
    }

    /**
     * Parks until {@link #wake()} (or until {@code deadline}, a nanoTime, when not 0). This is the
     * loop's idle wait, the one place a loop thread may park.
     * <p>
     * It may first spin for {@link IdleSpin#SPIN_NANOS}: a caller that answers a result with the
     * next call (request/response, {@code block()} in a loop) usually does so within that time, and
     * then finds the loop thread awake, its caches warm. Measured on 2 cores: idle round trip median
     * 49-61 µs without the spin, 31-34 µs with it. {@link IdleSpin} stops the spinning while it
     * seldom finds work (W3's 200 blocking jobs finishing at random), where it only cost CPU.
     */
    private void awaitWork(long deadline) {
        if (idleSpin.shouldSpin()) {
            long spinEnd = System.nanoTime() + IdleSpin.SPIN_NANOS;
            while (System.nanoTime() - spinEnd < 0) {
                if (woken.get()) {
                    idleSpin.spun(true);
                    return;
                }
                Thread.onSpinWait();
            }
            idleSpin.spun(false);
        }
        // park() also returns for a permit left by a wake() that came while this thread was awake
        // (and was then seen through `woken`): without the loop, each such wake cost a drain with nothing to do.
        if (deadline == 0) {
            while (!woken.get() && !isInterrupted()) {
                LockSupport.park(this);
            }
        } else {
            long left;
            while (!woken.get() && !isInterrupted() && (left = deadline - System.nanoTime()) > 0) {
                LockSupport.parkNanos(this, left);
            }
        }
    }

    /**
     * Moves the inbox into {@link #codes} and {@link #objects} for one drain. Numbers go in the code
     * buffer, which Python reads in place (each element of an {@code Object[]} costs Jep a JNI call
     * and a conversion): per start {@code op, id, prefetch, target index, new target?, argument count,
     * has context}, then per argument {@code ARG_INT, value} for an {@code Integer} or {@code Long},
     * {@code ARG_FLOAT, bits} for a {@code Double} or {@code Float} (Python reads the slot as a double)
     * and {@code ARG_OBJECT} for anything else; per cancel {@code op, id}; per request
     * {@code op, id, n}; per signal {@code op, key, kind}. The objects, in the same order, are a
     * target's name the first time this loop sees it, each {@code ARG_OBJECT} argument, the context,
     * a signal's value.
     */
    private int takeCommands(boolean shuttingDown) {
        int taken = 0;
        Object command = inbox.poll();
        codes.clear();
        objects.clear();
        while (command != null) {
            if (command instanceof Call call) {
                if (shuttingDown) {
                    inFlight.decrementAndGet();
                    deliverError(call, closedError(call));
                } else {
                    pending.put(call.id, call);
                    trace('S', call.id, 0);
                    Integer target = targetIndex.get(call.target);
                    boolean newTarget = target == null;
                    if (newTarget) {
                        target = targetIndex.size();
                        targetIndex.put(call.target, target);
                        objects.add(call.target);
                    }
                    int argCount = call.args == null ? 0 : call.args.length;
                    codes.add(OP_START);
                    codes.add(call.id);
                    codes.add(call.prefetch);
                    codes.add(target);
                    codes.add(newTarget ? 1 : 0);
                    codes.add(argCount);
                    codes.add(call.context == null ? 0 : 1);
                    for (int i = 0; i < argCount; i++) {
                        Object arg = call.args[i];
                        if (arg instanceof Integer || arg instanceof Long) {
                            codes.add(ARG_INT);
                            codes.add(((Number) arg).longValue());
                        } else if (arg instanceof Double || arg instanceof Float) {
                            codes.add(ARG_FLOAT);
                            codes.add(Double.doubleToRawLongBits(((Number) arg).doubleValue()));
                        } else {
                            codes.add(ARG_OBJECT);
                            objects.add(arg);
                        }
                    }
                    if (call.context != null) {
                        objects.add(call.context);
                    }
                }
            } else if (command instanceof Signal signal) {
                codes.add(OP_SIGNAL);
                codes.add(signal.key());
                codes.add(signal.kind());
                objects.add(signal.value());
            } else if (command instanceof Request request) {
                if (pending.containsKey(request.call().id)) {
                    codes.add(OP_REQUEST);
                    codes.add(request.call().id);
                    codes.add(request.n());
                }
            } else {
                Call call = ((Cancel) command).call();
                if (pending.containsKey(call.id)) {
                    call.cancelledBySubscriber = true;
                    codes.add(OP_CANCEL);
                    codes.add(call.id);
                }
            }
            taken++;
            command = inbox.poll();
        }
        return taken;
    }

    /** What one drain reported: more ready, the next timer (-1: none), live calls, how many outcomes. */
    private record Drained(boolean hasReady, long deadlineNanos, int live, int outcomes) {
    }

    /**
     * Called from Python, on this thread, when a drain's outcome header does not fit the outcome
     * buffer (and once at the start).
     *
     * @param longs how many int64s the header needs
     * @return a direct, native-order buffer of at least that many, which Python writes the headers
     *     of this and later drains into
     */
    public ByteBuffer outcomeBuffer(int longs) {
        outcomes.ensureCapacity(longs);
        return outcomes.buffer();
    }

    /**
     * Delivers a drain's outcomes. Python wrote the header into the outcome buffer: has-ready, next
     * deadline, live calls, outcome count, then each outcome's id, kind and value as int64s; the
     * drain returned {@code payloads} (null when empty), in order, the payloads of the outcomes that
     * have one. A result that is None ({@code OUT_NONE}) or fits an int64 ({@code OUT_INT}, its value
     * in the header) has none: a call like {@code x + 1} crosses back with no list to convert (one
     * call's round trip ~13 µs faster, alternating in one JVM). An {@code OUT_REQUEST} is a coroutine's
     * demand for more items of a Java publisher it iterates, made here rather than by a call into Java
     * during the drain, which would give up the GIL (Jep releases it around every such call) and queue
     * for it again among the blocking workers.
     */
    private Drained deliver(Object result, boolean shuttingDown) {
        List<?> payloads = result == null ? List.of() : (List<?>) result;
        DirectLongs meta = outcomes;
        int count = (int) meta.get(3);
        Drained drained = new Drained(meta.get(0) != 0, meta.get(1), (int) meta.get(2), count);
        int nextPayload = 0;
        for (int i = 0; i < count; i++) {
            long id = meta.get(4 + 3 * i);
            int kind = (int) meta.get(5 + 3 * i);
            if (kind == OUT_REQUEST) {
                publishers.request((int) id, meta.get(6 + 3 * i));
                continue;
            }
            Object payload;
            if (kind == OUT_INT) {
                payload = meta.get(6 + 3 * i);
                kind = OUT_VALUE;
            } else if (kind == OUT_NONE) {
                payload = null;
                kind = OUT_VALUE;
            } else {
                payload = payloads.get(nextPayload++);
            }
            if (kind >= OUT_ITEMS && kind <= OUT_STRINGS) {
                Call call = pending.get(id);
                if (call != null) {
                    List<?> items = unpacked(kind, payload);
                    trace('I', id, items.size());
                    deliverItems(call, items);
                }
                continue;
            }
            if (kind >= OUT_VALUE_LONGS) { // a list result that crossed packed: the list Jep would have made
                payload = new ArrayList<>(unpacked(kind, payload));
                kind = OUT_VALUE;
            }
            Call call = pending.remove(id);
            if (call == null) {
                continue;
            }
            inFlight.decrementAndGet();
            trace(kind == OUT_VALUE ? 'V' : kind == OUT_ERROR ? 'E' : 'C', id, 0);
            if (kind == OUT_VALUE) {
                deliverValue(call, payload);
            } else if (kind == OUT_ERROR) {
                deliverError(call, PythonErrors.toError(payload));
            } else if (!call.cancelledBySubscriber) {
                deliverError(call, shuttingDown ? closedError(call)
                        : new CancellationException("The Python task running '" + call.target + "' was cancelled"));
            }
        }
        return drained;
    }

    /** The items of a packed batch (or of a packed list result); a plain list as it is. */
    private static List<?> unpacked(int kind, Object payload) {
        return switch (kind) {
            case OUT_LONGS, OUT_VALUE_LONGS -> PackedItems.longs((byte[]) payload);
            case OUT_DOUBLES, OUT_VALUE_DOUBLES -> PackedItems.doubles((byte[]) payload);
            case OUT_STRINGS, OUT_VALUE_STRINGS -> PackedItems.strings((List<?>) payload);
            default -> (List<?>) payload;
        };
    }

    private static IllegalStateException closedError(Call call) {
        return new IllegalStateException("The PythonRuntime was closed while '" + call.target
                + "' was running; the coroutine was cancelled");
    }

    private static void deliverValue(Call call, Object value) {
        notifyListener(() -> call.listener.onValue(value));
    }

    private static void deliverItems(Call call, List<?> items) {
        notifyListener(() -> call.listener.onItems(items));
    }

    private static void deliverError(Call call, Throwable error) {
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

    /** Sets one wake-up for the earliest Python timer; an earlier one already set is kept. */
    private void scheduleTimer(long deadlineNanos, boolean virtual) {
        if (virtual != timerVirtual) {
            // Deadlines on the real and on a virtual clock cannot be compared: start over.
            timerVirtual = virtual;
            timerDeadline = Double.POSITIVE_INFINITY;
            if (timer != null) {
                timer.dispose();
            }
        }
        double now = clock.nowSeconds();
        if (timerDeadline <= now) {
            timerDeadline = Double.POSITIVE_INFINITY; // that wake-up has fired (or is about to)
        }
        if (deadlineNanos < 0) {
            return;
        }
        double when = deadlineNanos / 1e9;
        if (when >= timerDeadline) {
            return;
        }
        if (timer != null) {
            timer.dispose();
        }
        timerDeadline = when;
        long delayNanos = Math.max(0, (long) Math.ceil((when - now) * 1e9));
        timer = clock.schedule(this::timerFired, delayNanos);
    }

    private void timerFired() {
        if (clock.isVirtual()) {
            // A virtual clock is moved by the test thread, which runs this task: let the loop run
            // what the timer released before the test looks at the result or moves the clock on.
            awaitIdle(VIRTUAL_TIME_SETTLE_NANOS);
        } else {
            wake();
        }
    }

    /** Fails calls that were queued after this loop stopped. Any thread; each call is polled once. */
    private void failLeftovers() {
        Object command;
        while ((command = inbox.poll()) != null) {
            if (command instanceof Call call) {
                inFlight.decrementAndGet();
                deliverError(call, closedError(call));
            }
        }
    }
}
