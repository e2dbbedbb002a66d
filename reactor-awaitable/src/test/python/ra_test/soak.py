"""The soak's coroutines: every kind of call, some failing on purpose, each counting its start and its
finally, and a watch on what the loop's exception handler receives."""

import asyncio
import collections
import gc
import sys
import time

from reactor_awaitable import execute_async

started = collections.Counter()
finished = collections.Counter()
loop_reports = []


def _fault(mode):
    if mode == "raise":
        raise ValueError("a failure on purpose")
    if mode == "exit":
        sys.exit(3)
    if mode == "interrupt":
        raise KeyboardInterrupt


async def work(kind, i, mode):
    """One call; ``mode``: ok, raise, exit, interrupt, or slow (cancelled or timed out by Java)."""
    started[kind] += 1
    try:
        await asyncio.sleep(0.05 if mode == "slow" else 0)
        _fault(mode)
        return i
    finally:
        finished[kind] += 1


async def items(i, mode):
    """A short stream of three items."""
    started["flux"] += 1
    try:
        for k in range(3):
            await asyncio.sleep(0.05 if mode == "slow" else 0)
            yield i + k
        _fault(mode)
    finally:
        finished["flux"] += 1


def _blocking(i, mode):
    _fault(mode)
    return i


async def blocking(i, mode):
    started["blocking"] += 1
    try:
        if mode == "slow":
            await asyncio.sleep(0.05)
        return await execute_async(_blocking, i, mode)
    finally:
        finished["blocking"] += 1


async def mapped(value):
    """A map item: ``value`` is ``[i, mode]``."""
    i, mode = value
    return await work("map", i, mode)


def watch():
    """Record what the loop's exception handler receives ("Task was destroyed but it is pending",
    "exception was never retrieved", ...)."""
    loop = asyncio.get_running_loop()
    loop.set_exception_handler(lambda _, context: loop_reports.append(context.get("message")))
    return True


def reset():
    started.clear()
    finished.clear()
    loop_reports.clear()


def report():
    """[started by kind, finished by kind, the loop's reports, live Python objects after a collection]."""
    gc.collect()
    return [dict(started), dict(finished), list(loop_reports), len(gc.get_objects())]


_sessions = None


def _session_holder():
    global _sessions
    if _sessions is None:
        import aiohttp
        from reactor_awaitable import per_loop
        _sessions = per_loop(aiohttp.ClientSession, close=lambda session: session.close())
    return _sessions


async def fetch(url):
    """A GET through this loop's session, against a server that the soak SIGKILLs now and then."""
    import aiohttp
    started["http"] += 1
    try:
        session = await _session_holder().get()
        async with session.get(url, timeout=aiohttp.ClientTimeout(total=10)) as response:
            response.raise_for_status()
            return await response.text()
    finally:
        finished["http"] += 1
