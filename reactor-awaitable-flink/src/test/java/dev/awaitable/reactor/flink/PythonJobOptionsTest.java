package dev.awaitable.reactor.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.awaitable.reactor.AwaitableFlux;

/** The job parameters that configure the TaskManager's runtime, and the errors for bad ones. */
class PythonJobOptionsTest {

    @Test
    void absentParametersMeanTheDefaults() {
        assertThat(PythonJobOptions.from(Map.of())).isEqualTo(new PythonJobOptions(null, List.of(), 1, false));
    }

    @Test
    void everyParameterIsRead() {
        PythonJobOptions options = PythonJobOptions.from(Map.of(
                PythonJobOptions.EXECUTABLE, " /opt/venv/bin/python ",
                PythonJobOptions.PATHS, "/opt/jobs, /opt/shared ,",
                PythonJobOptions.LOOP_THREADS, "2",
                PythonJobOptions.ISOLATED_LOOPS, "true"));
        assertThat(options).isEqualTo(new PythonJobOptions("/opt/venv/bin/python", List.of("/opt/jobs", "/opt/shared"), 2, true));
    }

    @Test
    void badValuesAreRefusedNamingTheParameter() {
        assertThatThrownBy(() -> PythonJobOptions.from(Map.of(PythonJobOptions.LOOP_THREADS, "two")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reactor-awaitable.loop-threads")
                .hasMessageContaining("'two'");
        assertThatThrownBy(() -> PythonJobOptions.from(Map.of(PythonJobOptions.LOOP_THREADS, "0")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
        assertThatThrownBy(() -> PythonJobOptions.from(Map.of(PythonJobOptions.ISOLATED_LOOPS, "yes")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reactor-awaitable.isolated-loops")
                .hasMessageContaining("true or false");
    }

    @Test
    void subtasksWithTheSameParametersShareOneRuntime() {
        PythonJobOptions options = PythonJobOptions.from(Map.of(PythonJobOptions.PATHS, PythonAsyncFunctionTest.TEST_PYTHON));
        TaskManagerPython.Lease first = TaskManagerPython.acquire(options);
        TaskManagerPython.Lease second = TaskManagerPython.acquire(PythonJobOptions.from(
                Map.of(PythonJobOptions.PATHS, PythonAsyncFunctionTest.TEST_PYTHON)));
        try {
            assertThat(second.runtime()).isSameAs(first.runtime());
        } finally {
            first.release();
            first.release(); // idempotent: the second lease still holds the runtime
            assertThat(second.runtime().isHealthy()).isTrue();
            second.release();
        }
        assertThatThrownBy(() -> AwaitableFlux.mono(second.runtime(), "flink_test.enrich:stats"))
                .as("the last release closed the runtime").isInstanceOf(IllegalStateException.class);
    }
}
