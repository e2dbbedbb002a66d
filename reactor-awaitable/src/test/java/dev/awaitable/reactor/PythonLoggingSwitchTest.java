package dev.awaitable.reactor;

import static org.assertj.core.api.Assertions.assertThat;


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
        FreshJvm.Exit exit = FreshJvm.run(Probe.class, mode);
        assertThat(exit.code()).as(exit.output()).isZero();
        return exit.output();
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
