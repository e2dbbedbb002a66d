"""W3's coroutines for the library: they use its Python API, so only its contender imports them.

The imports are at module level, as in the polling contender's coroutines: an import statement in
the coroutine costs a lookup and, for a name from a package, a call into importlib on every call.
"""
import asyncio
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


async def blocking_fan_out_floor(n, in_flight, seconds):
    """W3's floor in the library's own process: the same ``n`` coroutines as asyncio tasks on the
    library's loop and blocking workers, ``in_flight`` at once, all started by this one call from
    Java; each task's done callback starts the next. No Java and none of the library's per-call work
    (commands, call bookkeeping, outcomes, Reactor) per job: what is left is asyncio's and the
    threads'."""
    if n == 0:
        return 0
    loop = asyncio.get_running_loop()
    finished = loop.create_future()
    started = ended = 0

    def start():
        nonlocal started
        loop.create_task(blocking_sleep(started, seconds)).add_done_callback(on_done)
        started += 1

    def on_done(task):
        nonlocal ended
        ended += 1
        try:
            task.result()
        except BaseException as error:  # noqa: BLE001 - this call fails with the first one
            if not finished.done():
                finished.set_exception(error)
            return
        if finished.done():
            return  # a job failed, or this call was cancelled: start no more
        if started < n:
            start()
        elif ended == n:
            finished.set_result(n)

    for _ in range(min(n, in_flight)):
        start()
    return await finished
