package dev.awaitable.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

import reactor.core.publisher.Flux;

/**
 * {@code isolatedLoops(n)}: each loop thread owns a sub-interpreter with its own GIL (Python 3.12+).
 * The speed-up is measured by the benchmark suite (W11); these tests check what users rely on.
 */
@DisabledIfSystemProperty(named = PythonRuntime.Builder.EVENT_LOOP_PROPERTY, matches = LoopKinds.UVLOOP,
        disabledReason = "uvloop cannot run on isolated loops: build() refuses it (UvloopKindTest)")
class IsolatedLoopsTest {

    /** The Python the tests embed supports own-GIL sub-interpreters: 3.12 or newer. */
    private static boolean ownGilPython(PythonRuntime runtime) {
        String[] version = runtime.pythonVersion().split("\\.");
        return Integer.parseInt(version[0]) > 3 || Integer.parseInt(version[1]) >= 12;
    }

    private static void assumeOwnGilPython() {
        try (PythonRuntime probe = TestRuntimes.create()) {
            assumeTrue(ownGilPython(probe), "isolated loops need Python 3.12+; this leg embeds " + probe.pythonVersion());
        }
    }

    @Test
    void olderPythonsRefuseIsolatedLoopsNamingTheVersionAndTheAlternative() {
        try (PythonRuntime probe = TestRuntimes.create()) {
            assumeTrue(!ownGilPython(probe), "this leg embeds Python " + probe.pythonVersion() + ", which has them");
        }
        assertThatThrownBy(() -> TestRuntimes.builder().isolatedLoops(2).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Python 3.12 or newer").hasMessageContaining("loopThreads(n)");
    }

    @Test
    void eachLoopHasItsOwnInterpreterAndItsOwnModules() {
        assumeOwnGilPython();
        try (PythonRuntime runtime = TestRuntimes.builder().isolatedLoops(2).build()) {
            List<List<Object>> results = tenCountedCalls(runtime);
            assertThat(results.stream().map(r -> r.get(1)).collect(Collectors.toSet())).as("sys.modules of each loop").hasSize(2);
            // Round robin: five calls each, counted by each interpreter's own copy of the module.
            assertThat(results.stream().mapToLong(r -> (Long) r.get(0)).max().getAsLong()).isEqualTo(5L);
        }
        try (PythonRuntime shared = TestRuntimes.builder().loopThreads(2).build()) {
            assertThat(tenCountedCalls(shared).stream().map(r -> r.get(1)).collect(Collectors.toSet()))
                    .as("shared loops share sys.modules").hasSize(1);
        }
    }

    /** Ten calls of {@code count_call} one after another: {@code [calls so far, id(sys.modules)]} each. */
    @SuppressWarnings("unchecked")
    private static List<List<Object>> tenCountedCalls(PythonRuntime runtime) {
        return Flux.range(0, 10)
                .concatMap(i -> AwaitableFlux.mono(runtime, "ra_test.isolation:count_call"))
                .map(result -> (List<Object>) result)
                .collectList().block(Duration.ofSeconds(30));
    }

    @Test
    @SuppressWarnings("unchecked")
    void blockingWorkRunsOnPythonThreadsOfTheLoopsInterpreter() {
        assumeOwnGilPython();
        try (PythonRuntime runtime = TestRuntimes.builder().isolatedLoops(2).build()) {
            List<Object> names = Flux.range(0, 4)
                    .flatMap(i -> AwaitableFlux.mono(runtime, "ra_test.isolation:blocking_work"))
                    .collectList().block(Duration.ofSeconds(30));
            assertThat(names).hasSize(4).allSatisfy(pair -> assertThat((List<Object>) pair)
                    .allSatisfy(name -> assertThat((String) name).contains("isolated-blocking")));
        }
    }

    @Test
    void mapAndStreamsRunOnIsolatedLoops() {
        assumeOwnGilPython();
        try (PythonRuntime runtime = TestRuntimes.builder().isolatedLoops(2).build()) {
            assertThat(AwaitableFlux.map(runtime, Flux.range(0, 1_000), "ra_test.concurrency:sleep_zero",
                    MapOptions.maxWorkers(100).ordered()).count().block(Duration.ofSeconds(30))).isEqualTo(1_000L);
            assertThat(AwaitableFlux.flux(runtime, "ra_test.streams:counting", 100).count().block(Duration.ofSeconds(30)))
                    .isEqualTo(100L);
        }
    }

    @Test
    void aModuleThatCannotLoadInAnIsolatedInterpreterNamesItselfAndTheFix() {
        assumeOwnGilPython();
        try (PythonRuntime runtime = TestRuntimes.builder().isolatedLoops(1).build()) {
            assertThatThrownBy(() -> AwaitableFlux.mono(runtime, "ra_test.single_phase_user:call").block(Duration.ofSeconds(30)))
                    .isInstanceOf(PythonException.class)
                    .hasMessageContaining("_testsinglephase")
                    .hasMessageContaining("ra_test.single_phase_user")
                    .hasMessageContaining("loopThreads(n)");
        }
        // Not imported on a shared loop afterwards: CPython 3.12.1 crashes loading a single-phase
        // extension in the main interpreter after an isolated one refused it (3.13.0 does not).
    }

    @Test
    void aFreshJvmRunsDatesAndDecimalsOnTwoIsolatedLoopsAfterASharedRuntimeAndExitsCleanly() throws Exception {
        assumeOwnGilPython();
        // In a JVM of its own: the datetime C module's init in an isolated interpreter, after the main
        // interpreter loaded it, aborted the whole process (free(): invalid pointer), often only at exit.
        FreshJvm.Exit exit = FreshJvm.run(DatesOnIsolatedLoops.class);
        assertThat(exit.code()).as(exit.output()).isZero();
        assertThat(exit.output()).contains("round trips 400 of 400", "datetime Python", "closed");
    }

    @Test
    void anExtensionModuleThatWouldCrashTheProcessIsRefusedBeforeItsInitRunsNamingTheFix() {
        assumeOwnGilPython();
        try (PythonRuntime runtime = TestRuntimes.builder().isolatedLoops(1).build()) {
            assertThatThrownBy(() -> AwaitableFlux.mono(runtime, "ra_test.isolation:import_module", "readline")
                    .block(Duration.ofSeconds(30)))
                    .isInstanceOf(PythonException.class)
                    .hasMessageContaining("module readline does not support loading in subinterpreters")
                    .hasMessageContaining("refuses it on isolated loops before its initialisation runs");
            // decimal and datetime fall back to their pure-Python modules, as where the C module is missing.
            assertThat(AwaitableFlux.mono(runtime, "ra_test.isolation:datetime_implementation").block(Duration.ofSeconds(30)))
                    .isEqualTo("Python");
            assertThat(AwaitableFlux.mono(runtime, "ra_test.isolation:echo", new java.math.BigDecimal("0.10"))
                    .block(Duration.ofSeconds(30))).isEqualTo(new java.math.BigDecimal("0.10"));
        }
    }

    /** The fresh JVM: a shared runtime's call first (the main interpreter loads datetime's C module), then two isolated loops. */
    public static final class DatesOnIsolatedLoops {
        public static void main(String[] args) {
            java.time.LocalDateTime when = java.time.LocalDateTime.of(2026, 12, 6, 12, 30, 5, 250_000_000);
            java.math.BigDecimal amount = new java.math.BigDecimal("1234.5600");
            List<Object> value = List.of(when, amount);
            try (PythonRuntime shared = TestRuntimes.create()) {
                System.out.println("shared " + AwaitableFlux.mono(shared, "ra_test.isolation:echo", value).block(Duration.ofSeconds(30)));
            }
            try (PythonRuntime isolated = TestRuntimes.builder().isolatedLoops(2).build()) {
                long same = Flux.range(0, 400)
                        .flatMap(i -> AwaitableFlux.mono(isolated, "ra_test.isolation:echo", value), 50)
                        .filter(value::equals).count().block(Duration.ofSeconds(60));
                System.out.println("round trips " + same + " of 400");
                System.out.println("datetime " + AwaitableFlux.mono(isolated, "ra_test.isolation:datetime_implementation")
                        .block(Duration.ofSeconds(30)));
            }
            System.out.println("closed");
        }
    }

    @Test
    void closeWaitsForBlockingJobsWithinTheGraceAndLeavesTheRestRunning() throws Exception {
        assumeOwnGilPython();
        PythonRuntime runtime = TestRuntimes.builder().isolatedLoops(1).shutdownGrace(Duration.ofMillis(300)).build();
        AwaitableFlux.mono(runtime, "ra_test.isolation:block_for", 3.0).subscribe(v -> { }, e -> { });
        Thread.sleep(200); // the job is running on the loop's worker
        long start = System.nanoTime();
        runtime.close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        // The JVM goes on: another runtime opens and works.
        try (PythonRuntime next = TestRuntimes.builder().isolatedLoops(1).build()) {
            assertThat(AwaitableFlux.mono(next, "ra_test.isolation:block_for", 0.01).block(Duration.ofSeconds(30))).isEqualTo(0.01);
        }
    }

    @Test
    void realHttpThroughAiohttpOnIsolatedLoops() throws Exception {
        assumeOwnGilPython();
        try (PythonRuntime runtime = TestRuntimes.builder().isolatedLoops(2).build();
             TestHttpServer server = TestHttpServer.start()) {
            List<Object> bodies = Flux.range(0, 20)
                    .flatMap(i -> AwaitableFlux.mono(runtime, "ra_test.network:aiohttp_get_text", server.baseUrl() + "/hello/" + i))
                    .collectList().block(Duration.ofSeconds(60));
            assertThat(bodies).hasSize(20).allSatisfy(body -> assertThat((String) body).startsWith("hello"));
        }
    }
}
