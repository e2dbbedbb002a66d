package dev.awaitable.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Map;

import org.junit.jupiter.api.Test;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A Java interface bound to a Python module: typed calls, checked when it is bound. */
class BindingTest extends SharedRuntimeTest {

    record Quote(String sku, BigDecimal price, String currency) {
    }

    record StockEvent(String warehouse, String sku, int units) {
    }

    @PythonModule("ra_test.shop")
    interface Shop {
        Mono<Quote> quote(String sku);

        Flux<StockEvent> stockEvents(String warehouse);

        @PythonFunction("quote")
        Mono<Map<String, Object>> rawQuote(String sku);

        Mono<Void> ping();

        @PythonFunction("plain_total")
        Mono<Integer> total(int a, int b);

        Mono<Long> counted();

        default Mono<String> currencyOf(String sku) {
            return quote(sku).map(Quote::currency);
        }
    }

    interface Broken {
        Mono<Object> missing();

        Flux<Object> quote(String sku);

        Mono<Object> stockEvents(String warehouse);

        Mono<Object> plainTotal(int a);

        String notReactive();

        Mono<Object> needsKeyword();

        @PythonFunction("NOT_A_FUNCTION")
        Mono<Object> constant();
    }

    interface Unnamed {
        Mono<Object> quote(String sku);
    }

    @Test
    void aBoundInterfaceCallsCoroutinesAndAsyncGeneratorsWithTypedResults() {
        Shop shop = runtime.bind(Shop.class);
        assertThat(shop.quote("A-1").block()).isEqualTo(new Quote("A-1", new BigDecimal("9.99"), "EUR"));
        assertThat(shop.stockEvents("north").collectList().block()).containsExactly(
                new StockEvent("north", "S0", 0), new StockEvent("north", "S1", 1), new StockEvent("north", "S2", 2));
        assertThat(shop.rawQuote("B").block()).containsEntry("sku", "B").containsEntry("price", new BigDecimal("9.99"));
        assertThat(shop.ping().block()).isNull();
        assertThat(shop.total(2, 3).block()).isEqualTo(5);
        assertThat(shop.currencyOf("A-1").block()).isEqualTo("EUR");
        assertThat(shop.toString()).contains("BindingTest$Shop bound to Python");
        assertThat(shop).isEqualTo(shop).isNotEqualTo(runtime.bind(Shop.class));
    }

    @Test
    void callsAreColdLikeEveryMonoOfTheLibrary() {
        Mono<Long> counted = runtime.bind(Shop.class).counted();
        long first = counted.block();
        assertThat(counted.block()).as("a second subscription calls Python again").isEqualTo(first + 1);
    }

    @Test
    void everyMismatchIsListedInOneErrorWhenTheInterfaceIsBound() {
        assertThatThrownBy(() -> runtime.bind(Broken.class, "ra_test.shop"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Cannot bind dev.awaitable.reactor.BindingTest$Broken to Python module 'ra_test.shop':")
                .hasMessageContaining("Broken.missing(): 'ra_test.shop' has no function 'missing'")
                .hasMessageContaining("Broken.quote() returns a Flux, but 'ra_test.shop:quote' is a coroutine function")
                .hasMessageContaining("Broken.stockEvents() returns a Mono, but 'ra_test.shop:stock_events' is an async generator")
                .hasMessageContaining("Broken.plainTotal(): 'ra_test.shop:plain_total' takes 2 argument(s), the Java method passes 1")
                .hasMessageContaining("Broken.notReactive() returns java.lang.String: a bound method returns Mono<R>")
                .hasMessageContaining("Broken.needsKeyword(): 'ra_test.shop:needs_keyword' has a required keyword-only parameter 'key'")
                .hasMessageContaining("Broken.constant(): 'ra_test.shop:NOT_A_FUNCTION' is a int, not a function");
    }

    @Test
    void aModuleThatDoesNotImportOrIsNotNamedIsReportedAtBindTime() {
        assertThatThrownBy(() -> runtime.bind(Unnamed.class, "ra_test.no_such_module"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("module 'ra_test.no_such_module' cannot be imported (ModuleNotFoundError");
        assertThatThrownBy(() -> runtime.bind(Unnamed.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("@PythonModule");
        assertThatThrownBy(() -> runtime.bind(Quote.class, "ra_test.shop"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not an interface");
    }

    @Test
    void methodNamesBecomeSnakeCase() {
        assertThat(PythonBinding.snakeCase("stockEvents")).isEqualTo("stock_events");
        assertThat(PythonBinding.snakeCase("parseHTTPHeader")).isEqualTo("parse_http_header");
        assertThat(PythonBinding.snakeCase("quote")).isEqualTo("quote");
        assertThat(PythonBinding.snakeCase("top10Items")).isEqualTo("top10_items");
    }
}
