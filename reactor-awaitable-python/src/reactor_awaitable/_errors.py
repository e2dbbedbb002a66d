"""Python exceptions described as plain data, so they can cross to Java.

Java builds a ``PythonException`` from the tuple made here: the qualified type
name, the message, the formatted traceback, the stack frames, and the same
description of ``__cause__`` (so the Java cause chain mirrors Python's).
"""

import traceback

__all__ = ["describe"]

_MAX_CAUSE_DEPTH = 16


def _qualname(tp) -> str:
    module = tp.__module__
    return tp.__qualname__ if module in (None, "__main__") else f"{module}.{tp.__qualname__}"


def describe(exc: BaseException, _depth: int = 0) -> tuple:
    """``(type, message, traceback_text, frames, cause)`` for ``exc``.

    ``frames`` is a flat list ``[file, line, function, ...]`` (innermost
    last); ``cause`` is the same tuple for ``exc.__cause__`` or ``None``.
    """
    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__, chain=False))
    frames = []
    for frame in traceback.extract_tb(exc.__traceback__):
        frames += [frame.filename, frame.lineno or 0, frame.name]
    cause = exc.__cause__
    described_cause = None
    if cause is not None and cause is not exc and _depth < _MAX_CAUSE_DEPTH:
        described_cause = describe(cause, _depth + 1)
    return (_qualname(type(exc)), str(exc), text, frames, described_cause)
