package dev.awaitable.examples.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

/** The SQL job end to end: a local MiniCluster, real HTTP from each row's coroutine to the aiohttp service. */
class EnrichmentSqlJobTest {

    @Test
    void everyRowGetsItsCustomersTierAndCountryFromTheService() throws Exception {
        List<Row> rows = EnrichmentSqlJob.run(600);
        Map<Long, Row> byId = rows.stream().collect(Collectors.toMap(row -> (Long) row.getField(0), Function.identity()));
        assertThat(byId).hasSize(600);
        for (long id = 1; id <= 600; id++) {
            int customer = (int) (id % 500);
            assertThat(byId.get(id)).as("row %d", id).isEqualTo(Row.of(id,
                    List.of("bronze", "silver", "gold").get(customer % 3), List.of("DE", "FR", "NL", "PL", "SE").get(customer % 5)));
        }
    }
}
