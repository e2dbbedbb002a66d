"""What the embedded interpreter sees of its Python installation, and wake-ups from Python's own threads."""

import asyncio
import importlib.metadata
import sys
import threading


def interpreter_facts():
    """``sys`` as the embedded interpreter has it, and where a package installed in the venv comes from."""
    import typing_extensions
    return {
        "executable": sys.executable,
        "prefix": sys.prefix,
        "exec_prefix": sys.exec_prefix,
        "path": list(sys.path),
        "typing_extensions_file": typing_extensions.__file__,
        "typing_extensions_version": importlib.metadata.version("typing_extensions"),
    }


async def wake_from_python_threads(count):
    """``count`` short-lived threads started by Python, one after another, each waking the loop once
    with ``call_soon_threadsafe`` (as a database driver's own thread does)."""
    loop = asyncio.get_running_loop()
    for i in range(count):
        woken = loop.create_future()
        threading.Thread(target=loop.call_soon_threadsafe, args=(woken.set_result, i)).start()
        assert await asyncio.wait_for(woken, 10) == i
    return count


def python_state():
    """[live Python objects after a full collection, sys.path]: what a closed runtime must not leave behind."""
    import gc
    gc.collect()
    return [len(gc.get_objects()), list(sys.path)]


async def package_version():
    import reactor_awaitable
    return reactor_awaitable.__version__


def is_imported(module):
    import sys
    return module in sys.modules
