package dev.awaitable.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

import dev.awaitable.reactor.PythonRuntime;
import dev.awaitable.spring.boot.app.StarterTestApplication;
import dev.awaitable.spring.boot.app.StarterTestApplication.Greetings;

/**
 * The starter in a real application over real HTTP: the runtime built from application.properties,
 * a {@code @PythonModule} interface injected and serving a route, {@code python} in
 * {@code /actuator/health}, the runtime's meters in {@code /actuator/metrics}. Only what Spring Boot 3.5
 * and 4.0 share is used here, as these tests run on both.
 */
@SpringBootTest(classes = StarterTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StarterTest {

    @Autowired
    PythonRuntime runtime;
    @Autowired
    Greetings greetings;
    @Value("${local.server.port}")
    int port;

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theRuntimeIsBuiltFromTheProperties() {
        assertThat(runtime.loopThreads()).isEqualTo(2);
        assertThat(runtime.eventLoop()).isEqualTo(dev.awaitable.reactor.EventLoopKind.UVLOOP);
        assertThat(greetings.isImported("starter_app.preloaded_marker").block()).as("preloaded").isTrue();
    }

    @Test
    void anAnnotatedInterfaceIsABeanServingARoute() throws Exception {
        HttpResponse<String> response = get("/greet/ana");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("hello ana");
    }

    @Test
    void healthShowsThePythonRuntime() throws Exception {
        HttpResponse<String> response = get("/actuator/health");
        assertThat(response.statusCode()).isEqualTo(200);
        String python = objectAt(response.body().replace(" ", ""), "\"python\":{");
        assertThat(python).contains("\"status\":\"UP\"").contains("\"loopThreads\":2")
                .contains("\"python\":\"" + runtime.pythonVersion() + "\"");
    }

    /** The JSON object that follows {@code start} in {@code json} (the lines order keys differently). */
    private static String objectAt(String json, String start) {
        int from = json.indexOf(start);
        assertThat(from).as("%s in %s", start, json).isNotNegative();
        int depth = 0;
        for (int i = from + start.length() - 1; i < json.length(); i++) {
            depth += json.charAt(i) == '{' ? 1 : json.charAt(i) == '}' ? -1 : 0;
            if (depth == 0) {
                return json.substring(from, i + 1);
            }
        }
        throw new AssertionError("unbalanced JSON: " + json);
    }

    @Test
    void theRuntimesMetersAreInBootsRegistry() throws Exception {
        assertThat(get("/greet/bo").statusCode()).isEqualTo(200);
        HttpResponse<String> metric = get("/actuator/metrics/reactor.awaitable.calls");
        assertThat(metric.statusCode()).isEqualTo(200);
        assertThat(metric.body()).contains("\"name\":\"reactor.awaitable.calls\"");
    }
}
