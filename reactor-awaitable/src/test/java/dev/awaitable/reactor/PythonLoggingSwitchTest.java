package dev.awaitable.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The switch of Python's logging bridge, each side in a JVM of its own ({@link Probe}), as the bridge is
 * JVM-wide once on: on (the default), a Python warning is an SLF4J record of {@code python.<logger>};
 * with {@code pythonLogging(false)}, Python's own last-resort handler prints it and SLF4J sees nothing.
 */
class PythonLoggingSwitchTest {

    @Test
    void onByDefaultAPythonWarningIsAnSlf4jRecordOfItsPythonLogger() throws Exception {
        String output = runProbe("on");
        assertThat(output).contains("WARN python.ra_test.logs - bridged-on");
    }

    @Test
    void offPythonKeepsItsOwnHandlersAndSlf4jSeesNothing() throws Exception {
        String output = runProbe("off");
        assertThat(output).contains("bridged-off").doesNotContain("python.ra_test.logs");
    }

    private static String runProbe(String mode) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                "-D" + PythonLocator.PROPERTY + "=" + System.getProperty(PythonLocator.PROPERTY),
                "-Dreactor.awaitable.testPythonPath=" + Path.of(System.getProperty("reactor.awaitable.testPythonPath",
                        "src/test/python")).toAbsolutePath(),
                Probe.class.getName(), mode).redirectErrorStream(true).start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(output).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    /** The JVM: one runtime, the bridge on or off, one Python warning. */
    public static final class Probe {
        public static void main(String[] args) {
            try (PythonRuntime python = TestRuntimes.builder().pythonLogging(args[0].equals("on")).build()) {
                AwaitableFlux.mono(python, "ra_test.logs:warn", "bridged-" + args[0]).block(java.time.Duration.ofSeconds(30));
            }
        }
    }
}
