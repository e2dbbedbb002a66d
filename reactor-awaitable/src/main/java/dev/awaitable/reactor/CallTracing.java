package dev.awaitable.reactor;

import java.util.HashMap;
import java.util.Map;

import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import reactor.util.context.ContextView;

import dev.awaitable.reactor.loop.CallListener;

/**
 * One span per Python call ({@code python <target>}), a child of the subscriber's current span, its
 * status from the call's outcome (the Python exception recorded), and the trace handed to Python in the
 * call's Reactor {@code Context} as W3C {@code traceparent} / {@code tracestate}, where
 * {@code reactor_awaitable._tracing} makes it the coroutine's current OpenTelemetry context, so Python
 * instrumentation (aiohttp, httpx clients) continues the same trace.
 *
 * <p>The subscriber's span is, in this order: an OpenTelemetry {@code Context} in its Reactor Context
 * under {@value #REACTOR_CONTEXT_KEY} (OpenTelemetry's Reactor instrumentation puts it there), the
 * current context once the Reactor Context's thread-local values are restored (Micrometer's context
 * propagation: a Spring Boot application's Observation, hence its server span), or
 * {@code Context.current()}. Only loaded when the OpenTelemetry API is on the class path (its static
 * fields are OpenTelemetry types): {@link PythonRuntime} checks that first.
 */
final class CallTracing {

    /** Where OpenTelemetry's own Reactor instrumentation keeps the context. */
    static final String REACTOR_CONTEXT_KEY = "otel-trace-context";
    private static final AttributeKey<String> CODE_NAMESPACE = AttributeKey.stringKey("code.namespace");
    private static final AttributeKey<String> CODE_FUNCTION = AttributeKey.stringKey("code.function");
    private static final AttributeKey<Boolean> CANCELLED = AttributeKey.booleanKey("reactor.awaitable.cancelled");
    private static final boolean CONTEXT_PROPAGATION = PythonRuntime.presentClass("io.micrometer.context.ContextSnapshotFactory");

    private final Tracer tracer;
    private final ContextSnapshotFactory snapshots = CONTEXT_PROPAGATION ? ContextSnapshotFactory.builder().build() : null;

    private CallTracing(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("dev.awaitable.reactor-awaitable");
    }

    /**
     * @param openTelemetry an {@code OpenTelemetry} the application gave, or null for the global one
     * @return null when none was given and the global one is not set: the calls are not traced
     */
    static CallTracing create(Object openTelemetry) {
        if (openTelemetry != null) {
            return new CallTracing((OpenTelemetry) openTelemetry);
        }
        return globalIsSet() ? new CallTracing(io.opentelemetry.api.GlobalOpenTelemetry.get()) : null;
    }

    /**
     * Whether something (the Java agent, the application) set the global OpenTelemetry. Asked without
     * {@code get()}, which would set a no-op one for good when none is set, and the application's own
     * {@code set} would fail later. {@code isSet()} exists from OpenTelemetry 1.5x on; with an older
     * API the global is not used (give it with {@code openTelemetry(...)}).
     */
    private static boolean globalIsSet() {
        try {
            return (boolean) io.opentelemetry.api.GlobalOpenTelemetry.class.getMethod("isSet").invoke(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    /**
     * A traced call: the context Python gets, the listener that ends the span with the outcome, and
     * what ends it when the subscriber cancels (no outcome follows then).
     */
    record Traced(ContextView context, CallListener listener, Runnable whenCancelled) {
    }

    Traced start(String target, ContextView subscriber, CallListener listener) {
        Context parent = parentOf(subscriber);
        int colon = target.indexOf(':');
        Span span = tracer.spanBuilder("python " + target).setParent(parent).setSpanKind(SpanKind.INTERNAL)
                .setAttribute(CODE_NAMESPACE, target.substring(0, colon))
                .setAttribute(CODE_FUNCTION, target.substring(colon + 1))
                .startSpan();
        Map<String, String> carrier = new HashMap<>(4);
        W3CTraceContextPropagator.getInstance().inject(parent.with(span), carrier, Map::put);
        reactor.util.context.Context withTrace = reactor.util.context.Context.of(subscriber);
        for (Map.Entry<String, String> entry : carrier.entrySet()) {
            withTrace = withTrace.put(entry.getKey(), entry.getValue());
        }
        return new Traced(withTrace, new SpanEnding(listener, span), () -> {
            span.setAttribute(CANCELLED, true);
            span.end();
        });
    }

    private Context parentOf(ContextView subscriber) {
        Object given = subscriber.getOrDefault(REACTOR_CONTEXT_KEY, null);
        if (given instanceof Context context) {
            return context;
        }
        if (snapshots != null && !subscriber.isEmpty()) {
            try (ContextSnapshot.Scope restored = snapshots.setThreadLocalsFrom(subscriber)) {
                return Context.current();
            }
        }
        return Context.current();
    }

    /** Hands the outcome on, then ends the span with its status. */
    private record SpanEnding(CallListener listener, Span span) implements CallListener {

        @Override
        public void onItems(java.util.List<?> items) {
            listener.onItems(items);
        }

        @Override
        public void onItemFailure(Object input, Throwable error) {
            listener.onItemFailure(input, error);
        }

        @Override
        public void onValue(Object value) {
            span.setStatus(StatusCode.OK);
            span.end();
            listener.onValue(value);
        }

        @Override
        public void onError(Throwable error) {
            span.recordException(error);
            span.setStatus(StatusCode.ERROR, String.valueOf(error.getMessage()));
            span.end();
            listener.onError(error);
        }
    }
}
