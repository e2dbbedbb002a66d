package dev.awaitable.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

/**
 * One trace across Java and Python, with the real OpenTelemetry SDKs on both sides and in-memory
 * exporters: the caller's span, the call's span ({@code python <target>}) under it, the span Python's
 * aiohttp instrumentation makes under that, and the {@code traceparent} a real HTTP server process
 * received from the coroutine, all of one trace id.
 */
class TracingTest {

    private static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
    private static final OpenTelemetrySdk SDK = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(SPANS)).build())
            .build();
    private static TestHttpServer server;
    private static PythonRuntime runtime;

    @BeforeAll
    static void start() throws Exception {
        server = TestHttpServer.start();
        runtime = TestRuntimes.builder().openTelemetry(SDK).build();
    }

    @AfterAll
    static void stop() throws Exception {
        AwaitableFlux.mono(runtime, "ra_test.tracing:stop").block();
        runtime.close();
        server.close();
    }

    @BeforeEach
    void clear() {
        SPANS.reset();
    }

    private static SpanData finished(String name) {
        return SPANS.getFinishedSpanItems().stream().filter(span -> span.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not among " + SPANS.getFinishedSpanItems()));
    }

    @Test
    void theCallersTraceContinuesThroughTheCoroutineToItsOutboundRequest() {
        Span request = SDK.getTracer("test").spanBuilder("GET /titles").startSpan();
        Map<?, ?> result;
        try (Scope current = request.makeCurrent()) {
            result = (Map<?, ?>) AwaitableFlux.mono(runtime, "ra_test.tracing:fetch_traceparent",
                    server.baseUrl() + "/traceparent").block(Duration.ofSeconds(30));
        } finally {
            request.end();
        }
        String traceId = request.getSpanContext().getTraceId();
        SpanData call = finished("python ra_test.tracing:fetch_traceparent");
        assertThat(call.getTraceId()).isEqualTo(traceId);
        assertThat(call.getParentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
        assertThat(call.getStatus().getStatusCode()).isEqualTo(StatusCode.OK);
        assertThat(call.getAttributes().get(AttributeKey.stringKey("code.function"))).isEqualTo("fetch_traceparent");
        assertThat(result.get("current")).as("the coroutine's current span: the call's")
                .isEqualTo(List.of(traceId, call.getSpanId()));

        String[] seen = ((String) result.get("seen")).split("-");
        assertThat(seen[1]).as("trace id in the traceparent the server received").isEqualTo(traceId);
        List<?> pythonSpans = (List<?>) AwaitableFlux.mono(runtime, "ra_test.tracing:client_spans").block();
        assertThat(pythonSpans).anySatisfy(span -> {
            List<?> client = (List<?>) span;
            assertThat(client.get(1)).isEqualTo(traceId);
            assertThat(client.get(2)).as("the client span is the one the server saw").isEqualTo(seen[2]);
            assertThat(client.get(3)).as("under the call's span").isEqualTo(call.getSpanId());
        });
    }

    @Test
    void aFailedCallsSpanHasErrorStatusAndThePythonException() {
        assertThatThrownBy(() -> AwaitableFlux.mono(runtime, "ra_test.tracing:fail").block())
                .isInstanceOf(PythonException.class);
        SpanData call = finished("python ra_test.tracing:fail");
        assertThat(call.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(call.getEvents()).anySatisfy(event -> {
            assertThat(event.getName()).isEqualTo("exception");
            assertThat(event.getAttributes().get(AttributeKey.stringKey("exception.message")))
                    .isEqualTo("builtins.ValueError: a traced failure");
        });
    }

    @Test
    void aCancelledCallsSpanEndsMarkedCancelled() {
        AwaitableFlux.mono(runtime, "ra_test.tracing:wait_forever").timeout(Duration.ofMillis(100))
                .onErrorResume(e -> reactor.core.publisher.Mono.empty()).block();
        SpanData call = finished("python ra_test.tracing:wait_forever");
        assertThat(call.getAttributes().get(AttributeKey.booleanKey("reactor.awaitable.cancelled"))).isTrue();
    }

    @Test
    void withNoOpenTelemetryGivenAndNoGlobalOneCallsAreNotTracedAndTheGlobalIsLeftUnset() {
        try (PythonRuntime plain = TestRuntimes.create()) {
            assertThat(AwaitableFlux.mono(plain, "ra_test.basics:add", 1, 2).block()).isEqualTo(3L);
        }
        assertThat(GlobalOpenTelemetry.isSet()).as("the application can still set it").isFalse();
        assertThat(SPANS.getFinishedSpanItems()).isEmpty();
    }

    @Test
    void theGlobalOpenTelemetryOnceSetTracesTheCallsOfRuntimesBuiltAfter() {
        GlobalOpenTelemetry.set(SDK);
        try (PythonRuntime traced = TestRuntimes.create()) {
            AwaitableFlux.mono(traced, "ra_test.basics:add", 1, 2).block();
        } finally {
            GlobalOpenTelemetry.resetForTest();
        }
        assertThat(finished("python ra_test.basics:add").getStatus().getStatusCode()).isEqualTo(StatusCode.OK);
    }

    @Test
    void aParentInTheReactorContextUnderOpenTelemetrysKeyIsUsed() {
        Span parent = SDK.getTracer("test").spanBuilder("from the Reactor Context").startSpan();
        AwaitableFlux.mono(runtime, "ra_test.tracing:client_spans")
                .contextWrite(reactor.util.context.Context.of("otel-trace-context", Context.root().with(parent)))
                .block();
        parent.end();
        assertThat(finished("python ra_test.tracing:client_spans").getParentSpanId())
                .isEqualTo(parent.getSpanContext().getSpanId());
    }
}
