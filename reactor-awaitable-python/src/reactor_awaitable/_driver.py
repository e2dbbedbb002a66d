"""The Python half of a Java loop thread: commands in, outcomes out, in batches.

Each Java loop thread owns one :class:`LoopDriver` in its own interpreter's
globals and calls :meth:`LoopDriver.drain` whenever it is woken. One drain:

1. applies the batch of commands Java collected (start a call, cancel one),
2. runs due timers and ready callbacks through asyncio (``DrivenLoop``),
3. returns ``[has_ready, next_deadline, live_calls, id, kind, payload, ...]``:
   the outcomes of calls that ended, which Java then emits to subscribers
   after the GIL is released.

State shared by all loops of one Java ``PythonRuntime`` (the blocking-worker
pool) lives in :class:`RuntimeState`, keyed by the runtime's id, because the
interpreters of one JVM share ``sys.modules`` and so this module.
"""

import asyncio
import functools
import sys
import threading
import time

from ._blocking import BlockingPool
from ._convert import check_result, from_java
from ._errors import describe
from ._loop import DrivenLoop
from ._targets import resolve

# Command opcodes (Java: dev.awaitable.reactor.loop.LoopThread).
OP_START = 0
OP_CANCEL = 1

# Outcome kinds.
OUT_VALUE = 0
OUT_ERROR = 1
OUT_CANCELLED = 2

_runtimes = {}
_runtimes_lock = threading.Lock()


class RuntimeState:
    """What the loops of one Java runtime share."""

    def __init__(self, spawn_worker, max_workers, queue_capacity, idle_seconds):
        self.pool = BlockingPool(spawn_worker, max_workers, queue_capacity, idle_seconds)
        self.open_loops = 0


def open_runtime(runtime_id, workers, max_workers, queue_capacity, idle_seconds, python_paths):
    """Register a runtime (idempotent per id); prepend ``python_paths`` to ``sys.path``.

    :param workers: the Java ``BlockingWorkers``; its ``spawn()`` starts one worker thread.
    """
    with _runtimes_lock:
        if runtime_id not in _runtimes:
            _runtimes[runtime_id] = RuntimeState(workers.spawn, int(max_workers), int(queue_capacity),
                                                 float(idle_seconds))
        for path in reversed([str(p) for p in python_paths]):
            if path not in sys.path:
                sys.path.insert(0, path)
        return _runtimes[runtime_id]


def serve_blocking(runtime_id) -> None:
    """Body of a Java blocking-worker thread: serve the runtime's pool until told to stop."""
    with _runtimes_lock:
        state = _runtimes.get(runtime_id)
    if state is not None:
        state.pool.serve()


class LoopDriver:
    """Drives one :class:`DrivenLoop` on the calling (Java loop) thread.

    :param waker: Java object whose ``wake()`` makes the loop thread drain soon
        (thread-safe, callable from any thread).
    :param clock: Java object whose ``nowSeconds()`` reads the timer
        scheduler's clock; used while that clock is virtual.
    """

    def __init__(self, runtime_id, waker, clock):
        self._runtime_id = runtime_id
        self._runtime = _runtimes[runtime_id]
        self._java_now = clock.nowSeconds
        self._virtual = False
        self.loop = DrivenLoop(time.monotonic, waker.wake)
        self.loop.blocking_submit = functools.partial(self._runtime.pool.submit, self.loop)
        self.tasks = {}
        self._outbox = []
        with _runtimes_lock:
            self._runtime.open_loops += 1
        self.loop.attach()

    # -- the drain ---------------------------------------------------------------------

    def drain(self, commands, virtual_clock):
        """Apply ``commands``, run what is ready, return the outcome batch (see module doc)."""
        if virtual_clock != self._virtual:
            # Reactor's own schedulers read a millisecond wall clock; a scheduler with a
            # clock of its own (virtual time in tests) is read through Java instead.
            self._virtual = virtual_clock
            self.loop.set_clock(self._java_now if virtual_clock else time.monotonic)
        if commands is not None:
            self._apply(commands)
        has_ready = self.loop.run_ready()
        batch = [has_ready, self.loop.next_deadline(), len(self.tasks)]
        if self._outbox:
            batch += self._outbox
            self._outbox = []
        return batch

    def _apply(self, commands):
        i, n = 0, len(commands)
        while i < n:
            op = commands[i]
            if op == OP_START:
                self._start(commands[i + 1], commands[i + 2], commands[i + 3])
                i += 4
            elif op == OP_CANCEL:
                task = self.tasks.get(commands[i + 1])
                if task is not None:
                    task.cancel()
                i += 2
            else:
                raise ValueError(f"unknown command {op!r}")

    def _start(self, call_id, target, java_args):
        try:
            fn = resolve(target)
            args = [from_java(a) for a in java_args] if java_args is not None else ()
        except BaseException as exc:  # noqa: BLE001 - reported to the subscriber
            self._outbox += (call_id, OUT_ERROR, describe(exc))
            return
        try:
            result = fn(*args)
        except TypeError as exc:
            if exc.__traceback__ is not None and exc.__traceback__.tb_next is None:
                # Raised by the call itself (wrong number or names of arguments), not inside fn.
                err = TypeError(f"calling '{target}' with {len(args)} argument(s) failed: {exc}")
                self._outbox += (call_id, OUT_ERROR, describe(err))
            else:
                self._outbox += (call_id, OUT_ERROR, describe(exc))
            return
        except BaseException as exc:  # noqa: BLE001
            self._outbox += (call_id, OUT_ERROR, describe(exc))
            return
        if asyncio.iscoroutine(result):
            task = self.loop.create_task(result, name=target)
        elif hasattr(result, "__await__"):
            task = asyncio.ensure_future(result, loop=self.loop)
        else:  # a plain function: its return value is the result
            self._finish_value(call_id, result)
            return
        self.tasks[call_id] = task
        task.add_done_callback(functools.partial(self._on_done, call_id))

    def _on_done(self, call_id, task):
        self.tasks.pop(call_id, None)
        if task.cancelled():
            self._outbox += (call_id, OUT_CANCELLED, None)
            return
        exc = task.exception()
        if exc is not None:
            self._outbox += (call_id, OUT_ERROR, describe(exc))
        else:
            self._finish_value(call_id, task.result())

    def _finish_value(self, call_id, value):
        try:
            check_result(value)
        except TypeError as exc:
            self._outbox += (call_id, OUT_ERROR, describe(exc))
            return
        self._outbox += (call_id, OUT_VALUE, value)

    # -- shutdown ----------------------------------------------------------------------

    def begin_shutdown(self) -> None:
        """Cancel every live call; the drains that follow let them run their cleanup."""
        for task in list(self.tasks.values()):
            task.cancel()

    def abandon(self):
        """Close the coroutines that are still alive after the grace period.

        ``coroutine.close()`` raises ``GeneratorExit`` at the await point, so
        their ``finally`` blocks still run. Returns the outcome batch.
        """
        for call_id, task in list(self.tasks.items()):
            try:
                task.get_coro().close()
            except BaseException:  # noqa: BLE001 - nothing left to report it to
                pass
            self.tasks.pop(call_id, None)
            self._outbox += (call_id, OUT_CANCELLED, None)
        batch, self._outbox = self._outbox, []
        return [False, None, 0] + batch

    def close(self) -> None:
        """Finish async generators, detach and close the loop; stop the pool with the last loop."""
        loop = self.loop
        closing = loop.create_task(loop.shutdown_asyncgens())
        for _ in range(1000):
            if closing.done():
                break
            loop.run_ready()
        loop.detach()
        loop.close()
        with _runtimes_lock:
            self._runtime.open_loops -= 1
            last = self._runtime.open_loops == 0
            if last:
                del _runtimes[self._runtime_id]
        if last:
            self._runtime.pool.stop()
