package dev.awaitable.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import reactor.core.publisher.Flux;

/** Results as the Java types callers ask for: records (through Jackson), generic types, boxed numbers. */
class TypedResultsTest extends SharedRuntimeTest {

    enum Status { SHIPPED, CANCELLED }

    record Customer(UUID customerId, String name, LocalDate since) {
    }

    record Line(String sku, int quantity, BigDecimal unitPrice) {
    }

    record Order(long orderId, OffsetDateTime placed, Customer customer, List<Line> lines, BigDecimal total,
                 Status status, Set<String> tags) {
    }

    private static final List<Line> LINES = List.of(new Line("A-1", 2, new BigDecimal("9.99")),
            new Line("B-2", 1, new BigDecimal("0.02")));

    private static Order order(long id) {
        return new Order(id, OffsetDateTime.of(2026, 12, 6, 9, 30, 15, 123_456_000, ZoneOffset.ofHours(1)),
                new Customer(UUID.fromString("12345678-1234-5678-9abc-def012345678"), "Ada", LocalDate.of(2020, 2, 29)),
                LINES, new BigDecimal("20.00"), Status.SHIPPED, Set.of("gift"));
    }

    @Test
    void aPydanticModelBecomesAJavaRecordWithSnakeCaseNamesAliasesDatesDecimalsAndEnums() {
        assertThat(AwaitableFlux.mono(runtime, Order.class, "ra_test.values:order").block()).isEqualTo(order(7));
    }

    @Test
    void streamItemsAndMapOutputsBecomeRecordsToo() {
        assertThat(AwaitableFlux.flux(runtime, Order.class, "ra_test.values:orders", 2).collectList().block())
                .containsExactly(order(0), order(1));
        assertThat(AwaitableFlux.map(runtime, Long.class, Flux.range(1, 3).map(i -> List.of(i, i)), "ra_test.basics:add_pair",
                MapOptions.maxWorkers(2).ordered()).collectList().block()).containsExactly(2L, 4L, 6L);
    }

    @Test
    void aGenericTypeIsGivenAsAResultType() {
        List<Line> lines = AwaitableFlux.mono(runtime, new ResultType<List<Line>>() { }, "ra_test.values:lines").block();
        assertThat(lines).isEqualTo(LINES);
        Map<String, BigDecimal> prices = AwaitableFlux.mono(runtime, new ResultType<Map<String, BigDecimal>>() { },
                "ra_test.values:echo", Map.of("a", 1.5)).block();
        assertThat(prices).isEqualTo(Map.of("a", new BigDecimal("1.5")));
    }

    record Reading(double value) {
    }

    @Test
    void floatsThatAreNotNumbersReachARecordAsThemselves() {
        assertThat(AwaitableFlux.mono(runtime, new ResultType<List<Reading>>() { }, "ra_test.values:readings").block())
                .containsExactly(new Reading(Double.NaN), new Reading(Double.POSITIVE_INFINITY), new Reading(1.5));
    }

    @Test
    void aValueOfTheTypeAskedForIsTakenAsItIsAndANumberIsNarrowedWhenItFits() {
        assertThat(AwaitableFlux.mono(runtime, String.class, "ra_test.values:echo", "text").block()).isEqualTo("text");
        Integer sum = AwaitableFlux.mono(runtime, Integer.class, "ra_test.basics:add", 1, 2).block();
        assertThat(sum).isEqualTo(3);
    }

    @Test
    void aFieldThatDoesNotMapFailsTheCallNamingTheTargetTheTypeAndTheField() {
        assertThatThrownBy(() -> AwaitableFlux.mono(runtime, Line.class, "ra_test.values:bad_line").block())
                .isInstanceOf(ResultConversionException.class)
                .hasMessageStartingWith("The result of 'ra_test.values:bad_line' does not map to "
                        + "dev.awaitable.reactor.TypedResultsTest$Line at quantity: ")
                .hasMessageContaining("\"many\"")
                .satisfies(e -> assertThat(((ResultConversionException) e).getPath()).isEqualTo("quantity"));
    }

    @Test
    void aResultJsonCannotHoldCrossesAsObjectsAndMapsToTheSameRecord() {
        Map<String, Object> line = Map.of("sku", "A", "quantity", 1, "unit_price", new BigDecimal("2.50"));
        Map<String, Object> withAJavaObject = new java.util.HashMap<>(line);
        withAJavaObject.put("note", new StringBuilder("gift")); // arrives in Python as the Java object
        Line asJson = AwaitableFlux.mono(runtime, Line.class, "ra_test.values:echo", line).block();
        Line asObjects = AwaitableFlux.mono(runtime, Line.class, "ra_test.values:echo", withAJavaObject).block();
        assertThat(asJson).isEqualTo(new Line("A", 1, new BigDecimal("2.50"))).isEqualTo(asObjects);
    }

    @Test
    void theApplicationsObjectMapperIsUsedWithItsOwnRules() {
        ObjectMapper strict = new ObjectMapper().registerModule(new JavaTimeModule())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        try (PythonRuntime python = TestRuntimes.builder().objectMapper(strict).build()) {
            assertThat(AwaitableFlux.mono(python, Line.class, "ra_test.values:echo",
                    Map.of("sku", "A", "quantity", 1, "unit_price", 2)).block())
                    .isEqualTo(new Line("A", 1, new BigDecimal("2")));
            assertThatThrownBy(() -> AwaitableFlux.mono(python, Line.class, "ra_test.values:echo",
                    Map.of("sku", "A", "quantity", 1, "colour", "red")).block())
                    .isInstanceOf(ResultConversionException.class).hasMessageContaining("colour");
        }
    }

    @Test
    void withoutJacksonARecordIsRefusedNamingTheDependencies() {
        ResultMapper withoutJackson = new ResultMapper(null);
        assertThatThrownBy(() -> withoutJackson.convert(Map.of("sku", "A"), ResultType.of(Line.class), "shop:line"))
                .isInstanceOf(ResultConversionException.class)
                .hasMessageContaining("'shop:line'").hasMessageContaining("com.fasterxml.jackson.core:jackson-databind");
        assertThat(withoutJackson.convert(7L, ResultType.of(Integer.class), "shop:count")).isEqualTo(7);
    }
}
