"""Python halves of the two hand-built contenders the suite compares the library with.

Jep by hand: each call is ``asyncio.run(coroutine)`` on a Java pool thread (:func:`run_to_completion`).

The polling design: a Java driver owns the coroutine and calls :func:`step` (``coroutine.send(None)``)
again each time it yields; blocking work runs in a thread pool and the awaitable yields while
``not future.done()`` (:class:`PolledCall`), so a waiting coroutine is re-sent over and over.
"""
import asyncio
import importlib
import time
from concurrent.futures import Future, ThreadPoolExecutor

_functions = {}
_blocking_pool = None
_release = Future()
_started = [0]


def resolve(target):
    """The function named ``"module:function"``."""
    function = _functions.get(target)
    if function is None:
        module, name = target.split(":")
        function = _functions[target] = getattr(importlib.import_module(module), name)
    return function


def run_to_completion(target, *args):
    """Jep by hand: a fresh event loop per call, run until the coroutine finishes."""
    return asyncio.run(resolve(target)(*args))


def to_thread_sleep(x, seconds):
    """Jep by hand, blocking work: ``asyncio.to_thread`` inside the call's own loop."""
    async def call():
        await asyncio.to_thread(time.sleep, seconds)
        return x
    return call()


async def suspended_polling_flag():
    """Jep by hand, W5: one coroutine per thread, waiting (sleeping) until :func:`release` is called."""
    _started[0] += 1
    while not _release.done():
        await asyncio.sleep(0.2)
    return 0


# ---- the polling design ----

def set_blocking_pool(workers):
    """The thread pool :class:`PolledCall` submits to."""
    global _blocking_pool
    _blocking_pool = ThreadPoolExecutor(max_workers=workers)


class PolledCall:
    """Runs ``fn(*args)`` in the pool; awaiting it yields to the driver until the future is done."""

    def __init__(self, future):
        self.future = future

    def __await__(self):
        while not self.future.done():
            yield
        return self.future.result()


def execute_polled(fn, *args):
    return PolledCall(_blocking_pool.submit(fn, *args))


async def polled_sleep(x, seconds):
    """Polling design, blocking work: ``time.sleep`` in the pool, polled for."""
    await execute_polled(time.sleep, seconds)
    return x


async def suspended_polled():
    """Polling design, W5: waits on a future that :func:`release` completes."""
    _started[0] += 1
    await PolledCall(_release)
    return 0


def started_count():
    return _started[0]


def release():
    """Ends every coroutine waiting in :func:`suspended_polled` or :func:`suspended_polling_flag`."""
    if not _release.done():
        _release.set_result(None)


def start(target, *args):
    """Polling design: the coroutine object, not yet started."""
    return resolve(target)(*args)


def step(coroutine):
    """Polling design: one ``send(None)``; ``[result]`` when the coroutine finished, else ``None``."""
    try:
        coroutine.send(None)
    except StopIteration as stop:
        return [stop.value]
    return None


def next_item(generator):
    """Polling design, streams: ``[item]`` from an async generator driven by ``send(None)``, or
    ``None`` once it is exhausted. (The benchmark's generator never suspends, so one call is one item.)"""
    awaitable = generator.__anext__()
    while True:
        try:
            awaitable.send(None)
        except StopIteration as stop:
            return [stop.value]
        except StopAsyncIteration:
            return None


def collect(target, *args):
    """Jep by hand, streams: the whole async generator gathered into a list under ``asyncio.run``."""
    async def gather():
        return [item async for item in resolve(target)(*args)]
    return asyncio.run(gather())
