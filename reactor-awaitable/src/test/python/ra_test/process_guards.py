"""What Python code must not do in a JVM (ProcessGuardsTest)."""

import asyncio
import concurrent.futures
import faulthandler
import multiprocessing
import os


async def fork():
    os.fork()


async def enable_faulthandler():
    faulthandler.enable()


async def start_method():
    return multiprocessing.get_start_method()


def square(x):
    """Run in a child process of a ProcessPoolExecutor."""
    return x * x


async def process_pool(values):
    """Jobs in a ProcessPoolExecutor from a coroutine; the pool's shutdown (which waits for its
    processes) runs off the loop thread."""
    loop = asyncio.get_running_loop()
    pool = concurrent.futures.ProcessPoolExecutor(max_workers=2)
    try:
        return list(await asyncio.gather(*(loop.run_in_executor(pool, square, v) for v in values)))
    finally:
        await asyncio.to_thread(pool.shutdown)


async def busy_then_done(seconds):
    """One step that holds the loop thread ``seconds`` and ends: the slow-step report must name it."""
    import time
    time.sleep(seconds)
    return "done"


async def set_recursion_limit(limit):
    import sys
    sys.setrecursionlimit(limit)
    return sys.getrecursionlimit()


async def countdown(count):
    for i in range(count, 0, -1):
        await asyncio.sleep(0)
        yield i


def _depth(n):
    return 0 if n == 0 else 1 + _depth(n - 1)


async def recurse(depth):
    return _depth(depth)
