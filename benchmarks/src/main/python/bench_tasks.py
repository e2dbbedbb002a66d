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
