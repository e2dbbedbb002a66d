package dev.awaitable.reactor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import dev.awaitable.reactor.loop.LoopStats;
import dev.awaitable.reactor.loop.LoopThread;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * A runtime's meters in a Micrometer registry (see {@link PythonRuntime.Builder#meterRegistry}).
 *
 * <p>Counts are read from what the loops keep anyway when the registry asks (function counters and
 * gauges), so a call costs nothing more with metrics on; only drains are timed, and only then. This
 * is the one class that touches Micrometer, which is an optional dependency: it is loaded only when a
 * registry is given.
 */
final class RuntimeMeters {

    static final String PREFIX = "reactor.awaitable.";

    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();

    private RuntimeMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Registers the meters of {@code loops} (not started yet: their drains are timed from the first).
     *
     * @param runtime the {@code runtime} tag's value
     */
    static RuntimeMeters register(Object registry, String runtime, LoopThread[] loops, PythonRuntime owner) {
        RuntimeMeters meters = new RuntimeMeters((MeterRegistry) registry);
        Tags runtimeTag = Tags.of("runtime", runtime);
        for (int i = 0; i < loops.length; i++) {
            LoopThread loop = loops[i];
            LoopStats stats = loop.stats();
            Tags tags = runtimeTag.and("loop", String.valueOf(i));
            meters.counter("calls", "Calls that ended, by outcome", tags.and("outcome", "completed"), stats, LoopStats::completed);
            meters.counter("calls", "Calls that ended, by outcome", tags.and("outcome", "failed"), stats, LoopStats::failed);
            meters.counter("calls", "Calls that ended, by outcome", tags.and("outcome", "cancelled"), stats, LoopStats::cancelled);
            meters.counter("calls.started", "Calls handed to the loop", tags, loop,
                    l -> l.stats().completed() + l.stats().failed() + l.stats().cancelled() + l.load());
            meters.gauge("calls.in.flight", "Calls handed to the loop and not ended", tags, loop, LoopThread::load);
            meters.counter("drains", "Java-to-Python calls that ran the loop's ready callbacks", tags, stats, LoopStats::drains);
            meters.counter("slow.steps", "Coroutine steps longer than the slow-step threshold", tags, loop, LoopThread::slowSteps);
            meters.gauge("timers.pending", "asyncio timers on the loop's heap", tags, stats, LoopStats::timersPending);
            Timer drainTime = Timer.builder(PREFIX + "drain.duration")
                    .description("Time the loop thread spent in one drain (Python running the ready callbacks)")
                    .tags(tags).register(meters.registry);
            meters.meters.add(drainTime);
            stats.timeDrains(nanos -> drainTime.record(nanos, TimeUnit.NANOSECONDS));
        }
        meters.gauge("blocking.workers", "Blocking worker threads alive", runtimeTag, owner, PythonRuntime::blockingWorkers);
        meters.gauge("blocking.queued", "Blocking jobs waiting for a worker", runtimeTag, loops, RuntimeMeters::blockingQueued);
        return meters;
    }

    private static double blockingQueued(LoopThread[] loops) {
        long queued = 0;
        for (LoopThread loop : loops) {
            queued = Math.max(queued, loop.stats().blockingQueued());
        }
        return queued;
    }

    private <T> void counter(String name, String description, Tags tags, T source, ToDoubleFunction<T> count) {
        meters.add(FunctionCounter.builder(PREFIX + name, source, count).description(description).tags(tags)
                .register(registry));
    }

    private <T> void gauge(String name, String description, Tags tags, T source, ToDoubleFunction<T> value) {
        meters.add(Gauge.builder(PREFIX + name, source, value).description(description).tags(tags)
                .strongReference(true).register(registry));
    }

    /** Removes this runtime's meters from the registry (the runtime closed). */
    void remove() {
        for (Meter meter : meters) {
            registry.remove(meter);
        }
        meters.clear();
    }
}
