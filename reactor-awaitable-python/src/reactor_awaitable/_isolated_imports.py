"""The C extension modules an isolated loop's interpreter refuses before their initialisation runs.

CPython checks that an extension module may load in an interpreter of its own only after the
module's init function has run. A single-phase module's init (and, on 3.12 and 3.13, the datetime C
module's, whose types all interpreters share) writes to state that other interpreters use under
another GIL; the process aborts later in ``free()``, typically when an interpreter ends. So an
isolated interpreter refuses these modules up front, with the ``ImportError`` CPython would have
raised after the damage: ``datetime``, ``decimal``, ``zoneinfo`` and ``xml.etree`` then use their
pure-Python implementations, as they do wherever the C module is missing.

The library runs this file as a script in each new isolated interpreter before anything else is
imported there (the ``reactor_awaitable`` package imports ``datetime``), so it imports nothing itself.
"""

import sys

# Found by importing each lib-dynload module in an isolated interpreter of that version.
_SINGLE_PHASE_3_12 = frozenset({
    "_ctypes", "_curses", "_curses_panel", "_decimal", "_elementtree", "_lsprof", "_tkinter", "nis",
    "ossaudiodev", "pyexpat", "readline",
})
_SINGLE_PHASE_3_13 = frozenset({"_curses", "_curses_panel", "_tkinter", "readline"})
# _datetime shares its types between interpreters (3.12: single-phase; 3.13.0 crashes the same way);
# _zoneinfo needs _datetime's C API.
_DATETIME = frozenset({"_datetime", "_zoneinfo"})


def refused_modules(version_info) -> frozenset:
    """The module names an isolated interpreter of that Python version refuses (none before 3.12,
    which has no interpreters with a GIL of their own)."""
    if tuple(version_info[:2]) < (3, 12):
        return frozenset()
    if tuple(version_info[:2]) == (3, 12):
        return _SINGLE_PHASE_3_12 | _DATETIME
    return _SINGLE_PHASE_3_13 | _DATETIME


class RefuseUnsafeExtensions:
    """A ``sys.meta_path`` finder that raises ``ImportError`` for the refused names; it finds
    nothing else, so every other import goes on as before."""

    def __init__(self, refused):
        self.refused = frozenset(refused)

    def find_spec(self, name, path=None, target=None):
        if name in self.refused:
            raise ImportError(
                f"module {name} does not support loading in subinterpreters: reactor-awaitable refuses it on "
                f"isolated loops before its initialisation runs, as Python {sys.version.split()[0]} would crash "
                f"the process loading it in an interpreter of its own", name=name)
        return None


def install(refused) -> None:
    """Put the finder first on ``sys.meta_path`` (once per interpreter)."""
    if not any(isinstance(f, RefuseUnsafeExtensions) for f in sys.meta_path):
        sys.meta_path.insert(0, RefuseUnsafeExtensions(refused))


if __name__ == "reactor_awaitable._isolated_imports.script":
    install(refused_modules(sys.version_info))
