"""Direct Java ``ByteBuffer``s that Python reads and writes through a ``memoryview``: the one way to
move a large block of bytes between a Java array and Python in a single copy (Jep offers no buffer on
a Java array, and converts one element by element).

Each thread keeps one buffer for blocks up to :data:`KEPT_BUFFER_BYTES` (it grows to the largest seen);
a larger block gets a buffer of its own, released with whatever refers to it. Loop threads and
blocking workers convert (a worker does when its code reads a context value), so this is also what
each of them may keep.
"""

import threading

KEPT_BUFFER_BYTES = 4 * 1024 * 1024

_scratch = threading.local()

try:
    from java.nio import ByteBuffer as _ByteBuffer
except ImportError:  # plain Python (the package's own unit tests)
    _ByteBuffer = None


def direct_buffer(size: int):
    """``(buffer, view)``: a direct ``ByteBuffer`` of at least ``size`` bytes and a ``memoryview`` of
    exactly ``size`` bytes of it (its position is wherever the last user left it: ``clear()`` it
    before a relative ``put``). ``owned`` buffers (larger than
    :data:`KEPT_BUFFER_BYTES`) are the caller's to keep; the thread's own is reused by its next call."""
    if size > KEPT_BUFFER_BYTES:
        buffer = _ByteBuffer.allocateDirect(size)
        return buffer, memoryview(buffer)
    view = getattr(_scratch, "view", None)
    if view is None or len(view) < size:
        capacity = min(KEPT_BUFFER_BYTES, max(size, 2 * len(view) if view is not None else 0))
        _scratch.buffer = _ByteBuffer.allocateDirect(capacity)
        _scratch.view = view = memoryview(_scratch.buffer)
    return _scratch.buffer, view[:size]


def is_owned(size: int) -> bool:
    """Whether :func:`direct_buffer` gives a buffer of its own (not the thread's) for ``size`` bytes."""
    return size > KEPT_BUFFER_BYTES
