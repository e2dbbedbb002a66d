"""The engine of ``AwaitableFlux.map``: ``target(input)`` for every input of a Java publisher, with at
most ``max_workers`` coroutines in flight, run as one stream call on one loop.

Java starts :func:`map_inputs` as a stream call. The inputs arrive through the loop's publisher
bridge; the engine requests ``max_workers`` of them at first and one more for each input whose
outcome it has handed on (emitted, skipped as ``None`` or reported as failed), so no more than
``max_workers`` inputs are ever requested beyond those handed on. Each input runs as its own task,
in a copy of the call's context. Results leave through the stream pump, in batches with the drain
(packed when they are all ``int``, ``float`` or ``str``). A failed input is yielded as an
:class:`~reactor_awaitable._streams.ItemFailure`; Java applies the error mode to it (fail fast, delay,
continue). Unordered, an outcome is handed on as soon as it is known; ordered, once those of every
earlier input have been, so an input waiting for its turn keeps its slot.
"""

import asyncio
import collections
import types

from ._convert import from_java, unconvertible_argument
from ._to_java import to_java
from ._streams import ItemFailure
from ._targets import Plain, call_error, resolve, single_value

__all__ = ["map_inputs"]

# Error modes, as Java's ErrorMode.ordinal() passes them.
FAIL_FAST, DELAY, CONTINUE = 0, 1, 2

_PLAIN = frozenset((int, str, float, bool, bytes))
_SKIPPED = object()  # the outcome of an input whose result is None: nothing to emit
_Task = asyncio.Task
_CoroutineType = types.CoroutineType


async def map_inputs(inputs, target: str, max_workers: int, ordered: bool, mode: int, item_timeout: float,
                     keeps_inputs: bool):
    """Async generator of ``target(input)``'s results (and :class:`ItemFailure` s) over ``inputs``.

    :param inputs: a ``JavaPublisher`` of the inputs; with ``keeps_inputs`` each is a one-element Java
        array holding the input, which comes back in its ``ItemFailure`` as the same Java object
    :param item_timeout: seconds one input may run before it is cancelled and reported as timed
        out; 0 for no limit
    """
    fn = resolve(target)
    loop = asyncio.get_running_loop()
    run = _MapRun(loop, fn, target, max_workers, ordered, mode, item_timeout, keeps_inputs)
    bridge = loop.publisher_bridge
    key = bridge.subscribe(inputs.publisher, run, False, max_workers)
    try:
        while True:
            if run.arrived:
                run.start_arrived()
            outcomes = run.take_outcomes()
            if outcomes:
                for outcome in outcomes:
                    if outcome is not _SKIPPED:
                        yield outcome
                        if mode == FAIL_FAST and outcome.__class__ is ItemFailure:
                            return
                bridge.request(key, len(outcomes))
                run.handed_on(len(outcomes))
            elif run.upstream_error is not None and (mode != DELAY or not (run.tasks or run.arrived)):
                raise run.upstream_error
            elif run.upstream_done and not run.tasks and not run.arrived:
                return
            else:
                await run.next_outcome()
    finally:
        if not run.upstream_done:
            bridge.cancel(key)
        await run.cancel_running()


class _MapRun:
    """The state of one map: the receiver of its input subscription and the inputs in flight.

    ``arrived`` holds inputs Java sent that have not started; ``tasks`` the running ones by
    position; outcomes wait in ``ready`` (unordered) or in ``done`` by position until every earlier
    one has been handed on (ordered).
    """

    converts_items = True  # the publisher bridge hands over the Java values; start() converts them

    def __init__(self, loop, fn, target, max_workers, ordered, mode, item_timeout, keeps_inputs):
        self.loop = loop
        self.fn = fn
        self.target = target
        self.max_workers = max_workers
        self.ordered = ordered
        self.mode = mode
        self.item_timeout = item_timeout if item_timeout > 0 else None
        self.keeps_inputs = keeps_inputs
        self.arrived = collections.deque()
        self.tasks = {}
        self.timers = {}
        self.timed_out = set()
        self.ready = []
        self.done = {}
        self.next_position = 0  # of the next input to start
        self.next_out = 0       # ordered: the position whose outcome is handed on next
        self.active = 0         # started and not yet handed on
        self.upstream_done = False
        self.upstream_error = None
        self.closing = False
        self._waiter = None

    # -- the input subscription (called by the publisher bridge) ------------------------

    def on_signal(self, kind, value):
        if kind == 0:  # SIGNAL_NEXT
            self.arrived.append(value)
        else:
            self.upstream_done = True
            if kind == 2:  # SIGNAL_ERROR: a JavaException
                self.upstream_error = value
        self._wake()

    # -- running inputs ---------------------------------------------------------------

    def start_arrived(self):
        """Start arrived inputs while slots are free (a publisher that sends more than requested
        waits here, it does not overrun the bound). After an error of the inputs, only DELAY starts
        those that came before it."""
        arrived = self.arrived
        if self.upstream_error is not None and self.mode != DELAY:
            arrived.clear()
        while arrived and self.active < self.max_workers:
            self._start(arrived.popleft())

    def _start(self, java_input):
        position = self.next_position
        self.next_position = position + 1
        self.active += 1
        if self.keeps_inputs:
            ref, value = java_input, java_input[0]
        else:
            ref, value = None, java_input
        if value.__class__ not in _PLAIN:
            try:
                value = from_java(value)
            except Exception as exc:  # noqa: BLE001 - a cyclic or too deeply nested input
                self._outcome(position, ItemFailure(ref, unconvertible_argument(self.target, 0, exc)))
                return
        try:
            result = self.fn(value)
        except Exception as exc:  # noqa: BLE001 - handled by the error mode
            result = call_error(exc, self.target, 1)
        else:
            if result.__class__ is not _CoroutineType:  # a coroutine, the common case, needs no check
                result = single_value(self.target, result)
        if result.__class__ is Plain:
            self._finish(position, ref, result.value)
        elif isinstance(result, BaseException):
            self._outcome(position, ItemFailure(ref, result))
        else:
            self.tasks[position] = _Task(self._run(position, ref, result), loop=self.loop, name=self.target)
            if self.item_timeout is not None:
                self.timers[position] = self.loop.call_later(self.item_timeout, self._time_out, position)

    async def _run(self, position, ref, awaitable):
        try:
            value = await awaitable
        except asyncio.CancelledError as error:
            if self.closing:
                raise
            failure = error
            if position in self.timed_out:
                self.timed_out.discard(position)
                failure = (f"'{self.target}' did not finish within {self.item_timeout:g} s for one input; "
                           "its coroutine was cancelled")
            self._outcome(position, ItemFailure(ref, failure))
        except BaseException as error:  # noqa: BLE001 - handled by the error mode, as a call's would be
            self._outcome(position, ItemFailure(ref, error))
        else:
            self._finish(position, ref, value)
        finally:
            del self.tasks[position]
            if self.timers:
                timer = self.timers.pop(position, None)
                if timer is not None:
                    timer.cancel()

    def _time_out(self, position):
        task = self.tasks.get(position)
        if task is not None:
            self.timed_out.add(position)
            task.cancel()

    def _finish(self, position, ref, value):
        if value is None:
            self._outcome(position, _SKIPPED)
            return
        if value.__class__ not in _PLAIN:
            try:
                value = to_java(value)
            except Exception as error:  # noqa: BLE001 - an unconvertible result fails its input only
                value = ItemFailure(ref, error)
        self._outcome(position, value)

    def _outcome(self, position, outcome):
        if self.ordered:
            self.done[position] = outcome
            if position != self.next_out:
                return
        else:
            self.ready.append(outcome)
        self._wake()

    # -- handing outcomes on ------------------------------------------------------------

    def take_outcomes(self):
        """The outcomes that may be handed on now, in order."""
        if not self.ordered:
            ready = self.ready
            if ready:
                self.ready = []
            return ready
        done = self.done
        position = self.next_out
        taken = []
        while position in done:
            taken.append(done.pop(position))
            position += 1
        self.next_out = position
        return taken

    def handed_on(self, count):
        self.active -= count

    async def next_outcome(self):
        """Wait until an outcome, an input or the end of the inputs arrives."""
        self._waiter = self.loop.create_future()
        try:
            await self._waiter
        finally:
            self._waiter = None

    def _wake(self):
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    async def cancel_running(self):
        """Cancel the inputs still running and wait for their cleanup; nothing more is reported."""
        self.closing = True
        for timer in self.timers.values():
            timer.cancel()
        running = list(self.tasks.values())
        for task in running:
            task.cancel()
        if running:
            await asyncio.wait(running)
