package dev.awaitable.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

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
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                "-D" + PythonLocator.PROPERTY + "=" + System.getProperty(PythonLocator.PROPERTY),
                "-Dreactor.awaitable.testPythonPath=" + Path.of(System.getProperty("reactor.awaitable.testPythonPath",
                        "src/test/python")).toAbsolutePath(),
                Probe.class.getName(), mode, marker.toString())
                .redirectErrorStream(true).start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(output).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
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
