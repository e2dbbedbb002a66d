"""Java publishers inside coroutines: ``await mono`` and ``async for item in flux``.

A Java ``org.reactivestreams.Publisher`` passed to a coroutine arrives as a
:class:`JavaPublisher`. Subscribing happens on the loop thread through the
loop's Java ``PublisherBridge``; the Java subscriber posts every signal to the
loop thread's inbox, and the next drain hands it to the waiting receiver here.
Requests for more items leave with the drain's outcomes instead of by a call
into Java, which would give up the GIL in mid-drain (Jep releases it around
every call into Java) and queue for it again.
No Python object crosses threads: subscriptions are known by an integer key.
"""

import asyncio
import collections
from typing import Any, AsyncIterator, Generator

from ._convert import from_java

__all__ = ["JavaException", "JavaPublisher", "PublisherBridge"]

# Signal kinds (Java: dev.awaitable.reactor.loop.PublisherBridge).
SIGNAL_NEXT = 0
SIGNAL_COMPLETE = 1
SIGNAL_ERROR = 2

DEFAULT_BATCH = 32


class JavaException(Exception):
    """A Java publisher failed; ``java_class`` and ``java_message`` say how.

    ``java_exception`` is the Java ``Throwable`` itself (a Jep wrapper).
    """

    def __init__(self, java_class, java_message, java_exception=None):
        super().__init__(f"{java_class}: {java_message}" if java_message else java_class)
        self.java_class = java_class
        self.java_message = java_message
        self.java_exception = java_exception


JavaException.__module__ = "reactor_awaitable"


class _Completed(Exception):
    pass


class _FirstValue:
    """Receives the 0..1 item of an awaited publisher."""

    __slots__ = ("future",)
    converts_items = False

    def __init__(self, future):
        self.future = future

    def on_signal(self, kind, value):
        if self.future.done():
            return
        if kind == SIGNAL_NEXT:
            self.future.set_result(value)
        elif kind == SIGNAL_COMPLETE:
            self.future.set_result(None)
        else:
            self.future.set_exception(value)


class _Items:
    """Receives the items of an iterated publisher, up to what was requested."""

    __slots__ = ("_loop", "items", "_waiter", "terminated", "error")
    converts_items = False

    def __init__(self, loop):
        self._loop = loop
        self.items = collections.deque()
        self._waiter = None
        self.terminated = False
        self.error = None

    def on_signal(self, kind, value):
        if kind == SIGNAL_NEXT:
            self.items.append(value)
        else:
            self.terminated = True
            if kind == SIGNAL_ERROR:
                self.error = value
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    async def arrival(self):
        """Wait until an item is buffered in ``items``; once the publisher has ended and none is
        left, raise its error, or ``_Completed``."""
        while not self.items:
            if self.terminated:
                if self.error is not None:
                    raise self.error
                raise _Completed
            self._waiter = self._loop.create_future()
            await self._waiter


class PublisherBridge:
    """The Python half of one loop's Java ``PublisherBridge``. Loop thread only.

    :param request: ``(key, n)``: has Java request ``n`` more items of subscription ``key`` once the
        current drain has returned
    """

    def __init__(self, java_bridge, request):
        self._subscribe = java_bridge.subscribe
        self._request = request
        self._cancel = java_bridge.cancel
        self._receivers = {}
        self._next_key = 0

    def subscribe(self, publisher, receiver, first_only, initial_request):
        self._next_key += 1
        key = self._next_key
        self._receivers[key] = receiver
        self._subscribe(publisher, key, initial_request, first_only)
        return key

    def request(self, key, n):
        self._request(key, n)

    def cancel(self, key):
        if self._receivers.pop(key, None) is not None:
            self._cancel(key)

    def on_java_signal(self, key, kind, java_value):
        """A signal as it came from Java: an item is converted here, unless its receiver converts
        items itself (``converts_items``); one that cannot be converted (a cyclic or too deeply
        nested item) ends the subscription with an error instead of reaching the loop."""
        if kind == SIGNAL_NEXT:
            receiver = self._receivers.get(key)
            if receiver is None:
                return  # cancelled meanwhile
            if receiver.converts_items:
                receiver.on_signal(kind, java_value)
                return
        try:
            value = from_java(java_value)
        except Exception as exc:  # noqa: BLE001
            if key in self._receivers:
                self._cancel(key)  # the Java subscription ends here: no more items after the error
            kind, value = SIGNAL_ERROR, ("builtins." + type(exc).__name__,
                                         f"an item of the Java publisher cannot be converted to a Python value: {exc}",
                                         None)
        else:
            if kind == SIGNAL_NEXT:
                receiver.on_signal(kind, value)  # the receiver found above: one lookup per item
                return
        self.on_signal(key, kind, value)

    def on_signal(self, key, kind, value):
        receiver = self._receivers.get(key)
        if receiver is None:
            return  # cancelled meanwhile
        if kind != SIGNAL_NEXT:
            del self._receivers[key]
            if kind == SIGNAL_ERROR:
                java_class, java_message, throwable = value
                value = JavaException(java_class, java_message, throwable)
        receiver.on_signal(kind, value)


def _bridge():
    loop = asyncio.get_running_loop()
    bridge = getattr(loop, "publisher_bridge", None)
    if bridge is None:
        raise RuntimeError("Java publishers can be awaited only in coroutines run by reactor-awaitable")
    return loop, bridge


class JavaPublisher:
    """A Java ``Publisher`` handed to Python.

    ``await publisher`` subscribes and returns its first item (``None`` when it
    completes empty), cancelling the rest, as ``Mono.from`` does; use it for a
    ``Mono``. ``async for item in publisher`` streams every item, requesting
    ``batch`` at first and topping up as items are consumed, so a slow
    consumer slows the Java side down. Each ``await`` or ``async for`` is a new
    subscription. Cancelling the awaiting task cancels the Java subscription;
    a Java error is raised as :class:`JavaException`.
    """

    __slots__ = ("publisher", "batch")

    def __init__(self, publisher: Any, batch: int = DEFAULT_BATCH):
        self.publisher = publisher
        self.batch = max(1, int(batch))

    def __await__(self) -> Generator[Any, None, Any]:
        return self._first().__await__()

    async def _first(self):
        loop, bridge = _bridge()
        receiver = _FirstValue(loop.create_future())
        key = bridge.subscribe(self.publisher, receiver, True, 1)
        try:
            return await receiver.future
        finally:
            if receiver.future.cancelled():
                bridge.cancel(key)

    def __aiter__(self) -> AsyncIterator[Any]:
        return self._iterate()

    async def _iterate(self):
        loop, bridge = _bridge()
        receiver = _Items(loop)
        key = bridge.subscribe(self.publisher, receiver, False, self.batch)
        refill = max(1, self.batch // 2)
        consumed = 0
        items = receiver.items
        try:
            while True:
                if not items:  # most items were requested ahead and are here already: no wait to create
                    try:
                        await receiver.arrival()
                    except _Completed:
                        return
                item = items.popleft()
                consumed += 1
                if consumed >= refill:
                    bridge.request(key, consumed)
                    consumed = 0
                yield item
        finally:
            if not receiver.terminated:
                bridge.cancel(key)

    def __repr__(self):
        return f"JavaPublisher({self.publisher!r})"
