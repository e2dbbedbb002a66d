"""The uvloop event loop a Java loop thread runs with ``EventLoopKind.UVLOOP``.

uvloop is optional: this module is imported only for that kind, and :func:`new_loop` says how to
install it when it is missing. Unlike ``DrivenLoop``, a uvloop loop cannot be stepped from outside:
the loop thread enters ``run_forever`` once (``_uvloop_driver.UvloopDriver.serve``) and Java's work
reaches it through a pipe it reads. Its timers follow libuv's clock (milliseconds), so a virtual
clock does not move them.
"""

import sys
from asyncio import base_events

from ._loop_services import LoopThreadServices, TimedCallback, settle

try:
    import uvloop
except ImportError as missing:
    # Raised when imported (as the runtime starts), so build() fails naming the fix.
    raise ImportError(
        "EventLoopKind.UVLOOP needs the uvloop package in the embedded Python (" + sys.executable + "): "
        "install it with `" + sys.executable + " -m pip install uvloop`, or add uvloop to the "
        "application's Python requirements; or leave the runtime on the default EventLoopKind.ASYNCIO",
        name="uvloop") from missing

__all__ = ["UvLoop"]


class UvLoop(LoopThreadServices, uvloop.Loop):
    """A uvloop loop with what a Java loop thread needs (:class:`LoopThreadServices`).

    Owning thread only, except :meth:`settle_threadsafe` and ``call_soon_threadsafe`` (uvloop's own,
    which wakes libuv from any thread without calling into Java).
    """

    def __init__(self):
        super().__init__()
        self._track_servers()

    # uvloop's own subprocesses fork with libuv and run Python in the child before it execs (its
    # at-fork handlers): in a JVM that child is a copy of the whole process that can hang before
    # exec, and the parent then waits in uv_spawn holding the GIL (seen as every runtime of the JVM
    # stalling). asyncio's path forks and execs in C (subprocess.Popen) and watches the child through
    # a pidfd (LoopThreadServices._make_subprocess_transport).
    subprocess_exec = base_events.BaseEventLoop.subprocess_exec
    subprocess_shell = base_events.BaseEventLoop.subprocess_shell
    _log_subprocess = base_events.BaseEventLoop._log_subprocess

    @property
    def _debug(self):
        # What asyncio's subprocess_exec reads; uvloop keeps it in C.
        return self.get_debug()

    def attach(self) -> None:
        """Nothing to do: ``run_forever`` makes this loop the running loop of the thread that serves it."""

    def settle_threadsafe(self, future, result, error) -> None:
        """From any thread: give ``future`` (of this loop) ``error`` if not None, else ``result``."""
        self.call_soon_threadsafe(settle, future, result, error)

    def detect_slow_steps(self, threshold_seconds, report) -> None:
        """Time every Task step and future callback and report those of ``threshold_seconds`` or more.

        asyncio's C Task and Future schedule through ``loop.call_soon``, looked up on the instance
        first, so an instance attribute times them; uvloop's own callbacks (a protocol's
        ``data_received``) are scheduled inside uvloop and are not timed.
        """
        self._slow_threshold = threshold_seconds
        self._slow_report = report
        call_soon = uvloop.Loop.call_soon

        def timed_call_soon(callback, *args, context=None):
            return call_soon(self, TimedCallback(callback, self), *args, context=context)

        self.call_soon = timed_call_soon

    def close_connections(self) -> None:
        """Close the servers still open; ``close()`` then closes every handle libuv still has (the
        connections), so the peers see them close."""
        self.close_servers()
