package dev.awaitable.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.spi.ToolProvider;

import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.awaitable.reactor.AwaitableFlux;
import dev.awaitable.reactor.PythonRuntime;

/**
 * What the plugin prepares is what a runtime uses: a venv it made (kept when nothing changed) and the
 * application's Python modules, read from a jar, with no setting in the application.
 */
class RecordedVenvTest {

    @TempDir
    Path work;

    @Test
    void aRuntimeEmbedsTheRecordedVenvAndImportsTheModulesPackedInTheApplicationsJar() throws Exception {
        Path venv = work.resolve("venv");
        VenvMaker maker = new VenvMaker(VenvMakerTest.PYTHON, PrepareMojo.jepVersion(), VenvMakerTest.JAVA_HOME,
                work.resolve("work"), new SystemStreamLog(), Map.of());
        Path python = maker.ensure(venv, List.of(), null).toPath();
        FileTime made = Files.getLastModifiedTime(venv.resolve("pyvenv.cfg"));
        maker.ensure(venv, List.of(), null);
        assertThat(Files.getLastModifiedTime(venv.resolve("pyvenv.cfg"))).as("nothing changed: venv kept").isEqualTo(made);

        Path sources = Files.createDirectories(work.resolve("src/main/python/greetings"));
        Files.writeString(sources.resolve("__init__.py"), "");
        Files.writeString(sources.resolve("hello.py"), String.join("\n",
                "import asyncio, sys",
                "async def hello(name):",
                "    await asyncio.sleep(0)",
                "    return f'hello {name} from {sys.prefix}'", ""));
        Path classes = work.resolve("classes");
        ClasspathRecords.writeVenv(classes, python);
        ClasspathRecords.packPythonSources(sources.getParent(), classes);
        Path jar = jar(classes, work.resolve("app.jar"));

        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        try (URLClassLoader application = new URLClassLoader(new URL[] {jar.toUri().toURL()}, before)) {
            thread.setContextClassLoader(application);
            try (PythonRuntime runtime = PythonRuntime.create()) {
                Object answer = AwaitableFlux.mono(runtime, "greetings.hello:hello", "jar").block();
                assertThat(answer).isEqualTo("hello jar from " + venv.toRealPath());
            }
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    /** The classes as a jar, made by the JDK's jar tool as a build would make it. */
    private static Path jar(Path classes, Path jar) {
        int exit = ToolProvider.findFirst("jar").orElseThrow()
                .run(System.out, System.err, "--create", "--file", jar.toString(), "-C", classes.toString(), ".");
        assertThat(exit).as("jar tool").isZero();
        return jar;
    }
}
