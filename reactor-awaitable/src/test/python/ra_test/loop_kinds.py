"""What the loop kinds tests look at."""

import asyncio
import time


async def loop_classes():
    """The qualified names of the running loop's classes, its own first."""
    return [f"{cls.__module__}.{cls.__qualname__}" for cls in type(asyncio.get_running_loop()).__mro__]


async def sleep_and_measure(seconds):
    """Sleeps on the loop; returns the real seconds it took."""
    start = time.monotonic()
    await asyncio.sleep(seconds)
    return time.monotonic() - start
