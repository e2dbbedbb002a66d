"""The Python side of the WebFlux example service: a quote from a blocking pricing library, a
stream of price ticks, an availability check that awaits a Java WebClient call, and a stock check
that calls the inventory service over HTTP itself, with aiohttp."""

import asyncio
import hashlib
import time

import aiohttp

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


# region stock
async def stock(sku: str, inventory_url: str) -> dict:
    """GET /stock/{sku}: the coroutine calls the inventory service itself, with aiohttp, on the
    loop thread; the socket is served by the loop's selector, so nothing blocks."""
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{inventory_url}/inventory/{sku}") as response:
            response.raise_for_status()
            units = int(await response.text())
    return {"sku": sku, "units": units, "source": "aiohttp"}
# endregion stock


async def fetch_json(url: str):
    """Any JSON over HTTP, with aiohttp (the tests call this service's own endpoints with it)."""
    async with aiohttp.ClientSession() as session:
        async with session.get(url) as response:
            response.raise_for_status()
            return await response.json()


def stream_endings() -> list:
    """How each ticks() stream ended, oldest first (for the tests)."""
    return list(finished_streams)
