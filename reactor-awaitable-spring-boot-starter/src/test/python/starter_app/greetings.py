"""The starter test application's Python module."""

import asyncio
import sys


async def greet(name):
    return f"hello {name}"


async def slow_greet(name, seconds):
    await asyncio.sleep(seconds)
    return f"hello {name}, slowly"


async def is_imported(module):
    return module in sys.modules


_instrumented = False


async def fetch_traceparent(url):
    """GET ``url`` with aiohttp, instrumented by OpenTelemetry as an application would do it once."""
    global _instrumented
    import aiohttp
    if not _instrumented:
        from opentelemetry import trace
        from opentelemetry.instrumentation.aiohttp_client import AioHttpClientInstrumentor
        from opentelemetry.sdk.trace import TracerProvider
        trace.set_tracer_provider(TracerProvider())
        AioHttpClientInstrumentor().instrument()
        _instrumented = True
    async with aiohttp.ClientSession() as session:
        async with session.get(url) as response:
            return await response.text()
