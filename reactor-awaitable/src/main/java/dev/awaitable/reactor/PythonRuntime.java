package dev.awaitable.reactor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.awaitable.reactor.loop.BlockingWorkers;
import dev.awaitable.reactor.loop.Call;
import dev.awaitable.reactor.loop.CallListener;
import dev.awaitable.reactor.loop.LoopClock;
import dev.awaitable.reactor.loop.LoopSettings;
import dev.awaitable.reactor.loop.LoopThread;
import dev.awaitable.reactor.loop.PythonLogBridge;
import reactor.core.scheduler.Scheduler;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * An embedded CPython with the threads that run coroutines on it.
 *
 * <p>A runtime owns a few <em>loop threads</em>, each a Java thread with its own Jep interpreter
 * driving an asyncio event loop, and a lazily grown pool of <em>blocking workers</em> for
 * {@code execute_async} and {@code asyncio.to_thread}. Coroutines are started through
 * {@link AwaitableFlux}; each stays on one loop thread for its life.
 *
 * <p>Create one per application (it is thread-safe) and {@link #close()} it at shutdown: in-flight
 * coroutines are cancelled, their {@code finally} blocks run, their subscribers get an
 * {@link IllegalStateException}, and every thread and interpreter is closed. Several runtimes may be
 * created and closed one after another in one JVM; they all embed the same Python (CPython can be
 * initialised once per process), chosen by the first one.
 */
public final class PythonRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PythonRuntime.class);
    private static final AtomicLong RUNTIME_IDS = new AtomicLong();

    /**
     * The subscriber-context key that places a call on one loop thread, whatever the
     * {@link Builder#loopPlacement loop placement}: its value, an {@code Integer}, is the loop's index
     * (modulo {@link #loopThreads()}). Calls on one loop may share asyncio objects (a lock, a queue, a
     * client bound to its loop) and, with isolated loops, one interpreter's modules:
     *
     * <pre>{@code
     * AwaitableFlux.mono(python, "shop.sessions:fetch", url).contextWrite(Context.of(PythonRuntime.LOOP, 0))
     * }</pre>
     *
     * Python's {@code reactor_context()} does not show it.
     */
    public static final String LOOP = "reactor-awaitable.loop";

    private final long id;
    private final PythonInstallation python;
    private final LoopThread[] loops;
    private final BlockingWorkers workers;
    private final Duration shutdownGrace;
    /** The runtime's own timer thread (null with a custom timer scheduler). */
    private final ScheduledExecutorService timer;
    private final AtomicLong callIds = new AtomicLong();
    private final AtomicInteger nextLoop = new AtomicInteger();
    private final LoopPlacement placement;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch terminated = new CountDownLatch(1);
    /** The runtime's meters; null without a meter registry. */
    private final RuntimeMeters meters;
    /** Converts results to the types callers ask for. */
    private final ResultMapper results;
    /** The application's rules for arguments. */
    private final ArgumentConversions arguments;
    /** A span per call when the OpenTelemetry API is on the class path and tracing is on; else null. */
    private final CallTracing tracing;
    /** Checked without loading {@link CallTracing}, whose fields are OpenTelemetry types. */
    private static final boolean OPEN_TELEMETRY_PRESENT = presentClass("io.opentelemetry.api.GlobalOpenTelemetry");

    private final EventLoopKind eventLoop;

    private PythonRuntime(Builder builder) {
        this.python = EmbeddedPython.start(builder.pythonExecutable);
        this.id = RUNTIME_IDS.incrementAndGet();
        this.shutdownGrace = builder.shutdownGrace;
        this.placement = builder.placement;
        this.eventLoop = builder.eventLoop;
        this.results = ResultMapper.create(builder.objectMapper);
        this.arguments = new ArgumentConversions(builder.argumentRules);
        this.tracing = builder.tracing && OPEN_TELEMETRY_PRESENT ? CallTracing.create(builder.openTelemetry) : null;
        String prefix = "reactor-awaitable-" + id + "-";
        this.workers = new BlockingWorkers(id, prefix + "blocking-");
        List<String> paths = new ArrayList<>();
        for (Path path : builder.pythonPaths) {
            paths.add(path.toAbsolutePath().toString());
        }
        if (builder.applicationModules) {
            for (Path path : EmbeddedPython.applicationModules()) {
                paths.add(path.toString());
            }
        }
        if (builder.isolated) {
            requireOwnGilSupport(python);
        }
        LoopSettings settings = new LoopSettings(id, builder.shutdownGrace, builder.maxBlockingWorkers,
                builder.blockingQueueCapacity, builder.blockingIdleTimeout, List.copyOf(paths),
                builder.slowStepThreshold, List.copyOf(builder.preload),
                builder.isolated ? EmbeddedPython::isolatedInterpreter : null, builder.pythonLogging, tracing != null,
                builder.eventLoop == EventLoopKind.UVLOOP);
        if (builder.pythonLogging) {
            PythonLogBridge.INSTANCE.addContextKeys(builder.logContextKeys);
        }
        this.timer = builder.timerScheduler == null ? timerThread(prefix + "timer") : null;
        LoopClock clock = builder.timerScheduler == null ? LoopClock.reactorDefault(timer)
                : LoopClock.custom(builder.timerScheduler);
        this.loops = new LoopThread[builder.loopThreads];
        for (int i = 0; i < loops.length; i++) {
            loops[i] = new LoopThread(prefix + "loop-" + i, settings, clock, workers);
        }
        this.meters = builder.meterRegistry == null ? null
                : RuntimeMeters.register(builder.meterRegistry, "reactor-awaitable-" + id, loops, this);
        for (LoopThread loop : loops) {
            loop.start();
        }
        awaitStarted();
        PythonExit.opened(this);
    }

    /** Whether an optional dependency's class is on the class path (without initialising it). */
    static boolean presentClass(String name) {
        try {
            Class.forName(name, false, PythonRuntime.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Isolated loops need a per-interpreter GIL, which CPython has from 3.12 on. */
    private static void requireOwnGilSupport(PythonInstallation python) {
        String[] parts = python.version().split("\\.");
        int major = Integer.parseInt(parts[0]);
        int minor = parts.length > 1 ? Integer.parseInt(parts[1].replaceAll("\\D.*", "")) : 0;
        if (major < 3 || (major == 3 && minor < 12)) {
            throw new IllegalStateException("isolatedLoops(n) needs Python 3.12 or newer, where each sub-interpreter "
                    + "can own its GIL; this runtime embeds Python " + python.version() + " (" + python.executable()
                    + "). Use loopThreads(n), whose loops share one GIL, or embed a Python 3.12+ "
                    + "(PythonRuntime.builder().pythonExecutable(...)).");
        }
    }

    /** One daemon thread for asyncio's timers; a cancelled timer leaves its queue at once. */
    private static ScheduledExecutorService timerThread(String name) {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    private void awaitStarted() {
        for (LoopThread loop : loops) {
            try {
                loop.started().get(60, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException | InterruptedException e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                close();
                throw new IllegalStateException("Could not start a Python loop thread with the Python at "
                        + python.executable() + ": " + cause, cause);
            }
        }
    }

    /**
     * @return the runtime's id, the id of the last call started (so a stalled call can be matched with
     *     the loops' traces) and each loop thread's state
     */
    @Override
    public String toString() {
        return "PythonRuntime[" + id + ", last call " + callIds.get() + ", " + java.util.Arrays.toString(loops) + "]";
    }

    /**
     * Starts a runtime with the defaults: one loop thread, up to 256 blocking workers, Python found as
     * described in {@link Builder#pythonExecutable(Path)}.
     *
     * @throws IllegalStateException when Python or jep cannot be found or started; the message names
     *     the Python that was tried and the fix
     */
    public static PythonRuntime create() {
        return builder().build();
    }

    /** @return a builder for a runtime with non-default settings */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the Python executable this runtime embeds */
    public Path pythonExecutable() {
        return python.executable();
    }

    /** @return the embedded Python's version, e.g. {@code 3.11.7} */
    public String pythonVersion() {
        return python.version();
    }

    /** @return how many loop threads run coroutines */
    public int loopThreads() {
        return loops.length;
    }

    /** @return which Python event loop the loop threads run */
    public EventLoopKind eventLoop() {
        return eventLoop;
    }

    /** @return calls handed to the loops and not ended yet (a gauge of the metrics) */
    public int callsInFlight() {
        int total = 0;
        for (LoopThread loop : loops) {
            total += loop.load();
        }
        return total;
    }

    /** @return blocking worker threads alive (a gauge of the metrics) */
    int blockingWorkers() {
        return workers.size();
    }

    /** @return how many slow coroutine steps have been logged (see {@link Builder#slowStepThreshold}) */
    public long slowSteps() {
        long total = 0;
        for (LoopThread loop : loops) {
            total += loop.slowSteps();
        }
        return total;
    }

    /** @return true once {@link #close()} has been called */
    public boolean isClosed() {
        return closed.get();
    }

    /**
     * @return false once the runtime is closed or one of its loop threads stopped after an internal
     *     error (see {@link #failure()}); an unhealthy runtime takes no new work
     */
    public boolean isHealthy() {
        return !closed.get() && failure() == null;
    }

    /**
     * @return why a loop thread of this runtime stopped after an internal error, or null. Python code
     *     cannot cause one (its exceptions, SystemExit and KeyboardInterrupt included, fail only their
     *     own call): it means a bug in the library or in Jep. Every call on that loop thread ended with
     *     an error naming it, and later calls on this runtime fail with it too.
     */
    public Throwable failure() {
        for (LoopThread loop : loops) {
            Throwable failure = loop.failure();
            if (failure != null) {
                return failure;
            }
        }
        return null;
    }

    /** @throws IllegalStateException when this runtime is closed or a loop thread of it failed */
    /**
     * A Java interface whose methods call the functions of a Python module, like Spring's HTTP
     * interface clients or Retrofit: a method returning {@code Mono<R>} calls the coroutine function
     * of the snake_case of its name ({@code quoteFor} calls {@code quote_for}; {@link PythonFunction}
     * names another), a method returning {@code Flux<R>} an async generator function; arguments go as
     * positional arguments and each result is converted to {@code R} as
     * {@link AwaitableFlux#mono(PythonRuntime, Class, String, Object...)} converts it. Default methods
     * run as written; {@code equals}, {@code hashCode} and {@code toString} are the proxy's own.
     *
     * <p>Everything is checked now, not at the first call: the module imports, each function exists,
     * is a coroutine function for a Mono and an async generator for a Flux, and takes the method's
     * number of arguments. Every mismatch is listed in one {@link IllegalArgumentException}. The
     * check imports the module and waits for it: bind at start-up, not on a loop thread.
     *
     * @param api the interface
     * @param module the Python module, e.g. {@code "shop"}
     * @return the interface, bound
     * @throws IllegalArgumentException naming every method that does not fit its function
     */
    public <T> T bind(Class<T> api, String module) {
        checkOpen();
        return PythonBinding.bind(this, Objects.requireNonNull(api, "api"), module);
    }

    /**
     * {@link #bind(Class, String)} to the module named by the interface's {@link PythonModule}.
     *
     * @throws IllegalArgumentException when the interface has no {@code @PythonModule}, or as
     *     {@link #bind(Class, String)}
     */
    public <T> T bind(Class<T> api) {
        PythonModule module = Objects.requireNonNull(api, "api").getAnnotation(PythonModule.class);
        return bind(api, module == null ? null : module.value());
    }

    /** @return the application's rules for arguments */
    ArgumentConversions arguments() {
        return arguments;
    }

    /** @return what converts this runtime's results to the types callers ask for */
    ResultMapper results() {
        return results;
    }

    void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("This PythonRuntime is closed; create a new one to run Python");
        }
        Throwable failure = failure();
        if (failure != null) {
            throw new IllegalStateException("This PythonRuntime takes no new work: a loop thread stopped after an "
                    + "internal error (" + failure + "); close it and create a new one", failure);
        }
    }

    /**
     * Starts one call of {@code target} on a loop thread (round robin).
     *
     * @param prefetch -1 for a one-value call; for a stream call, how far it may run ahead of demand
     * @param context the subscriber's context view; passed to Python only when not empty
     */
    Call start(String target, Object[] args, int prefetch, ContextView context, CallListener listener) {
        return start(target, args, prefetch, context, false, listener);
    }

    /**
     * {@link #start(String, Object[], int, ContextView, CallListener)}, for a one-value call whose
     * result may come back as JSON text when {@code jsonResult} (see {@link ResultMapper#readsJson}).
     */
    Call start(String target, Object[] args, int prefetch, ContextView context, boolean jsonResult,
               CallListener listener) {
        checkOpen();
        LoopThread loop;
        if (context.hasKey(LOOP)) {
            if (!(context.get(LOOP) instanceof Integer index)) {
                throw new IllegalArgumentException("The subscriber context's " + LOOP + " must be an Integer, a loop's "
                        + "index; it was " + context.get(LOOP));
            }
            loop = loops[Math.floorMod(index, loops.length)];
            context = Context.of(context).delete(LOOP);
        } else {
            loop = pickLoop();
        }
        if (tracing == null || target.equals(PythonBinding.CHECK)) {
            return loop.submit(callIds.incrementAndGet(), target, args, prefetch, context.isEmpty() ? null : context,
                    jsonResult, listener);
        }
        CallTracing.Traced traced = tracing.start(target, context, listener);
        Call call = loop.submit(callIds.incrementAndGet(), target, args, prefetch,
                traced.context().isEmpty() ? null : traced.context(), jsonResult, traced.listener());
        call.whenCancelled(traced.whenCancelled());
        return call;
    }

    private LoopThread pickLoop() {
        if (loops.length == 1) {
            return loops[0];
        }
        if (placement == LoopPlacement.ROUND_ROBIN) {
            return loops[Math.floorMod(nextLoop.getAndIncrement(), loops.length)];
        }
        LoopThread best = loops[0];
        for (int i = 1; i < loops.length; i++) {
            if (loops[i].load() < best.load()) {
                best = loops[i];
            }
        }
        return best;
    }

    /**
     * Cancels every in-flight coroutine, the calls' and the tasks their code started (their
     * {@code finally} blocks run; the calls' subscribers receive an {@link IllegalStateException}),
     * waits up to the shutdown grace period for them (a task still running then is named in a warning
     * and closed), finalises async generators, shuts down an executor set with
     * {@code loop.set_default_executor} (within the grace), then stops the loop threads and blocking
     * workers, each closing its interpreter on its own thread. Python's {@code atexit} handlers run
     * once, when the JVM exits (after the runtimes still open then have been closed), not here.
     *
     * <p>Idempotent: later calls wait until the first has finished. Must not be called on one of this
     * runtime's loop threads (it waits for them).
     *
     * @throws IllegalStateException when called on one of this runtime's loop threads
     */
    @Override
    public void close() {
        for (LoopThread loop : loops) {
            if (loop != null && Thread.currentThread() == loop) {
                throw new IllegalStateException("PythonRuntime.close() cannot run on its own loop thread, which it "
                        + "waits for; close it from another thread (e.g. subscribeOn(Schedulers.boundedElastic()))");
            }
        }
        if (!closed.compareAndSet(false, true)) {
            awaitTermination();
            return;
        }
        try {
            for (LoopThread loop : loops) {
                if (loop != null) {
                    loop.requestShutdown();
                }
            }
            long joinMillis = shutdownGrace.toMillis() + 10_000;
            for (LoopThread loop : loops) {
                if (loop != null) {
                    loop.join(joinMillis);
                    if (loop.isAlive()) {
                        LOG.warn("{} did not stop within {} ms", loop.getName(), joinMillis);
                    }
                }
            }
            if (!workers.join(shutdownGrace)) {
                LOG.warn("{} blocking worker(s) are still inside a blocking call after close(); they end with it",
                        workers.size());
            }
            if (timer != null) {
                timer.shutdownNow();
            }
            if (meters != null) {
                meters.remove();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            PythonExit.closed(this);
            terminated.countDown();
        }
    }

    /** @return how long {@link #close()} lets cancelled coroutines clean up */
    Duration shutdownGrace() {
        return shutdownGrace;
    }

    private void awaitTermination() {
        try {
            terminated.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Settings for a {@link PythonRuntime}. Not thread-safe; {@link #build()} copies what it needs. */
    public static final class Builder {

        private int loopThreads = 1;
        private boolean isolated;
        private int maxBlockingWorkers = 256;
        private int blockingQueueCapacity = 10_000;
        private Duration blockingIdleTimeout = Duration.ofSeconds(60);
        private Duration shutdownGrace = Duration.ofSeconds(10);
        private final List<Path> pythonPaths = new ArrayList<>();
        private boolean applicationModules = true;
        private boolean pythonLogging = true;
        private boolean tracing = true;
        private Object openTelemetry; // an OpenTelemetry, typed Object so the API stays optional
        private final List<String> logContextKeys = new ArrayList<>();
        private final List<String> preload = new ArrayList<>();
        private Path pythonExecutable;
        private Supplier<Scheduler> timerScheduler;
        private Object meterRegistry; // a MeterRegistry, typed Object so Micrometer stays optional
        private Object objectMapper; // an ObjectMapper, typed Object so Jackson stays optional
        private final Map<Class<?>, Function<Object, ?>> argumentRules = new LinkedHashMap<>();
        private LoopPlacement placement = LoopPlacement.ROUND_ROBIN;
        private Duration slowStepThreshold = defaultSlowStepThreshold();
        private EventLoopKind eventLoop = defaultEventLoop();

        private Builder() {
        }

        /**
         * Which Python event loop the loop threads run (see {@link EventLoopKind} for how they differ).
         * The default is {@link EventLoopKind#ASYNCIO}, or the kind the system property
         * {@value #EVENT_LOOP_PROPERTY} names ({@code asyncio} or {@code uvloop}).
         *
         * @param kind the loop kind
         * @throws IllegalStateException from {@link #build()} for {@link EventLoopKind#UVLOOP} with
         *     isolated loops, or when the embedded Python has no uvloop (the message gives the pip command)
         */
        public Builder eventLoop(EventLoopKind kind) {
            this.eventLoop = Objects.requireNonNull(kind, "kind");
            return this;
        }

        /** System property that sets the default {@link #eventLoop(EventLoopKind)}, e.g. {@code -Dreactor.awaitable.eventLoop=uvloop}. */
        public static final String EVENT_LOOP_PROPERTY = "reactor.awaitable.eventLoop";

        private static EventLoopKind defaultEventLoop() {
            String value = System.getProperty(EVENT_LOOP_PROPERTY);
            if (value == null || value.isBlank()) {
                return EventLoopKind.ASYNCIO;
            }
            try {
                return EventLoopKind.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("-D" + EVENT_LOOP_PROPERTY + "=" + value + " is not a loop kind; use "
                        + "asyncio or uvloop", e);
            }
        }

        /**
         * @param count loop threads running coroutines (default 1), all in one interpreter and under one
         *     GIL; each coroutine stays on one. Replaces an earlier {@link #isolatedLoops(int)}.
         */
        public Builder loopThreads(int count) {
            this.loopThreads = requireLoopCount(count, "loopThreads");
            this.isolated = false;
            return this;
        }

        /**
         * Loop threads that run Python in parallel: each owns an isolated sub-interpreter with its own
         * GIL (Python 3.12 or newer), so CPU-heavy Python steps on different loops run on different
         * cores. Calls are spread over the loops as with {@link #loopThreads(int)} ({@link #loopPlacement}).
         *
         * <p>Each loop has its own copy of every module: the {@code reactor_awaitable} package, the
         * targets' modules and their module-level state (a cache, a client, a counter) exist once per
         * loop, and nothing Python is shared between loops; arguments and results cross as Java values,
         * as always. Each loop has its own blocking workers (up to {@link #maxBlockingWorkers} each),
         * which are Python threads of its interpreter. A module that cannot be loaded in an isolated
         * interpreter (a C extension without multi-phase initialisation) fails the call with an
         * {@code ImportError} that names it; run such code on {@link #loopThreads(int)}. Replaces an
         * earlier {@link #loopThreads(int)}.
         *
         * @param count how many isolated loops
         * @throws IllegalStateException from {@link #build()} when the Python is older than 3.12
         */
        public Builder isolatedLoops(int count) {
            this.loopThreads = requireLoopCount(count, "isolatedLoops");
            this.isolated = true;
            return this;
        }

        private static int requireLoopCount(int count, String name) {
            if (count < 1) {
                throw new IllegalArgumentException(name + " must be at least 1, was " + count);
            }
            return count;
        }

        /**
         * Turns on the slow-step detector: a single coroutine step that holds a loop thread this long or
         * longer is logged (SLF4J, warn) with the coroutine's qualified name and its Python stack where
         * it yielded, and counted ({@link PythonRuntime#slowSteps()}). Off by default; the system
         * property {@value #SLOW_STEP_PROPERTY} (e.g. {@code 100ms}) turns it on for every runtime.
         * It costs two clock reads per step.
         *
         * @param threshold the longest acceptable step, e.g. {@code Duration.ofMillis(100)}; {@code null} turns it off
         */
        public Builder slowStepThreshold(Duration threshold) {
            this.slowStepThreshold = threshold == null ? null : requirePositive(threshold, "slowStepThreshold");
            return this;
        }

        /** System property that turns the slow-step detector on, e.g. {@code -Dreactor.awaitable.slowStepThreshold=100ms}. */
        public static final String SLOW_STEP_PROPERTY = "reactor.awaitable.slowStepThreshold";

        private static Duration defaultSlowStepThreshold() {
            String value = System.getProperty(SLOW_STEP_PROPERTY);
            if (value == null || value.isBlank()) {
                return null;
            }
            String v = value.trim().toLowerCase(java.util.Locale.ROOT);
            try {
                if (v.endsWith("ms")) {
                    return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2).trim()));
                }
                if (v.endsWith("s")) {
                    return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1).trim()) * 1000));
                }
                return Duration.ofMillis(Long.parseLong(v));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(SLOW_STEP_PROPERTY + " must be a duration like 100ms or 0.5s, was '"
                        + value + "'", e);
            }
        }

        /** @param rule how a new call picks its loop thread when there are several (default round robin) */
        public Builder loopPlacement(LoopPlacement rule) {
            this.placement = Objects.requireNonNull(rule, "rule");
            return this;
        }

        /** @param max cap of blocking-worker threads, started on demand (default 256) */
        public Builder maxBlockingWorkers(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxBlockingWorkers must be at least 1, was " + max);
            }
            this.maxBlockingWorkers = max;
            return this;
        }

        /**
         * @param capacity how many blocking jobs may wait for a worker (default 10,000); beyond it
         *     {@code execute_async} raises {@code reactor_awaitable.BlockingQueueFullError}
         */
        public Builder blockingQueueCapacity(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("blockingQueueCapacity must be at least 1, was " + capacity);
            }
            this.blockingQueueCapacity = capacity;
            return this;
        }

        /** @param timeout how long an idle blocking worker lives before it ends (default 60 s) */
        public Builder blockingIdleTimeout(Duration timeout) {
            this.blockingIdleTimeout = requirePositive(timeout, "blockingIdleTimeout");
            return this;
        }

        /** @param grace how long {@link #close()} lets cancelled coroutines clean up (default 10 s) */
        public Builder shutdownGrace(Duration grace) {
            this.shutdownGrace = requirePositive(grace, "shutdownGrace");
            return this;
        }

        /**
         * @param directory prepended to Python's {@code sys.path}, so its modules can be targets; it must
         *     exist when {@link #build()} runs
         */
        public Builder addPythonPath(Path directory) {
            pythonPaths.add(Objects.requireNonNull(directory, "directory"));
            return this;
        }

        /**
         * @param include whether the application's own Python modules, packed into its classes by
         *     {@code reactor-awaitable-maven-plugin} (from {@code src/main/python}), are on {@code sys.path}
         *     after the {@link #addPythonPath} directories (default {@code true})
         */
        public Builder applicationModules(boolean include) {
            this.applicationModules = include;
            return this;
        }

        /**
         * @param on whether Python's {@code logging} goes to SLF4J (default {@code true}): a handler on
         *     Python's root logger sends each record to the SLF4J logger {@code python.<name>}, with its
         *     exception as a {@link PythonException}. JVM-wide once on: there is one CPython, and the
         *     first runtime that asks installs it.
         */
        public Builder pythonLogging(boolean on) {
            this.pythonLogging = on;
            return this;
        }

        /**
         * @param on whether each call is traced when the OpenTelemetry API is on the class path (default
         *     {@code true}): a span {@code python <target>} under the subscriber's current span, and the
         *     trace continued in Python when the venv has {@code opentelemetry-api}. Without the API
         *     there is nothing to turn off: it costs nothing.
         */
        public Builder tracing(boolean on) {
            this.tracing = on;
            return this;
        }

        /**
         * @param openTelemetry the {@code OpenTelemetry} whose tracer makes the calls' spans (a Spring Boot
         *     application's bean); default: {@code GlobalOpenTelemetry} when something has set it (the
         *     Java agent) by the time {@link #build()} runs, else no tracing
         */
        public Builder openTelemetry(io.opentelemetry.api.OpenTelemetry openTelemetry) {
            this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
            return this;
        }

        /**
         * @param keys keys of the subscriber's Reactor {@code Context} (e.g. a request id) that are in the
         *     MDC while Python code of that call logs
         */
        public Builder logContextKeys(String... keys) {
            for (String key : keys) {
                logContextKeys.add(Objects.requireNonNull(key, "key"));
            }
            return this;
        }

        /**
         * Modules every loop imports before {@link #build()} returns, so that a slow import (an agent
         * framework's, a model's) happens at start-up and not on a loop thread serving calls. An import
         * that fails fails {@code build()}, naming the module.
         *
         * @param modules module names, e.g. {@code "litellm"}, {@code "myapp.models"}
         */
        public Builder preload(String... modules) {
            for (String module : modules) {
                preload.add(Objects.requireNonNull(module, "module"));
            }
            return this;
        }

        /**
         * Chooses the Python to embed. Without it the runtime tries, in order: the system property
         * {@code reactor.awaitable.python}, the environment variable {@code REACTOR_AWAITABLE_PYTHON},
         * a {@code .venv} in the working directory or one of its parents, and {@code python3} on the
         * {@code PATH}. That Python must have jep installed at the version this library was built with.
         *
         * @param executable the Python executable (a virtualenv's {@code bin/python} works)
         */
        public Builder pythonExecutable(Path executable) {
            this.pythonExecutable = Objects.requireNonNull(executable, "executable");
            return this;
        }

        /**
         * Replaces the default clock and timers of {@code asyncio}: by default, the virtual clock while
         * reactor-test's {@code VirtualTimeScheduler} is installed ({@code StepVerifier.withVirtualTime}
         * moves Python's timers too), otherwise the monotonic clock and a timer thread of the runtime.
         *
         * @param scheduler supplies the scheduler whose timers (and clock, if it defines its own
         *     {@code now}) drive {@code asyncio} timers; called on every use
         */
        public Builder timerScheduler(Supplier<Scheduler> scheduler) {
            this.timerScheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /**
         * Publishes the runtime's metrics to a Micrometer registry (Micrometer is an optional
         * dependency; without this call nothing of it is loaded). Per loop, tagged {@code runtime} and
         * {@code loop}: {@code reactor.awaitable.calls} (function counter, tag {@code outcome}:
         * completed, failed, cancelled), {@code calls.started}, {@code calls.in.flight},
         * {@code drains}, {@code drain.duration} (timer), {@code slow.steps}, {@code timers.pending};
         * per runtime: {@code blocking.workers}, {@code blocking.queued}. The meters leave the
         * registry when the runtime is closed.
         *
         * @param registry an {@code io.micrometer.core.instrument.MeterRegistry}
         */
        public Builder meterRegistry(io.micrometer.core.instrument.MeterRegistry registry) {
            this.meterRegistry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /**
         * The Jackson {@code ObjectMapper} that turns results into the records, beans and generic types
         * callers ask for ({@code AwaitableFlux.mono(runtime, Quote.class, ...)}): the application's own,
         * with its modules and naming rules. Without one, and with Jackson on the class path, the
         * library uses a mapper of its own with Jackson's {@code JavaTimeModule}, unknown fields
         * ignored and dates kept at their offset (as Spring Boot's is set).
         *
         * @param mapper a {@code com.fasterxml.jackson.databind.ObjectMapper}
         */
        public Builder objectMapper(com.fasterxml.jackson.databind.ObjectMapper mapper) {
            this.objectMapper = Objects.requireNonNull(mapper, "mapper");
            return this;
        }

        /**
         * How arguments of {@code type} (and its subclasses and implementations) cross to Python: as
         * what {@code conversion} returns, converted in turn (a {@code Map} becomes a {@code dict}).
         * Applies to {@code mono}, {@code flux} and {@code operator} arguments, the items of an
         * {@code operator}'s upstream and {@code map}'s inputs (a CONTINUE handler then gets the input as
         * converted), also inside {@code Map}s and lists.
         * Records already cross as dicts of their components; java.time values, BigDecimal and UUID
         * as their Python counterparts; anything else arrives as the Java object itself.
         *
         * <pre>{@code
         * builder.argumentConversion(Money.class, m -> Map.of("amount", m.amount(), "currency", m.currency().getCurrencyCode()))
         * }</pre>
         */
        @SuppressWarnings("unchecked")
        public <T> Builder argumentConversion(Class<T> type, Function<? super T, ?> conversion) {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(conversion, "conversion");
            argumentRules.put(type, value -> conversion.apply((T) value));
            return this;
        }

        /**
         * Starts the runtime: finds Python and jep, starts the loop threads and waits until their
         * interpreters are ready.
         *
         * @throws IllegalStateException when Python or jep cannot be found or started
         */
        public PythonRuntime build() {
            if (eventLoop == EventLoopKind.UVLOOP && isolated) {
                throw new IllegalStateException("EventLoopKind.UVLOOP cannot run on isolated loops: uvloop cannot be "
                        + "loaded in an isolated sub-interpreter (it keeps process-wide state). Use loopThreads(n) "
                        + "with uvloop, or isolatedLoops(n) with the default EventLoopKind.ASYNCIO.");
            }
            for (Path directory : pythonPaths) {
                if (!java.nio.file.Files.isDirectory(directory)) {
                    throw new IllegalArgumentException("addPythonPath(" + directory + "): " + directory.toAbsolutePath()
                            + " is not a directory; give the directory that holds your Python modules");
                }
            }
            return new PythonRuntime(this);
        }

        private static Duration requirePositive(Duration value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + value);
            }
            return value;
        }
    }
}
