"""What Python code must not do in a JVM, refused where it would go wrong.

- ``os.fork()`` (and ``os.forkpty()``) would copy the JVM into a child with one thread, which waits
  for ever on a lock another thread held; it raises at once instead. ``multiprocessing`` and
  ``concurrent.futures.ProcessPoolExecutor`` start their processes with ``spawn`` (a fresh
  interpreter, ``sys.executable`` being the venv's python), which works. ``subprocess`` and asyncio's
  subprocesses are unaffected (they fork and exec in C).
- ``faulthandler.enable()`` would install Python's SIGSEGV handler over the JVM's, which uses SIGSEGV
  for its own null checks: the next ordinary ``NullPointerException`` would end the process. It
  raises instead, saying so; ``faulthandler.dump_traceback()`` still works.

- ``sys.setrecursionlimit(n)`` binds the code that runs, not the library around it: the real limit is
  ``n`` plus a fixed allowance for the frames the library stands on when it runs a coroutine step
  (the Java call, the loop driver, BlockHound's check; about 30 of the 100), and
  ``sys.getrecursionlimit()`` reads back ``n``. A tiny limit then fails the code that recurses
  (``RecursionError`` in its call), never a loop thread or a later runtime.

``atexit`` handlers (langgraph's, litellm's log flush, ``logging.shutdown``) run once, when the JVM
exits (:func:`run_exit_handlers`, from the library's shutdown hook after it has closed the runtimes
still open): not when a runtime closes, since CPython outlives it and later runtimes would find
what the handlers tear down (``weakref.finalize`` stops calling finalizers for good once its exit
handler ran).

Applied once per interpreter when a runtime opens. An isolated interpreter (own GIL) cannot import
``faulthandler`` or ``multiprocessing``'s C parts at all, and CPython refuses ``fork`` there itself:
what cannot be imported there needs no guard.
"""

import atexit
import operator
import os
import sys

__all__ = ["guard_process", "run_exit_handlers"]

_guarded = False


def _refuse_fork(*args, **kwargs):
    raise RuntimeError(
        "os.fork() is refused inside reactor-awaitable: the child would be a one-thread copy of the JVM "
        "that waits for ever. Start a process instead (subprocess, asyncio.create_subprocess_exec, or "
        "multiprocessing / ProcessPoolExecutor, which use the 'spawn' start method here)")


def _refuse_faulthandler(*args, **kwargs):
    raise RuntimeError(
        "faulthandler.enable() is refused inside reactor-awaitable: Python's SIGSEGV handler would replace "
        "the JVM's, which uses SIGSEGV for its own null checks, and the next NullPointerException would end "
        "the JVM. Use faulthandler.dump_traceback() or dump_traceback_later() for stacks; the JVM prints "
        "its own crash report (hs_err) for real crashes")


# Frames under a coroutine step: Jep's call into the loop driver, the drain, the task step, and
# BlockHound's check with its Java round trip; measured at about 30, kept well above.
_LIBRARY_FRAMES = 100


def _own_recursion_limit(getrecursionlimit, setrecursionlimit):
    """``sys.getrecursionlimit`` / ``sys.setrecursionlimit`` that leave the library its frames."""

    def get_limit():
        return getrecursionlimit() - _LIBRARY_FRAMES

    def set_limit(limit):
        limit = operator.index(limit)
        if limit < 1:
            raise ValueError("recursion limit must be greater or equal than 1")
        setrecursionlimit(limit + _LIBRARY_FRAMES)

    get_limit.__doc__ = getrecursionlimit.__doc__
    set_limit.__doc__ = setrecursionlimit.__doc__
    return get_limit, set_limit


def guard_process() -> None:
    """Refuse ``os.fork`` and ``faulthandler.enable``, make ``spawn`` multiprocessing's default, and
    keep the library's frames out of the recursion limit the code sets."""
    global _guarded
    if _guarded:
        return
    _guarded = True
    sys.setrecursionlimit(sys.getrecursionlimit() + _LIBRARY_FRAMES)
    sys.getrecursionlimit, sys.setrecursionlimit = _own_recursion_limit(sys.getrecursionlimit, sys.setrecursionlimit)
    os.fork = _refuse_fork
    if hasattr(os, "forkpty"):
        os.forkpty = _refuse_fork
    try:
        import faulthandler
        faulthandler.enable = _refuse_faulthandler
    except ImportError:  # an isolated interpreter: no faulthandler to enable
        pass
    try:
        import multiprocessing
        multiprocessing.set_start_method("spawn", force=True)
    except ImportError:  # an isolated interpreter: no multiprocessing either
        pass


def run_exit_handlers() -> int:
    """Run the ``atexit`` handlers registered so far, as interpreter exit would (last registered
    first; one that raises is reported on stderr and the others still run); returns how many there
    were."""
    count = atexit._ncallbacks()
    atexit._run_exitfuncs()
    return count
