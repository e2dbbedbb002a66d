package dev.awaitable.reactor.loop;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jep.Interpreter;
import jep.SharedInterpreter;
import reactor.core.scheduler.NonBlocking;

/**
 * A loop thread: a Java thread that owns a Jep interpreter (shared, or isolated with its own GIL) for its whole life and drives
 * one Python event loop ({@code reactor_awaitable._driver.LoopDriver}) in it.
 *
 * <p>Work reaches it through its {@link LoopInbox}; {@link #wake()} (thread-safe, called by submitters,
 * by Python's {@code call_soon_threadsafe}, and by the timer) makes it run one drain: one Java→Python
 * call that applies all queued commands ({@link CommandEncoder}), runs every ready asyncio callback and
 * every socket event, and returns the outcomes of finished calls ({@link OutcomeDelivery}), which are
 * delivered after that call returned, so the GIL is free while Reactor subscribers run. When nothing is
 * ready the thread waits: it parks, or, while the Python loop has file descriptors registered, waits
 * in the loop's selector. The earliest Python timer is set on the {@link LoopClock}'s scheduler
 * ({@link LoopTimer}). Nothing polls.
 *
 * <p>With the uvloop kind ({@link LoopSettings#uvloop()}) the thread instead enters the Python loop once
 * ({@code UvloopDriver.serve}) and Python calls {@link #exchange} to hand over outcomes and take the
 * queued commands; {@link #wake()} then writes the loop's pipe, which uvloop reads like a socket.
 *
 * <p>It implements Reactor's {@link NonBlocking} marker, so Reactor and BlockHound treat it like an
 * event-loop thread.
 *
 * <p>Internal to reactor-awaitable.
 */
public final class LoopThread extends Thread implements NonBlocking {

    private static final Logger LOG = LoggerFactory.getLogger(LoopThread.class);

    /** Upper bound of a virtual-time wait for the loop to settle; a step that takes longer is a bug. */
    private static final long VIRTUAL_TIME_SETTLE_NANOS = 10_000_000_000L;

    private final LoopSettings settings;
    private final LoopClock clock;
    private final BlockingWorkers workers;
    private final LoopInbox inbox = new LoopInbox(this);
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private final PublisherBridge publishers = new PublisherBridge(this);
    private final AtomicLong slowSteps = new AtomicLong();
    private final VirtualTimeSettling settling = new VirtualTimeSettling();
    private volatile long idleDrains; // written by this thread only
    private volatile boolean shutdownRequested;
    private volatile boolean terminated;
    /** Why this loop thread stopped when it stopped on an internal error; null otherwise. */
    private volatile Throwable failure;
    /** Calls submitted and not yet ended; read by the least-loaded placement. */
    private final AtomicInteger inFlight = new AtomicInteger();

    // Confined to this thread.
    private final LoopTrace trace = new LoopTrace();
    private final CommandEncoder commands = new CommandEncoder();
    private final LoopStats stats = new LoopStats();
    private final OutcomeDelivery delivery = new OutcomeDelivery(trace, inFlight, publishers, stats);
    private final LoopTimer timer;
    private int relayNumber;
    private IoWakePipe wakePipe;

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
        this.timer = new LoopTimer(clock, this::timerFired);
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
                + ", woken=" + inbox.isWoken() + ", terminated=" + terminated + ", recent=" + trace + "]";
    }

    /**
     * Queues a call; its outcome reaches {@code listener} on this thread (or, once this loop has
     * stopped, an {@link IllegalStateException} at once).
     *
     * @param prefetch -1 for a one-value call, otherwise a stream call whose generator may run this
     *     many items ahead of demand
     * @param context the subscriber's context view, or null when empty
     * @param jsonResult whether a one-value call's result may come back as {@link JsonText}
     */
    public Call submit(long id, String target, Object[] args, int prefetch, Object context, boolean jsonResult,
                       CallListener listener) {
        Call call = new Call(id, target, args, prefetch, context, jsonResult, listener, this);
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
        } else if (Thread.currentThread() != this && !settings.uvloop() && clock.isVirtual()) {
            // (uvloop's timers follow libuv's clock: a virtual clock does not move them, so there is
            // nothing to settle before it moves.)
            // Under virtual time the test thread moves the clock: let the loop act on this command
            // (start a coroutine, run a generator to its next timer) before the sender goes on.
            awaitIdle(VIRTUAL_TIME_SETTLE_NANOS);
        } else {
            wake();
        }
    }

    /** Makes this thread drain soon. Thread-safe; called from Python too. */
    public void wake() {
        inbox.wake();
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
        settling.awaitIdle(this::wake, () -> terminated, timeoutNanos);
    }

    /** Asks the loop to cancel its calls, let them clean up (within the grace period) and end. */
    public void requestShutdown() {
        shutdownRequested = true;
        wake();
    }

    @Override
    public void run() {
        Interpreter python = null;
        try {
            python = openInterpreter();
            started.complete(null);
            serve(python);
        } catch (Throwable e) {
            if (!started.completeExceptionally(e)) {
                logInternalError(e);
            }
            failure = e;
            delivery.failAll(stoppedError());
        } finally {
            timer.dispose();
            terminated = true;
            failLeftovers();
            if (python != null) {
                closeInterpreter(python);
            }
        }
    }

    /** Opens this thread's interpreter and its Python loop driver. */
    private Interpreter openInterpreter() {
        Interpreter python = settings.isolated() ? settings.isolatedInterpreters().get() : openSharedInterpreter();
        try {
            openDriver(python);
            return python;
        } catch (RuntimeException | Error e) {
            python.close();
            throw e;
        }
    }

    /**
     * One at a time in the JVM, for loop threads and blocking workers alike: Jep's SharedInterpreter constructor, run on two threads at once while
     * the JVM's first one installs Jep's Java import hook, fails now and then with a
     * NullPointerException inside Jep (a few first starts in a hundred with 2 or 4 loop threads). Jep
     * synchronizes only the hook's installation, on this same class, so this lock cannot deadlock
     * with it.
     */
    public static Interpreter openSharedInterpreter() {
        synchronized (SharedInterpreter.class) {
            return new SharedInterpreter();
        }
    }

    private void openDriver(Interpreter python) {
        python.exec("from reactor_awaitable._runtimes import open_runtime\n"
                + "from reactor_awaitable._driver import LoopDriver");
        Object[] guard = PythonGuardSettings.current();
        python.invoke("open_runtime", settings.runtimeId(), settings.isolated() ? null : workers, settings.maxBlockingWorkers(),
                settings.blockingQueueCapacity(), settings.blockingIdleTimeout().toMillis() / 1000.0,
                settings.pythonPaths().toArray(new String[0]), guard[0], guard[1], JavaValues.INSTANCE,
                settings.preload().toArray(new String[0]), settings.pythonLogging() ? PythonLogBridge.INSTANCE : null,
                getName(), settings.tracing());
        if (settings.uvloop()) {
            openUvloopDriver(python);
            return;
        }
        relayNumber = ForeignWakeRelay.register(this);
        python.set("_relay_number", relayNumber);
        newDriver(python, "LoopDriver", ", _relay_number", "drain", "wait_and_drain");
        python.exec("del _relay_number");
        List<?> relayPipe = (List<?>) python.getValue("_loop_driver.relay_pipe");
        ForeignWakeRelay.ensureStarted(((Number) relayPipe.get(0)).intValue(), ((Number) relayPipe.get(1)).longValue());
        inbox.useWakePipe(wakePipe);
    }

    /**
     * Makes {@code _loop_driver}, a {@code driverClass} of this loop, binds {@code _abandon},
     * {@code _unfinished} and each of {@code entryPoints} to its methods as {@code _<name>}, and opens
     * the Java end of its wake-up pipe.
     *
     * @param moreArguments arguments after the common ones, as Python source (", _x"), or ""
     */
    private void newDriver(Interpreter python, String driverClass, String moreArguments, String... entryPoints) {
        python.set("_runtime_id", settings.runtimeId());
        python.set("_waker", this);
        python.set("_clock", clock);
        python.set("_publishers", publishers);
        python.set("_slow_step_seconds", settings.slowStepThreshold() == null ? -1.0
                : settings.slowStepThreshold().toNanos() / 1e9);
        StringBuilder code = new StringBuilder("_loop_driver = ").append(driverClass)
                .append("(_runtime_id, _waker, _clock, _publishers, _slow_step_seconds").append(moreArguments).append(")\n");
        List<String> names = new java.util.ArrayList<>(List.of("abandon", "unfinished"));
        names.addAll(List.of(entryPoints));
        for (String name : names) {
            code.append('_').append(name).append(" = _loop_driver.").append(name).append('\n');
        }
        python.exec(code.append("del _waker, _clock, _runtime_id, _publishers, _slow_step_seconds").toString());
        wakePipe = IoWakePipe.open(((Number) python.getValue("_loop_driver.wake_fd()")).intValue());
    }

    /**
     * The uvloop kind's driver: a uvloop loop that this thread enters once ({@link #serveUvloop}) and
     * that calls {@link #exchange} to hand over outcomes and take commands. uvloop wakes itself from
     * Python's threads, so there is no foreign-wake relay.
     */
    private void openUvloopDriver(Interpreter python) {
        python.exec("from reactor_awaitable._uvloop_driver import UvloopDriver");
        newDriver(python, "UvloopDriver", "", "serve");
        inbox.signalPipeAlways(wakePipe);
    }

    /**
     * Closes the Python loop (finalising async generators) and the interpreter, on this thread. An
     * isolated interpreter whose blocking workers are still running a job after the shutdown grace is
     * left open: closing it would wait for those threads.
     */
    private void closeInterpreter(Interpreter python) {
        boolean closable = true;
        try {
            python.exec("_workers_ended = _loop_driver.close(" + settings.shutdownGrace().toMillis() / 1000.0 + ")");
            closable = !settings.isolated() || Boolean.TRUE.equals(python.getValue("_workers_ended"));
        } catch (Throwable e) {
            logInternalError(e);
        } finally {
            if (!settings.uvloop()) {
                ForeignWakeRelay.unregister(relayNumber);
            }
            if (wakePipe != null) {
                wakePipe.close();
            }
            if (closable) {
                python.close();
            } else {
                LOG.warn("{}: a blocking job was still running {} after close(); this loop's isolated interpreter "
                        + "is left open (closing it would wait for the job's thread)", getName(), settings.shutdownGrace());
            }
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
     * Called from Python, on this thread, when a drain's outcome header does not fit the outcome
     * buffer (and once at the start).
     *
     * @param longs how many int64s the header needs
     * @return a direct, native-order buffer of at least that many, which Python writes the headers
     *     of this and later drains into
     */
    public ByteBuffer outcomeBuffer(int longs) {
        return delivery.outcomeBuffer(longs);
    }

    /**
     * @return how many drains took no command and sent no outcome back, with nothing left ready: a
     *     diagnostic of wasted wake-ups (a drain that ran only a timer, a step that ended no call or
     *     socket events alone count too)
     */
    public long idleDrains() {
        return idleDrains;
    }

    /** @return this loop's counts for metrics */
    public LoopStats stats() {
        return stats;
    }

    /** @return how many slow steps this loop has logged */
    public long slowSteps() {
        return slowSteps.get();
    }

    private void serve(Interpreter python) {
        if (settings.uvloop()) {
            serveUvloop(python);
            return;
        }
        boolean shuttingDown = false;
        long graceEnd = 0;
        while (true) {
            inbox.clearWoken();
            if (shutdownRequested && !shuttingDown) {
                shuttingDown = true;
                graceEnd = System.nanoTime() + settings.shutdownGrace().toNanos();
                python.exec("_loop_driver.begin_shutdown()");
            }
            int taken = takeCommands(shuttingDown);
            boolean virtual = clock.isVirtual();
            LongConsumer drainTimes = stats.drainTimes();
            long drainStart = drainTimes == null ? 0 : System.nanoTime();
            OutcomeDelivery.Drained drained = delivery.deliver(python.invoke("_drain", commands.codeCount(),
                    commands.replacedBuffer(), commands.objectsOrNull(), virtual), shuttingDown);
            if (drainTimes != null) {
                drainTimes.accept(System.nanoTime() - drainStart);
            }
            if (shuttingDown) {
                if (drained.live() == 0 && delivery.isEmpty()) {
                    return;
                }
                if (System.nanoTime() - graceEnd >= 0) {
                    LOG.warn("{}: {} coroutine(s) still running {} after close(); closing them: {}", getName(),
                            drained.live(), settings.shutdownGrace(), python.invoke("_unfinished"));
                    delivery.deliver(python.invoke("_abandon"), true);
                    return;
                }
            }
            if (taken == 0 && drained.outcomes() == 0 && !drained.hasReady()) {
                idleDrains++;
            }
            timer.schedule(drained.deadlineNanos(), virtual);
            long deadline = shuttingDown ? graceEnd : 0;
            while (!drained.hasReady() && !inbox.isWoken()) {
                settling.loopIsIdle();
                if (!drained.waitsOnIo()) {
                    inbox.awaitWork(deadline);
                    break;
                }
                // Sockets are open: wait in the Python loop's selector, which drains what it found in
                // the same call. Its outcomes are delivered here; the wait goes on while nothing else
                // is ready and no command came. The spin first, as for the park: a caller's next call
                // then finds the loop thread awake (a socket event that comes during it waits for its end).
                if (inbox.spunIntoWork()) {
                    break;
                }
                Object[] payloads = new Object[1];
                if (!inbox.awaitIo(timeout -> payloads[0] = python.invoke("_wait_and_drain", timeout, virtual), deadline)) {
                    break;
                }
                drained = delivery.deliver(payloads[0], shuttingDown);
                timer.schedule(drained.deadlineNanos(), virtual);
                if (shuttingDown) {
                    break;
                }
            }
        }
    }

    /**
     * The uvloop kind: this thread stays inside the Python loop until close() has ended its calls (or
     * their grace passed); Python calls {@link #exchange} meanwhile. Then what is still alive is
     * closed, as the default kind does.
     */
    private void serveUvloop(Interpreter python) {
        int live = ((Number) python.invoke("_serve", settings.shutdownGrace().toMillis() / 1000.0)).intValue();
        if (live > 0) {
            LOG.warn("{}: {} coroutine(s) still running {} after close(); closing them: {}", getName(), live,
                    settings.shutdownGrace(), python.invoke("_unfinished"));
            delivery.deliver(python.invoke("_abandon"), true);
        }
    }

    /** Set by {@link #exchange} when close() began; this thread only. */
    private boolean exchangeShuttingDown;

    /**
     * Called from Python (the uvloop kind), on this thread, with the GIL given up: delivers the
     * outcomes whose header Python wrote into the outcome buffer, then takes the commands queued since
     * the last exchange into the code buffer. The reply goes into the outcome buffer
     * ({@link DrainProtocol#REPLY_CODE_COUNT}, {@link DrainProtocol#REPLY_FLAGS}); commands that a
     * subscriber queued while its outcome was delivered are taken too.
     *
     * @param payloads the outcomes' payloads, or null
     * @return the commands' objects, or null when they have none
     */
    public Object[] exchange(Object payloads) {
        LongConsumer exchangeTimes = stats.drainTimes();
        long exchangeStart = exchangeTimes == null ? 0 : System.nanoTime();
        inbox.ownerTakesNext(true);
        try {
            OutcomeDelivery.Drained delivered = delivery.deliver(payloads, exchangeShuttingDown);
            inbox.clearWoken();
            if (takeCommands(exchangeShuttingDown) == 0 && delivered.outcomes() > 0 && !exchangeShuttingDown
                    && !shutdownRequested && inbox.spunIntoCommands()) {
                inbox.clearWoken();
                takeCommands(exchangeShuttingDown);
            }
            // Read after the last clearWoken: a requestShutdown() that came later wrote the pipe.
            long flags = 0;
            if (shutdownRequested && !exchangeShuttingDown) {
                exchangeShuttingDown = true;
                flags |= DrainProtocol.REPLY_SHUTDOWN;
            }
            ByteBuffer replaced = commands.replacedBuffer();
            if (replaced != null) {
                replacedCodes = replaced;
                flags |= DrainProtocol.REPLY_BUFFER_REPLACED;
            }
            delivery.writeReply(commands.codeCount(), flags);
            return commands.objectsOrNull();
        } finally {
            inbox.ownerTakesNext(false);
            if (exchangeTimes != null) {
                exchangeTimes.accept(System.nanoTime() - exchangeStart);
            }
        }
    }

    private ByteBuffer replacedCodes;

    /**
     * Called from Python (the uvloop kind) after an exchange whose reply said the code buffer was
     * replaced.
     *
     * @return the buffer the command codes are written into from now on
     */
    public ByteBuffer commandBuffer() {
        return replacedCodes;
    }

    /** Moves the inbox into the {@link CommandEncoder} for one drain; returns how many commands it took. */
    private int takeCommands(boolean shuttingDown) {
        int taken = 0;
        commands.clear();
        Object command;
        while ((command = inbox.poll()) != null) {
            taken++;
            if (command instanceof Call call) {
                if (shuttingDown) {
                    inFlight.decrementAndGet();
                    stats.failedOne();
                    OutcomeDelivery.deliverError(call, OutcomeDelivery.closedError(call));
                } else {
                    delivery.started(call);
                    commands.start(call);
                }
            } else if (command instanceof Signal signal) {
                commands.signal(signal.key(), signal.kind(), signal.value());
            } else if (command instanceof Request request) {
                if (delivery.isPending(request.call().id)) {
                    commands.request(request.call().id, request.n());
                }
            } else {
                Call call = ((Cancel) command).call();
                if (delivery.isPending(call.id)) {
                    call.cancelledBySubscriber = true;
                    commands.cancel(call.id);
                }
            }
        }
        return taken;
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
                stats.failedOne(); // the loop thread has stopped: no other writer
                OutcomeDelivery.deliverError(call, failure != null ? stoppedError() : OutcomeDelivery.closedError(call));
            }
        }
    }

    /** @return why this loop thread stopped, when it stopped on an internal error; otherwise null */
    public Throwable failure() {
        return failure;
    }

    /** The error of every call this loop ran or was given after it stopped on an internal error. */
    private IllegalStateException stoppedError() {
        return new IllegalStateException("The Python loop thread " + getName() + " stopped after an internal error ("
                + failure + "); its calls failed and the PythonRuntime takes no new work: close it and create a new one",
                failure);
    }
}
