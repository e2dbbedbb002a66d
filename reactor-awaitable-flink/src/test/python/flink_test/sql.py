"""Coroutines the Flink SQL tests call as asynchronous scalar functions."""

import asyncio

from flink_test.enrich import _Counted, _lock, _state


async def describe(payload, n):
    """A row of the payload in capitals, its length and ``n`` doubled, after a millisecond."""
    with _Counted():
        await asyncio.sleep(0.001)
        return {"upper": payload.upper(), "length": len(payload), "doubled": n * 2}


async def words(payload):
    """The payload's words, an ``ARRAY<STRING>``; none for an empty payload (SQL NULL)."""
    return payload.split() or None


async def slow(n):
    """Sleeps ten seconds; a cancellation is recorded under ``n``."""
    with _Counted():
        try:
            await asyncio.sleep(10)
            return n
        except asyncio.CancelledError:
            with _lock:
                _state["cancelled"].append(n)
            raise


async def not_a_number(payload):
    """A string where the function declares ``BIGINT``."""
    return f"not a number: {payload}"



async def words_at(payload):
    """A row per word of the payload with its place (an async generator); none for an empty payload."""
    for position, word in enumerate(payload.split()):
        await asyncio.sleep(0)
        yield {"word": word, "place": position}


async def fail_on(payload):
    """Rows for most payloads; a ``ValueError`` for ``"bad"``."""
    if payload == "bad":
        raise ValueError("bad payload")
    return [{"word": payload, "place": 0}]
