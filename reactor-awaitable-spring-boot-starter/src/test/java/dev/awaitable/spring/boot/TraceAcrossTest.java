package dev.awaitable.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import dev.awaitable.spring.boot.app.StarterTestApplication;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * One trace from a WebFlux request through the coroutine its handler runs to the coroutine's own
 * aiohttp request: Spring Boot's OpenTelemetry (Micrometer Tracing's bridge) continues the incoming
 * {@code traceparent}, the starter hands the application's OpenTelemetry to the runtime, the call's
 * span sits under the server span, and the traceparent the outbound request carries has the same
 * trace id.
 */
@AutoConfigureObservability(metrics = false) // a @SpringBootTest turns tracing off unless asked
@SpringBootTest(classes = {StarterTestApplication.class, TraceAcrossTest.Exporter.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "management.tracing.sampling.probability=1.0")
class TraceAcrossTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    @TestConfiguration(proxyBeanMethods = false)
    static class Exporter {
        @Bean
        InMemorySpanExporter spans() {
            return InMemorySpanExporter.create();
        }
    }

    @Value("${local.server.port}")
    int port;
    @Autowired
    InMemorySpanExporter spans;

    @Test
    void theRequestsTraceIdReachesTheCoroutinesOutboundRequest() throws Exception {
        String echo = "http://127.0.0.1:" + port + "/traceparent";
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/traced?url="
                        + URLEncoder.encode(echo, StandardCharsets.UTF_8)))
                .header("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01").timeout(Duration.ofSeconds(30)).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);

        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        SpanData call = null;
        while (call == null && System.nanoTime() < deadline) { // spans are exported in batches
            call = spans.getFinishedSpanItems().stream()
                    .filter(span -> span.getName().equals("python starter_app.greetings:fetch_traceparent"))
                    .findFirst().orElse(null);
            Thread.sleep(100);
        }
        assertThat(call).as("the call's span, among %s", spans.getFinishedSpanItems()).isNotNull();
        assertThat(call.getTraceId()).as("the call's span, among %s", spans.getFinishedSpanItems()).isEqualTo(TRACE_ID);
        assertThat(response.body()).as("the traceparent the coroutine's aiohttp request carried")
                .startsWith("00-" + TRACE_ID + "-");
        SpanData parent = call;
        assertThat(spans.getFinishedSpanItems()).as("the server span of /traced is the call's parent")
                .anySatisfy(span -> assertThat(span.getSpanId()).isEqualTo(parent.getParentSpanId()));
    }
}
