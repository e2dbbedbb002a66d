package dev.awaitable.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the plugin leaves in the project's classes for the library to find at run time. The names
 * here are read by the library ({@code dev.awaitable.reactor.ApplicationPython}); both sides must agree.
 */
final class ClasspathRecords {

    /** Where the records live in the classes (and so in the jar). */
    static final String DIRECTORY = "META-INF/reactor-awaitable";
    /** Properties: {@code python} = the venv's interpreter. */
    static final String VENV_PROPERTIES = DIRECTORY + "/venv.properties";
    /** The packed Python files, their paths relative to this directory. */
    static final String PYTHON_DIRECTORY = DIRECTORY + "/python";
    /** The packed files' list: a {@code # content <sha-256>} line, then one relative path a line. */
    static final String PYTHON_INDEX = DIRECTORY + "/python.index";

    private ClasspathRecords() {
    }

    static void writeVenv(Path classes, Path interpreter) throws IOException {
        Path file = classes.resolve(VENV_PROPERTIES);
        Files.createDirectories(file.getParent());
        String text = "# The Python venv made by reactor-awaitable-maven-plugin; PythonRuntime embeds it.\n"
                + "python=" + interpreter.toAbsolutePath().toString().replace("\\", "\\\\") + "\n";
        writeIfChanged(file, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Copies the Python files under {@code sources} (not caches) into the classes and writes their index.
     * Files packed earlier but since deleted from {@code sources} are removed.
     *
     * @return how many files were packed; 0 when {@code sources} does not exist
     */
    static int packPythonSources(Path sources, Path classes) throws IOException {
        Path target = classes.resolve(PYTHON_DIRECTORY);
        Path index = classes.resolve(PYTHON_INDEX);
        List<String> files = new ArrayList<>();
        if (Files.isDirectory(sources)) {
            try (Stream<Path> walk = Files.walk(sources)) {
                walk.filter(Files::isRegularFile)
                        .map(path -> sources.relativize(path).toString().replace('\\', '/'))
                        .filter(ClasspathRecords::packable)
                        .sorted()
                        .forEach(files::add);
            }
        }
        deleteTree(target);
        Files.deleteIfExists(index);
        if (files.isEmpty()) {
            return 0;
        }
        MessageDigest content = sha256();
        for (String file : files) {
            byte[] bytes = Files.readAllBytes(sources.resolve(file));
            Path out = target.resolve(file);
            Files.createDirectories(out.getParent());
            Files.write(out, bytes);
            content.update(file.getBytes(StandardCharsets.UTF_8));
            content.update((byte) 0);
            content.update(bytes);
        }
        StringBuilder text = new StringBuilder("# content ").append(HexFormat.of().formatHex(content.digest())).append('\n');
        files.forEach(file -> text.append(file).append('\n'));
        Files.writeString(index, text);
        return files.size();
    }

    private static boolean packable(String relative) {
        return !relative.contains("__pycache__/") && !relative.endsWith(".pyc") && !relative.startsWith(".");
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void writeIfChanged(Path file, byte[] bytes) throws IOException {
        if (Files.isRegularFile(file) && java.util.Arrays.equals(Files.readAllBytes(file), bytes)) {
            return;
        }
        Files.write(file, bytes);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
