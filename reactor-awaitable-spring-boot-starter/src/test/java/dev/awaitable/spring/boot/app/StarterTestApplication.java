package dev.awaitable.spring.boot.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import dev.awaitable.reactor.PythonModule;
import reactor.core.publisher.Mono;

/** An application with the starter and nothing of its own wiring: the interface below is a bean. */
@SpringBootApplication
public class StarterTestApplication {

    /** starter_app/greetings.py. */
    @PythonModule("starter_app.greetings")
    public interface Greetings {
        Mono<String> greet(String name);

        Mono<String> slowGreet(String name, double seconds);

        Mono<Boolean> isImported(String module);

        Mono<String> fetchTraceparent(String url);
    }

    @Bean
    RouterFunction<ServerResponse> greetingRoutes(Greetings greetings) {
        return RouterFunctions.route()
                .GET("/greet/{name}", request -> ServerResponse.ok().body(greetings.greet(request.pathVariable("name")), String.class))
                .GET("/slow/{name}", request -> ServerResponse.ok().body(greetings.slowGreet(request.pathVariable("name"),
                        Double.parseDouble(request.queryParam("seconds").orElse("1"))), String.class))
                // the coroutine calls /traceparent, which answers with the traceparent header it received
                .GET("/traced", request -> ServerResponse.ok().body(greetings.fetchTraceparent(
                        request.queryParam("url").orElseThrow()), String.class))
                .GET("/traceparent", request -> ServerResponse.ok().bodyValue(
                        request.headers().firstHeader("traceparent") == null ? "none" : request.headers().firstHeader("traceparent")))
                .build();
    }
}
