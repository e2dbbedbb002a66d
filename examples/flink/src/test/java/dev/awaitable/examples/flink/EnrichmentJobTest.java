package dev.awaitable.examples.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example job end to end: a local MiniCluster, real HTTP to the aiohttp customer service. */
class EnrichmentJobTest {

    @Test
    void everyEventIsEnrichedFromTheCustomerServiceAndWritten(@TempDir Path directory) throws Exception {
        Path output = directory.resolve("enriched.jsonl");
        List<Map<?, ?>> enriched = EnrichmentJob.run(300, output);
        assertThat(enriched).hasSize(300);
        assertThat(enriched.stream().map(e -> e.get("event_id")).collect(Collectors.toSet())).hasSize(300);
        assertThat(enriched).allSatisfy(event -> {
            long customer = (Long) event.get("customer_id");
            assertThat(event.get("tier")).isEqualTo(List.of("bronze", "silver", "gold").get((int) (customer % 3)));
            assertThat(event.get("fee")).isInstanceOf(Double.class);
        });
        assertThat(Files.readAllLines(output)).hasSize(300);
    }
}
