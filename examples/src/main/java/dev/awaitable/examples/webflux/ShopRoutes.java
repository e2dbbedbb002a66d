package dev.awaitable.examples.webflux;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import dev.awaitable.reactor.AwaitableFlux;
import dev.awaitable.reactor.PythonException;
import dev.awaitable.reactor.PythonRuntime;
import reactor.core.publisher.Mono;

/**
 * The HTTP endpoints of the example service, each served by a Python coroutine or async generator
 * ({@code src/main/python/shop.py}) through {@link AwaitableFlux}. Nothing here blocks: the
 * handlers return the {@code Mono}/{@code Flux} and WebFlux subscribes on its event loop.
 */
public final class ShopRoutes {

    private final PythonRuntime python;
    private final String inventoryUrl;
    private final WebClient inventory;

    /**
     * @param python the application's runtime
     * @param inventoryUrl the base URL of the inventory service (serving {@code /inventory/{sku}})
     */
    public ShopRoutes(PythonRuntime python, String inventoryUrl) {
        this.python = python;
        this.inventoryUrl = inventoryUrl;
        this.inventory = WebClient.create(inventoryUrl);
    }

    /**
     * @return the routes: {@code /quote/{sku}}, {@code /ticks/{sku}}, {@code /availability/{sku}},
     *     {@code /stock/{sku}}
     */
    public RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route(GET("/quote/{sku}"), this::quote)
                .andRoute(GET("/ticks/{sku}"), this::ticks)
                .andRoute(GET("/availability/{sku}"), this::availability)
                .andRoute(GET("/stock/{sku}"), this::stock);
    }

    // region quote
    /** One value: a coroutine that awaits asyncio and a blocking call run with execute_async. */
    Mono<ServerResponse> quote(ServerRequest request) {
        String sku = request.pathVariable("sku");
        return AwaitableFlux.mono(python, "shop:quote", sku)
                .flatMap(quote -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(quote))
                .onErrorResume(PythonException.class, error -> "builtins.KeyError".equals(error.getPythonType())
                        ? ServerResponse.status(HttpStatus.NOT_FOUND).bodyValue(Map.of("error", "unknown sku " + sku))
                        : Mono.error(error));
    }
    // endregion quote

    // region ticks
    /** A stream: an async generator as newline-delimited JSON; a client that goes away cancels it. */
    Mono<ServerResponse> ticks(ServerRequest request) {
        String sku = request.pathVariable("sku");
        int count = request.queryParam("count").map(Integer::parseInt).orElse(10);
        int intervalMs = request.queryParam("intervalMs").map(Integer::parseInt).orElse(100);
        return ServerResponse.ok().contentType(MediaType.APPLICATION_NDJSON)
                .body(AwaitableFlux.flux(python, "shop:ticks", sku, count, intervalMs), Object.class);
    }
    // endregion ticks

    // region availability
    /** A Java publisher into Python: the WebClient call's Mono is an argument the coroutine awaits. */
    Mono<ServerResponse> availability(ServerRequest request) {
        String sku = request.pathVariable("sku");
        Mono<Integer> stock = inventory.get().uri("/inventory/{sku}", sku).retrieve().bodyToMono(Integer.class);
        return AwaitableFlux.mono(python, "shop:availability", sku, stock)
                .flatMap(result -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(result));
    }
    // endregion availability

    // region stock
    /** Python's own HTTP client in a handler: the coroutine calls the inventory service with aiohttp. */
    Mono<ServerResponse> stock(ServerRequest request) {
        return AwaitableFlux.mono(python, "shop:stock", request.pathVariable("sku"), inventoryUrl)
                .flatMap(result -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(result));
    }
    // endregion stock
}
