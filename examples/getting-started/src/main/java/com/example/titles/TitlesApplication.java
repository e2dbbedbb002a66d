package com.example.titles;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import dev.awaitable.reactor.PythonModule;
import dev.awaitable.reactor.PythonRuntime;
import reactor.core.publisher.Mono;

/**
 * A WebFlux service whose handler is a Python coroutine: {@code GET /title?url=...} answers with the
 * title of the page at that URL, fetched by {@code titles.title} (src/main/python/titles.py) with aiohttp.
 */
// region application
@SpringBootApplication
public class TitlesApplication {

    /** The Python module titles.py, as Java sees it. */
    @PythonModule("titles")
    public interface Titles {
        Mono<String> title(String url); // async def title(url: str) -> str
    }

    @Bean(destroyMethod = "close")
    PythonRuntime pythonRuntime() {
        return PythonRuntime.create(); // the venv the plugin made, with src/main/python on the path
    }

    @Bean
    Titles titles(PythonRuntime python) {
        return python.bind(Titles.class);
    }

    @Bean
    RouterFunction<ServerResponse> routes(Titles titles) {
        return RouterFunctions.route()
                .GET("/title", request -> ServerResponse.ok().contentType(MediaType.TEXT_PLAIN)
                        .body(titles.title(request.queryParam("url").orElseThrow()), String.class))
                .GET("/", request -> ServerResponse.ok().contentType(MediaType.TEXT_HTML)
                        .bodyValue("<html><head><title>Hello from titles</title></head></html>"))
                .build();
    }

    public static void main(String[] args) {
        SpringApplication.run(TitlesApplication.class, args);
    }
}
// endregion application
