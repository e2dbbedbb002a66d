"""The Python half of a Java loop thread that runs a uvloop loop (``EventLoopKind.UVLOOP``).

The default driver (``_driver.LoopDriver``) is stepped: Java calls ``drain`` once per wake-up. A
uvloop loop cannot be stepped from outside, so here the loop thread calls :meth:`UvloopDriver.serve`
once and stays inside uvloop's ``run_forever`` for its life, and the direction of the calls turns
round: Python calls Java.

- **Commands in.** Java writes one byte to the loop's wake-up pipe when it queues a command and none
  is waiting already (the Java side's ``woken`` flag, cleared as Python takes the commands); the
  pipe is a uvloop reader whose callback takes every queued command.
- **Outcomes out.** A call that ends, a stream's first buffered item, a request for more items of a
  Java publisher: each schedules one flush (``call_soon``) if none is scheduled, so everything that
  happened in one loop iteration leaves together, in the next one. A flush is one call into Java,
  ``LoopThread.exchange(payloads)``: Java delivers the outcomes (Jep gives the GIL up meanwhile, so
  Reactor's subscribers run without it) and hands back the commands queued so far, which are applied
  at once. Commands and outcomes thus share a crossing.
- **Shutdown** comes as a reply flag: every task is cancelled, and the loop stops once they all
  ended or the grace passed; Java then closes what is left, as with the default driver.

Blocking workers settle their futures with uvloop's own ``call_soon_threadsafe`` (libuv's async
handle), which needs no Java, from any thread.
"""

import os
from asyncio import events

from ._driver import LoopDriver, shutdown_default_executor
from ._protocol import (HEAD_DEADLINE, HEAD_TIMERS, HEAD_WAITS_ON_IO, REPLY_BUFFER_REPLACED, REPLY_CODE_COUNT,
                        REPLY_FLAGS, REPLY_SHUTDOWN)

__all__ = ["UvloopDriver"]

# While shutting down, how often the loop looks whether every task has ended (they usually end in the
# flush that reports them; tasks their code started are seen here).
_SHUTDOWN_POLL_SECONDS = 0.005
# How long close() lets async generators finish (aclose) before it closes the loop anyway.
_ASYNCGEN_CLOSE_SECONDS = 1.0


class UvloopDriver(LoopDriver):
    """Runs one :class:`~reactor_awaitable._uvloop.UvLoop` on the calling (Java loop) thread.

    :param waker: the Java ``LoopThread``: ``exchange(payloads)`` delivers a batch of outcomes and
        returns the commands' objects (their codes in its code buffer, the counts in the reply slots of
        the outcome buffer), ``commandBuffer()`` the code buffer, ``outcomeBuffer(longs)`` as for
        :class:`LoopDriver`.

    The other parameters are :class:`LoopDriver`'s (no foreign-wake relay: uvloop wakes itself).
    """

    def __init__(self, runtime_id, waker, clock, java_bridge, slow_step_seconds=-1.0):
        self._wake_r, self._wake_w = os.pipe()
        os.set_blocking(self._wake_r, False)
        self._flushing = False  # a flush is scheduled or running: what is added now goes with it
        self._grace_seconds = 0.0
        self._shutdown_deadline = None
        self._serving = False
        self._internal_error = None
        super().__init__(runtime_id, waker, clock, java_bridge, slow_step_seconds, None)
        self._exchange = waker.exchange
        self._command_buffer = waker.commandBuffer
        # The class's call_soon, untimed: the slow-step detector times coroutine steps, not flushes,
        # whose time is Java's delivery.
        self._schedule = type(self.loop).call_soon.__get__(self.loop)
        self._pumps.on_first_item = self._outcome_added

    def _open_loop(self, waker, loop_number):
        from ._uvloop import UvLoop  # raises the ImportError that names the pip command
        return UvLoop()

    def _ended_hook(self):
        ended = self._ended

        def note(task):
            ended.append(task)
            self._outcome_added()

        return note

    def _outcome_added(self):
        """Something joined the outcomes: send them soon (no drain's end sends them on this loop)."""
        if not self._flushing:
            self._flush_soon()

    def _emit(self, call_id, kind, payload):
        super()._emit(call_id, kind, payload)
        self._outcome_added()

    def _request_upstream(self, key, n):
        super()._request_upstream(key, n)
        self._outcome_added()

    def _flush_soon(self):
        self._flushing = True
        self._schedule(self._flush)

    def _write_loop_state(self, out):
        # uvloop keeps its timers and its I/O waits in libuv: nothing for Java to schedule or count.
        # Written all the same, as the slots would otherwise hold an earlier batch's outcomes.
        out[HEAD_DEADLINE] = -1
        out[HEAD_WAITS_ON_IO] = 0
        out[HEAD_TIMERS] = 0

    def _ended_with(self, exc) -> bool:
        # uvloop schedules a done callback for the next iteration, so the task that stored ``exc`` is
        # usually not in self._ended yet.
        return super()._ended_with(exc) or any(
            task.done() and not task.cancelled() and task.exception() is exc for task in self.tasks.values())

    def wake_fd(self) -> int:
        return self._wake_w

    # -- serving -----------------------------------------------------------------------

    def serve(self, grace_seconds: float) -> int:
        """Run the loop until close() has ended every task or its grace passed; returns how many are
        still alive then (Java closes them with :meth:`abandon`).

        A SystemExit or KeyboardInterrupt that escaped a callback stops uvloop's ``run_forever``; it is
        contained (:meth:`LoopThreadServices._contain`) and the loop runs on.
        """
        self._grace_seconds = grace_seconds
        loop = self.loop
        loop.add_reader(self._wake_r, self._on_wake)
        self._flush_soon()  # commands queued before the loop ran
        self._serving = True
        try:
            while self._serving:
                try:
                    loop.run_forever()
                except (SystemExit, KeyboardInterrupt) as exc:
                    loop._contain(exc)
        finally:
            loop.remove_reader(self._wake_r)
        if self._internal_error is not None:
            raise self._internal_error
        return self._live()

    def _on_wake(self):
        try:
            os.read(self._wake_r, 4096)
        except BlockingIOError:
            pass  # a flush took the commands this byte announced
        self._flush()

    def _flush(self):
        """Hand Java the outcomes so far and apply the commands it hands back, until neither side has
        anything for the other.

        An error here is the library's own (user code's errors are the calls' outcomes): it stops the
        loop and :meth:`serve` raises it, so the Java loop thread fails every call with it, as when a
        drain of the default kind fails; left to uvloop, it would be logged and the loop would serve on
        with a broken driver.
        """
        try:
            self._exchange_all()
        except BaseException as exc:  # noqa: BLE001 - raised again by serve()
            self._internal_error = exc
            self._stop_serving()

    def _exchange_all(self):
        self._flushing = True
        try:
            while True:
                if self._ended:
                    self._report_ended()
                self._pumps.flush()
                objects = self._exchange(self._batch(False))
                reply = self._outcomes
                count, flags = reply[REPLY_CODE_COUNT], reply[REPLY_FLAGS]
                if flags & REPLY_BUFFER_REPLACED:
                    self._use_code_buffer(self._command_buffer())
                if count:
                    self._apply(self._codes[:count].tolist(), objects)
                if flags & REPLY_SHUTDOWN:
                    self._begin_serving_shutdown()
                if not (self._heads or self._requests or self._ended or self._pumps.has_items()):
                    break
        finally:
            self._flushing = False
        if self._shutdown_deadline is not None and self._live() == 0:
            self._stop_serving()

    # -- shutdown ----------------------------------------------------------------------

    def _begin_serving_shutdown(self):
        self.begin_shutdown()
        self._shutdown_deadline = self.loop.time() + self._grace_seconds
        self._schedule(self._check_shutdown)

    def _check_shutdown(self):
        if not self._serving:
            return
        self._flush()
        if self._serving and self.loop.time() >= self._shutdown_deadline:
            self._stop_serving()
        if self._serving:
            self.loop.call_later(_SHUTDOWN_POLL_SECONDS, self._check_shutdown)

    def _stop_serving(self):
        self._serving = False
        self.loop.stop()

    def abandon(self):
        # Outside run_forever no loop is running; the closed coroutines' finally blocks may look it up.
        events._set_running_loop(self.loop)
        try:
            return super().abandon()
        finally:
            events._set_running_loop(None)

    def _close_loop(self, grace_seconds: float) -> None:
        loop = self.loop
        closing = loop.create_task(loop.shutdown_asyncgens())
        closing.add_done_callback(lambda _: loop.stop())
        timeout = loop.call_later(_ASYNCGEN_CLOSE_SECONDS, loop.stop)
        loop.run_forever()
        timeout.cancel()
        shutdown_default_executor(loop, grace_seconds)
        loop.close_connections()
        loop.close()
        os.close(self._wake_r)
        os.close(self._wake_w)

