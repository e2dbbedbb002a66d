package dev.awaitable.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The embedded interpreter is the chosen Python as it would run on its own (its venv, its sys.path),
 * and Python's own threads can wake a loop without becoming JVM threads.
 */
class PythonEnvironmentTest extends SharedRuntimeTest {

    private static final String FACTS = String.join("\n",
            "import importlib.metadata, os, sys, typing_extensions",
            "print('executable=' + sys.executable)",
            "print('prefix=' + sys.prefix)",
            "print('exec_prefix=' + sys.exec_prefix)",
            "print('path=' + os.pathsep.join(sys.path[1:]))", // sys.path[0] is '' for -c
            "print('typing_extensions_file=' + typing_extensions.__file__)",
            "print('typing_extensions_version=' + importlib.metadata.version('typing_extensions'))");

    @Test
    @SuppressWarnings("unchecked")
    void theEmbeddedInterpreterSeesTheVenvExactlyAsItsPythonDoes() throws Exception {
        Map<String, String> python = runChosenPython();
        Map<String, Object> embedded = (Map<String, Object>) AwaitableFlux.mono(runtime,
                "ra_test.environment:interpreter_facts").block();

        assertThat(embedded.get("executable")).isEqualTo(python.get("executable"));
        assertThat(embedded.get("prefix")).isEqualTo(python.get("prefix"));
        assertThat(embedded.get("exec_prefix")).isEqualTo(python.get("exec_prefix"));
        List<String> path = new ArrayList<>((List<String>) embedded.get("path"));
        assertThat(path).as("no duplicates in sys.path").doesNotHaveDuplicates();
        String testModules = Path.of(System.getProperty("reactor.awaitable.testPythonPath")).toString();
        assertThat(path).as("the builder's path comes first").first().isEqualTo(testModules);
        path.remove(testModules);
        path.removeIf(p -> Path.of(p).resolve("reactor_awaitable").resolve("__init__.py").toFile().isFile());
        assertThat(path).as("sys.path, less the builder's paths and the library's own package")
                .containsExactly(python.get("path").split(java.io.File.pathSeparator));
        // The venv pins a typing_extensions that the base interpreter may have in another version.
        assertThat(embedded.get("typing_extensions_file")).isEqualTo(python.get("typing_extensions_file"));
        assertThat((String) embedded.get("typing_extensions_file")).startsWith(python.get("prefix"));
        assertThat(embedded.get("typing_extensions_version")).isEqualTo(python.get("typing_extensions_version"));
    }

    @Test
    void pythonStartedThreadsThatWakeTheLoopLeaveNoJvmThreadBehind() {
        AwaitableFlux.mono(runtime, "ra_test.environment:wake_from_python_threads", 5).block(); // warm
        int before = ManagementFactory.getThreadMXBean().getThreadCount();
        Object woken = AwaitableFlux.mono(runtime, "ra_test.environment:wake_from_python_threads", 300).block();
        int after = ManagementFactory.getThreadMXBean().getThreadCount();
        assertThat(woken).isEqualTo(300L);
        assertThat(after).as("live JVM threads after 300 Python threads woke the loop (before: %d)", before)
                .isLessThanOrEqualTo(before + 3);
    }

    private static Map<String, String> runChosenPython() throws IOException, InterruptedException {
        Process process = new ProcessBuilder(System.getProperty(PythonLocator.PROPERTY), "-c", FACTS)
                .redirectErrorStream(true).start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        Map<String, String> facts = new HashMap<>();
        for (String line : output.split("\n")) {
            int eq = line.indexOf('=');
            facts.put(line.substring(0, eq), line.substring(eq + 1).strip());
        }
        return facts;
    }

    @Test
    void thePythonPackageHasTheVersionOfTheMavenArtifacts() {
        String mavenVersion = System.getProperty("reactor.awaitable.projectVersion");
        assertThat(mavenVersion).as("set by the build").isNotBlank();
        assertThat(AwaitableFlux.mono(runtime, "ra_test.environment:package_version").block())
                .isEqualTo(mavenVersion.replace("-SNAPSHOT", ""));
    }
}
