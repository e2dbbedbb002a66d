"""Coroutines that count how many of them run at once, for the maxWorkers tests."""

import asyncio
import contextvars

from reactor_awaitable import reactor_context

from .lifecycle import clear, record

_state = {"running": 0, "peak": 0, "started": 0}


def reset():
    _state.update(running=0, peak=0, started=0)
    clear("fail_fast", "item_timeout", "map_cancel")


def stats():
    return dict(_state)


async def tracked(x):
    _state["running"] += 1
    _state["started"] += 1
    _state["peak"] = max(_state["peak"], _state["running"])
    try:
        await asyncio.sleep(0.002 + (x % 5) * 0.001)
        return x
    finally:
        _state["running"] -= 1


async def fail_on(x, bad=(7,)):
    try:
        await asyncio.sleep(0.001 * (x % 4))
        if x in bad:
            raise ValueError(f"input {x} is bad")
        return x
    except asyncio.CancelledError:
        record("fail_fast", x)
        raise


async def fail_on_several(x):
    return await fail_on(x, bad=(3, 11, 17))


async def slow_on(x):
    try:
        await asyncio.sleep(10 if x == 4 else 0.001)
        return x
    except asyncio.CancelledError:
        record("item_timeout", x)
        raise


async def sleep_zero(x):
    await asyncio.sleep(0)
    return x


async def fail_fast_probe(x):
    """Inputs below 7 finish at once, 7 fails after 20 ms, later ones would take 10 s (so they are in flight)."""
    try:
        if x < 7:
            return x
        await asyncio.sleep(0.02 if x == 7 else 10)
        raise ValueError(f"input {x} is bad")
    except asyncio.CancelledError:
        record("fail_fast", x)
        raise


def unconvertible_on_five(x):
    """A plain function: input 5's result cannot cross to Java."""
    return object() if x == 5 else x


def double(x):
    return x * 2


async def numbers_from(x):
    yield x


async def parked(x):
    """Waits ten seconds; records its cancellation under "map_cancel"."""
    try:
        _state["running"] += 1
        await asyncio.sleep(10)
        return x
    except asyncio.CancelledError:
        record("map_cancel", x)
        raise
    finally:
        _state["running"] -= 1


async def slow_first(x):
    """Input 0 takes 300 ms, the others finish at once."""
    await asyncio.sleep(0.3 if x == 0 else 0)
    return x


_seen = contextvars.ContextVar("seen", default=None)


async def context_probe(x):
    """The subscriber's tenant, and whether this input started with a context no other input wrote to."""
    fresh = _seen.get() is None
    _seen.set(x)
    await asyncio.sleep(0)
    return f"{reactor_context().get('tenant', 'missing')}:{fresh and _seen.get() == x}"
