"""What Flink's async function (``PythonAsyncFunction``) runs for a record when it takes many outputs
or asks a Python predicate about retries, and what Flink SQL's table function
(``PythonAsyncTableFunction``) runs for a row: one call of the library's, wrapping the user's target."""

import inspect

from ._targets import call_target, resolve

__all__ = ["RetryRequested", "call", "outputs", "open_subtask", "close_subtask"]

_subtask_states = {}  # the key of a subtask's function -> what its open target returned


class RetryRequested(Exception):
    """Raised for a record whose outcome the retry predicate answered yes for; the Java side's
    ``PythonAsyncFunction.RETRY_REQUESTED`` predicate tells Flink's retry strategy to retry it."""


RetryRequested.__module__ = "reactor_awaitable"


async def call(target, many_outputs, retry_predicate, record, subtask=None):
    """``target(record)``, or ``target(record, state)`` with the state of the ``subtask`` key: its
    outputs as a list when ``many_outputs`` (an async generator's items; a list or tuple result each
    element; ``None`` none; another value itself), else its result. ``retry_predicate`` (a
    ``"module:function"`` or None) is called with ``(result, None)`` or ``(None, exception)``; a true
    answer raises :class:`RetryRequested` (chained to the exception)."""
    args = (record,) if subtask is None else (record, _subtask_states[subtask])
    try:
        result = call_target(resolve(target), target, args)
        if many_outputs:
            result = await _all_outputs(result)
        elif inspect.isawaitable(result):
            result = await result
    except Exception as error:
        if retry_predicate is not None and await _ask(retry_predicate, None, error):
            raise RetryRequested(f"{retry_predicate} asked to retry after {type(error).__name__}: {error}") from error
        raise
    if retry_predicate is not None and await _ask(retry_predicate, result, None):
        raise RetryRequested(f"{retry_predicate} asked to retry after the result {result!r}")
    return result


async def outputs(target, *args):
    """``target(*args)``'s outputs as a list, by the many-outputs rule of :func:`call`: an async
    generator's items, a list or tuple result's elements, none for ``None``, else the result itself."""
    return await _all_outputs(call_target(resolve(target), target, args))


async def _all_outputs(result):
    if hasattr(result, "__aiter__"):
        return [item async for item in result]
    if inspect.isawaitable(result):
        result = await result
    if result is None:
        return []
    if isinstance(result, (list, tuple)):
        return list(result)
    return [result]


async def _ask(predicate, result, error):
    return bool(await _call(predicate, result, error))


async def _call(target, *args):
    """``target(*args)``, awaited when it gives an awaitable (a function or a coroutine function)."""
    result = call_target(resolve(target), target, args)
    if inspect.isawaitable(result):
        result = await result
    return result


async def open_subtask(key, open_target, context):
    """Call ``open_target(context)`` (a function or coroutine function) once for a subtask and keep
    what it returns as the subtask's state, handed to each of its calls."""
    _subtask_states[key] = await _call(open_target, context)


async def close_subtask(key, close_target):
    """Forget the subtask's state, after ``close_target(state)`` when there is one."""
    state = _subtask_states.pop(key, None)
    if close_target is not None:
        await _call(close_target, state)
