package dev.awaitable.reactor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a test's probe class in a JVM of its own, for what only a JVM's first embedding or its exit
 * shows: the same class path, the same Python, the test modules on {@code sys.path}.
 */
final class FreshJvm {

    /** How the JVM ended: its exit code (-1 when it was still running after the limit and was killed) and its output. */
    record Exit(int code, String output) {
    }

    private FreshJvm() {
    }

    /** @return how {@code main}'s JVM ended, within 60 s */
    static Exit run(Class<?> main, String... args) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                "-D" + PythonLocator.PROPERTY + "=" + System.getProperty(PythonLocator.PROPERTY),
                "-Dreactor.awaitable.testPythonPath=" + Path.of(System.getProperty("reactor.awaitable.testPythonPath",
                        "src/test/python")).toAbsolutePath(),
                main.getName()));
        String loopKind = System.getProperty(PythonRuntime.Builder.EVENT_LOOP_PROPERTY);
        if (loopKind != null) {
            command.add(1, "-D" + PythonRuntime.Builder.EVENT_LOOP_PROPERTY + "=" + loopKind);
        }
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Exit(-1, output);
        }
        return new Exit(process.exitValue(), output);
    }
}
