"""Resolve ``"pkg.module:function"`` targets and call them, with errors that say what to fix."""

import asyncio
import importlib
import inspect
import types

__all__ = ["resolve", "call_target", "call_error", "single_value", "Plain"]

_ITERABLE_COROUTINE = inspect.CO_ITERABLE_COROUTINE  # a generator made awaitable by @types.coroutine

def resolve(target: str):
    """Return the callable named by ``target``. Each loop keeps what it resolved (so a runtime's
    targets go with it); this function itself keeps nothing.

    :raises ModuleNotFoundError: the module cannot be imported, with the
        target and the fix in the message.
    :raises AttributeError: the module has no such function.
    :raises TypeError: the attribute is not callable.
    """
    module_name, sep, attr_path = target.partition(":")
    if not sep or not module_name or not attr_path:
        raise ValueError(f"target {target!r} is not of the form 'pkg.module:function'")
    try:
        obj = importlib.import_module(module_name)
    except ModuleNotFoundError as err:
        raise ModuleNotFoundError(
            f"cannot import module '{module_name}' for target '{target}': {err}. "
            "Is its directory on sys.path? Add it with PythonRuntime.builder().addPythonPath(...) "
            "or install the package into the Python the runtime uses.",
            name=err.name) from err
    except ImportError as err:
        if "does not support loading in subinterpreters" not in str(err):
            raise
        raise ImportError(
            f"cannot import module '{module_name}' for target '{target}' on an isolated loop: {err}. It is (or "
            "imports) a C extension that cannot run in an interpreter of its own (no multi-phase "
            "initialisation). Run it on shared loops: PythonRuntime.builder().loopThreads(n) instead of "
            "isolatedLoops(n).", name=err.name) from err
    for part in attr_path.split("."):
        try:
            obj = getattr(obj, part)
        except AttributeError:
            raise AttributeError(
                f"module '{module_name}' has no attribute '{attr_path}' (target '{target}')") from None
    if not callable(obj):
        raise TypeError(f"target '{target}' is a {type(obj).__qualname__}, not a function")
    return obj



def call_target(fn, target: str, args):
    """``fn(*args)``; a ``TypeError`` raised by the call itself (wrong number or names of arguments),
    not inside ``fn``, is raised again with the target's name and the argument count."""
    try:
        return fn(*args)
    except TypeError as exc:
        raise call_error(exc, target, len(args)) from None


def call_error(exc: BaseException, target: str, arg_count: int) -> BaseException:
    """What to report for ``exc``, raised by a call of ``target`` in the frame that caught it: a
    ``TypeError`` of the call itself (its traceback has no deeper frame) reworded to name the target."""
    if exc.__class__ is TypeError and exc.__traceback__ is not None and exc.__traceback__.tb_next is None:
        return TypeError(f"calling '{target}' with {arg_count} argument(s) failed: {exc}")
    return exc


class Plain:
    """A plain function's return value, delivered without running a task."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value


def single_value(target: str, result):
    """What to run for what a one-value call of ``target`` returned: the awaitable itself, a
    :class:`Plain` value, or an exception to report (the result is closed if it is a generator)."""
    if result.__class__ is types.GeneratorType and not result.gi_code.co_flags & _ITERABLE_COROUTINE:
        # asyncio.iscoroutine() still says yes to a plain generator (the old generator-based
        # coroutines); as a task it would fail with "Task got bad yield".
        result.close()
        return TypeError(f"'{target}' returned a generator (a plain def with yield): AwaitableFlux.mono and "
                         "AwaitableFlux.map need a coroutine (async def) or a plain value; for many values "
                         "make it an async generator and use AwaitableFlux.flux")
    if asyncio.iscoroutine(result) or hasattr(result, "__await__"):
        return result
    if hasattr(result, "__aiter__"):
        return TypeError(f"'{target}' returned an async generator, which has many values; "
                         "use AwaitableFlux.flux for it, or return one value")
    return Plain(result)
