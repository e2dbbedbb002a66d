package dev.awaitable.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code reactor_awaitable.CoroutineExecutor} is a drop-in for coroexecutor's: that project's own test
 * suite (from its sdist on PyPI, version 2022.8.1: 39 tests) passes against it, on {@code asyncio.run}
 * in a plain python3 process, and with every coroutine of the suite on a Java loop thread.
 */
class CoroexecutorSuiteTest extends SharedRuntimeTest {

    private static final String ALL_PASSED = "39 passed";
    private static String tests;

    @BeforeAll
    static void fetchSuite() {
        tests = (String) AwaitableFlux.mono(runtime, "ra_test.coroexecutor_suite:fetch_suite",
                Path.of("target", "coroexecutor-suite").toAbsolutePath().toString()).block(Duration.ofMinutes(5));
    }

    @Test
    void theSuitePassesOnAsyncioRunInAPlainPythonProcess() {
        Path pythonPackage = Path.of("..", "reactor-awaitable-python", "src").toAbsolutePath().normalize();
        List<?> outcome = (List<?>) AwaitableFlux.mono(runtime, "ra_test.coroexecutor_suite:run_in_process", tests,
                pythonPackage.toString()).block(Duration.ofMinutes(10));
        assertThat((String) outcome.get(0)).as("pytest: %s", outcome).startsWith(ALL_PASSED);
        assertThat(outcome.get(1)).isEqualTo(0L);
    }

    @Test
    void theSuitePassesWithItsCoroutinesOnAJavaLoopThread() {
        List<?> outcome = (List<?>) AwaitableFlux.mono(runtime, "ra_test.coroexecutor_suite:run_on_this_loop", tests)
                .block(Duration.ofMinutes(10));
        assertThat((String) outcome.get(0)).as("pytest: %s", outcome).startsWith(ALL_PASSED);
        assertThat(outcome.get(1)).isEqualTo(0L);
    }
}
