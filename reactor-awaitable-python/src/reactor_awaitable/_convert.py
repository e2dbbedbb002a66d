"""Values crossing between Java and Python.

Results leave Python as plain data only (None, str, int, float, bool, bytes,
list, tuple, dict, nested), which Jep turns into Java values; anything else
is refused here, in Python, with a message that names the offending value's
type and where it sits. Arguments arriving from Java are turned into plain
Python data where a Python user would expect it (maps, lists, arrays).
"""

__all__ = ["UnconvertibleResultError", "check_result", "from_java"]

_SCALARS = (str, int, float, bool, bytes, type(None))

try:  # Java types exist as Python types only inside the JVM.
    import jep as _jep
    from java.lang import Object as _JavaObject
    from java.util import Collection as _JavaCollection, Map as _JavaMap
    from org.reactivestreams import Publisher as _JavaPublisherType
    _PyJArray = type(_jep.jarray(0, _jep.JINT_ID))
except ImportError:  # plain Python (the package's own unit tests)
    _JavaCollection = _JavaMap = _PyJArray = _JavaObject = _JavaPublisherType = None


class UnconvertibleResultError(TypeError):
    """A coroutine's result (or part of it) has no Java counterpart."""


UnconvertibleResultError.__module__ = "reactor_awaitable"


def _qualname(tp) -> str:
    return f"{tp.__module__}.{tp.__qualname__}"


def check_result(value, where: str = "result") -> None:
    """Raise :class:`UnconvertibleResultError` unless ``value`` can cross to Java.

    Java objects that came from Java (a Jep wrapper) may go back as they are.
    """
    try:
        _check(value, where)
    except RecursionError:
        raise UnconvertibleResultError(
            f"{where} contains itself or nests deeper than Python's recursion limit, so it cannot be "
            "converted to a Java value; return plain, finite data") from None


def _check(value, where):
    if isinstance(value, _SCALARS):
        return
    if isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            _check(item, f"{where}[{index}]")
        return
    if isinstance(value, dict):
        for key, item in value.items():
            _check(key, f"key {key!r} of {where}")
            _check(item, f"{where}[{key!r}]")
        return
    if _JavaObject is not None and isinstance(value, (_JavaObject, _PyJArray)):
        return
    raise UnconvertibleResultError(
        f"{where} is a {_qualname(type(value))}, which cannot be converted to a Java value; "
        "return plain data instead (None, str, int, float, bool, bytes, list, tuple, dict), "
        "e.g. dataclasses.asdict(obj), obj.__dict__ or str(obj)"
    )


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
        if value.java_name == "[B":
            return bytes(b & 0xFF for b in value)
        return [from_java(v) for v in value]
    if isinstance(value, _JavaCollection):
        return [from_java(v) for v in value]
    return value

