"""W3's coroutines for the library: they use its Python API, so only its contender imports them.

The imports are at module level, as in the polling contender's coroutines: an import statement in
the coroutine costs a lookup and, for a name from a package, a call into importlib on every call.
"""
import time

from reactor_awaitable import Executor, execute_async


async def blocking_sleep(x, seconds):
    """A coroutine that waits on a blocking call run off the loop."""
    await execute_async(time.sleep, seconds)
    return x


async def blocking_fan_out(items, in_flight, seconds):
    """W3's jobs with the bound kept in Python: an Executor runs ``in_flight`` blocking sleeps at once,
    starting the next as one finishes, in the same drain (no round trip to Java per job)."""
    async with Executor(max_workers=in_flight) as executor:
        async for x in executor.map(lambda x: blocking_sleep(x, seconds), items):
            yield x
