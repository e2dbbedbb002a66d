package dev.awaitable.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What reactor-awaitable-maven-plugin leaves in an application's classes, read back: the recorded
 * venv, and the packed Python modules from a classes directory (used in place) or a jar (unpacked
 * once per content).
 */
class ApplicationPythonTest {

    @TempDir
    Path dir;

    private Path classes(String moduleText) throws Exception {
        Path classes = dir.resolve("classes-" + Math.abs(moduleText.hashCode()));
        Path modules = Files.createDirectories(classes.resolve("META-INF/reactor-awaitable/python/shop"));
        Files.writeString(modules.resolve("__init__.py"), "");
        Files.writeString(modules.resolve("prices.py"), moduleText);
        Files.writeString(classes.resolve(ApplicationPython.PYTHON_INDEX),
                "# content " + Integer.toHexString(moduleText.hashCode()) + "\nshop/__init__.py\nshop/prices.py\n");
        Files.writeString(classes.resolve(ApplicationPython.VENV_PROPERTIES), "python=/opt/app/venv/bin/python\n");
        return classes;
    }

    @Test
    void aClassesDirectoryIsUsedInPlace() throws Exception {
        Path classes = classes("PRICE = 1\n");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, null)) {
            assertThat(ApplicationPython.moduleDirectories(loader, dir))
                    .containsExactly(classes.resolve("META-INF/reactor-awaitable/python"));
            assertThat(ApplicationPython.recordedVenv(loader).orElseThrow().python())
                    .isEqualTo(Path.of("/opt/app/venv/bin/python"));
        }
    }

    @Test
    void aJarIsUnpackedOncePerContentAndAnotherContentGetsItsOwnDirectory() throws Exception {
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        Path first = jar(classes("PRICE = 1\n"), dir.resolve("first.jar"));
        Path unpacked;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {first.toUri().toURL()}, null)) {
            List<Path> directories = ApplicationPython.moduleDirectories(loader, tmp);
            assertThat(directories).hasSize(1);
            unpacked = directories.get(0);
            assertThat(unpacked.resolve("shop/prices.py")).hasContent("PRICE = 1");
            assertThat(ApplicationPython.moduleDirectories(loader, tmp)).containsExactly(unpacked);
        }
        Path second = jar(classes("PRICE = 2\n"), dir.resolve("second.jar"));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {second.toUri().toURL()}, null)) {
            Path other = ApplicationPython.moduleDirectories(loader, tmp).get(0);
            assertThat(other).isNotEqualTo(unpacked);
            assertThat(other.resolve("shop/prices.py")).hasContent("PRICE = 2");
        }
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left).as("no half-unpacked directories left").hasSize(2);
        }
    }

    @Test
    void anIndexThatIsNotThePluginsIsRefused() throws Exception {
        Path classes = classes("PRICE = 1\n");
        Files.writeString(classes.resolve(ApplicationPython.PYTHON_INDEX), "shop/prices.py\n");
        Path jar = jar(classes, dir.resolve("bad.jar"));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            assertThatThrownBy(() -> ApplicationPython.moduleDirectories(loader, dir))
                    .hasMessageContaining("Cannot unpack the application's Python modules")
                    .hasRootCauseMessage(jar.toUri().toURL().toString().replace("file:", "jar:file:")
                            + "!/" + ApplicationPython.PYTHON_INDEX
                            + " is not an index written by reactor-awaitable-maven-plugin");
        }
    }

    private static Path jar(Path classes, Path jar) throws Exception {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, (OutputStream) out);
                out.closeEntry();
            }
        }
        return jar;
    }
}
