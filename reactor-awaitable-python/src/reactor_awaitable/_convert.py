"""Values crossing between Java and Python.

Results leave Python as plain data only (None, str, int, float, bool, bytes,
list, tuple, dict, nested), which Jep turns into Java values; anything else
is refused here, in Python, with a message that names the offending value's
type and where it sits. Arguments arriving from Java are turned into plain
Python data where a Python user would expect it (maps, lists, arrays).
"""

import threading

__all__ = ["UnconvertibleResultError", "check_result", "from_java", "unconvertible_argument"]

_SCALARS = (str, int, float, bool, bytes, type(None))

try:  # Java types exist as Python types only inside the JVM.
    import jep as _jep
    from java.lang import Object as _JavaObject
    from java.nio import ByteBuffer as _ByteBuffer
    from java.util import Collection as _JavaCollection, Map as _JavaMap
    from org.reactivestreams import Publisher as _JavaPublisherType
    _PyJArray = type(_jep.jarray(0, _jep.JINT_ID))
except ImportError:  # plain Python (the package's own unit tests)
    _ByteBuffer = _JavaCollection = _JavaMap = _PyJArray = _JavaObject = _JavaPublisherType = None

# Java arrays whose elements Jep already hands over as Python scalars (byte[] is handled apart).
_PRIMITIVE_ARRAYS = frozenset(("[Z", "[C", "[S", "[I", "[J", "[F", "[D"))
# A byte[] at least this long is copied through a direct buffer (a memcpy) instead of element by
# element (~60-85 ns each: 1 MB took 61-85 ms on the loop thread, 1.1-1.3 ms this way; below ~256
# bytes the buffer's two JNI calls cost more than they save).
_BYTES_VIA_BUFFER = 256
# The per-thread buffer grows to the longest byte[] seen, up to this; longer ones get a buffer of
# their own, released with the call. (Blocking workers convert too, when their code reads a context
# value, so this is also what each of them may keep.)
_KEPT_BUFFER_BYTES = 4 * 1024 * 1024
_scratch = threading.local()


class UnconvertibleResultError(TypeError):
    """A coroutine's result (or part of it) has no Java counterpart."""


UnconvertibleResultError.__module__ = "reactor_awaitable"


def _qualname(tp) -> str:
    return f"{tp.__module__}.{tp.__qualname__}"


def check_result(value, where: str = "result") -> None:
    """Raise :class:`UnconvertibleResultError` unless ``value`` can cross to Java.

    Java objects that came from Java (a Jep wrapper) may go back as they are. The check runs on
    the loop thread for every result, so it only names where the offending value sits once one is
    found (building that text per element cost ~300 ns an element, 30 ms for 100,000 ints).
    """
    try:
        _check(value)
    except _Refused as refused:
        raise UnconvertibleResultError(
            f"{refused.where(where)} is a {_qualname(type(refused.value))}, which cannot be converted "
            "to a Java value; return plain data instead (None, str, int, float, bool, bytes, list, "
            "tuple, dict), e.g. dataclasses.asdict(obj), obj.__dict__ or str(obj)") from None
    except RecursionError:
        raise UnconvertibleResultError(
            f"{where} contains itself or nests deeper than Python's recursion limit, so it cannot be "
            "converted to a Java value; return plain, finite data") from None


def unconvertible_argument(target: str, position: int, error: Exception) -> TypeError:
    """The error of a call whose argument ``position`` (from 0) could not become a Python value."""
    refusal = TypeError(f"argument {position + 1} of '{target}' cannot be converted to a Python value "
                        f"({type(error).__name__}: {error}); pass plain data: maps, lists, strings, numbers, "
                        "without cycles or very deep nesting")
    refusal.__cause__ = error
    return refusal


_PLAIN = frozenset(_SCALARS)  # the exact classes, for a set lookup before isinstance


class _Refused(Exception):
    """An unconvertible value, with its path collected while the check unwinds (innermost first)."""

    def __init__(self, value):
        super().__init__()
        self.value = value
        self.path = []  # ("item", shown) for container[shown], ("key", shown) for a dict key

    def where(self, root: str) -> str:
        text = root
        for kind, shown in reversed(self.path):
            text = f"{text}[{shown}]" if kind == "item" else f"key {shown} of {text}"
        return text


def _shown(key) -> str:
    try:
        return repr(key)
    except Exception:  # noqa: BLE001 - only for the message
        return f"<{type(key).__qualname__} object>"


def _check_inside(value, kind, position):
    """Check a container's element; if it is refused, add where it sits (``kind`` "item" or "key")."""
    try:
        _check(value)
    except _Refused as refused:
        refused.path.append((kind, _shown(position)))
        raise


def _check(value):
    if value.__class__ in _PLAIN:
        return
    if isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            if item.__class__ not in _PLAIN:
                _check_inside(item, "item", index)
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if key.__class__ not in _PLAIN:
                _check_inside(key, "key", key)
            if item.__class__ not in _PLAIN:
                _check_inside(item, "item", key)
        return
    if isinstance(value, _SCALARS):  # a subclass of one (an IntEnum member, a str subclass)
        return
    if _JavaObject is not None and isinstance(value, (_JavaObject, _PyJArray)):
        return
    raise _Refused(value)


def _java_bytes(array) -> bytes:
    """A Java ``byte[]`` as ``bytes``: Jep offers no buffer on a Java array, so a long one is put
    into a direct ``ByteBuffer`` (one JNI copy) and read through a ``memoryview``."""
    size = len(array)
    if size < _BYTES_VIA_BUFFER:
        return bytes(b & 0xFF for b in array)
    if size > _KEPT_BUFFER_BYTES:
        buffer = _ByteBuffer.allocateDirect(size)
        buffer.put(array)
        return bytes(memoryview(buffer))
    view = getattr(_scratch, "view", None)
    if view is None or len(view) < size:
        capacity = min(_KEPT_BUFFER_BYTES, max(size, 2 * len(view) if view is not None else 0))
        _scratch.buffer = _ByteBuffer.allocateDirect(capacity)
        _scratch.view = view = memoryview(_scratch.buffer)
    buffer = _scratch.buffer
    buffer.clear()
    buffer.put(array)
    return bytes(view[:size])


def from_java(value):
    """Turn a Java argument into the Python value a Python user expects.

    ``java.util.Map`` becomes ``dict``, other collections and arrays become
    ``list`` (``byte[]`` becomes ``bytes``), recursively. Boxed numbers and
    strings already arrive as ``int``/``float``/``str``/``bool``; any other
    Java object (a client) is passed through unchanged, except a Reactive
    Streams ``Publisher`` (``Mono``, ``Flux``), which becomes a
    :class:`~reactor_awaitable.JavaPublisher` to ``await`` or ``async for``.
    """
    if _JavaObject is None or isinstance(value, _SCALARS):
        return value
    if isinstance(value, _JavaPublisherType):
        from ._publishers import JavaPublisher
        return JavaPublisher(value)
    if isinstance(value, _JavaMap):
        return {from_java(k): from_java(v) for k, v in value.items()}
    if isinstance(value, _PyJArray):
        kind = value.java_name
        if kind == "[B":
            return _java_bytes(value)
        if kind in _PRIMITIVE_ARRAYS:
            return list(value)
        return [from_java(v) for v in value]
    if isinstance(value, _JavaCollection):
        return [from_java(v) for v in value]
    return value

