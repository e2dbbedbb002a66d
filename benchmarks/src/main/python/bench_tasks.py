"""Trivial coroutines for measuring the library's own overhead."""


async def increment(x):
    return x + 1


async def numbers(n):
    """A trivial async generator."""
    for i in range(n):
        yield i


async def python_async_for(n):
    """Seconds a plain Python ``async for`` takes over ``numbers(n)``, on the same loop."""
    import time
    start = time.perf_counter()
    async for _ in numbers(n):
        pass
    return time.perf_counter() - start


async def sleep_zero(x):
    import asyncio
    await asyncio.sleep(0)
    return x


def python_memory():
    """[allocated blocks, bytes traced by the allocator] of this interpreter."""
    import sys
    return [sys.getallocatedblocks(), 0]


async def java_cpu(x, nanos):
    """A coroutine whose step spends ``nanos`` of CPU in Java (GIL released)."""
    from dev.awaitable.benchmarks import JavaWork
    import asyncio
    JavaWork.spin(nanos)
    await asyncio.sleep(0)
    return x


async def python_cpu(x, loops):
    """A coroutine whose step spends CPU in Python (GIL held)."""
    import asyncio
    total = 0
    for i in range(loops):
        total += i * i
    await asyncio.sleep(0)
    return x


async def blocking_sleep(x, seconds):
    """A coroutine that waits on a blocking call run off the loop."""
    import time
    from reactor_awaitable import execute_async
    await execute_async(time.sleep, seconds)
    return x


async def stepping_with_locks(steps):
    """Coroutine-heavy work that also uses calls the blocking guard wraps (a free lock, a set event)."""
    import asyncio
    import threading
    lock = threading.Lock()
    event = threading.Event()
    event.set()
    for _ in range(steps):
        with lock:
            pass
        event.wait()
        await asyncio.sleep(0)
    return steps


async def stepping(steps):
    """Coroutine-heavy work with no call the guard wraps."""
    import asyncio
    for _ in range(steps):
        await asyncio.sleep(0)
    return steps
