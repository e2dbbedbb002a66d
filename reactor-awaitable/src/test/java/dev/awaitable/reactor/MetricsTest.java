package dev.awaitable.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/** The runtime's meters in a Micrometer registry count what the loops did, and go when it closes. */
class MetricsTest {

    private static double counted(MeterRegistry registry, String name, String... tags) {
        return registry.get("reactor.awaitable." + name).tags(tags).functionCounters().stream()
                .mapToDouble(io.micrometer.core.instrument.FunctionCounter::count).sum();
    }

    private static double gauge(MeterRegistry registry, String name) {
        return registry.get("reactor.awaitable." + name).gauges().stream()
                .mapToDouble(io.micrometer.core.instrument.Gauge::value).sum();
    }

    @Test
    void callsDrainsTimersAndBlockingWorkersAreMeasuredPerLoop() throws Exception {
        MeterRegistry registry = new SimpleMeterRegistry();
        try (PythonRuntime runtime = TestRuntimes.builder().loopThreads(2).meterRegistry(registry).build()) {
            Flux.range(0, 10).flatMap(i -> AwaitableFlux.mono(runtime, "ra_test.basics:add", i, 1)).blockLast(Duration.ofSeconds(10));
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> AwaitableFlux.mono(runtime, "ra_test.basics:fail", "metered").block(Duration.ofSeconds(10)))
                        .isInstanceOf(PythonException.class);
            }
            Disposable waiting = AwaitableFlux.mono(runtime, "ra_test.lifecycle:sleep_and_return", 3600.0, "late").subscribe();
            TestRuntimes.eventually(() -> gauge(registry, "calls.in.flight") == 1.0);
            waiting.dispose();
            TestRuntimes.eventually(() -> counted(registry, "calls", "outcome", "cancelled") == 1);
            assertThat(AwaitableFlux.mono(runtime, "ra_test.blocking:blocking_sleeps", 3, 0.05).block(Duration.ofSeconds(10))).isEqualTo(3L);

            assertThat(counted(registry, "calls", "outcome", "completed")).isEqualTo(11);
            assertThat(counted(registry, "calls", "outcome", "failed")).isEqualTo(3);
            assertThat(counted(registry, "calls.started")).isEqualTo(15);
            assertThat(gauge(registry, "calls.in.flight")).isZero();
            assertThat(counted(registry, "drains")).as("drains (one may carry many calls)").isGreaterThanOrEqualTo(5);
            assertThat(registry.get("reactor.awaitable.drain.duration").timers()).hasSize(2)
                    .allSatisfy(timer -> assertThat(timer.count()).isPositive());
            assertThat(gauge(registry, "blocking.workers")).isGreaterThanOrEqualTo(1);
            assertThat(registry.get("reactor.awaitable.calls").tag("loop", "1").functionCounters()).hasSize(3);
            assertThat(registry.getMeters()).allSatisfy(meter ->
                    assertThat(meter.getId().getTag("runtime")).startsWith("reactor-awaitable-"));
        }
        assertThat(registry.getMeters()).as("meters left after close()").isEmpty();
    }

    @Test
    @DisabledIfSystemProperty(named = PythonRuntime.Builder.EVENT_LOOP_PROPERTY, matches = LoopKinds.UVLOOP,
            disabledReason = "uvloop keeps its timers inside libuv, where they cannot be counted: the gauge reads 0")
    void pendingTimersAreMeasured() throws Exception {
        MeterRegistry registry = new SimpleMeterRegistry();
        try (PythonRuntime runtime = TestRuntimes.builder().meterRegistry(registry).build()) {
            Disposable waiting = AwaitableFlux.mono(runtime, "ra_test.lifecycle:sleep_and_return", 3600.0, "late").subscribe();
            TestRuntimes.eventually(() -> gauge(registry, "timers.pending") >= 1);
            waiting.dispose();
        }
    }
}
