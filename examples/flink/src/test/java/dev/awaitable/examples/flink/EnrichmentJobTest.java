package dev.awaitable.examples.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example job end to end: a local MiniCluster, real HTTP to the aiohttp customer service. */
class EnrichmentJobTest {

    private static final Pattern LINE = Pattern.compile(
            "\\{\"amount\": [0-9.]+, \"country\": \"\\w+\", \"customer_id\": (\\d+), \"event_id\": (\\d+), \"fee\": [0-9.]+, \"tier\": \"(\\w+)\"\\}");

    @Test
    void everyEventIsEnrichedFromTheCustomerServiceAndWritten(@TempDir Path directory) throws Exception {
        List<String> lines = EnrichmentJob.run(300, directory.resolve("enriched"));
        assertThat(lines).hasSize(300);
        assertThat(lines).allSatisfy(line -> {
            Matcher m = LINE.matcher(line);
            assertThat(m.matches()).as(line).isTrue();
            long customer = Long.parseLong(m.group(1));
            assertThat(m.group(3)).isEqualTo(List.of("bronze", "silver", "gold").get((int) (customer % 3)));
        });
        assertThat(lines.stream().map(line -> {
            Matcher m = LINE.matcher(line);
            return m.matches() ? m.group(2) : line;
        }).collect(Collectors.toSet())).hasSize(300);
    }
}
