package dev.awaitable.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin's venv step with a real Python, pip and compiler: each missing prerequisite stops the
 * build with a message naming it and the fix, before anything is half made.
 */
class VenvMakerTest {

    static final String PYTHON = System.getProperty("reactor.awaitable.test.bootstrapPython", "python3");
    static final Path JAVA_HOME = Path.of(System.getProperty("java.home"));

    @TempDir
    Path work;

    private VenvMaker maker(String python, Path javaHome, Map<String, String> environment) {
        return new VenvMaker(python, "4.3.1", javaHome, work.resolve("work"), new SystemStreamLog(), environment);
    }

    @Test
    void aPythonThatCannotRunIsNamedWithTheSettingThatChoosesAnother() {
        assertThatThrownBy(() -> maker("/nonexistent/python3", JAVA_HOME, Map.of())
                .ensure(work.resolve("venv"), List.of(), null))
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("cannot run the Python '/nonexistent/python3'")
                .hasMessageContaining("<python>");
    }

    @Test
    void aJavaHomeWithoutJniHeadersIsNamed() throws Exception {
        Path jre = Files.createDirectories(work.resolve("a-jre"));
        assertThatThrownBy(() -> maker(PYTHON, jre, Map.of()).ensure(work.resolve("venv"), List.of(), null))
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("No JDK headers under " + jre)
                .hasMessageContaining("Fix: install a JDK");
        assertThat(work.resolve("venv")).doesNotExist();
    }

    @Test
    void aPythonWithoutASharedLibpythonIsNamed() throws Exception {
        // The same Python, its build configuration read from a copy that says --enable-shared was off
        // (sysconfig reads the module _PYTHON_SYSCONFIGDATA_NAME names).
        Process name = new ProcessBuilder(PYTHON, "-c", "import sysconfig; print(sysconfig._get_sysconfigdata_name())")
                .redirectErrorStream(true).start();
        String real = new String(name.getInputStream().readAllBytes()).strip();
        assertThat(name.waitFor()).as(real).isZero();
        Path fake = Files.createDirectories(work.resolve("fake-sysconfig"));
        Files.writeString(fake.resolve("_sysconfigdata_static_build.py"), "import importlib\n"
                + "build_time_vars = dict(importlib.import_module('" + real + "').build_time_vars, Py_ENABLE_SHARED=0)\n");
        Map<String, String> staticBuild = Map.of("PYTHONPATH", fake.toString(),
                "_PYTHON_SYSCONFIGDATA_NAME", "_sysconfigdata_static_build");
        assertThatThrownBy(() -> maker(PYTHON, JAVA_HOME, staticBuild).ensure(work.resolve("venv"), List.of(), null))
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("was built without a shared libpython")
                .hasMessageContaining("the plugin's <python> setting");
    }

    @Test
    void aMissingCompilerIsNamed() {
        assertThatThrownBy(() -> maker(PYTHON, JAVA_HOME, Map.of("CC", "/nonexistent/gcc"))
                .ensure(work.resolve("venv"), List.of(), null))
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("No C compiler: `/nonexistent/gcc`")
                .hasMessageContaining("apt-get install gcc");
    }

    @Test
    void anUnreachablePackageIndexIsNamed() {
        // a port nothing listens on: pip's connection is refused at once
        Map<String, String> offline = Map.of("PIP_INDEX_URL", "http://127.0.0.1:9/simple", "PIP_RETRIES", "0",
                "PIP_TIMEOUT", "2", "PIP_NO_CACHE_DIR", "1");
        assertThatThrownBy(() -> maker(PYTHON, JAVA_HOME, offline).ensure(work.resolve("venv"), List.of(), null))
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("pip install jep")
                .hasMessageContaining("could not get a package from the package index");
    }

    @Test
    void theRequirementsAreThePackagesThenTheFileInlined() throws Exception {
        Path file = Files.writeString(work.resolve("requirements.txt"), "httpx==0.29.0\n");
        String text = VenvMaker.combinedRequirements(List.of(" aiohttp==3.14.5 "), file);
        assertThat(text.lines()).containsSubsequence("aiohttp==3.14.5", "httpx==0.29.0");
        assertThat(VenvMaker.combinedRequirements(new ArrayList<>(), null)).isEmpty();
    }
}
