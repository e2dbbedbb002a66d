package dev.awaitable.reactor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A directory of files unpacked from the classpath into the temporary directory, named by their
 * content so that every later JVM with the same content reuses it and starts leave nothing behind.
 */
final class UnpackedDirectory {

    /** Opens one file's content by its relative path. */
    @FunctionalInterface
    interface Source {
        InputStream open(String relativePath) throws IOException;
    }

    private UnpackedDirectory() {
    }

    /**
     * The directory {@code tmp/name}: found when it holds {@code files.get(0)}, or unpacked beside it
     * and moved in place (so a JVM never uses a half-unpacked one, and two JVMs unpacking at once both
     * end up with the same directory).
     *
     * @param name unique for the content, e.g. a hash of it
     * @param files the relative paths, not empty
     */
    static Path ensure(Path tmp, String name, List<String> files, Source source) throws IOException {
        Path target = tmp.resolve(name);
        Path marker = target.resolve(files.get(0));
        if (Files.isRegularFile(marker)) {
            return target;
        }
        Path unpacking = Files.createTempDirectory(tmp, name + "-unpacking");
        try {
            for (String file : files) {
                Path out = unpacking.resolve(file).normalize();
                if (!out.startsWith(unpacking)) {
                    throw new IOException("refusing to unpack " + file + " outside " + unpacking);
                }
                Files.createDirectories(out.getParent());
                try (InputStream in = source.open(file)) {
                    Files.copy(in, out);
                }
            }
            try {
                Files.move(unpacking, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException alreadyThere) {
                if (!Files.isRegularFile(marker)) {
                    throw alreadyThere; // not another JVM that got there first
                }
            }
            return target;
        } finally {
            deleteTree(unpacking);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
