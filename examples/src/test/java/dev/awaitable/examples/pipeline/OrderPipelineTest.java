package dev.awaitable.examples.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.awaitable.examples.ExamplePython;
import dev.awaitable.reactor.PythonRuntime;

class OrderPipelineTest {

    @Test
    void enrichesEveryOrderOfTheShippedFileInInputOrderAndSkipsTheRejectedOnes(@TempDir Path dir) throws Exception {
        Path output = dir.resolve("enriched.jsonl");
        OrderPipeline.Summary summary;
        try (PythonRuntime runtime = ExamplePython.runtime()) {
            summary = OrderPipeline.run(runtime, Path.of("data/orders.csv"), output, 200, Duration.ofMillis(250));
        }

        // 2,000 rows; every 250th has a negative amount, which the Python stage rejects.
        assertThat(summary.written()).isEqualTo(1_992);
        assertThat(summary.rejected()).isEqualTo(8);
        List<String> lines = Files.readAllLines(output);
        assertThat(lines).hasSize(1_992);
        ObjectMapper json = new ObjectMapper();
        int previous = 0;
        for (String line : lines) {
            JsonNode order = json.readTree(line);
            int id = order.get("order_id").asInt();
            assertThat(id).isGreaterThan(previous).isNotEqualTo(250);
            previous = id;
            assertThat(order.get("risk").asInt()).isBetween(0, 999);
            assertThat(order.get("review").asBoolean()).isEqualTo(order.get("risk").asInt() > 900);
        }
    }
}
