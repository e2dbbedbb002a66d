package dev.awaitable.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Python package unpacked from its jar: one directory per package content, reused by every start. */
class PackageExtractionTest {

    @Test
    void startsWithTheSameJarReuseOneDirectoryAndAnotherContentGetsItsOwn(@TempDir Path dir) throws IOException {
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        Path first = jar(dir.resolve("first.jar"), "VERSION = 1\n");

        Path unpacked;
        try (JarFile jar = new JarFile(first.toFile())) {
            unpacked = EmbeddedPython.extracted(jar, tmp);
        }
        try (JarFile jar = new JarFile(first.toFile())) {
            assertThat(EmbeddedPython.extracted(jar, tmp)).isEqualTo(unpacked);
        }
        assertThat(unpacked.resolve("reactor_awaitable/__init__.py")).hasContent("VERSION = 1");
        assertThat(entries(tmp)).containsExactly(unpacked.getFileName().toString());

        Path second = jar(dir.resolve("second.jar"), "VERSION = 2\n");
        try (JarFile jar = new JarFile(second.toFile())) {
            Path other = EmbeddedPython.extracted(jar, tmp);
            assertThat(other).isNotEqualTo(unpacked);
            assertThat(other.resolve("reactor_awaitable/__init__.py")).hasContent("VERSION = 2");
        }
        assertThat(entries(tmp)).hasSize(2); // nothing half-unpacked is left
    }

    private static Path jar(Path file, String init) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out)) {
            for (String name : new String[] {"reactor_awaitable/__init__.py", "reactor_awaitable/_loop.py", "other/ignored.txt"}) {
                jar.putNextEntry(new JarEntry(name));
                jar.write((name.endsWith("__init__.py") ? init : "# " + name + "\n").getBytes(StandardCharsets.UTF_8));
                jar.closeEntry();
            }
        }
        return file;
    }

    private static java.util.List<String> entries(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
