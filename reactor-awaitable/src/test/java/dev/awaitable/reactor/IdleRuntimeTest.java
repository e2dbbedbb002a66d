package dev.awaitable.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/** Push, never poll: suspended coroutines cost no CPU. */
class IdleRuntimeTest {

    @Test
    void tenThousandSleepingCoroutinesLeaveTheLoopThreadIdle() throws Exception {
        try (PythonRuntime runtime = TestRuntimes.create()) {
            Disposable sleepers = Flux.range(0, 10_000)
                    .flatMap(i -> AwaitableFlux.mono(runtime, "ra_test.lifecycle:sleep_and_return", 60.0, i), 10_000)
                    .subscribe();
            Thread loop = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().matches("reactor-awaitable-\\d+-loop-0") && t.isAlive())
                    .reduce((a, b) -> b.getId() > a.getId() ? b : a)
                    .orElseThrow();
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            // Let every coroutine reach its sleep.
            Thread.sleep(2_000);
            long cpuBefore = threads.getThreadCpuTime(loop.getId());
            Thread.sleep(1_000);
            long cpuDuringIdleSecond = threads.getThreadCpuTime(loop.getId()) - cpuBefore;
            sleepers.dispose();
            assertThat(Duration.ofNanos(cpuDuringIdleSecond))
                    .as("loop-thread CPU time during one idle second with 10,000 suspended coroutines")
                    .isLessThan(Duration.ofMillis(20));
        }
    }
}
