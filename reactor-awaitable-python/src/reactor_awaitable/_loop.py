"""The asyncio event loop that a Java loop thread drives.

``DrivenLoop`` is asyncio's own Unix selector event loop: asyncio schedules
callbacks, runs the C ``Task`` steps, keeps the timer heap and does all socket,
pipe and subprocess I/O through ``add_reader``/``add_writer``. What differs
from ``asyncio.run`` is who decides *when* a step happens: instead of blocking
in its selector, the loop is stepped by :meth:`DrivenLoop.run_ready`, called
from the owning thread whenever something it waits for has happened, and it
tells the caller when its next timer is due.

Its selector (:class:`SteppingSelector`) never blocks inside an iteration, and
does not poll at all while no file descriptor but the loop's own wake-up pipe
is registered, so coroutines that do no I/O pay nothing for it. When the owner
is idle and descriptors are registered, it waits in :meth:`DrivenLoop.idle_wait`
(the selector's real poll, the GIL released); the readiness found there is
handed to the next iteration instead of being polled again.

Wake-ups from other threads (``call_soon_threadsafe``) go to an outside
``wake`` callback; threads that the owner marks as not its own (threads Python
started itself) use ``foreign_wake`` instead, so that a Java owner is never
called from a thread it did not create. Signal handlers are not supported: the
owning thread is not Python's main thread.
"""

import collections
import contextvars
import os
import selectors
import sys
import threading
import time
from asyncio import base_events, events, unix_events

from ._loop_services import LoopThreadServices, TimedCallback, settle
from ._selector import SteppingSelector

__all__ = ["DrivenLoop"]

# Upper bound on _run_once iterations per run_ready call, so a coroutine that
# yields forever (while True: await asyncio.sleep(0)) cannot keep the caller
# from taking new work and emitting results.
DEFAULT_STEP_BUDGET = 256


# The fields Handle.__init__ sets (CPython 3.11-3.13). call_soon below builds handles in place only
# while asyncio's Handle has exactly these slots; another layout falls back to asyncio's own code.
_HANDLE_SLOTS = ("_callback", "_args", "_cancelled", "_loop", "_source_traceback", "_repr",
                 "__weakref__", "_context")
_BUILD_HANDLES_IN_PLACE = sorted(getattr(events.Handle, "__slots__", ())) == sorted(_HANDLE_SLOTS)
_new_handle = events.Handle.__new__
_Handle = events.Handle
_copy_context = contextvars.copy_context


_own_threads = threading.local()


def mark_own_thread() -> None:
    """Mark the calling thread as one of the owner's: its wake-ups go to ``wake``, not ``foreign_wake``."""
    _own_threads.marked = True


class DrivenLoop(LoopThreadServices, unix_events.SelectorEventLoop):
    """An asyncio event loop stepped from outside rather than by ``run_forever``.

    :param clock: returns the loop time in seconds; the driver may swap it
        (``set_clock``), e.g. to a virtual clock in tests.
    :param wake: thread-safe callable that makes the owner call
        :meth:`run_ready` soon; called by ``call_soon_threadsafe``. The owner must also end an
        :meth:`idle_wait` in progress, which :meth:`interrupt_idle_wait` does (or a write to
        :attr:`wake_fd`). When None, ``call_soon_threadsafe`` just ends the idle wait.
    :param blocking_submit: see :class:`LoopThreadServices`.
    :param foreign_wake: when given, what ``call_soon_threadsafe`` calls instead of ``wake`` on a
        thread not marked with :func:`mark_own_thread`; it must not call into Java (Jep would attach
        the thread to the JVM for good).

    Threads: :meth:`attach`, :meth:`run_ready`, :meth:`idle_wait`, :meth:`detach` and every
    non-threadsafe loop method must be called on the owning thread only.
    """

    def __init__(self, clock=time.monotonic, wake=None, blocking_submit=None, foreign_wake=None):
        self._settlements = collections.deque()
        self._clock = clock
        self._wake = wake
        self._foreign_wake = foreign_wake
        self.blocking_submit = blocking_submit
        self._track_servers()
        super().__init__(SteppingSelector())

    # -- what asyncio asks of a loop -------------------------------------------------

    def time(self):
        return self._clock()

    def set_clock(self, clock) -> None:
        """Replace the clock that ``time()`` reads (owning thread only)."""
        self._clock = clock

    def detect_slow_steps(self, threshold_seconds, report) -> None:
        """Time every callback (so every Task step) and report those of ``threshold_seconds`` or more.

        ``report(name, seconds, stack)`` gets the coroutine's qualified name and its stack where it
        yielded. Costs two clock reads per callback, so it is off unless asked for.
        """
        self._slow_threshold = threshold_seconds
        self._slow_report = report
        # Every ready callback (a Task step, a future's done callback) is scheduled through
        # _call_soon, from call_soon and call_soon_threadsafe alike. The wrapper is set on the
        # instance only here: with the detector off, scheduling stays asyncio's own code path.
        self._call_soon = self._timed_call_soon
        self._timing_steps = True
        self._choose_call_soon_path()

    _timing_steps = False

    # Whether call_soon builds handles in place: one flag for its per-step test, kept up to date
    # by whatever changes what it depends on (debug mode, the slow-step detector, close()).
    _handles_in_place = False

    def _choose_call_soon_path(self):
        self._handles_in_place = _BUILD_HANDLES_IN_PLACE and not (
            self._closed or self._debug or self._timing_steps)

    def set_debug(self, enabled):
        super().set_debug(enabled)
        self._choose_call_soon_path()

    def close(self):
        super().close()
        self._choose_call_soon_path()

    _at_once = None

    def run_at_once(self, callback) -> None:
        """Make :meth:`call_soon` run ``callback`` the moment it is scheduled, instead of queueing it.

        For one callback that only records its argument (the driver's ``list.append`` of ended
        tasks, which it adds to each task with ``add_done_callback``): it must not raise and must not
        run user code, because it runs inside whatever scheduled it, e.g. the step of a task that
        just ended. It is recognised by identity, so pass that same object to
        ``add_done_callback`` (``ended.append`` makes a new bound method each time). Owning thread
        only.
        """
        self._at_once = callback

    def call_soon(self, callback, *args, context=None):
        if callback is self._at_once:
            callback(*args)
            return None
        # Every Task step and every future's done callback is scheduled here (the C Task and
        # Future call loop.call_soon). asyncio's version goes through _call_soon and
        # Handle.__init__: three Python frames and a get_debug() call per callback. This builds
        # the same Handle with the same fields in place: 10-15% more asyncio.sleep(0) steps per
        # second. Debug mode, the slow-step detector and a closed loop take asyncio's own path.
        if not self._handles_in_place:
            return super().call_soon(callback, *args, context=context)
        handle = _new_handle(_Handle)
        handle._context = _copy_context() if context is None else context
        handle._loop = self
        handle._callback = callback
        handle._args = args
        handle._cancelled = False
        handle._repr = None
        handle._source_traceback = None
        self._ready.append(handle)
        return handle

    def call_at(self, when, callback, *args, context=None):
        # A NaN deadline would sit in the timer heap comparing false with every other one, so it
        # would never run and could hide the timers behind it: refuse it where it was set.
        if when != when:
            raise ValueError(f"cannot schedule {callback!r} at a NaN loop time: give a number of "
                             "seconds (math.inf waits for ever)")
        return super().call_at(when, callback, *args, context=context)

    def _timed_call_soon(self, callback, args, context):
        return base_events.BaseEventLoop._call_soon(self, TimedCallback(callback, self), args, context)

    def _write_to_self(self):
        # call_soon_threadsafe() appends to _ready and then calls this: the
        # owner must run run_ready() soon to pick the callback up. One wake per
        # run_ready is enough (a burst of completions from worker threads would
        # otherwise make a call into Java each): the flag is read and set under
        # the GIL and cleared when run_ready starts, so a callback added after
        # that point always wakes the owner again.
        if not self._wake_pending:
            self._wake_pending = True
            if self._foreign_wake is not None and not getattr(_own_threads, "marked", False):
                self._foreign_wake()
            elif self._wake is not None:
                self._wake()
            else:
                self.interrupt_idle_wait()

    _wake_pending = False

    def settle_threadsafe(self, future, result, error) -> None:
        """From any thread: give ``future`` (of this loop) ``error`` if not None, else ``result``.

        What a blocking worker does when its job ends. It is ``call_soon_threadsafe`` of a settling
        callback, less a ``Handle``, a context copy and three Python frames per job, on a thread
        that holds the GIL among hundreds of others waiting for it. The futures are settled at the
        start of the next :meth:`run_ready`, before its first iteration, so the tasks they wake run
        in that same iteration; a future cancelled meanwhile is left alone.
        """
        if self._closed:
            raise RuntimeError("Event loop is closed")
        self._settlements.append((future, result, error))  # deque.append: atomic under the GIL
        self._write_to_self()

    def _settle_pending(self):
        settlements = self._settlements
        while settlements:
            settle(*settlements.popleft())

    # -- the wake-up pipe, the idle wait ------------------------------------------------

    def _make_self_pipe(self):
        # A pipe rather than asyncio's socket pair: a Java owner writes to it through
        # /proc/self/fd/<wake_fd>, which reopens a pipe but not a socket. Registered as the loop's
        # own descriptor, so it alone does not make iterations poll.
        self._wake_r, self._wake_w = os.pipe()
        os.set_blocking(self._wake_r, False)
        os.set_blocking(self._wake_w, False)
        self._internal_fds += 1
        handle = events.Handle(self._read_from_self, (), self, None)
        self._selector.register_own(self._wake_r, selectors.EVENT_READ, (handle, None))

    def _close_self_pipe(self):
        self._selector.unregister_own(self._wake_r)
        os.close(self._wake_r)
        os.close(self._wake_w)
        self._internal_fds -= 1

    def _read_from_self(self):
        while True:
            try:
                if not os.read(self._wake_r, 4096):
                    return
            except InterruptedError:
                continue
            except BlockingIOError:
                return

    @property
    def wake_fd(self) -> int:
        """The write end of the loop's wake-up pipe: a byte written to it ends :meth:`idle_wait`."""
        return self._wake_w

    def interrupt_idle_wait(self) -> None:
        """From any thread: end an :meth:`idle_wait` in progress, or the next one."""
        try:
            os.write(self._wake_w, b"\0")
        except BlockingIOError:
            pass  # the pipe is full: the wait ends anyway

    @property
    def waits_on_io(self) -> bool:
        """Whether a descriptor besides the wake-up pipe is registered: then the owner, when idle,
        should wait in :meth:`idle_wait` rather than on its own."""
        return self._selector.waits_on_io

    def idle_wait(self, timeout=None) -> bool:
        """Wait until a registered descriptor is ready (a write to :attr:`wake_fd` included) or
        ``timeout`` seconds pass (None: no limit). What it finds runs in the next :meth:`run_ready`.
        Owning thread only; the GIL is released while it waits."""
        return self._selector.idle_wait(timeout)

    # -- servers and connections left open --------------------------------------------------

    def close_connections(self) -> None:
        """Close every server and abort every transport still open (sockets, pipes): what a closing
        owner does after its coroutines had their chance to clean up. Run :meth:`run_ready` after it,
        so the protocols hear ``connection_lost``."""
        self.close_servers()
        for transport in list(self._transports.values()):
            if transport is not None and not transport.is_closing():
                transport.abort()

    # -- driving ---------------------------------------------------------------------

    def attach(self) -> None:
        """Make this the running loop of the calling thread until :meth:`detach`.

        The owning thread runs nothing but this loop, so the running-loop
        state is set once for the thread's life rather than around each step.
        """
        if self._thread_id is not None:
            raise RuntimeError("this loop is already attached to a thread")
        self._check_closed()
        self._thread_id = threading.get_ident()
        self._old_agen_hooks = sys.get_asyncgen_hooks()
        sys.set_asyncgen_hooks(firstiter=self._asyncgen_firstiter_hook,
                               finalizer=self._asyncgen_finalizer_hook)
        events._set_running_loop(self)

    def detach(self) -> None:
        """Undo :meth:`attach`; the loop can then be closed."""
        events._set_running_loop(None)
        sys.set_asyncgen_hooks(*self._old_agen_hooks)
        self._thread_id = None

    def run_ready(self, budget: int = DEFAULT_STEP_BUDGET, enough=None) -> bool:
        """Move due timers to the ready queue and run ready callbacks.

        Runs asyncio's own ``_run_once`` (the only place callbacks run) until
        nothing is ready, ``budget`` iterations have passed, or ``enough()``
        (checked between iterations, when given) is true. Returns True when
        callbacks are still ready, i.e. the caller should call again without
        waiting.
        """
        self._wake_pending = False
        if self._settlements:
            self._settle_pending()
        iterations = 0
        while True:
            try:
                self._run_once()
            except (SystemExit, KeyboardInterrupt) as exc:
                self._contain(exc)
            iterations += 1
            if not (self._ready and iterations < budget and (enough is None or not enough())):
                return bool(self._ready)

    def next_deadline(self):
        """Loop time of the earliest live timer, or ``None`` when there is none."""
        scheduled = self._scheduled
        while scheduled and scheduled[0]._cancelled:
            # Drop cancelled timers at the head so the owner is not woken for them.
            self._timer_cancelled_count -= 1
            handle = base_events.heapq.heappop(scheduled)
            handle._scheduled = False
        return scheduled[0]._when if scheduled else None

    # -- what this loop cannot do -----------------------------------------------------

    def run_forever(self):
        raise RuntimeError(
            "this event loop is driven by a reactor-awaitable loop thread; "
            "do not run it yourself (start coroutines from Java or with asyncio.create_task)")

    def run_until_complete(self, future):
        self.run_forever()
