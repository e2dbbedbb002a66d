package dev.awaitable.reactor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * What {@code reactor-awaitable-maven-plugin} recorded in the application's classes: the venv it made
 * ({@value #VENV_PROPERTIES}) and the application's own Python modules ({@value #PYTHON_INDEX} and the
 * files beside it). The plugin writes these names; both sides must agree.
 */
final class ApplicationPython {

    static final String VENV_PROPERTIES = "META-INF/reactor-awaitable/venv.properties";
    static final String PYTHON_INDEX = "META-INF/reactor-awaitable/python.index";
    /** The packed files, relative to the index's URL. */
    private static final String PYTHON_DIRECTORY = "python/";

    private ApplicationPython() {
    }

    /** The venv interpreter the plugin recorded, and where the record is; empty without one. */
    static Optional<Recorded> recordedVenv(ClassLoader loader) {
        URL record = loader.getResource(VENV_PROPERTIES);
        if (record == null) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (InputStream in = record.openStream()) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + record, e);
        }
        String python = properties.getProperty("python", "").strip();
        return python.isEmpty() ? Optional.empty() : Optional.of(new Recorded(Paths.get(python), record));
    }

    /** A recorded interpreter and the classpath resource it was read from. */
    record Recorded(Path python, URL record) {
    }

    /**
     * The directories that hold the application's packed Python modules, one per classpath entry that
     * has them: the classes directory itself in a build tree, otherwise the files unpacked from the
     * jar (a fat jar's nested one too) into the temporary directory, once per content.
     */
    static List<Path> moduleDirectories(ClassLoader loader, Path tmp) {
        List<Path> directories = new ArrayList<>();
        try {
            for (URL index : Collections.list(loader.getResources(PYTHON_INDEX))) {
                directories.add(directoryFor(index, tmp));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot unpack the application's Python modules", e);
        }
        return directories;
    }

    private static Path directoryFor(URL index, Path tmp) throws IOException {
        if ("file".equals(index.getProtocol())) {
            try {
                return Paths.get(index.toURI()).resolveSibling("python");
            } catch (URISyntaxException e) {
                throw new IOException("Cannot read " + index, e);
            }
        }
        String content = null;
        List<String> files = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(index.openStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("# content ")) {
                    content = line.substring("# content ".length()).strip();
                } else if (!line.isBlank() && !line.startsWith("#")) {
                    files.add(line.strip());
                }
            }
        }
        if (content == null || files.isEmpty()) {
            throw new IOException(index + " is not an index written by reactor-awaitable-maven-plugin");
        }
        return UnpackedDirectory.ensure(tmp, "reactor-awaitable-app-" + content.substring(0, Math.min(32, content.length())),
                files, file -> new URL(index, PYTHON_DIRECTORY + file).openStream());
    }
}
