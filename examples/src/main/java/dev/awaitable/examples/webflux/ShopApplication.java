package dev.awaitable.examples.webflux;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;

import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import dev.awaitable.reactor.PythonRuntime;

/**
 * A WebFlux service whose endpoints are Python coroutines ({@link ShopRoutes}). Run it with
 * {@code mvn -q -B -Pshop -DskipTests verify} and try {@code curl localhost:8080/quote/apple} or
 * {@code curl localhost:8080/ticks/pear?count=5}.
 * <p>
 * The {@link PythonRuntime} comes from reactor-awaitable-spring-boot-starter, configured in
 * application.properties ({@code reactor.awaitable.*}): created when the application starts, closed
 * (coroutines cancelled, their {@code finally} run, threads joined) when it shuts down, after the web
 * server has drained. Its metrics go to Spring Boot's meter registry
 * ({@code curl localhost:8080/actuator/metrics/reactor.awaitable.calls}), its health to
 * {@code /actuator/health}.
 */
@SpringBootApplication
public class ShopApplication {

    public static void main(String[] args) {
        SpringApplication.run(ShopApplication.class, args);
    }

    @Bean
    RouterFunction<ServerResponse> shopRoutes(PythonRuntime python,
                                              @Value("${shop.inventory-url:http://127.0.0.1:8080}") String inventoryUrl) {
        return new ShopRoutes(python, inventoryUrl).routes();
    }

    /** Stands in for a separate inventory service, so the example runs on its own. */
    @Bean
    RouterFunction<ServerResponse> inventoryRoutes() {
        Map<String, Integer> stock = Map.of("apple", 12, "pear", 0, "plum", 7);
        return RouterFunctions.route(GET("/inventory/{sku}"),
                request -> ServerResponse.ok().bodyValue(stock.getOrDefault(request.pathVariable("sku"), 0)));
    }
}
