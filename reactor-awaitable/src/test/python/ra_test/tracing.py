"""Python's side of TracingTest: the OpenTelemetry SDK with an in-memory exporter and the aiohttp client
instrumentation, as an application would set them up."""

import asyncio

import aiohttp
from opentelemetry import trace
from opentelemetry.instrumentation.aiohttp_client import AioHttpClientInstrumentor
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

exporter = InMemorySpanExporter()
_provider = TracerProvider()
_provider.add_span_processor(SimpleSpanProcessor(exporter))
trace.set_tracer_provider(_provider)
AioHttpClientInstrumentor().instrument()


def _ids(span_context):
    return [format(span_context.trace_id, "032x"), format(span_context.span_id, "016x")]


async def fetch_traceparent(url):
    """GET ``url`` (which answers with the traceparent it received) through the instrumented client."""
    current = _ids(trace.get_current_span().get_span_context())
    async with aiohttp.ClientSession() as session:
        async with session.get(url) as response:
            seen = await response.text()
    return {"seen": seen, "current": current}


async def fail():
    await asyncio.sleep(0)
    raise ValueError("a traced failure")


async def wait_forever():
    await asyncio.sleep(3600)


def client_spans():
    """[name, trace id, span id, parent span id] of the spans Python exported."""
    return [[span.name, *_ids(span.context), format(span.parent.span_id, "016x") if span.parent else ""]
            for span in exporter.get_finished_spans()]


def stop():
    """Leave the JVM's Python as the other tests expect it: aiohttp not instrumented, no spans kept
    (the in-memory exporter would keep every later request's span)."""
    AioHttpClientInstrumentor().uninstrument()
    exporter.clear()
    return True
