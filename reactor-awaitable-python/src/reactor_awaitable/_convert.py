"""Arguments (and other Java values) on their way into Python.

Java values become the Python values a Python user expects: maps, collections and arrays become
``dict``, ``list`` (``set`` for a ``java.util.Set``) and ``bytes``; ``java.time`` values,
``BigDecimal`` and ``UUID`` become ``datetime``, ``Decimal`` and ``uuid.UUID``; a Java enum becomes
its name and a record a ``dict`` of its components. What goes the other way is in ``_to_java``.
"""

import datetime
import decimal
import uuid

from . import _arrays, _javavalues
from ._buffers import direct_buffer

__all__ = ["from_java", "unconvertible_argument"]

_SCALARS = (str, int, float, bool, bytes, type(None))

try:  # Java types exist as Python types only inside the JVM.
    import jep as _jep
    from java.lang import Object as _JavaObject
    from java.util import Collection as _JavaCollection, Map as _JavaMap, Set as _JavaSet
    from org.reactivestreams import Publisher as _JavaPublisherType
    from java.lang import Enum as _JavaEnum, Record as _JavaRecord
    from java.math import BigDecimal as _BigDecimal
    from java.time import (Duration as _Duration, Instant as _Instant, LocalDate as _LocalDate,
                           LocalDateTime as _LocalDateTime, LocalTime as _LocalTime,
                           OffsetDateTime as _OffsetDateTime, OffsetTime as _OffsetTime,
                           ZonedDateTime as _ZonedDateTime)
    from java.util import UUID as _JavaUUID
    _PyJArray = type(_jep.jarray(0, _jep.JINT_ID))
    # The Java values with a Python counterpart other than a container, and how to make it (one
    # or two JNI calls each: Java's ISO text is parsed by Python's C parsers).
    _FROM_JAVA_VALUES = (
        (_OffsetDateTime, lambda v: datetime.datetime.fromisoformat(v.toString())),
        (_LocalDateTime, lambda v: datetime.datetime.fromisoformat(v.toString())),
        (_LocalDate, lambda v: datetime.date.fromisoformat(v.toString())),
        (_LocalTime, lambda v: datetime.time.fromisoformat(v.toString())),
        (_OffsetTime, lambda v: datetime.time.fromisoformat(v.toString())),
        (_Instant, lambda v: datetime.datetime.fromisoformat(v.toString())),
        (_ZonedDateTime, lambda v: datetime.datetime.fromisoformat(v.toOffsetDateTime().toString())),
        (_Duration, lambda v: datetime.timedelta(seconds=v.getSeconds(), microseconds=v.getNano() // 1000)),
        (_BigDecimal, lambda v: decimal.Decimal(v.toString())),
        (_JavaUUID, lambda v: uuid.UUID(v.toString())),
        (_JavaEnum, lambda v: v.name()),
    )
    _JAVA_VALUE_TYPES = tuple(java_type for java_type, _ in _FROM_JAVA_VALUES)
except ImportError:  # plain Python (the package's own unit tests)
    _JavaCollection = _JavaMap = _PyJArray = _JavaObject = _JavaPublisherType = None


# Java arrays whose elements Jep already hands over as Python scalars (byte[] is handled apart).
_PRIMITIVE_ARRAYS = frozenset(("[Z", "[C", "[S", "[I", "[J", "[F", "[D"))
# A byte[] at least this long is copied through a direct buffer (a memcpy) instead of element by
# element (~60-85 ns each: 1 MB took 61-85 ms on the loop thread, 1.1-1.3 ms this way; below ~256
# bytes the buffer's two JNI calls cost more than they save).
_BYTES_VIA_BUFFER = 256


def unconvertible_argument(target: str, position: int, error: Exception) -> TypeError:
    """The error of a call whose argument ``position`` (from 0) could not become a Python value."""
    refusal = TypeError(f"argument {position + 1} of '{target}' cannot be converted to a Python value "
                        f"({type(error).__name__}: {error}); pass plain data: maps, lists, strings, numbers, "
                        "without cycles or very deep nesting")
    refusal.__cause__ = error
    return refusal


def _java_bytes(array) -> bytes:
    """A Java ``byte[]`` as ``bytes``: Jep offers no buffer on a Java array, so a long one is put
    into a direct ``ByteBuffer`` (one JNI copy) and read through a ``memoryview``."""
    size = len(array)
    if size < _BYTES_VIA_BUFFER:
        return bytes(b & 0xFF for b in array)
    buffer, view = direct_buffer(size)
    buffer.clear()
    buffer.put(array)
    return bytes(view)


def from_java(value):
    """Turn a Java argument into the Python value a Python user expects.

    ``java.util.Map`` becomes ``dict``, a ``Set`` a ``set`` (a ``list`` when
    an element cannot be hashed), other collections and arrays ``list``
    (``byte[]`` becomes ``bytes``), a record a ``dict`` of its components,
    recursively. Boxed numbers and strings already arrive as
    ``int``/``float``/``str``/``bool``; ``java.time`` values, ``BigDecimal``,
    ``UUID`` and enums as described in the module. Any other Java object (a
    client) is passed through unchanged, except a Reactive Streams
    ``Publisher`` (``Mono``, ``Flux``), which becomes a
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
            if _arrays.has_dtype_for(kind):
                array = _arrays.from_java(value, kind, _javavalues.values)
                if array is not None:
                    return array
            return list(value)
        return [from_java(v) for v in value]
    if isinstance(value, _JavaCollection):
        items = [from_java(v) for v in value]
        if isinstance(value, _JavaSet):
            try:
                return set(items)
            except TypeError:  # an element Python cannot hash (a dict, a list)
                return items
        return items
    if isinstance(value, _JAVA_VALUE_TYPES):
        for java_type, convert in _FROM_JAVA_VALUES:
            if isinstance(value, java_type):
                return convert(value)
    if isinstance(value, _JavaRecord):
        return from_java(_javavalues.get().recordComponents(value))
    if value.__class__.__name__ == "NDArray":  # Jep's array with a shape
        data = value.getData()
        if _arrays.has_dtype_for(data.java_name):
            array = _arrays.from_java(data, data.java_name, _javavalues.values, tuple(value.getDimensions()))
            if array is not None:
                return array
    return value

