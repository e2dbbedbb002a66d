package dev.awaitable.reactor;

import java.nio.file.Path;
import java.util.List;

/** Runtimes for tests: the test Python modules (src/test/python) on sys.path. */
final class TestRuntimes {

    private TestRuntimes() {
    }

    static PythonRuntime.Builder builder() {
        return PythonRuntime.builder()
                .addPythonPath(Path.of(System.getProperty("reactor.awaitable.testPythonPath", "src/test/python")));
    }

    static PythonRuntime create() {
        return builder().build();
    }

    /** Events recorded by ra_test.lifecycle.record(key, ...). */
    @SuppressWarnings("unchecked")
    static List<Object> events(PythonRuntime runtime, String key) {
        return (List<Object>) AwaitableFlux.mono(runtime, "ra_test.lifecycle:events", key).block();
    }
}
