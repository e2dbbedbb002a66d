"""Async generators, Python stages and Java publishers, for the Java streams tests."""

import asyncio

from reactor_awaitable import JavaException, reactor_context

from .lifecycle import record

PRODUCED = {}


async def counting(n, key=None):
    """Yields 0..n-1 (forever when n < 0), counting how far it ran under ``key``."""
    i = 0
    try:
        while n < 0 or i < n:
            if key is not None:
                PRODUCED[key] = i + 1
            yield i
            i += 1
    finally:
        if key is not None:
            record(key, "closed")


def produced(key):
    return PRODUCED.get(key, 0)


async def ticking(n, interval):
    for i in range(n):
        await asyncio.sleep(interval)
        yield i


async def failing_after(n):
    for i in range(n):
        yield i
    raise ValueError(f"failed after {n}")


async def bad_item():
    yield 1
    yield object()


async def yields_none():
    yield None


async def bad_item_among_its_kind(kind):
    """Items of one class, then one that cannot cross: each must still be checked."""
    if kind == "dicts":
        yield {"a": 1}
        yield {"b": 2}
        yield {"c": object()}
    else:
        yield 1
        yield 2
        yield None


async def not_a_generator():
    return 1


async def stage_double(items):
    async for item in items:
        yield item * 2


async def stage_expand_and_filter(items):
    """Drops odd items and yields each even item twice."""
    async for item in items:
        if item % 2 == 0:
            yield item
            yield item


async def stage_sum(items):
    total = 0
    async for item in items:
        await asyncio.sleep(0)
        total += item
    yield total


async def stage_catch_upstream_error(items):
    try:
        async for item in items:
            yield item
    except JavaException as err:
        yield f"caught {err.java_class}: {err.java_message}"


async def stage_recording(items, key):
    try:
        async for item in items:
            record(key, f"got {item}")
            yield item
    finally:
        record(key, "closed")


async def stage_consume_slowly(items, key, consume):
    """Consumes ``consume`` items one by one, recording each, then waits forever."""
    seen = 0
    async for item in items:
        seen += 1
        record(key, item)
        if seen >= consume:
            await asyncio.sleep(3600)
    yield seen


async def await_value(mono):
    return await mono


async def await_error(mono):
    try:
        await mono
    except JavaException as err:
        return [err.java_class, err.java_message]
    return "no error"


async def await_forever(mono, key):
    record(key, "awaiting")
    try:
        return await mono
    except asyncio.CancelledError:
        record(key, "cancelled")
        raise


async def collect(flux):
    return [item async for item in flux]


async def collect_first(flux, n):
    items = []
    async for item in flux:
        items.append(item)
        if len(items) == n:
            break
    return items


async def sum_twice(mono):
    """Each await is a new subscription."""
    return (await mono) + (await mono)


async def context_value(key):
    await asyncio.sleep(0)
    return reactor_context().get(key, "missing")


async def context_in_child_task(key):
    async def child():
        return reactor_context().get(key)
    return await asyncio.create_task(child())


async def context_as_dict():
    return dict(reactor_context())


async def context_items(key):
    yield reactor_context().get(key, "missing")


def broken_stream(*_):
    """Fails when called, before any generator exists: a stream in an error state."""
    raise RuntimeError("cannot start the stream")


async def typed_items(kind):
    """Batches that cross packed (ints, floats, strs) and ones that cannot (big ints, bools, mixed)."""
    values = {
        "ints": [0, -1, 2 ** 63 - 1, -(2 ** 63), 42],
        "floats": [0.5, -1.25, 1e300, float("inf")],
        "strs": ["", "plain", "Grüße", "日本語", "emoji \U0001F600"],
        "big_ints": [1, 2 ** 64, 3],
        "bools": [True, False],
        "mixed": [1, "two", 3.0],
    }[kind]
    for value in values:
        yield value


async def echo_all(items):
    """An operator stage that yields each upstream item as it arrived in Python."""
    async for item in items:
        yield item
