package dev.awaitable.examples.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.client.WebClient;

import dev.awaitable.examples.ExamplePython;
import dev.awaitable.reactor.AwaitableFlux;
import dev.awaitable.reactor.PythonRuntime;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The whole application on a real server (127.0.0.1, a free port), called over HTTP, with
 * BlockHound installed: a blocking call on a Netty event loop or on a Python loop thread would fail
 * the request.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.1")
class ShopServerTest {

    private static final InventoryStub INVENTORY = new InventoryStub();
    private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
    };

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("reactor.awaitable.paths", () -> ExamplePython.sources().toString());
        registry.add("shop.inventory-url", INVENTORY::url);
    }

    @AfterAll
    static void stopInventory() {
        INVENTORY.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    PythonRuntime python;

    private WebClient http() {
        return WebClient.create("http://127.0.0.1:" + port);
    }

    @Test
    void servesQuotesAndAvailabilityOverHttp() {
        Map<String, Object> quote = http().get().uri("/quote/pear").retrieve().bodyToMono(JSON_OBJECT).block(Duration.ofSeconds(10));
        assertThat(quote).containsEntry("sku", "pear").containsKey("price");
        Map<String, Object> availability = http().get().uri("/availability/plum").retrieve().bodyToMono(JSON_OBJECT)
                .block(Duration.ofSeconds(10));
        assertThat(availability).containsEntry("units", 7).containsEntry("available", true);
    }

    @Test
    void theRuntimesMetricsAreServedByTheActuator() {
        http().get().uri("/quote/plum").retrieve().bodyToMono(JSON_OBJECT).block(Duration.ofSeconds(10));
        Map<String, Object> completed = http().get().uri("/actuator/metrics/reactor.awaitable.calls?tag=outcome:completed")
                .retrieve().bodyToMono(JSON_OBJECT).block(Duration.ofSeconds(10));
        assertThat(completed).containsEntry("name", "reactor.awaitable.calls");
        List<?> measurements = (List<?>) completed.get("measurements");
        assertThat(((Number) ((Map<?, ?>) measurements.get(0)).get("value")).doubleValue()).isGreaterThanOrEqualTo(1);
        Map<String, Object> inFlight = http().get().uri("/actuator/metrics/reactor.awaitable.calls.in.flight")
                .retrieve().bodyToMono(JSON_OBJECT).block(Duration.ofSeconds(10));
        assertThat(inFlight).containsEntry("name", "reactor.awaitable.calls.in.flight");
    }

    @Test
    void aPythonHttpClientOnALoopThreadCallsThisServerWhoseHandlersRunOnTheSameRuntime() {
        List<Object> quotes = reactor.core.publisher.Flux.range(0, 20)
                .flatMap(i -> AwaitableFlux.mono(python, "shop:fetch_json", "http://127.0.0.1:" + port + "/quote/apple"), 10)
                .collectList().block(Duration.ofSeconds(30));
        assertThat(quotes).hasSize(20).allSatisfy(quote -> assertThat(((Map<?, ?>) quote).get("sku")).isEqualTo("apple"));
        Object stock = AwaitableFlux.mono(python, "shop:fetch_json", "http://127.0.0.1:" + port + "/stock/apple")
                .block(Duration.ofSeconds(10));
        assertThat(stock).isEqualTo(Map.of("sku", "apple", "units", 12L, "source", "aiohttp"));
    }

    @Test
    void aClientThatDisconnectsMidStreamCancelsThePythonGenerator() throws Exception {
        int before = endings().size();

        // 10,000 ticks 20 ms apart would take 200 s; the client reads three and hangs up.
        List<Map> firstThree = http().get().uri("/ticks/apple?count=10000&intervalMs=20")
                .accept(MediaType.APPLICATION_NDJSON)
                .retrieve().bodyToFlux(Map.class)
                .take(3)
                .collectList()
                .block(Duration.ofSeconds(10));
        assertThat(firstThree).extracting(t -> t.get("seq")).containsExactly(0, 1, 2);

        // The server sees the connection close, cancels the Flux, and the generator's finally runs.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (endings().size() == before && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        List<?> endings = endings();
        assertThat(endings).hasSize(before + 1);
        Map<?, ?> ending = (Map<?, ?>) endings.get(endings.size() - 1);
        assertThat(ending.get("how")).isEqualTo("cancelled");
        assertThat((Long) ending.get("sent")).isBetween(3L, 100L);
    }

    @Test
    void blockHoundIsWatchingInTheseTests() {
        Mono<Void> blockingOnAParallelThread = Mono.fromRunnable(() -> {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }).subscribeOn(Schedulers.parallel()).then();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> blockingOnAParallelThread.block(Duration.ofSeconds(5)))
                .hasMessageContaining("Blocking call!");
    }

    private List<?> endings() {
        return (List<?>) AwaitableFlux.mono(python, "shop:stream_endings").block(Duration.ofSeconds(10));
    }
}
