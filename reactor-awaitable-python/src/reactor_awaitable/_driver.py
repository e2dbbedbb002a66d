"""The Python half of a Java loop thread: commands in, outcomes out, in batches.

Each Java loop thread owns one :class:`LoopDriver` in its own interpreter's
globals and calls :meth:`LoopDriver.drain` whenever it is woken. One drain:

1. applies the batch of commands Java collected: start a call, cancel one,
   add downstream demand to a stream, deliver a signal from a Java publisher,
2. runs due timers and ready callbacks through asyncio (``DrivenLoop``),
3. writes the outcome header into Java's outcome buffer (its layout and
   the numbers of commands and outcomes are in ``_protocol``): has ready,
   next deadline, live calls, waits on I/O, count, then ``id, kind, value``
   per outcome, and returns ``payloads`` (or None when
   there are none): in order, the payloads of the outcomes that have one,
   batches of stream items and the results of calls that ended, which Java
   then emits to subscribers after the GIL is released. A result that is None
   or an int64 travels in ``value`` instead (``OUT_NONE``, ``OUT_INT``), so
   the commonest results cross with no list at all. (Jep converts a list
   element by element at about a microsecond each.)

The numbers cross both ways through two direct, native-order Java buffers
that Python reads and writes in place through a ``memoryview``: the command
codes (Java passes the buffer again only when it replaced it with a bigger
one) and the outcome header (Python asks Java for a bigger one through
``waker.outcomeBuffer(longs)`` when it does not fit). Nothing is converted
element by element or copied into a new Java array.

State shared by all loops of one Java ``PythonRuntime`` (the blocking-worker
pool) is in ``_runtimes``; stream calls are pumped by ``_streams.StreamPumps``.
"""

import array
import asyncio
import contextvars
import functools
import sys
import threading
import time
import types
import weakref
from asyncio.base_events import MAXIMUM_SELECT_TIMEOUT

from . import _context, _guard, _per_loop, _runtimes
from ._convert import from_java, unconvertible_argument
from ._to_java import json_text, to_java
from ._errors import describe
from ._loop import DrivenLoop, mark_own_thread
from ._publishers import PublisherBridge
from ._streams import StreamPumps, packed_items
from ._targets import Plain, call_target, resolve, single_value

from ._protocol import (ARG_FLOAT, ARG_INT, HEAD_BLOCKING_QUEUED, HEAD_COUNT, HEAD_DEADLINE, HEAD_HAS_READY,
                        HEAD_LIVE, HEAD_SIZE, HEAD_TIMERS, HEAD_WAITS_ON_IO, OP_CANCEL, OP_REQUEST, OP_SIGNAL, OP_START, OUT_CANCELLED,
                        OUT_DOUBLES, OUT_ERROR, OUT_INT, OUT_JSON, OUT_LONGS, OUT_NONE, OUT_REQUEST, OUT_STRINGS,
                        START_JSON_RESULT, START_WITH_CONTEXT,
                        OUT_VALUE, OUT_VALUE_DOUBLES, OUT_VALUE_LONGS, OUT_VALUE_STRINGS)

_AS_VALUE = {OUT_LONGS: OUT_VALUE_LONGS, OUT_DOUBLES: OUT_VALUE_DOUBLES, OUT_STRINGS: OUT_VALUE_STRINGS}
# A list result at least this long whose elements are all int, all float or all str crosses packed
# (Jep converts a list at ~1 µs an element while holding the GIL: 1,536 floats took ~2 ms).
_PACK_RESULTS_FROM = 16

_MIN_INT64, _MAX_INT64 = -(1 << 63), (1 << 63) - 1

# Loop times (seconds) below this fit the outcome header's int64 nanoseconds as they are. A later
# deadline (math.inf from asyncio.sleep(math.inf), 1e10 s) goes out as a wake-up 24 h from now,
# asyncio's own longest select: that drain finds nothing due and sends the timer on again.
_FAR_DEADLINE = 1e9

_CoroutineType = types.CoroutineType
_Task = asyncio.Task

_drivers = weakref.WeakSet()  # the live drivers of this process, for debug_state()


def debug_state() -> str:
    """A diagnostic snapshot of every live loop driver: calls, stream demand, Java subscriptions.

    Reads another thread's loop without locking (it is for looking at a stalled loop); the test
    suite prints it when a Reactive Streams TCK rule fails.
    """
    import io
    lines = []
    for driver in list(_drivers):
        streams = driver._pumps.describe()
        receivers = {k: f"{type(r).__name__} items={len(getattr(r, 'items', ()))} "
                        f"terminated={getattr(r, 'terminated', None)}" for k, r in driver._bridge._receivers.items()}
        lines.append(f"runtime {driver._runtime_id}: calls={sorted(driver.tasks)} streams={streams} "
                     f"java_subscriptions={receivers} ready={len(getattr(driver.loop, '_ready', ()))} "
                     f"timers={len(getattr(driver.loop, '_scheduled', ()))}")
        for call_id, task in driver.tasks.items():
            out = io.StringIO()
            task.print_stack(file=out)
            lines.append(f"call {call_id}: {out.getvalue()}")
    return "\n".join(lines)


class LoopDriver:
    """Drives one :class:`DrivenLoop` on the calling (Java loop) thread.

    :param waker: Java object whose ``wake()`` makes the loop thread drain soon
        (thread-safe, callable from any thread) and whose ``outcomeBuffer(longs)`` returns a
        direct buffer of at least that many int64s for the outcome header (loop thread only).
    :param clock: Java object whose ``nowSeconds()`` reads the timer
        scheduler's clock; used while that clock is virtual.
    :param java_bridge: the loop's Java ``PublisherBridge``, through which
        coroutines subscribe to Java publishers.
    :param slow_step_seconds: when >= 0, a step that runs longer is reported to
        ``waker.logSlowStep(name, seconds, stack)``.
    :param loop_number: the loop's number for ``ForeignWakeRelay``; when given, threads Java did not
        create wake the loop through the relay's pipe instead of calling ``waker.wake()``.
    """

    def __init__(self, runtime_id, waker, clock, java_bridge, slow_step_seconds=-1.0, loop_number=None):
        self._runtime_id = runtime_id
        self._runtime = _runtimes.loop_opened(runtime_id)
        self._java_now = clock.nowSeconds
        self._virtual = False
        self.relay_pipe = None  # [read fd, pipe id] of the foreign-wake pipe, for Java's reader
        mark_own_thread()
        self.loop = self._open_loop(waker, loop_number)
        self.loop.blocking_submit = functools.partial(self._runtime.pool.submit, self.loop)
        self.loop.publisher_bridge = self._bridge = PublisherBridge(java_bridge, self._request_upstream)
        self.tasks = {}
        self._targets = []  # by index, as LoopThread numbers them
        self._resolved = {}  # target -> callable, for this loop's life
        self._json_calls = set()  # ids of running tasks whose caller reads the result with Jackson
        self._shutting_down = False
        self._call_ids = {}  # task -> call id, for the tasks in self.tasks
        self._ended = []  # tasks that ended in this drain, in order; reported at its end
        self._note_ended = self._ended_hook()  # every task's done callback
        self.loop.owns_exception = self._ended_with
        self._heads = array.array("q")  # id, kind, value of each outcome of this drain
        self._requests = array.array("q")  # the drain's OUT_REQUEST outcomes, which go last
        self._payloads = []
        self._pumps = StreamPumps(self.loop, self._emit)
        self._codes = None  # int64 view of Java's command-code buffer
        self._code_floats = None  # float64 view of the same buffer, for ARG_FLOAT slots
        self._outcomes = None  # int64 view of Java's outcome buffer
        self._outcome_buffer = waker.outcomeBuffer
        if slow_step_seconds >= 0:
            self.loop.detect_slow_steps(slow_step_seconds, waker.logSlowStep)
        _guard.mark_loop_thread()
        self.loop.attach()
        _drivers.add(self)

    def _open_loop(self, waker, loop_number):
        """The loop this driver steps: a :class:`DrivenLoop` whose ``call_soon_threadsafe`` wakes the
        Java loop thread (threads Java did not create go through the foreign-wake relay's pipe)."""
        foreign_wake = None
        if loop_number is not None:
            self.relay_pipe = _runtimes.foreign_wakes.acquire()
            foreign_wake = functools.partial(_runtimes.foreign_wakes.wake, int(loop_number), waker.wake)
        return DrivenLoop(time.monotonic, waker.wake, foreign_wake=foreign_wake)

    def _ended_hook(self):
        """Every task's done callback: ``self._ended.append``, which the loop runs the moment a task
        schedules it (``DrivenLoop.run_at_once``)."""
        note = self._ended.append
        self.loop.run_at_once(note)
        return note


    # -- the drain ---------------------------------------------------------------------

    def drain(self, code_count, code_buffer, objects, virtual_clock):
        """Apply the commands, run what is ready, write the outcome header and return the payloads
        (see module doc).

        :param code_count: how many int64 command codes Java wrote into its code buffer
        :param code_buffer: that buffer when Java replaced it since the last drain, else None
        :param objects: the commands' objects (a Java ``Object[]``), or None; see :meth:`_apply`
        """
        if virtual_clock != self._virtual:
            # Reactor's own schedulers read a millisecond wall clock; a scheduler with a
            # clock of its own (virtual time in tests) is read through Java instead.
            self._virtual = virtual_clock
            self.loop.set_clock(self._java_now if virtual_clock else time.monotonic)
        if code_buffer is not None:
            self._use_code_buffer(code_buffer)
        if code_count:
            self._apply(self._codes[:code_count].tolist(), objects)
        has_ready = self.loop.run_ready(enough=self._pumps.batch_is_full)
        if self._ended:
            self._report_ended()
        self._pumps.flush()
        return self._batch(has_ready)

    def _use_code_buffer(self, code_buffer):
        """Read the command codes from ``code_buffer`` (Java's, replaced when it grew) from now on."""
        self._codes = memoryview(code_buffer).cast("q")
        self._code_floats = memoryview(code_buffer).cast("d")

    def wake_fd(self) -> int:
        """The write end of the loop's wake-up pipe, which Java writes to end :meth:`idle_wait`."""
        return self.loop.wake_fd

    def wait_and_drain(self, timeout_seconds, virtual_clock):
        """Wait in the loop's selector until a descriptor is ready, the wake-up pipe is written or
        ``timeout_seconds`` pass (negative: no limit), the GIL free meanwhile; then drain with no
        commands (Java has none: any that came during the wait wrote the pipe and go in the next
        drain). One crossing per wake-up on a socket instead of a wait and a drain."""
        self.loop.idle_wait(None if timeout_seconds < 0 else timeout_seconds)
        return self.drain(0, None, None, virtual_clock)

    def _request_upstream(self, key, n):
        # With the outcomes, not by a call into Java: that would give up the GIL in mid-drain. After
        # the drain's items (see _batch), so a stage that requests an input per item it emitted never
        # has more requested than emitted plus its window, as Java counts them.
        self._requests.extend((key, OUT_REQUEST, n))

    def _batch(self, has_ready):
        heads = self._heads
        if self._requests:
            heads.extend(self._requests)
            del self._requests[:]
        end = HEAD_SIZE + len(heads)
        out = self._outcomes
        if out is None or len(out) < end:
            out = self._outcomes = memoryview(self._outcome_buffer(end)).cast("q")
        out[HEAD_HAS_READY] = 1 if has_ready else 0
        self._write_loop_state(out)
        out[HEAD_LIVE] = self._live()
        out[HEAD_COUNT] = len(heads) // 3
        out[HEAD_BLOCKING_QUEUED] = self._runtime.pool.queued()
        if heads:
            out[HEAD_SIZE:end] = heads
            del heads[:]
        payloads = self._payloads
        if not payloads:
            return None
        self._payloads = []
        return payloads

    def _write_loop_state(self, out):
        """The header's slots that describe the loop: its next timer, whether it waits on I/O, its timers."""
        deadline = self.loop.next_deadline()
        if deadline is None:
            out[HEAD_DEADLINE] = -1
        elif deadline < _FAR_DEADLINE:
            out[HEAD_DEADLINE] = int(deadline * 1e9)
        else:
            out[HEAD_DEADLINE] = int(min(deadline, self.loop.time() + MAXIMUM_SELECT_TIMEOUT) * 1e9)
        out[HEAD_WAITS_ON_IO] = 1 if self.loop.waits_on_io else 0
        out[HEAD_TIMERS] = len(self.loop._scheduled)

    def _emit(self, call_id, kind, payload):
        self._heads.extend((call_id, kind, 0))
        self._payloads.append(payload)

    def _apply(self, codes, java_objects):
        """Apply one batch of commands.

        ``codes`` (a list of ints) holds the numbers of each command, ``java_objects`` (a Java
        ``Object[]`` or None) the objects, in order; the layout is described at
        ``_protocol``. The objects are copied once: indexing a Java array from Python
        costs a JNI call per element.
        """
        objects = list(java_objects) if java_objects is not None else ()
        i, o, n = 0, 0, len(codes)
        while i < n:
            op = codes[i]
            if op == OP_START:
                call_id, prefetch, target_index, new_target, arg_count, flags = codes[i + 1:i + 7]
                i += 7
                if new_target:
                    self._targets.append(objects[o])
                    o += 1
                args = []
                unconvertible = None
                for _ in range(arg_count):
                    if codes[i] == ARG_INT:
                        args.append(codes[i + 1])
                        i += 2
                    elif codes[i] == ARG_FLOAT:
                        args.append(self._code_floats[i + 1])
                        i += 2
                    else:
                        try:
                            args.append(from_java(objects[o]))
                        except Exception as exc:  # noqa: BLE001 - a cyclic or too deeply nested argument
                            unconvertible = unconvertible or (len(args), exc)
                        o += 1
                        i += 1
                context_view = None
                if flags & START_WITH_CONTEXT:
                    context_view = objects[o]
                    o += 1
                target = self._targets[target_index]
                if unconvertible is not None:
                    self._refuse_argument(call_id, target, *unconvertible)
                else:
                    self._start(call_id, target, args, prefetch, context_view, flags & START_JSON_RESULT)
            elif op == OP_REQUEST:
                self._pumps.add_demand(codes[i + 1], codes[i + 2])
                i += 3
            elif op == OP_CANCEL:
                task = self.tasks.get(codes[i + 1])
                if task is not None:
                    task.cancel()
                i += 2
            elif op == OP_SIGNAL:
                self._bridge.on_java_signal(codes[i + 1], codes[i + 2], objects[o])
                i += 3
                o += 1
            else:
                raise ValueError(f"unknown command {op!r}")

    def _refuse_argument(self, call_id, target, position, error):
        """Fail a call whose argument could not become a Python value, without starting it."""
        self._emit(call_id, OUT_ERROR, describe(unconvertible_argument(target, position, error)))

    def _start(self, call_id, target, args, mode, context_view, as_json=False):
        context = None
        if context_view is not None:
            context = contextvars.copy_context()
            context.run(_context.bind, context_view)
        try:
            fn = self._resolved.get(target)
            if fn is None:
                fn = self._resolved[target] = resolve(target)
            result = context.run(call_target, fn, target, args) if context is not None else call_target(fn, target, args)
        except BaseException as exc:  # noqa: BLE001 - reported to the subscriber
            self._emit(call_id, OUT_ERROR, describe(exc))
            return
        if mode < 0 and result.__class__ is _CoroutineType:
            awaitable = result  # the common case, with no more checks
        else:
            awaitable = self._awaitable_for(call_id, target, result, mode, as_json)
            if awaitable is None:
                return
        loop = self.loop
        if awaitable.__class__ is _CoroutineType or asyncio.iscoroutine(awaitable):
            if loop.get_task_factory() is None:  # what loop.create_task does, without its frame
                task = _Task(awaitable, loop=loop, name=target, context=context)
            else:
                task = loop.create_task(awaitable, name=target, context=context)
        else:
            task = asyncio.ensure_future(awaitable, loop=loop)
        self.tasks[call_id] = task
        self._call_ids[task] = call_id
        if as_json:
            self._json_calls.add(call_id)
        task.add_done_callback(self._note_ended)

    def _awaitable_for(self, call_id, target, result, mode, as_json):
        """What to run for what ``target`` returned; None when the call has already ended and its
        outcome is emitted (a plain function's value, or an error)."""
        if mode < 0:
            awaitable = single_value(target, result)
        else:
            awaitable = self._stream(call_id, target, result, mode)
        if awaitable is None:
            return None
        if isinstance(awaitable, BaseException):
            self._emit(call_id, OUT_ERROR, describe(awaitable))
            return None
        if isinstance(awaitable, Plain):
            self._finish_value(call_id, awaitable.value, as_json)
            return None
        return awaitable

    def _ended_with(self, exc) -> bool:
        """Whether a task that ended in this drain failed with ``exc`` (so its call reports it)."""
        return any(not task.cancelled() and task.exception() is exc for task in self._ended)

    def _report_ended(self):
        """Report the calls whose tasks ended in this drain, in the order they ended.

        A task's done callback is ``self._ended.append``, which the loop runs the moment the task
        schedules it (``DrivenLoop.run_at_once``): a call's end costs no ``Handle``, no ``partial``
        and no loop iteration of its own, and its outcome leaves in the batch of the drain it ended in.
        """
        ended = self._ended
        call_ids = self._call_ids
        tasks = self.tasks
        json_calls = self._json_calls
        pumps = self._pumps
        try:
            for task in ended:
                call_id = call_ids.pop(task)
                tasks.pop(call_id, None)
                if pumps.streams:
                    pumps.ended(call_id)  # its items leave before its terminal signal
                as_json = call_id in json_calls
                if as_json:
                    json_calls.discard(call_id)
                if task.cancelled():
                    self._heads.extend((call_id, OUT_CANCELLED, 0))
                elif (exc := task.exception()) is not None:
                    self._emit(call_id, OUT_ERROR, describe(exc))
                else:
                    self._finish_value(call_id, task.result(), as_json)
        finally:
            ended.clear()  # never reported twice, even if reporting one failed

    def _stream(self, call_id, target, result, prefetch):
        """The pump coroutine of a stream call, or an error to report."""
        if not hasattr(result, "__aiter__"):
            if asyncio.iscoroutine(result):
                result.close()
            return TypeError(f"'{target}' returned a {type(result).__qualname__}, not an async generator "
                             "or async iterable; use AwaitableFlux.mono for a single value")
        return self._pumps.open(call_id, result, prefetch)

    def _finish_value(self, call_id, value, as_json=False):
        if as_json and value is not None:
            text = json_text(value)
            if text is not None:
                self._emit(call_id, OUT_JSON, text)
                return
        if value is None:
            self._heads.extend((call_id, OUT_NONE, 0))
            return
        if value.__class__ is int and _MIN_INT64 <= value <= _MAX_INT64:
            self._heads.extend((call_id, OUT_INT, value))
            return
        # A list only: a tuple result stays with Jep, which makes its own kind of List of it.
        if value.__class__ is list and len(value) >= _PACK_RESULTS_FROM:
            classes = set(map(type, value))
            if len(classes) == 1:
                kind, payload = packed_items(value, classes.pop())
                if kind in _AS_VALUE:
                    self._emit(call_id, _AS_VALUE[kind], payload)
                    return
        try:
            value = to_java(value)
        except TypeError as err:
            self._emit(call_id, OUT_ERROR, describe(err))
            return
        self._emit(call_id, OUT_VALUE, value)

    # -- shutdown ----------------------------------------------------------------------

    def begin_shutdown(self) -> None:
        """Cancel every task on the loop, the calls' and those their code started
        (``asyncio.create_task``), as ``asyncio.run`` does at its end; the drains that follow let them
        run their cleanup, and count the background ones as live until they end."""
        self._shutting_down = True
        cancelled = list(asyncio.all_tasks(self.loop))
        for task in cancelled:
            task.cancel()
        if _per_loop.holds_any(self.loop):
            self.loop.create_task(_close_per_loop(self.loop, cancelled), name="reactor-awaitable-close-per-loop")

    def _live(self) -> int:
        """Calls still running; while shutting down, tasks started by their code too."""
        if not self._shutting_down:
            return len(self.tasks)
        return len(self.tasks) + sum(1 for task in asyncio.all_tasks(self.loop) if task not in self._call_ids)

    def unfinished(self, limit: int = 20) -> str:
        """The tasks still alive, by name and coroutine (where it waits), for close()'s warning."""
        names = []
        for task in asyncio.all_tasks(self.loop):
            coro = task.get_coro()
            where = getattr(coro, "__qualname__", type(coro).__name__)
            frame = getattr(coro, "cr_frame", None)
            if frame is not None:
                where += f" at {frame.f_code.co_filename}:{frame.f_lineno}"
            call_id = self._call_ids.get(task)
            names.append(f"{task.get_name()} ({where})" + (f" [call {call_id}]" if call_id is not None else ""))
        names.sort()
        more = len(names) - limit
        return "; ".join(names[:limit]) + (f"; and {more} more" if more > 0 else "")

    def abandon(self):
        """Close the coroutines that are still alive after the grace period.

        ``coroutine.close()`` raises ``GeneratorExit`` at the await point, so
        their ``finally`` blocks still run. Writes the outcome header and returns the payloads,
        as :meth:`drain` does.
        """
        for task in asyncio.all_tasks(self.loop):  # the calls' and those their code started
            try:
                task.get_coro().close()
            except BaseException:  # noqa: BLE001 - nothing left to report it to
                pass
            # The task stays pending for ever now; asyncio would log "Task was destroyed but it is
            # pending!" when it is collected, about a coroutine that was closed on purpose.
            task._log_destroy_pending = False
        for call_id in self.tasks:
            self._heads.extend((call_id, OUT_CANCELLED, 0))
        self.tasks.clear()
        self._call_ids.clear()
        self._json_calls.clear()
        return self._batch(False)

    def close(self, grace_seconds: float = 0.0) -> bool:
        """Finish async generators, close the connections and servers left open, detach and close the
        loop; stop the pool with the last loop.

        :param grace_seconds: how long an isolated loop waits for its blocking workers to end
        :return: False when a blocking worker of an isolated loop is still running a job, so its
            interpreter must be left open (closing it would wait for that thread)
        """
        self._close_loop(grace_seconds)
        _forget_dummy_thread()
        workers_ended = _runtimes.loop_closed(self._runtime_id, grace_seconds)
        if self.relay_pipe is not None:
            _runtimes.foreign_wakes.release()  # after the workers, which wake the loop through it
        return workers_ended

    def _close_loop(self, grace_seconds: float) -> None:
        """Finish async generators, shut the default executor down, close what is still open, close the loop."""
        loop = self.loop
        closing = loop.create_task(loop.shutdown_asyncgens())
        for _ in range(1000):
            if closing.done():
                break
            loop.run_ready()
        shutdown_default_executor(loop, grace_seconds)
        loop.close_connections()
        loop.run_ready()
        loop.detach()
        loop.close()


async def _close_per_loop(loop, cancelled) -> None:
    """Close the loop's ``per_loop`` instances once the cancelled tasks' cleanup (which may still use
    them) has ended, while the loop still serves I/O; counted as live, so close() waits for it."""
    if cancelled:
        await asyncio.wait(cancelled)
    await _per_loop.close_all(loop)


def shutdown_default_executor(loop, grace_seconds: float) -> None:
    """Shut down the executor code set with ``loop.set_default_executor`` (the runtime's own blocking
    pool is the default otherwise), as ``asyncio.run`` does: queued jobs are dropped, running ones get
    ``grace_seconds`` to finish; one still running after that is named on stderr."""
    executor = loop.take_default_executor()
    if executor is None:
        return
    ending = threading.Thread(target=executor.shutdown, kwargs={"wait": True, "cancel_futures": True},
                              name="reactor-awaitable-default-executor-shutdown", daemon=True)
    ending.start()
    ending.join(max(grace_seconds, 0.1))
    if ending.is_alive():
        sys.stderr.write(f"reactor-awaitable: the loop's default executor {executor!r} still runs a job "
                         f"{grace_seconds} s after close(); left to finish on its own\n")


def _forget_dummy_thread() -> None:
    """Drop ``threading``'s record of this loop thread (a thread Java started) while ``threading`` is
    intact. Python 3.13 drops it when the thread's state is cleared, which for an isolated
    interpreter comes after its modules were cleared: an "Exception ignored" on stderr per close."""
    local_info = getattr(threading, "_thread_local_info", None)
    if local_info is not None:
        local_info.__dict__.pop("_track_dummy_thread_ref", None)
