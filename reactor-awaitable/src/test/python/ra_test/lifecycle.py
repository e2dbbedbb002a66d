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


async def occupy_workers(count, seconds):
    """Keep ``count`` blocking workers busy for ``seconds`` at once: the pool starts that many."""
    from reactor_awaitable import execute_async
    await asyncio.gather(*(execute_async(time.sleep, seconds) for _ in range(count)))
    return count


_OWN_EXECUTORS = {}


async def use_own_default_executor(key, seconds):
    """Set a ThreadPoolExecutor as the loop's default executor and leave a job running on it."""
    import concurrent.futures

    def job():
        time.sleep(seconds)
        record(key, "job done")

    loop = asyncio.get_running_loop()
    executor = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix=key)
    _OWN_EXECUTORS[key] = executor
    loop.set_default_executor(executor)
    loop.run_in_executor(None, job)
    record(key, "submitted")
    return "submitted"


def executor_shut_down(key):
    return _OWN_EXECUTORS[key]._shutdown


def register_exit_marker(path):
    """An atexit handler that appends a line to ``path``, and a background task whose finally does."""
    import atexit

    def at_exit():
        with open(path, "a") as out:
            out.write("atexit\n")

    atexit.register(at_exit)

    async def background():
        try:
            await asyncio.sleep(3600)
        finally:
            with open(path, "a") as out:
                out.write("background finally\n")

    asyncio.get_running_loop().create_task(background())
    return "registered"
