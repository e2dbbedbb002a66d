"""The stream calls of one loop: async generators pumped as far as Java's demand allows, their items
collected into batches that leave with the drain, packed when they are all of one plain class."""

import array
import asyncio

from ._to_java import to_java
from ._errors import describe
from ._protocol import OUT_DOUBLES, OUT_ITEM_FAILURE, OUT_ITEMS, OUT_LONGS, OUT_STRINGS

_MAX_DEMAND = (1 << 63) - 1

# A generator that never awaits would otherwise run inside one task step for as
# long as demand lasts (forever, for request(Long.MAX_VALUE)), keeping the loop
# thread from cancels, other calls and emitting. The pump yields to the loop
# after this many items in a row.
_ITEMS_PER_STEP = 1024
# A drain ends once its streams have buffered this many items, so a fast generator with unbounded
# demand sends batches of about this size instead of one per step budget (256 x 1,024 items, whose
# first item waited for all the others and whose packed copies no longer fit a core's cache).
_ITEMS_PER_DRAIN = 16_384

# Item types that cross as they are, checked with one set lookup instead of a call.
_PLAIN_SCALARS = frozenset((int, str, float, bool, bytes))
_MIXED = object()  # the "kind" of a stream batch whose items are not all of one plain class


class ItemFailure:
    """Yielded by a stream to report that one of its inputs failed, not as an item: the pump hands
    it to Java as an ``OUT_ITEM_FAILURE`` outcome, after the items before it. Java gets ``input``
    back as it was and builds the error from ``error`` (an exception), or a
    ``java.util.concurrent.TimeoutException`` when ``error`` is a ``str`` (the item timed out)."""

    __slots__ = ("input", "error")

    def __init__(self, input, error):  # noqa: A002 - Java's name for it
        self.input = input
        self.error = error


def packed_items(items, kind):
    """``(kind, payload)`` for a batch of stream items (or a list result).

    Jep turns a Python list into a Java list one element at a time, at about a
    microsecond each; a batch whose items are all ``int`` (64-bit), all
    ``float`` or all ``str`` crosses instead as packed bytes (tens of
    nanoseconds an item), which Java unpacks. ``kind`` is the class every item
    of the batch has, or ``_MIXED``: the pump tracks it as items arrive, so the
    batch is not scanned again here.
    """
    try:
        if kind is int:
            return OUT_LONGS, array.array("q", items).tobytes()
        if kind is float:
            return OUT_DOUBLES, array.array("d", items).tobytes()
        if kind is str:
            encoded = [item.encode("utf-8", "surrogatepass") for item in items]
            lengths = array.array("i", map(len, encoded)).tobytes()
            return OUT_STRINGS, [lengths, b"".join(encoded)]
    except OverflowError:
        pass  # an int beyond 64 bits: send the list (it becomes a BigInteger)
    return OUT_ITEMS, items


class _Stream:
    """Demand bookkeeping of one stream call: the generator runs while
    ``produced < limit`` (``limit`` = requested + prefetch); items wait in
    ``buffer`` for the end of the drain, when they leave in one batch. ``kind``
    is the class of every item in ``buffer``, or ``_MIXED``."""

    __slots__ = ("requested", "produced", "prefetch", "limit", "buffer", "kind", "waiter")

    def __init__(self, prefetch):
        self.requested = 0
        self.produced = 0
        self.prefetch = prefetch
        self.limit = prefetch
        self.buffer = []
        self.kind = _MIXED
        self.waiter = None

    def add_demand(self, n):
        self.requested = min(_MAX_DEMAND, self.requested + n)
        self.limit = self.requested + self.prefetch
        waiter = self.waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)


class StreamPumps:
    """The stream calls of one loop, by call id.

    :param loop: the loop the pumps run on
    :param emit: ``emit(call_id, kind, payload)`` sends a batch of items with the drain's outcomes
    """

    def __init__(self, loop, emit):
        self._loop = loop
        self._emit = emit
        self.streams = {}
        self._flush = []    # call ids whose buffers have items in this drain
        self.buffered = 0   # items buffered in this drain, counted at the pumps' checkpoints
        # Called when a stream's buffer gets its first item, for a loop whose outcomes no drain's end
        # sends (the uvloop kind): it sends them soon instead.
        self.on_first_item = None

    def open(self, call_id, iterator, prefetch):
        """The pump coroutine of a new stream call over ``iterator``."""
        stream = _Stream(prefetch)
        self.streams[call_id] = stream
        return self._pump(call_id, iterator, stream)

    def add_demand(self, call_id, n):
        stream = self.streams.get(call_id)
        if stream is not None:
            stream.add_demand(n)

    def batch_is_full(self) -> bool:
        """Whether this drain's streams have buffered enough items for it to end."""
        return self.buffered >= _ITEMS_PER_DRAIN

    def has_items(self) -> bool:
        """Whether some stream has items buffered that :meth:`flush` would emit."""
        return bool(self._flush)

    def flush(self):
        """Emit the items buffered in this drain, one batch per stream."""
        self.buffered = 0
        if not self._flush:
            return
        streams = self.streams
        for call_id in self._flush:
            stream = streams.get(call_id)
            if stream is not None and stream.buffer:
                items = stream.buffer[:]
                stream.buffer.clear()  # emptied in place: the pump holds this list
                self._emit(call_id, *packed_items(items, stream.kind))
        self._flush.clear()  # cleared, not replaced: each pump holds this list too

    def ended(self, call_id):
        """The stream call ended: emit the items it buffered before its terminal signal."""
        stream = self.streams.pop(call_id, None)
        if stream is not None and stream.buffer:
            self._emit(call_id, *packed_items(stream.buffer, stream.kind))
            stream.buffer = []

    def _item_failed(self, call_id, stream, failure):
        """Emit what ``call_id`` buffered, then ``failure``: Java sees them in the order yielded."""
        if stream.buffer:
            self._emit(call_id, *packed_items(stream.buffer[:], stream.kind))
            stream.buffer.clear()  # emptied in place: the pump holds this list
        error = failure.error
        self._emit(call_id, OUT_ITEM_FAILURE, [failure.input, error if error.__class__ is str else describe(error)])

    def describe(self) -> dict:
        """Each stream's demand and buffer, for a diagnostic snapshot."""
        return {k: f"requested={s.requested} produced={s.produced} buffered={len(s.buffer)} "
                   f"waiting={s.waiter is not None and not s.waiter.done()}" for k, s in self.streams.items()}

    async def _pump(self, call_id, iterator, stream):
        """Advance ``iterator`` only as far as demand (plus prefetch) allows.

        This loop runs once per item, so per item it only compares the item's class with the
        batch's, appends and counts: ``room`` is how many
        items may come before the next checkpoint (demand used up, or the per-step item cap), where
        ``stream.produced`` is brought up to date and the pump waits for demand or yields.
        """
        plain = _PLAIN_SCALARS
        flush = self._flush
        buffer = stream.buffer  # the flush empties it in place, so this reference stays valid
        append = buffer.append
        kind = _MIXED
        try:
            await self._demand(stream)
            room = min(stream.limit - stream.produced, _ITEMS_PER_STEP)
            count = 0
            async for item in iterator:
                cls = item.__class__
                if cls is not kind or not buffer:
                    # The first item of a batch, or one of another class than the batch so far (a
                    # batch's kind is a plain scalar class or _MIXED, so every item that is not a
                    # plain scalar is checked here).
                    if cls not in plain:
                        if cls is ItemFailure:
                            self._item_failed(call_id, stream, item)
                            continue
                        if item is None:
                            raise TypeError(f"item {stream.produced + count} is None, which a Reactive "
                                            "Streams publisher cannot emit; yield a value (or skip it)")
                        item = to_java(item, f"item {stream.produced + count}")
                        cls = item.__class__
                    if not buffer:
                        flush.append(call_id)
                        if self.on_first_item is not None:
                            self.on_first_item()
                        kind = cls if cls in plain else _MIXED
                    else:
                        kind = _MIXED
                    stream.kind = kind
                append(item)
                count += 1
                if count >= room:
                    stream.produced += count
                    self.buffered += count
                    count = 0
                    # Wait for demand before the next item is asked for: the generator must not run ahead.
                    if stream.produced >= stream.limit:
                        await self._demand(stream)
                    else:
                        await asyncio.sleep(0)
                    room = min(stream.limit - stream.produced, _ITEMS_PER_STEP)
        finally:
            aclose = getattr(iterator, "aclose", None)
            if aclose is not None:
                await aclose()

    async def _demand(self, stream):
        while stream.produced >= stream.limit:
            stream.waiter = self._loop.create_future()
            await stream.waiter
