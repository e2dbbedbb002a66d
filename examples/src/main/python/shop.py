"""The Python side of the WebFlux example service: a quote from a blocking pricing library, a
stream of price ticks, and an availability check that awaits a Java WebClient call."""

import asyncio
import hashlib
import time

from reactor_awaitable import execute_async

_CATALOGUE = {"apple": 120, "pear": 95, "plum": 60}

# What the tests look at: every ticks() stream that ended, and how it ended.
finished_streams = []


def legacy_price(sku: str) -> int:
    """A blocking library call (a pricing engine, a model): it must not run on the loop."""
    time.sleep(0.005)
    base = _CATALOGUE[sku]  # KeyError for an unknown sku: the handler turns it into a 404
    return base + int(hashlib.sha256(sku.encode()).hexdigest()[:2], 16) % 10


async def quote(sku: str) -> dict:
    """GET /quote/{sku}: asyncio and a blocking call off the loop, one JSON object."""
    await asyncio.sleep(0.01)  # e.g. an async cache lookup
    price = await execute_async(legacy_price, sku)
    return {"sku": sku, "price": price, "currency": "EUR"}


async def ticks(sku: str, count: int, interval_ms: int):
    """GET /ticks/{sku}: a price tick every ``interval_ms``, as NDJSON. A client that disconnects
    cancels the subscription; ``CancelledError`` reaches the ``await`` and ``finally`` runs."""
    sent = 0
    how = "completed"
    try:
        for i in range(count):
            await asyncio.sleep(interval_ms / 1000)
            yield {"sku": sku, "seq": i, "price": _CATALOGUE[sku] + i % 5}
            sent += 1
    except (asyncio.CancelledError, GeneratorExit):
        how = "cancelled"
        raise
    finally:
        finished_streams.append({"sku": sku, "sent": sent, "how": how})


async def availability(sku: str, stock):
    """GET /availability/{sku}: ``stock`` is the Java ``Mono<Integer>`` of a WebClient call to the
    inventory service; awaiting it subscribes, and the coroutine resumes with its value."""
    units = await stock
    return {"sku": sku, "units": units, "available": units > 0}


def stream_endings() -> list:
    """How each ticks() stream ended, oldest first (for the tests)."""
    return list(finished_streams)
