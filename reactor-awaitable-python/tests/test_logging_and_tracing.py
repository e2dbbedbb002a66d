"""The Python halves of the logging bridge and of trace continuation, against stand-ins for the Java
objects (the real ones are tested from Java: PythonLoggingTest, TracingTest)."""

import contextvars
import logging

from opentelemetry import trace

from reactor_awaitable import _tracing
from reactor_awaitable._logging import JavaLogHandler


class Bridge:
    def __init__(self):
        self.records = []

    def log(self, name, level, message, error, context):
        self.records.append((name, level, message, error, context))


def test_a_record_reaches_the_bridge_with_its_logger_level_message_and_exception():
    bridge = Bridge()
    logger = logging.getLogger("shop.prices")
    logger.addHandler(JavaLogHandler(bridge))
    logger.propagate = False
    try:
        logger.warning("no price for %s", "apple")
        try:
            raise ValueError("bad price")
        except ValueError:
            logger.exception("failed")
    finally:
        logger.handlers.clear()
        logger.propagate = True
    (name, level, message, error, context), failed = bridge.records
    assert (name, level, message, error, context) == ("shop.prices", logging.WARNING, "no price for apple", None, None)
    assert failed[2] == "failed"
    assert failed[3][0] == "builtins.ValueError" and failed[3][1] == "bad price"


class View:
    """A Java ContextView's getOrDefault, as Jep shows it to Python."""

    def __init__(self, **entries):
        self.entries = entries

    def getOrDefault(self, key, default):
        return self.entries.get(key, default)


def test_a_traceparent_becomes_the_current_span_context_of_that_context_only():
    def inside():
        _tracing.continue_trace(View(traceparent="00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
        return trace.get_current_span().get_span_context()

    span_context = contextvars.copy_context().run(inside)
    assert format(span_context.trace_id, "032x") == "4bf92f3577b34da6a3ce929d0e0e4736"
    assert format(span_context.span_id, "016x") == "00f067aa0ba902b7"
    assert span_context.is_remote and span_context.trace_flags.sampled
    assert not trace.get_current_span().get_span_context().is_valid  # the caller's context is untouched


def test_a_trace_state_goes_through_the_propagator_and_no_traceparent_changes_nothing():
    def inside(view):
        _tracing.continue_trace(view)
        return trace.get_current_span().get_span_context()

    with_state = contextvars.copy_context().run(inside, View(
        traceparent="00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", tracestate="vendor=a1"))
    assert with_state.trace_state.get("vendor") == "a1"
    assert not contextvars.copy_context().run(inside, View()).is_valid
