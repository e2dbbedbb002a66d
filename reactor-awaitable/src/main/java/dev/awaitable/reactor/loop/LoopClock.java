package dev.awaitable.reactor.loop;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

/**
 * The clock and timer source of the Python loops.
 *
 * <p>By default ({@link #reactorDefault}): while reactor-test's {@code VirtualTimeScheduler} is
 * installed (as {@code StepVerifier.withVirtualTime} does), its virtual clock and timers; otherwise the
 * monotonic clock ({@link System#nanoTime()}, the same clock as Python's {@code time.monotonic()} on
 * Linux) and the runtime's own timer thread. This default never calls {@code Schedulers.parallel()}:
 * loop threads look at the clock constantly, and a lookup of Reactor's lazily cached schedulers that
 * races with a test resetting the scheduler factory can leave the virtual scheduler cached for good.
 * The runtime's timer thread is a plain JDK {@link ScheduledExecutorService}, not a Reactor scheduler:
 * initialising Reactor's {@code Schedulers} costs 60-90 ms in a fresh JVM, a third of
 * {@code PythonRuntime.create()}.
 *
 * <p>With a {@link #custom} supplier, that scheduler is looked up on every use; if it defines its own
 * clock ({@code now}), the loop reads it, otherwise (Reactor's schedulers, whose {@code now} is a
 * millisecond wall clock) the monotonic clock.
 *
 * <p>Internal to reactor-awaitable. Thread-safe.
 */
public final class LoopClock {

    private static final ClassValue<Boolean> HAS_OWN_CLOCK = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            try {
                return type.getMethod("now", TimeUnit.class).getDeclaringClass() != Scheduler.class;
            } catch (NoSuchMethodException e) {
                return false;
            }
        }
    };

    private final Supplier<Scheduler> custom;
    private final ScheduledExecutorService realTimer;

    private LoopClock(Supplier<Scheduler> custom, ScheduledExecutorService realTimer) {
        this.custom = custom;
        this.realTimer = realTimer;
    }

    /** @param realTimer the runtime's own timer thread, used outside virtual time */
    public static LoopClock reactorDefault(ScheduledExecutorService realTimer) {
        return new LoopClock(null, realTimer);
    }

    /** @param scheduler supplies the timer scheduler; called on every use */
    public static LoopClock custom(Supplier<Scheduler> scheduler) {
        return new LoopClock(scheduler, null);
    }

    /**
     * Runs {@code task} after {@code delayNanos} on this clock: on the virtual or custom scheduler in
     * charge now, otherwise on the runtime's timer thread.
     */
    public Disposable schedule(Runnable task, long delayNanos) {
        Scheduler scheduler = scheduler();
        if (scheduler != null) {
            return scheduler.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
        }
        Future<?> pending = realTimer.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
        return () -> cancelTimer(pending);
    }

    /**
     * Cancels a timer of the runtime's timer thread. The JDK's timer queue takes a lock to remove it,
     * which the timer thread holds for microseconds at a time; the loop thread may wait that long here
     * (allowed for BlockHound by ReactorAwaitableBlockHoundIntegration, like Reactor allows the same
     * queue's offer and take).
     */
    static void cancelTimer(Future<?> pending) {
        pending.cancel(false);
    }

    /** @return the scheduler timers are set on now, or null when it is the runtime's own timer thread */
    Scheduler scheduler() {
        if (custom == null) {
            return VirtualTime.current();
        }
        Scheduler current = custom.get();
        // Schedulers.parallel() can answer null while another thread swaps Reactor's scheduler
        // factory; ask again, it settles at once.
        for (int i = 0; current == null && i < 100; i++) {
            Thread.onSpinWait();
            current = custom.get();
        }
        if (current == null) {
            throw new IllegalStateException("the timer scheduler supplier returned null");
        }
        return current;
    }

    /** @return true when the loop reads a clock of the scheduler's own (virtual time) */
    public boolean isVirtual() {
        return custom == null ? VirtualTime.current() != null : hasOwnClock(scheduler());
    }

    /** @return the loop time in seconds; called from Python ({@code loop.time()}) under virtual time */
    public double nowSeconds() {
        Scheduler current = scheduler();
        long nanos = current != null && (custom == null || hasOwnClock(current))
                ? current.now(TimeUnit.NANOSECONDS) : System.nanoTime();
        return nanos / 1e9;
    }

    /**
     * Whether {@code scheduler} defines its own {@code now}. {@code Schedulers.parallel()} answers a
     * caching wrapper that forwards {@code now}, and that offers the scheduler it wraps as a
     * {@code Supplier<Scheduler>}: look through it at the scheduler that decides.
     */
    static boolean hasOwnClock(Scheduler scheduler) {
        Scheduler current = scheduler;
        while (current instanceof Supplier<?> wrapper && wrapper.get() instanceof Scheduler inner && inner != current) {
            current = inner;
        }
        return HAS_OWN_CLOCK.get(current.getClass());
    }

    /** reactor-test's installed VirtualTimeScheduler, read without touching Reactor's scheduler cache. */
    static final class VirtualTime {

        // Read on every command sent to a loop: method handles in static finals, which the JIT inlines.
        private static final MethodHandle IS_ENABLED;
        private static final MethodHandle GET;

        static {
            MethodHandle enabled = null;
            MethodHandle get = null;
            try {
                Class<?> type = Class.forName("reactor.test.scheduler.VirtualTimeScheduler");
                MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                enabled = lookup.findStatic(type, "isFactoryEnabled", MethodType.methodType(boolean.class));
                get = lookup.findStatic(type, "get", MethodType.methodType(type)).asType(MethodType.methodType(Scheduler.class));
            } catch (ReflectiveOperationException | LinkageError absent) {
                // reactor-test is not on the classpath: there is no virtual time.
            }
            IS_ENABLED = enabled;
            GET = get;
        }

        private VirtualTime() {
        }

        /** @return the installed virtual-time scheduler, or null */
        static Scheduler current() {
            if (IS_ENABLED == null) {
                return null;
            }
            try {
                return (boolean) IS_ENABLED.invokeExact() ? (Scheduler) GET.invokeExact() : null;
            } catch (Throwable resetBetweenTheTwoCalls) {
                return null;
            }
        }
    }
}
