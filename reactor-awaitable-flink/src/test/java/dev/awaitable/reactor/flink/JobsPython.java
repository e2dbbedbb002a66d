package dev.awaitable.reactor.flink;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.awaitable.reactor.AwaitableFlux;
import dev.awaitable.reactor.PythonRuntime;

/**
 * The tests' own view of the Python their jobs run in: a runtime of its own on the same CPython, so
 * the same module state, {@code flink_test.enrich}'s counters reset before each test.
 */
final class JobsPython implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

    /** The test modules' directory, as the jobs' {@link PythonJobOptions#PATHS}. */
    static final String TEST_PYTHON = Path.of(System.getProperty("flink.test.pythonPath")).toAbsolutePath().toString();

    private PythonRuntime runtime;

    @Override
    public void beforeAll(ExtensionContext context) {
        runtime = PythonRuntime.builder().addPythonPath(Path.of(TEST_PYTHON)).build();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        runtime.close();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        call("flink_test.enrich:reset");
    }

    /** @return the result of a call of {@code target(args...)}, waited for */
    Object call(String target, Object... args) {
        return AwaitableFlux.mono(runtime, target, args).block();
    }

    /** @return {@code flink_test.enrich}'s counters: peak in flight, calls, cancelled records */
    @SuppressWarnings("unchecked")
    Map<String, Object> stats() {
        return (Map<String, Object>) call("flink_test.enrich:stats");
    }

    /** @return the embedded Python's version */
    String pythonVersion() {
        return runtime.pythonVersion();
    }
}
