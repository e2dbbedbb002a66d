"""The caller's trace, continued in Python: the Java side traces each call (a span under the
subscriber's) and puts the W3C ``traceparent`` / ``tracestate`` of that span in the call's Reactor
``Context``; here it becomes the coroutine's current OpenTelemetry context, so Python instrumentation
(the aiohttp and httpx clients', or the code's own spans) continues the same trace.

Nothing happens unless a runtime traces its calls (the OpenTelemetry API on the Java class path) and
``opentelemetry-api`` is installed in the venv.
"""

__all__ = ["enable", "continue_trace"]

enabled = False  # a runtime traces its calls: read the trace from the calls' contexts
_propagation = None  # (opentelemetry.propagate.extract, opentelemetry.context.attach), or False without the API


def enable() -> None:
    global enabled
    enabled = True


def continue_trace(view) -> None:
    """Make the trace in the Java ``ContextView`` the current OpenTelemetry context (in the call's own
    ``contextvars`` context, so it ends with the call)."""
    global _propagation
    traceparent = view.getOrDefault("traceparent", None)
    if traceparent is None:
        return
    if _propagation is None:
        try:
            from opentelemetry import context, propagate
            _propagation = (propagate.extract, context.attach)
        except ImportError:
            _propagation = False
    if not _propagation:
        return
    extract, attach = _propagation
    carrier = {"traceparent": str(traceparent)}
    tracestate = view.getOrDefault("tracestate", None)
    if tracestate is not None:
        carrier["tracestate"] = str(tracestate)
    attach(extract(carrier))
