"""Objects that belong to one event loop: a client, a pool, a session per loop, made on first use.

asyncio's clients (an aiohttp ``ClientSession``, an asyncpg pool, a redis client) bind themselves to
the loop they were made on; used from another loop they fail ("attached to a different loop",
"another operation is in progress"), and after that loop closed, "Event loop is closed". A runtime
has a loop per loop thread and a new loop after each close, so a module-level client breaks. A
:class:`per_loop` holds one instance per loop instead.
"""

import asyncio
import inspect
import weakref
from typing import Any, Awaitable, Callable, Generic, Optional, TypeVar, Union

__all__ = ["per_loop"]

T = TypeVar("T")

_holders = weakref.WeakSet()  # every per_loop, for close_all at a loop's close


class per_loop(Generic[T]):  # noqa: N801 - used like a function, as functools.partial is
    """One instance of what ``factory`` makes for each event loop, made on the loop's first
    :meth:`get` and closed with ``close`` when a runtime's loop closes (or by :meth:`aclose`).

    ``factory()`` may return the instance or an awaitable of it (``asyncpg.create_pool(...)``); it runs
    on the loop, so a client that looks up the running loop finds the right one. Tasks that ask while
    it is being made wait for the same instance; if making it fails, they all get the error and the
    next :meth:`get` tries again. ``close(instance)`` may return an awaitable; it runs on the loop
    while the loop still serves I/O, after the tasks cancelled by the close have finished their cleanup.

    ::

        sessions = per_loop(aiohttp.ClientSession, close=lambda session: session.close())

        async def fetch(url):
            session = await sessions.get()
            async with session.get(url) as response:
                return await response.text()
    """

    def __init__(self, factory: Callable[[], Union[T, Awaitable[T]]], *,
                 close: Optional[Callable[[T], Any]] = None):
        if not callable(factory):
            raise TypeError(f"per_loop(factory): factory must be callable, got {factory!r}")
        if close is not None and not callable(close):
            raise TypeError(f"per_loop(close=...): close must be callable, got {close!r}")
        self._factory = factory
        self._close = close
        self._instances = weakref.WeakKeyDictionary()  # loop -> future of the instance
        _holders.add(self)

    async def get(self) -> T:
        """The running loop's instance, made now if it has none."""
        loop = asyncio.get_running_loop()
        while True:
            made = self._instances.get(loop)
            if made is None:
                return await self._make(loop)
            try:
                return await asyncio.shield(made)  # a waiter's cancellation must not cancel the making
            except asyncio.CancelledError:
                if made.cancelled() and not asyncio.current_task().cancelling():
                    continue  # the task making it was cancelled, not this one: make it here
                raise

    async def _make(self, loop) -> T:
        made = loop.create_future()
        self._instances[loop] = made
        try:
            instance = self._factory()
            if inspect.isawaitable(instance):
                instance = await instance
        except asyncio.CancelledError:
            del self._instances[loop]
            made.cancel()
            raise
        except BaseException as err:
            del self._instances[loop]
            made.set_exception(err)
            made.exception()  # retrieved: the waiters re-raise it; nobody else must log it
            raise
        made.set_result(instance)
        return instance

    async def aclose(self) -> None:
        """Close the running loop's instance, if it has one; the next :meth:`get` makes a new one."""
        await self._close_on(asyncio.get_running_loop())

    async def _close_on(self, loop) -> None:
        made = self._instances.pop(loop, None)
        if made is None or not made.done() or made.cancelled() or made.exception() is not None:
            return
        if self._close is not None:
            closing = self._close(made.result())
            if inspect.isawaitable(closing):
                await closing

    def __repr__(self):
        return f"per_loop({self._factory!r}, {len(self._instances)} loop(s))"


async def close_all(loop) -> None:
    """Close every per_loop instance of ``loop`` (a runtime's loop at its close); a close that fails
    is reported to the loop's exception handler and the others still run."""
    for holder in list(_holders):
        try:
            await holder._close_on(loop)
        except Exception as err:  # noqa: BLE001 - one client's close must not skip the others
            loop.call_exception_handler({"message": f"closing {holder!r} failed at the loop's close",
                                         "exception": err})


def holds_any(loop) -> bool:
    """Whether some per_loop has an instance (or is making one) for ``loop``."""
    return any(loop in holder._instances for holder in list(_holders))
