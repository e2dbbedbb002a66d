package dev.awaitable.reactor.loop;

import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import reactor.core.scheduler.Scheduler;

/**
 * The clock and timer source of the Python loops: a Reactor {@link Scheduler}, looked up each time it
 * is used (as {@code Mono.delay} does) so that {@code StepVerifier.withVirtualTime} can swap it.
 *
 * <p>Reactor's own schedulers inherit {@link Scheduler#now(TimeUnit)} from the interface, which reads
 * the wall clock in milliseconds; for them the loop uses {@link System#nanoTime()} (the same monotonic
 * clock as Python's {@code time.monotonic()} on Linux). A scheduler that defines its own clock, such as
 * a virtual-time scheduler, is read through {@code now}.
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

    private final Supplier<Scheduler> scheduler;

    /** @param scheduler supplies the timer scheduler; called on every use */
    public LoopClock(Supplier<Scheduler> scheduler) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    }

    /** @return the scheduler timers are set on, now */
    public Scheduler scheduler() {
        Scheduler current = scheduler.get();
        // Schedulers.parallel() can answer null while another thread swaps Reactor's scheduler
        // factory (StepVerifier.withVirtualTime does); ask again, it settles at once.
        for (int i = 0; current == null && i < 100; i++) {
            Thread.onSpinWait();
            current = scheduler.get();
        }
        if (current == null) {
            throw new IllegalStateException("the timer scheduler supplier returned null");
        }
        return current;
    }

    /** @return true when the current scheduler has a clock of its own (virtual time) */
    public boolean isVirtual() {
        return hasOwnClock(scheduler());
    }

    /** @return the loop time in seconds; called from Python ({@code loop.time()}) under virtual time */
    public double nowSeconds() {
        Scheduler current = scheduler();
        long nanos = hasOwnClock(current) ? current.now(TimeUnit.NANOSECONDS) : System.nanoTime();
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
}
