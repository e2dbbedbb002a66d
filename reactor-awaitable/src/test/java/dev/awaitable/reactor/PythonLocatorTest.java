package dev.awaitable.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding Python and jep, and saying clearly what is wrong when they are missing. */
class PythonLocatorTest {

    private static final String JEP = EmbeddedPython.expectedJepVersion();

    @Test
    void findsTheConfiguredPythonWithItsJep() {
        PythonInstallation python = PythonLocator.locate(null, JEP, () -> { });
        assertThat(python.foundBy()).contains(PythonLocator.PROPERTY);
        assertThat(python.jepVersion()).isEqualTo(JEP);
        assertThat(python.jepLibrary()).isRegularFile();
    }

    @Test
    void aPythonWithoutJepIsNamedWithTheInstallCommand(@TempDir Path dir) throws IOException {
        // The same interpreter without its site-packages: jep cannot be found there.
        Path withoutSite = dir.resolve("python-without-site");
        Files.writeString(withoutSite, "#!/bin/sh\nexec " + System.getProperty(PythonLocator.PROPERTY) + " -S \"$@\"\n");
        Files.setPosixFilePermissions(withoutSite, PosixFilePermissions.fromString("rwx------"));
        assertThatThrownBy(() -> PythonLocator.locate(withoutSite, JEP, () -> { }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("jep is not installed in the Python at " + withoutSite)
                .hasMessageContaining("pip install jep==" + JEP);
    }

    @Test
    void aMismatchedJepVersionIsRefused() {
        assertThatThrownBy(() -> PythonLocator.locate(null, "0.0.1", () -> { }))
                .hasMessageContaining("has jep " + JEP)
                .hasMessageContaining("must match")
                .hasMessageContaining("pip install jep==0.0.1");
    }

    @Test
    void aMissingExecutableIsNamed() {
        Path missing = Path.of("/nonexistent/bin/python3");
        assertThatThrownBy(() -> PythonLocator.locate(missing, JEP, () -> { }))
                .hasMessageContaining("Cannot run the Python at " + missing)
                .hasMessageContaining("PythonRuntime.builder().pythonExecutable");
    }

    @Test
    void aVenvRecordedByThePluginButNotOnThisMachineIsNamed(@TempDir Path classes) throws Exception {
        Path record = classes.resolve(ApplicationPython.VENV_PROPERTIES);
        Files.createDirectories(record.getParent());
        Files.writeString(record, "python=/build-machine/app/target/python-venv/bin/python\n");
        String property = System.clearProperty(PythonLocator.PROPERTY);
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        try (java.net.URLClassLoader application = new java.net.URLClassLoader(
                new java.net.URL[] {classes.toUri().toURL()}, before)) {
            thread.setContextClassLoader(application);
            assertThatThrownBy(() -> PythonLocator.locate(null, JEP, () -> { }))
                    .hasMessageContaining("The Python venv that reactor-awaitable-maven-plugin recorded at build time "
                            + "(/build-machine/app/target/python-venv/bin/python")
                    .hasMessageContaining("is not on this machine")
                    .hasMessageContaining(PythonLocator.ENVIRONMENT);
        } finally {
            thread.setContextClassLoader(before);
            if (property != null) {
                System.setProperty(PythonLocator.PROPERTY, property);
            }
        }
    }

    @Test
    void aSecondRuntimeCannotSwitchPython(@TempDir Path dir) {
        try (PythonRuntime runtime = TestRuntimes.create()) {
            assertThatThrownBy(() -> PythonRuntime.builder().pythonExecutable(dir.resolve("python")).build())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already embeds the Python at " + runtime.pythonExecutable());
        }
    }

    /**
     * A venv whose jep was built for another Python of the same version (what pip's wheel cache hands
     * out) is named at start, not met as "No module named '_socket'" inside Jep. Needs a second
     * interpreter of the venv's version with its own libpython (here: the system's python3 beside
     * pyenv's); elsewhere there is nothing to mix up, and the test says so.
     */
    @Test
    void aJepBuiltForAnotherPythonOfTheSameVersionIsNamedWithTheReinstall(@TempDir Path tmp) throws Exception {
        Path venvPython = Path.of(System.getProperty(PythonLocator.PROPERTY));
        Path venvJep = PythonLocator.locate(venvPython, JEP, () -> { }).jepDirectory();
        Path system = Path.of("/usr/bin/python3");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(system)
                && sameVersionOtherLibrary(system, venvPython), "no second Python of the venv's version here");
        Path mixed = tmp.resolve("mixed-venv");
        assertThat(new ProcessBuilder(system.toString(), "-m", "venv", mixed.toString()).inheritIO().start().waitFor()).isZero();
        Path sitePackages;
        try (var found = Files.find(mixed.resolve("lib"), 2, (path, attributes) -> path.endsWith("site-packages"))) {
            sitePackages = found.findFirst().orElseThrow();
        }
        copyTree(venvJep, sitePackages.resolve("jep"));
        assertThatThrownBy(() -> PythonLocator.locate(mixed.resolve("bin/python"), JEP, () -> { }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("was built for another Python")
                .hasMessageContaining("pip install --no-cache-dir --force-reinstall jep==" + JEP);
    }

    private static boolean sameVersionOtherLibrary(Path a, Path b) throws IOException, InterruptedException {
        String script = "import sys, sysconfig; print(sys.version_info[:2], sysconfig.get_config_var('LIBDIR'))";
        String[] first = run(a, script).split("\\) ");
        String[] second = run(b, script).split("\\) ");
        return first[0].equals(second[0]) && !first[1].equals(second[1]);
    }

    private static String run(Path python, String script) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(python.toString(), "-c", script).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        process.waitFor();
        return output;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }
}
