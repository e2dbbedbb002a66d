package dev.awaitable.examples.flink;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Writes each record (a map of numbers and strings) as one JSON line to {@code part-<subtask>.jsonl}
 * in a directory: a file per subtask, so the writers never share one. Enough for a local example;
 * a production job would use Flink's {@code FileSink} or a database sink.
 */
final class JsonLinesSink implements Sink<Map<?, ?>> {

    private static final long serialVersionUID = 1L;

    private final String directory;

    JsonLinesSink(Path directory) {
        this.directory = directory.toAbsolutePath().toString();
    }

    @Override
    public SinkWriter<Map<?, ?>> createWriter(WriterInitContext context) throws IOException {
        Path part = Path.of(directory, "part-" + context.getTaskInfo().getIndexOfThisSubtask() + ".jsonl");
        Files.createDirectories(part.getParent());
        BufferedWriter out = Files.newBufferedWriter(part, StandardCharsets.UTF_8);
        return new SinkWriter<>() {
            @Override
            public void write(Map<?, ?> record, Context context) throws IOException {
                out.write(toJson(record));
                out.newLine();
            }

            @Override
            public void flush(boolean endOfInput) throws IOException {
                out.flush();
            }

            @Override
            public void close() throws IOException {
                out.close();
            }
        };
    }

    /** {@code {"key": value, ...}} with the keys sorted; strings quoted, numbers as they are. */
    static String toJson(Map<?, ?> record) {
        return new TreeMap<>(record).entrySet().stream()
                .map(e -> quote(String.valueOf(e.getKey())) + ": "
                        + (e.getValue() instanceof Number ? e.getValue().toString() : quote(String.valueOf(e.getValue()))))
                .collect(Collectors.joining(", ", "{", "}"));
    }

    private static String quote(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** @return every line the subtasks wrote into {@code directory} */
    static java.util.List<String> readAll(Path directory) {
        try (var parts = Files.list(directory)) {
            return parts.filter(p -> p.getFileName().toString().startsWith("part-")).sorted()
                    .flatMap(p -> {
                        try {
                            return Files.readAllLines(p).stream();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
