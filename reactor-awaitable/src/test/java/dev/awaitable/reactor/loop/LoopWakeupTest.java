package dev.awaitable.reactor.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.awaitable.reactor.AwaitableFlux;
import dev.awaitable.reactor.PythonRuntime;
import reactor.core.publisher.Flux;

/** A wake-up that arrives while the loop thread is awake costs no drain of its own. */
class LoopWakeupTest {

    @Test
    void aCoroutineStreamingAJavaFluxCostsNoDrainThatFindsNothingToDo() throws Exception {
        try (PythonRuntime runtime = PythonRuntime.builder()
                .addPythonPath(Path.of(System.getProperty("reactor.awaitable.testPythonPath", "src/test/python"))).build()) {
            LoopThread loop = (LoopThread) Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t instanceof LoopThread && t.isAlive())
                    .reduce((a, b) -> b.getId() > a.getId() ? b : a)
                    .orElseThrow();
            AwaitableFlux.mono(runtime, "ra_test.streams:collect", Flux.range(0, 10)).block(Duration.ofSeconds(30));
            long before = loop.idleDrains(); // after the loop's first drains

            // The loop thread makes each refill of 16 items after a drain, and Flux.range emits them at
            // once, so the loop thread wakes itself, 625 times in all, while it is awake.
            Object items = AwaitableFlux.mono(runtime, "ra_test.streams:collect", Flux.range(0, 10_000))
                    .block(Duration.ofSeconds(30));
            assertThat((List<?>) items).hasSize(10_000);
            assertThat(loop.idleDrains() - before).as("drains that found nothing to do").isZero();
        }
    }
}
