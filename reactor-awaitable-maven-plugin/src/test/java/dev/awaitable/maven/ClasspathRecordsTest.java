package dev.awaitable.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClasspathRecordsTest {

    @TempDir
    Path work;

    @Test
    void packsPythonFilesWithAnIndexAndDropsCachesAndDeletedFiles() throws Exception {
        Path sources = work.resolve("src/main/python");
        Files.createDirectories(sources.resolve("shop/__pycache__"));
        Files.writeString(sources.resolve("shop/__init__.py"), "");
        Files.writeString(sources.resolve("shop/prices.py"), "async def price(): return 1\n");
        Files.writeString(sources.resolve("shop/__pycache__/prices.cpython-311.pyc"), "x");
        Files.writeString(sources.resolve("shop/data.json"), "{}");
        Path classes = work.resolve("classes");

        assertThat(ClasspathRecords.packPythonSources(sources, classes)).isEqualTo(3);
        List<String> index = Files.readAllLines(classes.resolve(ClasspathRecords.PYTHON_INDEX));
        assertThat(index.get(0)).matches("# content [0-9a-f]{64}");
        assertThat(index.subList(1, index.size())).containsExactly("shop/__init__.py", "shop/data.json", "shop/prices.py");
        assertThat(classes.resolve(ClasspathRecords.PYTHON_DIRECTORY).resolve("shop/prices.py"))
                .hasContent("async def price(): return 1");

        Files.delete(sources.resolve("shop/data.json"));
        Files.writeString(sources.resolve("shop/prices.py"), "async def price(): return 2\n");
        assertThat(ClasspathRecords.packPythonSources(sources, classes)).isEqualTo(2);
        List<String> changed = Files.readAllLines(classes.resolve(ClasspathRecords.PYTHON_INDEX));
        assertThat(changed.get(0)).isNotEqualTo(index.get(0)); // new content, new directory at run time
        assertThat(classes.resolve(ClasspathRecords.PYTHON_DIRECTORY).resolve("shop/data.json")).doesNotExist();
    }

    @Test
    void noSourceDirectoryPacksNothing() throws Exception {
        Path classes = work.resolve("classes");
        assertThat(ClasspathRecords.packPythonSources(work.resolve("missing"), classes)).isZero();
        assertThat(classes.resolve(ClasspathRecords.PYTHON_INDEX)).doesNotExist();
    }
}
