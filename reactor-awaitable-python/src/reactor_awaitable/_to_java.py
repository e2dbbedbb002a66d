"""Results, stream items and map outputs on their way to Java.

Plain data (None, str, int, float, bool, bytes, and list, tuple and dict of them) crosses as it is:
Jep turns it into Java values, and :func:`to_java` only checks it, which is all the common case
costs. The standard types that have a Java counterpart are converted here, in one walk that starts
only once the check met one:

=========================================  ==============================================
Python                                     Java
=========================================  ==============================================
``datetime`` with a UTC offset             ``OffsetDateTime``
naive ``datetime``, ``date``, ``time``     ``LocalDateTime``, ``LocalDate``, ``LocalTime``
``time`` with a UTC offset                 ``OffsetTime``
``timedelta``                              ``Duration``
``Decimal`` (finite)                       ``BigDecimal``
``UUID``                                   ``java.util.UUID``
``enum.Enum`` member                       its value, converted
``set``, ``frozenset``                     ``Set`` (Python's iteration order)
any ``Mapping`` (and asyncpg's ``Record``)  ``Map``
``bytearray``, ``memoryview``              ``byte[]``
numpy ``ndarray`` (and scalars)            a primitive array, or ``NDArray`` (see ``_arrays``)
dataclass, ``NamedTuple``                  ``Map`` of its fields, converted
pydantic v2 ``BaseModel``                  ``Map`` of ``model_dump(by_alias=True)``
a type given to :func:`register_conversion`  what its function returns, converted
=========================================  ==============================================

Java objects are built by ``dev.awaitable.reactor.loop.JavaValues`` (one JNI call each, see
``_javavalues``). What still cannot cross is refused with where
it sits and a fix that fits it.
"""

import dataclasses
import datetime
import decimal
import enum
import uuid
from collections.abc import Callable, Mapping
from typing import Any

from . import _arrays, _javavalues

__all__ = ["UnconvertibleResultError", "json_text", "register_conversion", "to_java"]

_SCALARS = (str, int, float, bool, bytes, type(None))
_PLAIN = frozenset(_SCALARS)  # the exact classes, for a set lookup before isinstance

try:  # Java types exist as Python types only inside the JVM.
    import jep as _jep
    from java.lang import Object as _JavaObject
    _PyJArray = type(_jep.jarray(0, _jep.JINT_ID))
except ImportError:  # plain Python (the package's own unit tests)
    _JavaObject = _PyJArray = None

try:  # pydantic-core's serializer writes JSON in Rust; without pydantic, results are not sent as JSON
    from pydantic_core import to_json as _rust_to_json
except ImportError:
    _rust_to_json = None

_json_writes_itself = False  # a registered type is one the JSON writer knows: its rule would be bypassed
_conversions = {}       # the user's: type -> function
_found = {}             # class -> the user's function for it (or None), by MRO; cleared on registration

_MAX_LONG = (1 << 63) - 1
_TWO_TO_64 = 1 << 64


class UnconvertibleResultError(TypeError):
    """A coroutine's result (or part of it) has no Java counterpart."""


UnconvertibleResultError.__module__ = "reactor_awaitable"


def register_conversion(cls: type, convert: Callable[[Any], Any]) -> None:
    """Make instances of ``cls`` (and of its subclasses) cross to Java as ``convert(obj)``.

    ``convert`` returns something that can cross (plain data, or any type of the table above); it is
    converted in turn. A registration for a class wins over the built-in rules and over one for a
    base class. Register at import time of the module that defines ``cls``: the registry is shared
    by every loop of the interpreter.

    Example: ``register_conversion(Money, lambda m: {"amount": m.amount, "currency": m.currency})``.
    """
    if not isinstance(cls, type):
        raise TypeError(f"register_conversion needs a class, got {cls!r}")
    if not callable(convert):
        raise TypeError(f"register_conversion needs a function for {cls.__qualname__}, got {convert!r}")
    _conversions[cls] = convert
    _found.clear()
    global _json_writes_itself
    _json_writes_itself = _json_writes_itself or issubclass(cls, _JSON_NATIVE) or dataclasses.is_dataclass(cls) \
        or hasattr(cls, "model_dump")


def json_text(value):
    """``value`` as JSON text, for a caller that reads it with Jackson into a Java type; None when it
    is not to be sent as JSON (no pydantic-core, a Java object inside, a value the JSON writer does not
    know and no rule here turns into one) — then it crosses as :func:`to_java` makes it.

    pydantic-core writes models (by alias), dataclasses, dates, decimals, UUIDs, enums and sets as
    Jackson reads them back; ``bytes`` as base64, which Jackson reads into ``byte[]``.
    """
    if _rust_to_json is None or _json_writes_itself:
        return None
    try:
        return _rust_to_json(value, bytes_mode="base64", fallback=_json_fallback).decode()
    except Exception:  # noqa: BLE001 - the ordinary conversion reports what is wrong, with its path
        return None


def _json_fallback(value):
    """What the JSON writer writes for a value it does not know: a registered type's conversion, or a
    mapping (asyncpg's Record) as a dict; anything else is refused (and the call crosses as objects)."""
    convert = _rule_for(value.__class__)
    if convert is not None:
        return convert(value)
    if _is_mapping(value):
        return dict(value.items())
    raise TypeError(f"{_qualname(value.__class__)} has no JSON form")


def _qualname(tp) -> str:
    return f"{tp.__module__}.{tp.__qualname__}"


def to_java(value, where: str = "result"):
    """``value`` as it can cross to Java: itself when it is plain data, otherwise a converted copy.

    Raises :class:`UnconvertibleResultError` naming where the first value that cannot cross sits.
    Runs on the loop thread for every result: plain data is only checked (building the text of a
    path per element cost ~300 ns an element), and a path is put together only for a refusal.
    """
    cls = value.__class__
    if cls in _PLAIN:
        return value
    try:
        if _arrays.is_ndarray(value) and value.ndim:
            return _array_value(value)  # unwrapped in Java, never handed to Python (see ArrayValue)
        try:
            _check(value)
            return value
        except _Refused:
            return _convert(value)
    except _Refused as refused:
        raise UnconvertibleResultError(refused.message(where)) from None
    except RecursionError:
        raise UnconvertibleResultError(
            f"{where} contains itself or nests deeper than Python's recursion limit, so it cannot be "
            "converted to a Java value; return plain, finite data") from None
    except Exception as err:  # a registered conversion, a model's model_dump(), a Java factory raised
        raise UnconvertibleResultError(f"converting {where} to a Java value failed: {type(err).__name__}: {err}") from err


class _Refused(Exception):
    """A value that cannot cross, with its path collected while the walk unwinds (innermost first)."""

    def __init__(self, value, reason=None):
        super().__init__()
        self.value = value
        self.reason = reason
        self.path = []  # ("item", shown) for container[shown], ("key", shown) for a dict key

    def where(self, root: str) -> str:
        text = root
        for kind, shown in reversed(self.path):
            text = f"{text}[{shown}]" if kind == "item" else f"key {shown} of {text}"
        return text

    def message(self, root: str) -> str:
        where = self.where(root)
        if self.reason is not None:
            return f"{where} {self.reason}"
        return (f"{where} (of type {_qualname(type(self.value))}) cannot be converted to a Java value; "
                f"{_fix_for(self.value)}")


def _fix_for(value) -> str:
    """The fix that fits what was refused."""
    cls = type(value)
    if hasattr(cls, "__fields__") and hasattr(value, "dict") and not hasattr(value, "model_dump"):
        return "it is a pydantic v1 model: return obj.dict()"
    if hasattr(value, "__aiter__") or hasattr(value, "__anext__"):
        return "an async generator's items cross one by one with AwaitableFlux.flux, not as one result"
    if hasattr(value, "__await__"):
        return "await it and return what it gives"
    return ("return plain data (None, str, int, float, bool, bytes, list, tuple, dict, dates, decimals, "
            "UUIDs, dataclasses, pydantic models), or register how it crosses with "
            f"reactor_awaitable.register_conversion({cls.__name__}, lambda obj: ...)")


def _shown(key) -> str:
    try:
        return repr(key)
    except Exception:  # noqa: BLE001 - only for the message
        return f"<{type(key).__qualname__} object>"


# -- the check: plain data only, nothing built -----------------------------------------------

def _check_inside(value, kind, position):
    try:
        _check(value)
    except _Refused as refused:
        refused.path.append((kind, _shown(position)))
        raise


def _check(value):
    cls = value.__class__
    if cls in _PLAIN:
        return
    if cls is list or cls is tuple:  # not a subclass: a NamedTuple crosses as a Map
        for index, item in enumerate(value):
            if item.__class__ not in _PLAIN:
                _check_inside(item, "item", index)
        return
    if cls is dict:
        for key, item in value.items():
            if key.__class__ not in _PLAIN:
                _check_inside(key, "key", key)
            if item.__class__ not in _PLAIN:
                _check_inside(item, "item", key)
        return
    if isinstance(value, _SCALARS) and not isinstance(value, enum.Enum):  # a str or int subclass
        return
    if _JavaObject is not None and isinstance(value, (_JavaObject, _PyJArray)):
        return
    raise _Refused(value)


# -- the conversion: a copy with every value Java can take -----------------------------------

def _convert_inside(value, kind, position):
    if value.__class__ in _PLAIN:
        return value
    try:
        return _convert(value)
    except _Refused as refused:
        refused.path.append((kind, _shown(position)))
        raise


def _convert_mapping(items):
    return {_convert_inside(k, "key", k): _convert_inside(v, "item", k) for k, v in items}


def _convert(value):
    cls = value.__class__
    if cls in _PLAIN:
        return value
    convert = _rule_for(cls)
    if convert is not None:
        return _convert(convert(value))
    if cls is list:
        return [_convert_inside(item, "item", i) for i, item in enumerate(value)]
    if cls is dict:
        return _convert_mapping(value.items())
    builtin = _BUILTIN.get(cls)
    if builtin is not None:
        return builtin(value)
    if cls is tuple:
        return tuple(_convert_inside(item, "item", i) for i, item in enumerate(value))
    if isinstance(value, enum.Enum):
        return _convert_inside(value.value, "item", "value")
    if isinstance(value, _SCALARS):
        return value
    if _JavaObject is not None and isinstance(value, (_JavaObject, _PyJArray)):
        return value
    if cls.__module__ == "numpy":
        if _arrays.is_ndarray(value):
            return _ndarray(value)
        if hasattr(value, "dtype") and hasattr(value, "item"):  # a numpy scalar (numpy.float32(1.5))
            return _convert(value.item())
    if isinstance(value, tuple) and hasattr(cls, "_fields"):  # a NamedTuple
        return _convert_mapping(zip(cls._fields, value))
    if isinstance(value, (list, tuple)):
        return [_convert_inside(item, "item", i) for i, item in enumerate(value)]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _convert_mapping((f.name, getattr(value, f.name)) for f in dataclasses.fields(value))
    if hasattr(cls, "model_fields") and hasattr(value, "model_dump"):  # pydantic v2
        return _convert(value.model_dump(by_alias=True))
    if _is_mapping(value):
        return _convert_mapping(value.items())
    for base, convert in _BUILTIN_BASES:
        if isinstance(value, base):
            return convert(value)
    raise _Refused(value)


def _rule_for(cls):
    """The user's conversion for ``cls`` (its own, or a base class's), or None; cached per class."""
    if not _conversions:
        return None
    if cls in _found:
        return _found[cls]
    convert = next((_conversions[base] for base in cls.__mro__ if base in _conversions), None)
    _found[cls] = convert
    return convert


def _is_mapping(value) -> bool:
    """A ``Mapping`` (a dict subclass, ``MappingProxyType``), or a mapping that is not registered as one
    but has ``keys()`` and ``items()`` (asyncpg's Record, whose iteration gives values)."""
    return isinstance(value, Mapping) or (callable(getattr(value, "items", None))
                                          and callable(getattr(value, "keys", None)))




def _datetime(value):
    offset = value.utcoffset()
    nano = value.microsecond * 1000
    if offset is None:
        return _javavalues.get().localDateTime(value.year, value.month, value.day, value.hour, value.minute,
                                            value.second, nano)
    return _javavalues.get().offsetDateTime(value.year, value.month, value.day, value.hour, value.minute,
                                         value.second, nano, _offset_seconds(value, offset))


def _offset_seconds(value, offset):
    if offset.microseconds:
        raise _Refused(value, f"has a UTC offset with a fraction of a second ({offset}), which Java's "
                              "ZoneOffset cannot hold; convert it to UTC first (value.astimezone(timezone.utc))")
    return offset.days * 86400 + offset.seconds


def _time(value):
    offset = value.utcoffset()
    nano = value.microsecond * 1000
    if offset is None:
        return _javavalues.get().localTime(value.hour, value.minute, value.second, nano)
    return _javavalues.get().offsetTime(value.hour, value.minute, value.second, nano, _offset_seconds(value, offset))


def _decimal(value):
    if not value.is_finite():
        raise _Refused(value, f"is Decimal('{value}'), which java.math.BigDecimal cannot hold; return a "
                              "finite Decimal, None, or a float (which can be NaN or infinite)")
    return _javavalues.get().bigDecimal(str(value))


def _uuid(value):
    bits = value.int
    high, low = bits >> 64, bits & (_TWO_TO_64 - 1)
    return _javavalues.get().uuid(high - _TWO_TO_64 if high > _MAX_LONG else high,
                               low - _TWO_TO_64 if low > _MAX_LONG else low)


def _ndarray(value):
    """An ndarray inside a container: the Java array itself (Jep copies it on its way through Python)."""
    if value.ndim == 0:
        return _convert(value.item())
    return _array_value(value).array()


def _array_value(value):
    """The Java ``ArrayValue`` holding the primitive array (or ``NDArray``) of ``value``'s data."""
    if _arrays.java_kind(value) is None:
        raise _Refused(value, f"is a numpy array of dtype {value.dtype}, which has no Java primitive array; "
                              "convert it with .astype(numpy.float64) (or another dtype of float32, float64, "
                              "int8, int16, int32, int64, bool), or .tolist()")
    return _arrays.to_java(value, _javavalues.get())


def _set(value):
    return _javavalues.get().setOf([_convert_inside(item, "item", item) for item in value])


_BUILTIN = {
    datetime.datetime: _datetime,
    datetime.date: lambda v: _javavalues.get().localDate(v.year, v.month, v.day),
    datetime.time: _time,
    datetime.timedelta: lambda v: _javavalues.get().duration(v.days * 86400 + v.seconds, v.microseconds * 1000),
    decimal.Decimal: _decimal,
    uuid.UUID: _uuid,
    set: _set,
    frozenset: _set,
    bytearray: bytes,
    memoryview: lambda v: v.tobytes(),
}
# What pydantic-core's JSON writer writes by itself (a registration for one of them turns JSON off).
_JSON_NATIVE = (str, int, float, bool, bytes, bytearray, list, tuple, dict, set, frozenset, datetime.date,
                datetime.time, datetime.timedelta, decimal.Decimal, uuid.UUID, enum.Enum)
# Subclasses (pendulum's DateTime, a set subclass...), tried last, most specific first.
_BUILTIN_BASES = tuple((base, _BUILTIN[base]) for base in (
    datetime.datetime, datetime.date, datetime.time, datetime.timedelta, decimal.Decimal, uuid.UUID,
    set, frozenset, bytearray, memoryview))
