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

    /**
     * Runs {@code wait}; if it fails (a timed-out {@code block}), prints the runtime's loops and the
     * stacks of Reactor's and the library's threads before rethrowing, for diagnosing a stall.
     */
    static <T> T printingStateOnFailure(PythonRuntime runtime, java.util.function.Supplier<T> wait) {
        try {
            return wait.get();
        } catch (RuntimeException | Error e) {
            StringBuilder state = new StringBuilder("Stalled? ").append(runtime).append('\n');
            Thread.getAllStackTraces().forEach((thread, stack) -> {
                if (thread.getName().startsWith("parallel-") || thread.getName().startsWith("reactor-awaitable")) {
                    state.append(thread.getName()).append(' ').append(thread.getState()).append('\n');
                    for (StackTraceElement frame : stack) {
                        state.append("    at ").append(frame).append('\n');
                    }
                }
            });
            System.err.println(state);
            throw e;
        }
    }

    /** Events recorded by ra_test.lifecycle.record(key, ...). */
    /** Waits (up to 10 s) until {@code key} has as many events as expected, then checks them. */
    static void awaitEvents(PythonRuntime runtime, String key, Object... expected) {
        long end = System.nanoTime() + 10_000_000_000L;
        while (events(runtime, key).size() < expected.length && System.nanoTime() < end) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        org.assertj.core.api.Assertions.assertThat(events(runtime, key)).containsExactly(expected);
    }

    @SuppressWarnings("unchecked")
    static List<Object> events(PythonRuntime runtime, String key) {
        return (List<Object>) AwaitableFlux.mono(runtime, "ra_test.lifecycle:events", key).block();
    }

    /** Waits (up to 10 s) until {@code condition} holds; fails if it never does. */
    static void eventually(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(10);
        }
    }
}
