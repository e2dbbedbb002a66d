package dev.awaitable.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import reactor.core.publisher.Flux;

/**
 * Python's standard types cross as their Java counterparts (results, stream items, map outputs), and
 * Java's cross back: every type of the table goes Java → Python → Java equal to itself.
 */
class StandardValuesTest extends SharedRuntimeTest {

    private static final UUID ID = UUID.fromString("12345678-1234-5678-9abc-def012345678");
    private static final OffsetDateTime PLACED = OffsetDateTime.of(2026, 12, 6, 9, 30, 15, 123_456_000, ZoneOffset.ofHours(1));

    enum Colour { RED }

    record Quote(String sku, BigDecimal price, List<LocalDate> days) {
    }

    @Test
    void eachStandardPythonTypeArrivesAsItsJavaCounterpart() {
        Map<?, ?> values = (Map<?, ?>) AwaitableFlux.mono(runtime, "ra_test.values:standard_types").block();
        assertThat(values.get("aware")).isEqualTo(PLACED);
        assertThat(values.get("naive")).isEqualTo(LocalDateTime.of(2026, 1, 2, 3, 4, 5));
        assertThat(values.get("date")).isEqualTo(LocalDate.of(2026, 1, 2));
        assertThat(values.get("time")).isEqualTo(LocalTime.of(23, 59, 58, 999_999_000));
        assertThat(values.get("delta")).isEqualTo(Duration.ofDays(1).plusSeconds(2).plusNanos(3_000));
        assertThat(values.get("decimal")).isEqualTo(new BigDecimal("-1234567890.0987654321"));
        assertThat(values.get("uuid")).isEqualTo(ID);
        assertThat(values.get("enum")).isEqualTo("shipped");
        assertThat(values.get("set")).isEqualTo(Set.of(1L, 2L, 3L));
        assertThat(values.get("frozenset")).isEqualTo(Set.of("x"));
        assertThat(values.get("mapping")).isEqualTo(Map.of("k", "v"));
        assertThat((byte[]) values.get("bytearray")).containsExactly(0, -1);
        assertThat((byte[]) values.get("memoryview")).containsExactly('m', 'v');
        assertThat(values.get("dataclass")).isEqualTo(Map.of("sku", "A-1", "quantity", 2L, "unit_price", new BigDecimal("9.99")));
        assertThat(values.get("namedtuple")).isEqualTo(Map.of("x", 1L, "y", 2L));
        assertThat(values.get("money")).isEqualTo(Map.of("amount", new BigDecimal("3.50"), "currency", "EUR"));
    }

    private static Map<String, Object> order(long id) {
        return Map.of("order_id", id, "placed", PLACED,
                "customer", Map.of("customerId", ID, "name", "Ada", "since", LocalDate.of(2020, 2, 29)),
                "lines", List.of(Map.of("sku", "A-1", "quantity", 2L, "unit_price", new BigDecimal("9.99")),
                        Map.of("sku", "B-2", "quantity", 1L, "unit_price", new BigDecimal("0.02"))),
                "total", new BigDecimal("20.00"), "status", "shipped", "tags", Set.of("gift"));
    }

    @Test
    void aPydanticModelCrossesAsTheMapOfItsDumpWithAliasesNestedDataclassesAndEnums() {
        assertThat(AwaitableFlux.mono(runtime, "ra_test.values:order").block()).isEqualTo(order(7));
    }

    @Test
    void modelsCrossAsStreamItemsAndAsMapOutputs() {
        assertThat(AwaitableFlux.flux(runtime, "ra_test.values:orders", 3).collectList().block())
                .containsExactly(order(0), order(1), order(2));
        assertThat(AwaitableFlux.map(runtime, Flux.just(PLACED, PLACED.plusDays(1)), "ra_test.values:echo",
                MapOptions.maxWorkers(4).ordered()).collectList().block())
                .containsExactly(PLACED, PLACED.plusDays(1));
    }

    static List<Object> roundTrips() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("when", LocalDate.of(1999, 12, 31));
        nested.put("amounts", List.of(new BigDecimal("1.10"), new BigDecimal("-0.000001")));
        nested.put("ids", Set.of(ID));
        return List.of(PLACED, OffsetDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHoursMinutes(-9, -30)),
                LocalDateTime.of(2026, 2, 28, 23, 59, 59, 999_999_000), LocalDate.of(2024, 2, 29),
                LocalTime.of(0, 0), LocalTime.of(12, 34, 56, 789_000), Duration.ofMillis(-1500), Duration.ofDays(10_000),
                new BigDecimal("12345678901234567890.12345678901234567890"), new BigDecimal("1E+10"), ID,
                Set.of("a", "b"), nested, List.of(PLACED, ID));
    }

    @ParameterizedTest
    @MethodSource("roundTrips")
    void javaValuesGoToPythonAndComeBackEqual(Object value) {
        assertThat(AwaitableFlux.mono(runtime, "ra_test.values:echo", value).block()).isEqualTo(value);
    }

    @Test
    void javaValuesArriveInPythonAsThePythonTypesAPythonUserExpects() {
        assertThat(describe(PLACED)).containsExactly("datetime.datetime",
                "datetime.datetime(2026, 12, 6, 9, 30, 15, 123456, tzinfo=datetime.timezone(datetime.timedelta(seconds=3600)))");
        assertThat(describe(Instant.parse("2026-01-02T03:04:05Z"))).containsExactly("datetime.datetime",
                "datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)");
        assertThat(describe(ZonedDateTime.of(2026, 7, 1, 12, 0, 0, 0, ZoneId.of("Europe/Paris")))).containsExactly(
                "datetime.datetime", "datetime.datetime(2026, 7, 1, 12, 0, tzinfo=datetime.timezone(datetime.timedelta(seconds=7200)))");
        assertThat(describe(new BigDecimal("2.50"))).containsExactly("decimal.Decimal", "Decimal('2.50')");
        assertThat(describe(ID)).containsExactly("uuid.UUID", "UUID('12345678-1234-5678-9abc-def012345678')");
        assertThat(describe(Colour.RED)).containsExactly("builtins.str", "'RED'");
        assertThat(describe(Set.of(3))).containsExactly("builtins.set", "{3}");
        assertThat(describe(new Quote("A-1", BigDecimal.ONE, List.of(LocalDate.of(2026, 1, 1))))).containsExactly(
                "builtins.dict", "{'sku': 'A-1', 'price': Decimal('1'), 'days': [datetime.date(2026, 1, 1)]}");
    }

    @SuppressWarnings("unchecked")
    private List<Object> describe(Object value) {
        return (List<Object>) AwaitableFlux.mono(runtime, "ra_test.values:describe", value).block();
    }

    @Test
    void anInstantComesBackAsTheOffsetDateTimeAtUtcAndARecordAsTheMapOfItsComponents() {
        assertThat(AwaitableFlux.mono(runtime, "ra_test.values:echo", Instant.parse("2026-01-02T03:04:05.5Z")).block())
                .isEqualTo(OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 500_000_000, ZoneOffset.UTC));
        assertThat(AwaitableFlux.mono(runtime, "ra_test.values:echo", new Quote("A-1", BigDecimal.TEN, List.of())).block())
                .isEqualTo(Map.of("sku", "A-1", "price", BigDecimal.TEN, "days", List.of()));
    }

    /** A type of the application's own, with no Python counterpart, and a subclass of it. */
    static class Money {
        final BigDecimal amount;
        final String currency;

        Money(String amount, String currency) {
            this.amount = new BigDecimal(amount);
            this.currency = currency;
        }
    }

    static final class Euros extends Money {
        Euros(String amount) {
            super(amount, "EUR");
        }
    }

    @Test
    void anArgumentConversionAppliesToItsTypeItsSubclassesAndInsideMapsListsUpstreamsAndMapInputs() {
        try (PythonRuntime python = TestRuntimes.builder()
                .argumentConversion(Money.class, m -> Map.of("amount", m.amount, "currency", m.currency)).build()) {
            Map<String, Object> euros = Map.of("amount", new BigDecimal("2.50"), "currency", "EUR");
            assertThat(AwaitableFlux.mono(python, "ra_test.values:echo", new Euros("2.50")).block()).isEqualTo(euros);
            assertThat(AwaitableFlux.mono(python, "ra_test.values:echo", Map.of("price", List.of(new Euros("2.50")))).block())
                    .isEqualTo(Map.of("price", List.of(euros)));
            assertThat(AwaitableFlux.map(python, Flux.just(new Euros("2.50")), "ra_test.values:echo", MapOptions.maxWorkers(2))
                    .collectList().block()).containsExactly(euros);
            assertThat(Flux.just(new Money("1", "USD")).transform(AwaitableFlux.operator(python, "ra_test.streams:echo_all"))
                    .collectList().block()).containsExactly(Map.of("amount", BigDecimal.ONE, "currency", "USD"));
        }
        Object plain = new Money("1", "USD"); // without the rule: the Java object itself
        assertThat(AwaitableFlux.mono(runtime, "ra_test.values:echo", plain).block()).isSameAs(plain);
    }

    @Test
    void aDecimalThatBigDecimalCannotHoldFailsTheCallNamingWhereItIs() {
        assertThatThrownBy(() -> AwaitableFlux.mono(runtime, "ra_test.values:not_a_number").block())
                .isInstanceOf(PythonException.class)
                .hasMessageContaining("UnconvertibleResultError")
                .hasMessageContaining("result['price'] is Decimal('NaN'), which java.math.BigDecimal cannot hold");
    }

    @Test
    void aConversionThatRaisesFailsOnlyItsCall() {
        assertThatThrownBy(() -> AwaitableFlux.mono(runtime, "ra_test.values:faulty").block())
                .isInstanceOf(PythonException.class)
                .hasMessageContaining("UnconvertibleResultError")
                .hasMessageContaining("converting result to a Java value failed: ZeroDivisionError");
        assertThat(runtime.isHealthy()).isTrue();
        assertThat(AwaitableFlux.mono(runtime, "ra_test.basics:add", 1, 1).block()).isEqualTo(2L);
    }

    @Test
    void whatStillCannotCrossIsNamedWithWhereItSitsAndTheRegistryAsTheFix() {
        assertThatThrownBy(() -> AwaitableFlux.mono(runtime, "ra_test.values:opaque").block())
                .isInstanceOf(PythonException.class)
                .hasMessageContaining("result['rows'][0] (of type ra_test.values.Opaque) cannot be converted to a Java value")
                .hasMessageContaining("reactor_awaitable.register_conversion(Opaque, lambda obj: ...)");
    }
}
