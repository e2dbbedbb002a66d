"""Python side of reactor-awaitable.

Coroutines run by the Java library execute inside a real asyncio event loop
(``DrivenLoop``) whose steps are driven by a Java loop thread, so the whole of
asyncio works unchanged. What user code imports from here:

- :func:`execute_async`: await a blocking function run on a blocking worker.
- :class:`UnconvertibleResultError`: raised when a result cannot cross to Java.
"""

from ._blocking import execute_async, BlockingQueueFullError
from ._convert import UnconvertibleResultError

__all__ = ["execute_async", "BlockingQueueFullError", "UnconvertibleResultError"]
