package dev.awaitable.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM's exit, in a JVM of its own ({@link Probe}): Python's atexit handlers run once, after the
 * runtimes were closed (a background task's finally first), whether the application closed its
 * runtime or left it open.
 */
class ExitHandlersTest {

    @TempDir
    Path dir;

    @Test
    void atexitHandlersRunOnceWhenTheJvmExitsAfterTheApplicationClosedItsRuntime() throws Exception {
        assertThat(exitLines("close")).containsExactly("background finally", "atexit");
    }

    @Test
    void aRuntimeLeftOpenIsClosedAtJvmExitBeforeTheAtexitHandlersRun() throws Exception {
        assertThat(exitLines("leave-open")).containsExactly("background finally", "atexit");
    }

    private java.util.List<String> exitLines(String mode) throws Exception {
        Path marker = dir.resolve(mode + ".txt");
        FreshJvm.Exit exit = FreshJvm.run(Probe.class, mode, marker.toString());
        assertThat(exit.code()).as(exit.output()).isZero();
        String output = exit.output();
        assertThat(output).contains("registered");
        return Files.readAllLines(marker);
    }

    /** The JVM: registers an atexit handler and a background task, then closes the runtime or not. */
    public static final class Probe {
        public static void main(String[] args) {
            PythonRuntime python = TestRuntimes.create();
            System.out.println(AwaitableFlux.mono(python, "ra_test.lifecycle:register_exit_marker", args[1])
                    .block(java.time.Duration.ofSeconds(30)));
            if (args[0].equals("close")) {
                python.close();
            }
        }
    }
}
