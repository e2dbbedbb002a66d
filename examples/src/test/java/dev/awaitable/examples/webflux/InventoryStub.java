package dev.awaitable.examples.webflux;

import java.util.Map;

import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** A stand-in inventory service on 127.0.0.1 (a free port) that the WebClient endpoint calls over HTTP. */
final class InventoryStub implements AutoCloseable {

    private static final Map<String, Integer> STOCK = Map.of("apple", 12, "pear", 0, "plum", 7);

    private final DisposableServer server = HttpServer.create().host("127.0.0.1").port(0)
            .route(routes -> routes.get("/inventory/{sku}", (request, response) -> response.header("Content-Type", "application/json").sendString(
                    Mono.just(String.valueOf(STOCK.getOrDefault(request.param("sku"), 0))))))
            .bindNow();

    String url() {
        return "http://127.0.0.1:" + server.port();
    }

    @Override
    public void close() {
        server.disposeNow();
    }
}
