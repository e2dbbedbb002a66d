"""Python exceptions described as plain data, so they can cross to Java.

Java builds a ``PythonException`` from the tuple made here: the qualified type
name, the message, the formatted traceback, the stack frames, and the same
description of ``__cause__`` (so the Java cause chain mirrors Python's).
"""

import traceback

from ._publishers import JavaException

__all__ = ["describe"]

_MAX_CAUSE_DEPTH = 16


def _qualname(tp) -> str:
    module = tp.__module__
    return tp.__qualname__ if module in (None, "__main__") else f"{module}.{tp.__qualname__}"


try:
    from java.lang import Throwable as _JavaThrowable
except ImportError:  # plain Python
    _JavaThrowable = None


def java_throwable(exc: BaseException):
    """The Java exception ``exc`` carries, else None: the Throwable of a Java call (Jep raises it
    as ``RuntimeError(<the Throwable>)``), or of a Java publisher the coroutine awaited
    (``reactor_awaitable.JavaException``). Java delivers that exception as itself, so an error
    passes through a Python stage unchanged unless Python handles it.
    """
    if _JavaThrowable is None:
        return None
    if type(exc) is RuntimeError and len(exc.args) == 1 and isinstance(exc.args[0], _JavaThrowable):
        return exc.args[0]
    if type(exc) is JavaException and isinstance(exc.java_exception, _JavaThrowable):
        return exc.java_exception
    return None


def describe(exc: BaseException, _depth: int = 0) -> tuple:
    """``(type, message, traceback_text, frames, cause, java_throwable)`` for ``exc``.

    ``frames`` is a flat list ``[file, line, function, ...]`` (innermost
    last); ``cause`` is the same tuple for ``exc.__cause__`` or ``None``;
    ``java_throwable`` is the Java exception ``exc`` carries (see
    :func:`java_throwable`; Java then delivers it as itself), or ``None``.
    """
    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__, chain=False))
    frames = []
    for frame in traceback.extract_tb(exc.__traceback__):
        frames += [frame.filename, frame.lineno or 0, frame.name]
    cause = exc.__cause__
    described_cause = None
    if cause is not None and cause is not exc and _depth < _MAX_CAUSE_DEPTH:
        described_cause = describe(cause, _depth + 1)
    return (_qualname(type(exc)), _message(exc), text, frames, described_cause, java_throwable(exc))


def _message(exc: BaseException) -> str:
    """``str(exc)``, or a stand-in when the exception's own ``__str__`` raises."""
    try:
        return str(exc)
    except Exception:  # noqa: BLE001 - a broken __str__ must not lose the error itself
        return f"<{type(exc).__qualname__}.__str__ raised; no message>"
