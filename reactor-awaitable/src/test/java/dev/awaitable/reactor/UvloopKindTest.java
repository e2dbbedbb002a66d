package dev.awaitable.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** {@link EventLoopKind#UVLOOP}: what it runs on, what build() refuses, what virtual time does with it. */
class UvloopKindTest {

    @Test
    void callsRunOnAUvloopLoopOnlyWhenAskedFor() {
        try (PythonRuntime uv = TestRuntimes.builder().eventLoop(EventLoopKind.UVLOOP).loopThreads(2).build();
             PythonRuntime plain = TestRuntimes.builder().eventLoop(EventLoopKind.ASYNCIO).build()) {
            List<List<String>> classes = Flux.range(0, 4).flatMap(i -> AwaitableFlux.mono(uv, "ra_test.loop_kinds:loop_classes"))
                    .map(UvloopKindTest::names).collectList().block(Duration.ofSeconds(30));
            assertThat(classes).hasSize(4).allSatisfy(mro -> assertThat(mro)
                    .startsWith("reactor_awaitable._uvloop.UvLoop").contains("uvloop.Loop"));
            assertThat(names(AwaitableFlux.mono(plain, "ra_test.loop_kinds:loop_classes").block(Duration.ofSeconds(30))))
                    .startsWith("reactor_awaitable._loop.DrivenLoop").doesNotContain("uvloop.Loop");
        }
    }

    private static List<String> names(Object classes) {
        return ((List<?>) classes).stream().map(String::valueOf).toList();
    }

    @Test
    void theSystemPropertyChoosesTheDefaultKind() {
        try (PythonRuntime runtime = TestRuntimes.create()) {
            List<?> classes = (List<?>) AwaitableFlux.mono(runtime, "ra_test.loop_kinds:loop_classes").block(Duration.ofSeconds(30));
            assertThat(classes.contains("uvloop.Loop")).isEqualTo(LoopKinds.uvloopByDefault());
        }
    }

    @Test
    void isolatedLoopsAreRefusedNamingTheAlternatives() {
        assertThatThrownBy(() -> TestRuntimes.builder().eventLoop(EventLoopKind.UVLOOP).isolatedLoops(2).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot run on isolated loops")
                .hasMessageContaining("loopThreads(n)")
                .hasMessageContaining("EventLoopKind.ASYNCIO");
    }

    @Test
    void withoutUvloopBuildFailsWithThePipCommand() throws Exception {
        FreshJvm.Exit exit = FreshJvm.run(WithoutUvloop.class);
        assertThat(exit.code()).as(exit.output()).isZero();
        assertThat(exit.output()).contains("build() failed:").contains("EventLoopKind.UVLOOP needs the uvloop package")
                .contains("-m pip install uvloop");
    }

    /** A JVM whose Python finds a uvloop that cannot be imported (a stand-in shadows the real one). */
    public static final class WithoutUvloop {
        public static void main(String[] args) {
            try (PythonRuntime runtime = TestRuntimes.builder()
                    .addPythonPath(Path.of(System.getProperty("reactor.awaitable.testPythonPath")).resolveSibling("python-without-uvloop"))
                    .eventLoop(EventLoopKind.UVLOOP).build()) {
                System.out.println("build() succeeded on " + runtime);
                System.exit(1);
            } catch (IllegalStateException e) {
                System.out.println("build() failed: " + e.getMessage());
            }
        }
    }

    @Test
    void thePendingTimersGaugeReadsZeroOnUvloop() throws Exception {
        io.micrometer.core.instrument.MeterRegistry registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        try (PythonRuntime uv = TestRuntimes.builder().eventLoop(EventLoopKind.UVLOOP).meterRegistry(registry).build()) {
            reactor.core.Disposable waiting = AwaitableFlux.mono(uv, "ra_test.lifecycle:sleep_and_return", 3600.0, "late").subscribe();
            // A few calls ended since, so several exchanges wrote the header the gauge reads.
            for (int i = 0; i < 5; i++) {
                AwaitableFlux.mono(uv, "ra_test.basics:add", i, 1).block(Duration.ofSeconds(10));
            }
            assertThat(registry.get("reactor.awaitable.calls.in.flight").gauge().value()).isEqualTo(1.0);
            assertThat(registry.get("reactor.awaitable.timers.pending").gauge().value()).isZero();
            waiting.dispose();
        }
    }

    @Test
    void virtualTimeDoesNotMovePythonTimersOnUvloop() {
        try (PythonRuntime uv = TestRuntimes.builder().eventLoop(EventLoopKind.UVLOOP).build()) {
            // The Java side of the pipeline is virtual (the hour passes at once); the coroutine's sleep
            // takes its real 0.3 s on libuv's clock.
            StepVerifier.withVirtualTime(() -> reactor.core.publisher.Mono.delay(Duration.ofHours(1))
                            .then(AwaitableFlux.mono(uv, "ra_test.loop_kinds:sleep_and_measure", 0.3)))
                    .thenAwait(Duration.ofHours(1))
                    .assertNext(seconds -> assertThat((Double) seconds).isGreaterThanOrEqualTo(0.29))
                    .expectComplete()
                    .verify(Duration.ofSeconds(30));
        }
    }
}
