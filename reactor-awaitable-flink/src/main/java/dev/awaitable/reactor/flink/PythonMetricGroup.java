package dev.awaitable.reactor.flink;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * A subtask's Flink metric group as Python code uses it: {@code context["metrics"]} in the open
 * target of {@link PythonAsyncFunction#withSubtaskLifecycle}. Counters and gauges are registered on
 * the subtask's group the first time a name is used, and are Flink's metrics from then on (reporters,
 * the web UI). Called from loop threads, hence the concurrent maps and atomics.
 */
public final class PythonMetricGroup {

    private final MetricGroup group;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> gauges = new ConcurrentHashMap<>();

    PythonMetricGroup(MetricGroup group) {
        this.group = group;
    }

    /** Adds {@code n} to the counter {@code name} (Python: {@code metrics.inc("enriched", 1)}). */
    public void inc(String name, long n) {
        Counter counter = counters.computeIfAbsent(name, group::counter);
        synchronized (counter) { // Flink's SimpleCounter is not atomic; loop threads may share it
            counter.inc(n);
        }
    }

    /** Sets the gauge {@code name} (Python: {@code metrics.gauge("queue_depth", 12)}). */
    public void gauge(String name, long value) {
        gauges.computeIfAbsent(name, key -> {
            AtomicLong holder = new AtomicLong();
            group.gauge(key, holder::get);
            return holder;
        }).set(value);
    }
}
