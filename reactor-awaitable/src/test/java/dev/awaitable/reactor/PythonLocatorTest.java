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
    void aSecondRuntimeCannotSwitchPython(@TempDir Path dir) {
        try (PythonRuntime runtime = TestRuntimes.create()) {
            assertThatThrownBy(() -> PythonRuntime.builder().pythonExecutable(dir.resolve("python")).build())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already embeds the Python at " + runtime.pythonExecutable());
        }
    }
}
