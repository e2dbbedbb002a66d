package dev.awaitable.maven;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;

/**
 * Makes a venv with jep and the project's packages by running {@code ensure-venv.py} (the script this
 * project's own build uses) with the chosen Python. The script keeps a stamp of the Python, the jep
 * version and the requirements in the venv and does nothing while it matches.
 */
final class VenvMaker {

    /** Starts a line of the script's error output; what follows is the message for the user. */
    private static final String FAILURE_HEADER = "Python setup failed:";

    private final String python;
    private final String jepVersion;
    private final Path javaHome;
    private final Path workDirectory;
    private final Log log;
    private final Map<String, String> environment;

    /**
     * @param python the Python to make the venv from (a path, or a name looked up on the {@code PATH})
     * @param workDirectory where the script and the combined requirements file are written
     * @param environment set for the script and pip, over the build's own ({@code PIP_INDEX_URL}, {@code CC}...)
     */
    VenvMaker(String python, String jepVersion, Path javaHome, Path workDirectory, Log log,
              Map<String, String> environment) {
        this.python = python;
        this.jepVersion = jepVersion;
        this.javaHome = javaHome;
        this.workDirectory = workDirectory;
        this.log = log;
        this.environment = Map.copyOf(environment);
    }

    /**
     * Makes or keeps the venv.
     *
     * @param requirementsFile a pip requirements file, or {@code null}
     * @return the venv's interpreter
     * @throws MojoFailureException when a prerequisite is missing; the message names it and the fix
     */
    File ensure(Path venv, List<String> packages, Path requirementsFile) throws IOException, MojoFailureException {
        Files.createDirectories(workDirectory);
        Path requirements = workDirectory.resolve("requirements.txt");
        Files.writeString(requirements, combinedRequirements(packages, requirementsFile)); // the stamp hashes its content
        Path script = workDirectory.resolve("ensure-venv.py");
        try (InputStream in = VenvMaker.class.getResourceAsStream("ensure-venv.py")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> command = List.of(python, script.toString(), "--venv", venv.toAbsolutePath().toString(),
                "--jep-version", jepVersion, "--requirements", requirements.toString(),
                "--java-home", javaHome.toString(),
                "--choose-python", "the plugin's <python> setting (or -DreactorAwaitable.python=/path/to/python3)");
        run(command);
        return venv.resolve("bin").resolve("python").toAbsolutePath().toFile();
    }

    /**
     * One requirements text: the listed packages, then the file's lines (inlined, so that the venv's
     * stamp changes when the file does).
     */
    static String combinedRequirements(List<String> packages, Path requirementsFile) throws IOException {
        StringBuilder text = new StringBuilder();
        for (String pkg : packages) {
            text.append(pkg.strip()).append('\n');
        }
        if (requirementsFile != null) {
            text.append("# from ").append(requirementsFile.toAbsolutePath()).append('\n');
            text.append(Files.readString(requirementsFile)).append('\n');
        }
        return text.toString();
    }

    private void run(List<String> command) throws IOException, MojoFailureException {
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(environment);
            process = builder.start();
        } catch (IOException e) {
            throw new MojoFailureException("reactor-awaitable: cannot run the Python '" + python + "' (" + e.getMessage()
                    + ").\nFix: install Python 3.11+ built with a shared libpython (Debian: apt-get install "
                    + "python3 python3-dev python3-venv), or name one in the plugin's <python> setting "
                    + "(or -DreactorAwaitable.python=/path/to/python3).");
        }
        List<String> output = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                output.add(line);
                if (!line.isBlank()) {
                    log.info(line);
                }
            }
        }
        int exit;
        try {
            exit = process.waitFor();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while making the venv", e);
        }
        if (exit != 0) {
            throw new MojoFailureException("reactor-awaitable: " + failureMessage(output));
        }
    }

    /** The script's own message (after its header line), or the output's last lines. */
    static String failureMessage(List<String> output) {
        for (int i = 0; i < output.size(); i++) {
            if (output.get(i).contains(FAILURE_HEADER)) {
                return "Python set-up failed: " + String.join("\n", output.subList(i + 1, output.size())).strip();
            }
        }
        return "making the venv failed:\n" + String.join("\n", output.subList(Math.max(0, output.size() - 25), output.size()));
    }
}
