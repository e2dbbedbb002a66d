"""Coroutines, generators, blocking functions and callbacks that raise what is not an ``Exception``."""

import asyncio
import sys

from reactor_awaitable import execute_async


async def exits(code):
    await asyncio.sleep(0)
    sys.exit(code)


async def interrupted():
    await asyncio.sleep(0)
    raise KeyboardInterrupt("from a coroutine")


async def exits_at_once(code):
    sys.exit(code)


async def yields_then_exits(count):
    for i in range(count):
        yield i
    raise SystemExit(4)


def _blocking_exit():
    sys.exit(5)


async def blocking_function_exits():
    await execute_async(_blocking_exit)


async def callback_interrupts():
    """A plain callback (no task of its own) raises KeyboardInterrupt; this coroutine goes on."""
    loop = asyncio.get_running_loop()
    seen = []
    previous = loop.get_exception_handler()
    loop.set_exception_handler(lambda _, context: seen.append(type(context.get("exception")).__name__))
    try:
        def interrupt():
            raise KeyboardInterrupt("from a callback")
        loop.call_soon(interrupt)
        await asyncio.sleep(0.01)
    finally:
        loop.set_exception_handler(previous)
    return seen


async def sleeps_and_returns(seconds, value):
    await asyncio.sleep(seconds)
    return value


async def break_this_loop():
    """Breaks the loop driver this coroutine runs on, as a bug in the library would: its next drain
    fails inside the driver, and the Java loop thread stops."""
    from reactor_awaitable import _driver
    loop = asyncio.get_running_loop()
    driver = next(d for d in _driver._drivers if d.loop is loop)
    driver._pumps = None
    return "broken"


async def raises_generator_exit():
    await asyncio.sleep(0)
    raise GeneratorExit("misused in a coroutine")
