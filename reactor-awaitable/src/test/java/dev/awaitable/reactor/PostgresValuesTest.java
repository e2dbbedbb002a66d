package dev.awaitable.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * asyncpg's Records from a real PostgreSQL (started by the test from a Maven artifact) reach Java as
 * Maps of java.time values, BigDecimals and UUIDs, and as Java records through typed results.
 */
class PostgresValuesTest extends SharedRuntimeTest {

    private static final UUID REF = UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
    private static final OffsetDateTime PLACED = OffsetDateTime.of(2026, 12, 6, 8, 0, 0, 250_000_000, ZoneOffset.UTC);

    private static EmbeddedPostgres postgres;
    private static String dsn;

    // region order-row
    record OrderRow(long id, OffsetDateTime placedAt, LocalDate due, BigDecimal amount, UUID ref, String doc,
                    List<Long> tags, Duration waited, String note) {
    }
    // endregion order-row

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        dsn = "postgresql://postgres@127.0.0.1:" + postgres.getPort() + "/postgres";
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE orders (id bigint PRIMARY KEY, placed_at timestamptz NOT NULL, due date, "
                    + "amount numeric(12, 4), ref uuid, doc jsonb, tags int[], waited interval, note text)");
            statement.execute("INSERT INTO orders VALUES "
                    + "(1, '2026-12-06 09:00:00.25+01', '2026-12-24', 1234.5000, '" + REF + "', "
                    + "'{\"gift\": true}', '{1,2,3}', '1 hour 30 minutes', 'first'), "
                    + "(2, '2026-12-06 09:00:00.25+01', NULL, NULL, NULL, NULL, NULL, NULL, NULL)");
        }
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void recordsOfEveryColumnTypeArriveAsMapsOfJavaValuesAndNulls() {
        List<Object> rows = AwaitableFlux.mono(runtime, new ResultType<List<Object>>() { }, "ra_test.pg:fetch_orders", dsn).block();
        Map<String, Object> first = new HashMap<>();
        first.put("id", 1L);
        first.put("placed_at", PLACED);
        first.put("due", LocalDate.of(2026, 12, 24));
        first.put("amount", new BigDecimal("1234.5000"));
        first.put("ref", REF);
        first.put("doc", "{\"gift\": true}");
        first.put("tags", List.of(1L, 2L, 3L));
        first.put("waited", Duration.ofMinutes(90));
        first.put("note", "first");
        Map<String, Object> second = new HashMap<>();
        for (String column : Arrays.asList("due", "amount", "ref", "doc", "tags", "waited", "note")) {
            second.put(column, null);
        }
        second.put("id", 2L);
        second.put("placed_at", PLACED);
        assertThat(rows).containsExactly(first, second);
    }

    @Test
    void recordsBecomeJavaRecordsAsAListAndAsStreamItems() {
        OrderRow first = new OrderRow(1, PLACED, LocalDate.of(2026, 12, 24), new BigDecimal("1234.5000"), REF,
                "{\"gift\": true}", List.of(1L, 2L, 3L), Duration.ofMinutes(90), "first");
        OrderRow second = new OrderRow(2, PLACED, null, null, null, null, null, null, null);
        // region fetch-rows
        List<OrderRow> rows = AwaitableFlux.mono(runtime, new ResultType<List<OrderRow>>() { }, "ra_test.pg:fetch_orders", dsn)
                .block();
        // endregion fetch-rows
        assertThat(rows).containsExactly(first, second);
        assertThat(AwaitableFlux.flux(runtime, OrderRow.class, "ra_test.pg:stream_orders", dsn).collectList().block())
                .containsExactly(first, second);
    }
}
