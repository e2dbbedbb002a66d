"""The drain protocol between a Java loop thread and its :class:`~reactor_awaitable._driver.LoopDriver`.

The same numbers are in ``dev.awaitable.reactor.loop.DrainProtocol`` (Java); a test fails when the
two tables disagree. One drain is one Java->Python call:

- Java writes the commands as int64 codes into a direct buffer (and their objects into an
  ``Object[]``): per start ``OP_START, id, prefetch (-1: one value), target index, new target?,
  argument count, flags`` (``START_*``) and per argument ``ARG_INT, value``, ``ARG_FLOAT, bits`` or
  ``ARG_OBJECT``; per cancel ``OP_CANCEL, id``; per request ``OP_REQUEST, id, n``; per signal of a
  Java publisher ``OP_SIGNAL, key, kind`` (its value is an object).
- Python writes the outcome header into a second direct buffer: the ``HEAD_*`` slots, then from
  ``HEAD_SIZE`` on ``id, kind, value`` per outcome, and returns the payloads of the outcomes that
  have one, in order.
"""

# Commands.
OP_START = 0
OP_CANCEL = 1
OP_REQUEST = 2
OP_SIGNAL = 3

# A start command's arguments.
ARG_OBJECT = 0  # the next of the command's objects
ARG_INT = 1     # followed by the value (a Java Integer or Long)
ARG_FLOAT = 2   # followed by a double's bits (a Java Double or Float)

# Outcome kinds.
OUT_VALUE = 0      # the call's result (for a stream: None, it completed)
OUT_ERROR = 1
OUT_CANCELLED = 2  # no payload
OUT_ITEMS = 3      # a list of stream items, in order
OUT_LONGS = 4      # stream items that are all int64: native-order packed bytes (array 'q')
OUT_DOUBLES = 5    # stream items that are all float: native-order packed bytes (array 'd')
OUT_STRINGS = 6    # stream items that are all str: [UTF-8 lengths as array 'i' bytes, the UTF-8 bytes joined]
OUT_INT = 7        # a call's int result that fits int64: in the outcome's value, no payload
OUT_NONE = 8       # a call's None result (a stream's completion too): no payload
OUT_VALUE_LONGS = 9     # a call's result that is a list of int64s, packed as OUT_LONGS
OUT_VALUE_DOUBLES = 10  # ... of floats, packed as OUT_DOUBLES
OUT_VALUE_STRINGS = 11  # ... of str, packed as OUT_STRINGS
OUT_REQUEST = 12   # not a call's outcome: request(value) of the Java subscription whose key is the id
OUT_ITEM_FAILURE = 13  # one input of a stream (a map) failed: [input, error description, or a timeout's message]
OUT_JSON = 14      # a one-value call's result as JSON text, for a call started with START_JSON_RESULT

# A start command's flags.
START_WITH_CONTEXT = 1  # the subscriber's context follows the arguments
START_JSON_RESULT = 2   # the caller reads the result with Jackson: JSON text may be sent instead

# The outcome header's slots.
HEAD_HAS_READY = 0    # 1 when callbacks are still ready: drain again without waiting
HEAD_DEADLINE = 1     # the next timer's loop time in nanoseconds, -1 when none
HEAD_LIVE = 2         # calls still running
HEAD_WAITS_ON_IO = 3  # 1 when descriptors are registered: wait in the loop's selector when idle
HEAD_COUNT = 4        # how many outcomes follow
HEAD_TIMERS = 5       # timers on the loop's heap (cancelled ones included until the loop drops them)
HEAD_BLOCKING_QUEUED = 6  # blocking jobs of the runtime waiting for a worker
HEAD_SIZE = 7         # where the first outcome starts
OUTCOME_SIZE = 3      # id, kind, value

# With the uvloop kind, Python hands Java its outcomes and takes the queued commands in one call
# (LoopThread.exchange); Java writes its reply into the outcome buffer's first slots.
REPLY_CODE_COUNT = 0  # how many command codes Java wrote into the code buffer
REPLY_FLAGS = 1       # REPLY_* flags below
REPLY_BUFFER_REPLACED = 1  # the code buffer was replaced by a bigger one: ask for it
REPLY_SHUTDOWN = 2         # close() began: cancel everything and stop once it ended or the grace passed


def table() -> dict:
    """Every name and number above, for the test that compares them with Java's."""
    return {name: value for name, value in globals().items()
            if name.isupper() and name.split("_")[0] in ("OP", "ARG", "OUT", "HEAD", "OUTCOME", "START", "REPLY")}
