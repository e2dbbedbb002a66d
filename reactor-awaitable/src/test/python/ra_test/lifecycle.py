"""Coroutines whose lifecycle (cancellation, cleanup, timers) the Java tests observe.

Events are recorded in EVENTS under a key the test chooses, and read back with events().
"""

import asyncio
import collections
import threading
import time

EVENTS = collections.defaultdict(list)
_lock = threading.Lock()


def record(key, event):
    with _lock:
        EVENTS[key].append(event)


def clear(*keys):
    with _lock:
        for key in keys:
            EVENTS.pop(key, None)


def events(key):
    with _lock:
        return list(EVENTS[key])


async def wait_forever(key):
    record(key, "started")
    try:
        await asyncio.sleep(3600)
        record(key, "woke")
    except asyncio.CancelledError:
        record(key, "cancelled")
        await asyncio.sleep(0.01)   # cleanup may await
        record(key, "cleaned")
        raise
    finally:
        record(key, "finally")


async def sleep_and_return(seconds, value):
    await asyncio.sleep(seconds)
    return value


async def sleep_hours(hours):
    start = asyncio.get_running_loop().time()
    await asyncio.sleep(hours * 3600)
    return asyncio.get_running_loop().time() - start


async def sleep_many(count, seconds):
    await asyncio.gather(*(asyncio.sleep(seconds) for _ in range(count)))
    return count


def process_cpu_seconds():
    return time.process_time()


async def cancel_self():
    asyncio.current_task().cancel()
    await asyncio.sleep(1)


async def backoff_schedule(attempts, first_delay):
    """The delays an exponential backoff waited, measured on the loop clock."""
    loop = asyncio.get_running_loop()
    waited = []
    delay = first_delay
    for _ in range(attempts):
        start = loop.time()
        await asyncio.sleep(delay)
        waited.append(round(loop.time() - start, 6))
        delay *= 2
    return waited


async def stubborn(key):
    """Swallows every cancellation: only the runtime's close() grace period ends it."""
    record(key, "started")
    try:
        while True:
            try:
                await asyncio.sleep(3600)
            except asyncio.CancelledError:
                record(key, "ignored cancel")
    finally:
        record(key, "finally")


_background = set()


async def start_background(key):
    """Starts a task of its own (asyncio.create_task, not awaited) and returns at once: close() must
    cancel it and let its cleanup run, as asyncio.run does at its end."""
    async def background():
        record(key, "started")
        try:
            await asyncio.sleep(3600)
        finally:
            await asyncio.sleep(0.01)  # cleanup may await
            record(key, "finally")
    task = asyncio.get_running_loop().create_task(background())
    _background.add(task)
    task.add_done_callback(_background.discard)
    await asyncio.sleep(0)
    return "started"
