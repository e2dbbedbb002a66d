"""Python's ``logging`` into the JVM's logging (SLF4J), through the Java ``PythonLogBridge``.

A handler on Python's root logger hands each record to Java in one call, on the thread that logged:
the logger's name, the level, the message with its arguments applied (and ``stack_info``), the
exception described as for a failed call (Java makes a ``PythonException`` with the Python frames),
and the Reactor ``Context`` of the call that logged (Java puts the keys the application named in the
MDC). Python's root logger level starts at the lowest level SLF4J lets through for ``python``, so
records SLF4J would drop are not made; code that sets levels itself still does.

Installed once per interpreter, by the first runtime that asks for it (``pythonLogging``, on by
default).
"""

import logging

from ._context import reactor_context
from ._errors import describe

__all__ = ["JavaLogHandler", "install"]


class JavaLogHandler(logging.Handler):
    """Sends records to the Java ``PythonLogBridge`` (SLF4J); formatting is the Java backend's."""

    def __init__(self, bridge):
        super().__init__()
        self._log = bridge.log

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = record.getMessage()
            if record.stack_info:
                message = f"{message}\n{record.stack_info}"
            exc_info = record.exc_info
            error = describe(exc_info[1]) if exc_info and exc_info[1] is not None else None
            self._log(record.name, record.levelno, message, error, reactor_context()._view)
        except RecursionError:
            raise
        except Exception:  # noqa: BLE001 - logging's rule: a failing handler reports and goes on
            self.handleError(record)


_installed = False


def install(bridge) -> None:
    """Put the handler on the root logger (once) and start the root level at SLF4J's."""
    global _installed
    if _installed:
        return
    _installed = True
    root = logging.getLogger()
    root.addHandler(JavaLogHandler(bridge))
    root.setLevel(int(bridge.lowestPythonLevel()))
