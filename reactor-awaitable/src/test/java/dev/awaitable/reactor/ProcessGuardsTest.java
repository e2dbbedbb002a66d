package dev.awaitable.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * What Python code must not do inside a JVM fails at once with a clear error, and the set-up mistakes
 * a service makes fail build() naming them.
 */
class ProcessGuardsTest extends SharedRuntimeTest {

    @Test
    void osForkFailsAtOnceNamingWhatToDoInstead() {
        assertThatThrownBy(() -> AwaitableFlux.mono(runtime, "ra_test.process_guards:fork").block(Duration.ofSeconds(10)))
                .isInstanceOf(PythonException.class)
                .hasMessageContaining("os.fork() is refused").hasMessageContaining("spawn");
    }

    @Test
    void aProcessPoolRunsItsJobsInSpawnedProcesses() {
        assertThat(AwaitableFlux.mono(runtime, "ra_test.process_guards:start_method").block()).isEqualTo("spawn");
        assertThat(AwaitableFlux.mono(runtime, "ra_test.process_guards:process_pool", List.of(2, 3, 4))
                .block(Duration.ofSeconds(60))).isEqualTo(List.of(4L, 9L, 16L));
    }

    @Test
    void faulthandlerCannotTakeTheJvmsSignalsAndAJavaNullPointerExceptionAfterItIsHarmless() {
        assertThatThrownBy(() -> AwaitableFlux.mono(runtime, "ra_test.process_guards:enable_faulthandler").block())
                .isInstanceOf(PythonException.class)
                .hasMessageContaining("faulthandler.enable() is refused");
        Object nothing = null;
        assertThatThrownBy(() -> nothing.hashCode()).isInstanceOf(NullPointerException.class); // the JVM's own SIGSEGV
        assertThat(AwaitableFlux.mono(runtime, "ra_test.basics:add", 1, 1).block()).isEqualTo(2L);
    }

    @Test
    void aTinyRecursionLimitSetByUserCodeBindsItsCodeButNotTheLibraryNorLaterRuntimes() {
        try {
            assertThat(AwaitableFlux.mono(runtime, "ra_test.process_guards:set_recursion_limit", 10).block())
                    .as("what the code set is what it reads back").isEqualTo(10L);
            assertThat(AwaitableFlux.flux(runtime, "ra_test.process_guards:countdown", 3).collectList().block())
                    .containsExactly(3L, 2L, 1L);
            assertThatThrownBy(() -> AwaitableFlux.mono(runtime, "ra_test.process_guards:recurse", 500).block())
                    .isInstanceOf(PythonException.class).hasMessageContaining("RecursionError");
            assertThat(runtime.isHealthy()).isTrue();
            try (PythonRuntime later = TestRuntimes.builder().loopThreads(2).build()) {
                assertThat(AwaitableFlux.flux(later, "ra_test.process_guards:countdown", 2).collectList().block())
                        .containsExactly(2L, 1L);
            }
        } finally {
            AwaitableFlux.mono(runtime, "ra_test.process_guards:set_recursion_limit", 1000).block();
        }
        assertThat(AwaitableFlux.mono(runtime, "ra_test.process_guards:recurse", 500).block()).isEqualTo(500L);
    }

    @Test
    void aPythonPathThatDoesNotExistFailsBuildWithThePath() {
        assertThatThrownBy(() -> TestRuntimes.builder().addPythonPath(Path.of("no/such/dir")).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no/such/dir").hasMessageContaining("is not a directory");
    }

    @Test
    void preloadedModulesAreImportedBeforeBuildReturnsAndAFailingOneFailsBuildByName() {
        try (PythonRuntime python = TestRuntimes.builder().loopThreads(2).preload("ra_test.preloaded", "decimal").build()) {
            assertThat(AwaitableFlux.mono(python, "ra_test.environment:is_imported", "ra_test.preloaded").block()).isEqualTo(true);
        }
        assertThatThrownBy(() -> TestRuntimes.builder().preload("ra_test.no_such_module").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("preload('ra_test.no_such_module') failed: ModuleNotFoundError");
    }
}
