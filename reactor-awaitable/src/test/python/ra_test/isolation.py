"""Coroutines that show which interpreter runs them, for the isolated-loop tests."""

import asyncio
import importlib
import sys
import threading
import time

from reactor_awaitable import execute_async

_calls = 0  # module-level state: one copy per interpreter


async def count_call():
    """``[calls made in this interpreter so far, id(sys.modules)]``."""
    global _calls
    _calls += 1
    await asyncio.sleep(0)
    return [_calls, id(sys.modules)]


async def blocking_work():
    """Names of the threads that ran a blocking job through ``execute_async`` and ``asyncio.to_thread``."""
    via_execute = await execute_async(lambda: (time.sleep(0.05), threading.current_thread().name)[1])
    via_to_thread = await asyncio.to_thread(lambda: threading.current_thread().name)
    return [via_execute, via_to_thread]


async def block_for(seconds):
    """A blocking job that outlives the runtime's shutdown grace when ``seconds`` is longer."""
    await execute_async(time.sleep, seconds)
    return seconds


async def echo(value):
    """Returns its argument: a Java value's round trip through this loop's interpreter."""
    return value


async def datetime_implementation():
    """``"C"`` when this interpreter's ``datetime`` runs on the ``_datetime`` C module, else ``"Python"``."""
    import datetime  # noqa: F401  (loaded, so the answer is about this interpreter's datetime)
    return "C" if "_datetime" in sys.modules else "Python"


async def import_module(name):
    """Imports ``name`` in this loop's interpreter; its ``__name__``."""
    return importlib.import_module(name).__name__
