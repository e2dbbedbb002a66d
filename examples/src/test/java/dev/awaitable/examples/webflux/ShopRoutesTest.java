package dev.awaitable.examples.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.awaitable.examples.ExamplePython;
import dev.awaitable.reactor.PythonRuntime;

/** The routes under WebTestClient, without a server of their own (the inventory they call is real HTTP). */
class ShopRoutesTest {

    private static PythonRuntime python;
    private static InventoryStub inventory;
    private static WebTestClient client;

    @BeforeAll
    static void start() {
        python = ExamplePython.runtime();
        inventory = new InventoryStub();
        client = WebTestClient.bindToRouterFunction(new ShopRoutes(python, inventory.url()).routes())
                .build();
    }

    @AfterAll
    static void stop() {
        inventory.close();
        python.close();
    }

    @Test
    void quoteComesFromACoroutineThatRanABlockingCallOffTheLoop() {
        client.get().uri("/quote/apple").exchange()
                .expectStatus().isOk()
                .expectHeader().contentType(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$.sku").isEqualTo("apple")
                .jsonPath("$.currency").isEqualTo("EUR")
                .jsonPath("$.price").value(price -> assertThat((Integer) price).isBetween(120, 129));
    }

    @Test
    void aPythonKeyErrorBecomesA404() {
        client.get().uri("/quote/durian").exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.error").isEqualTo("unknown sku durian");
    }

    @Test
    void ticksStreamAsNdjsonFromAnAsyncGenerator() {
        List<Map> ticks = client.get().uri("/ticks/plum?count=4&intervalMs=5").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_NDJSON)
                .returnResult(Map.class).getResponseBody().collectList().block();
        assertThat(ticks).extracting(t -> t.get("seq")).containsExactly(0, 1, 2, 3);
        assertThat(ticks).extracting(t -> t.get("price")).containsExactly(60, 61, 62, 63);
    }

    @Test
    void stockComesFromAnAiohttpCallMadeByTheCoroutine() {
        client.get().uri("/stock/plum").exchange()
                .expectStatus().isOk()
                .expectBody().json("{\"sku\": \"plum\", \"units\": 7, \"source\": \"aiohttp\"}");
    }

    @Test
    void availabilityAwaitsTheWebClientCallInsidePython() {
        client.get().uri("/availability/apple").exchange()
                .expectStatus().isOk()
                .expectBody().json("{\"sku\": \"apple\", \"units\": 12, \"available\": true}");
        client.get().uri("/availability/pear").exchange()
                .expectStatus().isOk()
                .expectBody().json("{\"sku\": \"pear\", \"units\": 0, \"available\": false}");
    }
}
