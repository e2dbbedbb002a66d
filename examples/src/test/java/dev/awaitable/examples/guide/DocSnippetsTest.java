package dev.awaitable.examples.guide;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Keeps the guide true to the code: every {@code java} and {@code python} block in README.md and
 * docs/*.md must be preceded by {@code <!-- snippet: path#region -->} and equal that region of a
 * file the build compiles and runs (marked {@code // region name} ... {@code // endregion name}, or
 * with {@code #} in Python), indentation removed. An {@code xml} block with such a line is checked
 * the same way against a POM the build runs (regions marked {@code <!-- region name -->}).
 */
class DocSnippetsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern BLOCK = Pattern.compile(
            "(?:<!-- snippet: ([^#\\s]+)#([\\w-]+) -->\\n)?```(java|python|xml)\\n(.*?)```", Pattern.DOTALL);

    @Test
    void everyJavaAndPythonBlockInTheGuideIsARegionOfCompiledCode() throws IOException {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Path doc : guidePages()) {
            Matcher block = BLOCK.matcher(Files.readString(doc));
            while (block.find()) {
                String where = ROOT.relativize(doc) + " (" + block.group(3) + " block at offset " + block.start(3) + ")";
                if (block.group(1) == null && block.group(3).equals("xml")) {
                    continue; // a POM fragment shown for reading, e.g. the dependency
                }
                if (block.group(1) == null) {
                    problems.add(where + ": no <!-- snippet: path#region --> line before it");
                    continue;
                }
                Path source = ROOT.resolve(block.group(1));
                if (!Files.exists(source)) {
                    problems.add(where + ": " + block.group(1) + " does not exist");
                    continue;
                }
                String region = region(Files.readString(source), block.group(2));
                if (region == null) {
                    problems.add(where + ": no region '" + block.group(2) + "' in " + block.group(1));
                } else if (!region.equals(block.group(4).stripTrailing())) {
                    problems.add(where + ": differs from " + block.group(1) + "#" + block.group(2)
                            + "\n--- docs:\n" + block.group(4) + "--- code:\n" + region);
                }
                checked++;
            }
        }
        assertThat(problems).as(String.join("\n\n", problems)).isEmpty();
        assertThat(checked).isGreaterThan(10);
    }

    private static List<Path> guidePages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    /** The lines between the region's markers, common indentation removed; null when absent. */
    static String region(String source, String name) {
        Matcher m = Pattern.compile("^[ \\t]*(?://|#|<!--) region " + Pattern.quote(name) + "(?: -->)?[ \\t]*\\n(.*?)"
                + "^[ \\t]*(?://|#|<!--) endregion " + Pattern.quote(name) + "(?: -->)?[ \\t]*$",
                Pattern.DOTALL | Pattern.MULTILINE).matcher(source);
        if (!m.find()) {
            return null;
        }
        List<String> lines = m.group(1).lines().toList();
        int indent = lines.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return String.join("\n", lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent).stripTrailing()).toList())
                .stripTrailing();
    }
}
