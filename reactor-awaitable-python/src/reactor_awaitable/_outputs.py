"""Every output of one call, as a list: what Flink's async function emits per record when it takes
many outputs (``PythonAsyncFunction.withManyOutputs``), called as a target of its own."""

import inspect

from ._targets import call_target, resolve

__all__ = ["all_outputs"]


async def all_outputs(target, *args):
    """The outputs of ``target(*args)``: an async generator's items, or the result of a coroutine (or
    plain function) taken as outputs: ``None`` none, a list or tuple each element, anything else
    itself alone."""
    result = call_target(resolve(target), target, args)
    if hasattr(result, "__aiter__"):
        return [item async for item in result]
    if inspect.isawaitable(result):
        result = await result
    if result is None:
        return []
    if isinstance(result, (list, tuple)):
        return list(result)
    return [result]
