"""The caller's trace, continued in Python: the Java side traces each call (a span under the
subscriber's) and puts the W3C ``traceparent`` / ``tracestate`` of that span in the call's Reactor
``Context``; here it becomes the coroutine's current OpenTelemetry context, so Python instrumentation
(the aiohttp and httpx clients', or the code's own spans) continues the same trace.

Nothing happens unless a runtime traces its calls (the OpenTelemetry API on the Java class path) and
``opentelemetry-api`` is installed in the venv.
"""

__all__ = ["enable", "continue_trace"]

enabled = False  # a runtime traces its calls: read the trace from the calls' contexts
_continue = None  # makes a traceparent the current context; False without the OpenTelemetry API


def enable() -> None:
    global enabled
    enabled = True


def continue_trace(view) -> None:
    """Make the trace in the Java ``ContextView`` the current OpenTelemetry context (in the call's own
    ``contextvars`` context, so it ends with the call)."""
    global _continue
    traceparent = view.getOrDefault("traceparent", None)
    if traceparent is None:
        return
    if _continue is None:
        _continue = _continuation()
    if _continue:
        _continue(str(traceparent), view.getOrDefault("tracestate", None))


def _continuation():
    """The function that attaches a remote parent: built from the span context directly (the
    ``traceparent`` Java wrote is well formed: ``00-<trace id>-<span id>-<flags>``), which costs a
    fraction of the generic propagator's extract on the loop thread; False without the API."""
    try:
        from opentelemetry import context, trace
        from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator
    except ImportError:
        return False
    attach, set_span_in_context = context.attach, trace.set_span_in_context
    span_context, non_recording, flags_of = trace.SpanContext, trace.NonRecordingSpan, trace.TraceFlags
    propagator = TraceContextTextMapPropagator()

    def continue_from(traceparent, tracestate):
        if tracestate is not None:  # rare: let the propagator parse the trace state too
            attach(propagator.extract({"traceparent": traceparent, "tracestate": str(tracestate)}))
            return
        _, trace_id, span_id, flags = traceparent.split("-")
        parent = span_context(int(trace_id, 16), int(span_id, 16), is_remote=True, trace_flags=flags_of(int(flags, 16)))
        attach(set_span_in_context(non_recording(parent)))

    return continue_from
