"""Python side of reactor-awaitable.

Coroutines run by the Java library execute inside a real asyncio event loop
(``DrivenLoop``) whose steps are driven by a Java loop thread, so the whole of
asyncio works unchanged. What user code imports from here:

- :func:`execute_async`: await a blocking function run on a blocking worker.
- :class:`JavaPublisher`: what a Java ``Mono``/``Flux`` argument arrives as;
  ``await`` it or ``async for`` over it. :class:`JavaException` is raised when
  it fails.
- :func:`reactor_context`: the subscriber's Reactor ``Context``, read-only.
- :class:`Executor` (also named :class:`CoroutineExecutor`, a drop-in for
  ``coroexecutor``'s): run many coroutines with at most ``max_workers`` in flight.
- :func:`register_conversion`: how instances of a type of yours cross to Java.
- :class:`per_loop`: a client, pool or session per event loop, made on first use and closed with
  the runtime's loop.
- :class:`UnconvertibleResultError`: raised when a result cannot cross to Java.
"""

from ._blocking import execute_async, BlockingQueueFullError
from ._version import __version__
from ._context import ReactorContext, reactor_context
from ._to_java import UnconvertibleResultError, register_conversion
from ._executor import CoroutineExecutor, DEFAULT_MAX_WORKERS, Executor
from ._publishers import JavaException, JavaPublisher
from ._per_loop import per_loop

__all__ = ["__version__", "execute_async", "Executor", "CoroutineExecutor", "DEFAULT_MAX_WORKERS", "BlockingQueueFullError", "JavaException", "JavaPublisher", "ReactorContext",
           "reactor_context", "register_conversion", "UnconvertibleResultError", "per_loop"]
