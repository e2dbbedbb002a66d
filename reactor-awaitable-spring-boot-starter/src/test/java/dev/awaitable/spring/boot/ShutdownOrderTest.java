package dev.awaitable.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.awaitable.reactor.PythonRuntime;
import dev.awaitable.spring.boot.app.StarterTestApplication;

/**
 * Closing the application while a request's coroutine runs: with graceful shutdown the web server
 * drains the request (its coroutine finishes and the client gets its answer) before the runtime is
 * closed.
 */
class ShutdownOrderTest {

    @Test
    void theWebServerDrainsItsRequestsBeforeTheRuntimeCloses() throws Exception {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(StarterTestApplication.class)
                .properties("server.port=0").run();
        PythonRuntime runtime = context.getBean(PythonRuntime.class);
        String port = context.getEnvironment().getProperty("local.server.port");
        HttpRequest slow = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/slow/cy?seconds=1.5"))
                .timeout(Duration.ofSeconds(30)).build();
        CompletableFuture<HttpResponse<String>> response = HttpClient.newHttpClient()
                .sendAsync(slow, HttpResponse.BodyHandlers.ofString());
        while (runtime.callsInFlight() == 0) {
            Thread.sleep(10); // the request's coroutine is running
        }
        context.close();
        HttpResponse<String> answered = response.get(30, TimeUnit.SECONDS);
        assertThat(answered.statusCode()).isEqualTo(200);
        assertThat(answered.body()).isEqualTo("hello cy, slowly");
        assertThat(runtime.isClosed()).isTrue();
    }
}
