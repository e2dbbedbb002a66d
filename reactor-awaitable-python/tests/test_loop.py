"""DrivenLoop's contract with whoever drives it."""

import asyncio
import math
import socket
import threading
import time

import pytest

from reactor_awaitable._loop import DrivenLoop


@pytest.fixture
def loop():
    loop = DrivenLoop(time.monotonic)
    loop.attach()
    yield loop
    loop.detach()
    loop.close()


def test_run_ready_stops_at_the_budget_and_says_more_is_ready(loop):
    async def spinner():
        while True:
            await asyncio.sleep(0)
    task = loop.create_task(spinner())
    assert loop.run_ready(budget=5) is True
    task.cancel()
    while loop.run_ready():
        pass
    assert task.cancelled()


def test_idle_loop_reports_nothing_ready_and_the_next_timer(loop):
    task = loop.create_task(asyncio.sleep(60))
    assert loop.run_ready() is False
    deadline = loop.next_deadline()
    assert deadline is not None and 59 < deadline - loop.time() <= 60
    task.cancel()
    loop.run_ready()
    assert task.cancelled()


def test_cancelled_timers_are_not_reported_as_deadlines(loop):
    handle = loop.call_later(5, lambda: None)
    later = loop.call_later(50, lambda: None)
    handle.cancel()
    deadline = loop.next_deadline()
    assert deadline is not None and deadline - loop.time() > 40
    later.cancel()
    assert loop.next_deadline() is None


def test_a_timer_at_infinity_is_the_next_deadline_and_never_runs(loop):
    task = loop.create_task(asyncio.sleep(math.inf))
    assert loop.run_ready() is False
    assert loop.next_deadline() == math.inf
    task.cancel()
    loop.run_ready()
    assert task.cancelled()


def test_a_nan_timer_is_refused_where_it_is_set(loop):
    with pytest.raises(ValueError, match="NaN loop time"):
        loop.call_later(math.nan, lambda: None)
    assert loop.next_deadline() is None


def test_an_idle_wait_with_an_infinite_timeout_waits_until_woken(loop):
    reader, writer = socket.socketpair()
    loop.add_reader(reader, lambda: None)
    threading.Timer(0.05, writer.send, (b"x",)).start()
    try:
        assert loop.idle_wait(math.inf) is True
    finally:
        loop.remove_reader(reader)
        reader.close()
        writer.close()


def test_call_soon_threadsafe_wakes_the_driver():
    woken = []
    loop = DrivenLoop(time.monotonic, lambda: woken.append(True))
    loop.call_soon_threadsafe(lambda: None)
    assert woken == [True]
    loop.close()


def test_clock_is_replaceable(loop):
    now = [1000.0]
    loop.set_clock(lambda: now[0])
    task = loop.create_task(asyncio.sleep(3600, "done"))
    loop.run_ready()
    assert loop.next_deadline() == pytest.approx(4600.0)
    now[0] = 4600.0
    loop.run_ready()
    loop.run_ready()
    assert task.result() == "done"


def test_the_loop_cannot_be_run_by_hand(loop):
    with pytest.raises(RuntimeError, match="driven by a reactor-awaitable loop thread"):
        loop.run_forever()
    coro = asyncio.sleep(0)
    with pytest.raises(RuntimeError):
        loop.run_until_complete(coro)
    coro.close()


def test_running_loop_is_set_while_attached(loop):
    assert asyncio.get_running_loop() is loop


def _fields(handle):
    return {name: getattr(handle, name) for name in
            ("_callback", "_args", "_cancelled", "_loop", "_source_traceback", "_repr", "_context")}


def test_call_soon_builds_the_same_handle_as_asyncio(loop):
    import contextvars
    from asyncio import events
    from reactor_awaitable import _loop as driven
    assert driven._BUILD_HANDLES_IN_PLACE, "this CPython's Handle layout is unknown: call_soon takes the slow path"

    def callback(*args):
        pass

    context = contextvars.copy_context()
    ours = loop.call_soon(callback, 1, 2, context=context)
    theirs = events.Handle(callback, (1, 2), loop, context)
    assert type(ours) is events.Handle
    assert _fields(ours) == _fields(theirs)
    assert repr(ours) == repr(theirs)
    assert loop._ready[-1] is ours

    without_context = loop.call_soon(callback)
    assert isinstance(without_context._context, contextvars.Context)
    assert without_context._context is not context


def test_call_soon_runs_callbacks_in_order_in_their_context_and_skips_cancelled_ones(loop):
    import contextvars
    var = contextvars.ContextVar("var", default="unset")
    seen = []
    var.set("caller")
    loop.call_soon(lambda: seen.append(("first", var.get())))
    loop.call_soon(lambda: seen.append("cancelled")).cancel()
    other = contextvars.Context()
    other.run(var.set, "other")
    loop.call_soon(lambda tag: seen.append((tag, var.get())), "second", context=other)
    loop.run_ready()
    assert seen == [("first", "caller"), ("second", "other")]


def test_the_run_at_once_callback_runs_when_a_task_ends_and_other_done_callbacks_still_queue(loop):
    ended, queued = [], []
    note_ended = ended.append  # one object: the loop recognises the callback by identity
    loop.run_at_once(note_ended)

    async def returns_at_once():
        return 1

    async def waits(future):
        return await future

    first = loop.create_task(returns_at_once())
    future = loop.create_future()
    second = loop.create_task(waits(future))
    for task in (first, second):
        task.add_done_callback(note_ended)
        task.add_done_callback(queued.append)

    assert loop.run_ready(budget=1) is True  # one iteration: both tasks' first steps
    assert ended == [first]  # recorded inside the step that ended the task
    assert queued == []  # an ordinary done callback waits for the next iteration
    assert loop.run_ready() is False
    assert queued == [first]
    future.set_result(2)
    assert loop.run_ready(budget=1) is True
    assert (ended, queued) == ([first, second], [first])
    loop.run_ready()
    assert queued == [first, second]
    assert second.result() == 2


def test_call_soon_keeps_asyncios_checks_in_debug_mode_and_refuses_a_closed_loop():
    loop = DrivenLoop(time.monotonic)
    loop.set_debug(True)
    handle = loop.call_soon(lambda: None)
    assert handle._source_traceback, "debug mode records where the callback was scheduled"
    with pytest.raises(TypeError):
        loop.call_soon(42)
    loop.close()
    with pytest.raises(RuntimeError, match="closed"):
        loop.call_soon(lambda: None)


def test_call_soon_goes_through_the_slow_step_detector_when_it_is_on(loop):
    reports = []
    loop.detect_slow_steps(0.0, lambda name, seconds, stack: reports.append(name))
    loop.call_soon(lambda: None)
    loop.run_ready()
    assert len(reports) == 1


def test_a_callback_that_raises_reaches_the_exception_handler_and_the_next_ones_still_run(loop):
    seen, ran = [], []
    loop.set_exception_handler(lambda _, context: seen.append(context))

    def bad():
        raise ValueError("boom")
    loop.call_soon(bad)
    loop.call_soon(ran.append, "next")
    loop.run_ready()
    assert ran == ["next"]
    assert len(seen) == 1
    assert seen[0]["message"].startswith("Exception in callback") and "bad" in seen[0]["message"]
    assert isinstance(seen[0]["exception"], ValueError)
    assert isinstance(seen[0]["handle"], asyncio.Handle)


def test_due_timers_run_after_the_callbacks_already_ready_and_cancelled_ones_never(loop):
    ran = []
    loop.call_later(0, ran.append, "timer")
    loop.call_later(0, ran.append, "cancelled timer").cancel()
    loop.call_soon(ran.append, "soon")
    loop.run_ready()
    assert ran == ["soon", "timer"]
    assert loop.next_deadline() is None


def test_mostly_cancelled_timers_are_swept_from_the_heap_as_asyncio_does(loop):
    handles = [loop.call_later(60, lambda: None) for _ in range(200)]
    for handle in handles[50:]:  # not the earliest: only the sweep, not popping cancelled heads, removes them
        handle.cancel()
    loop.call_soon(lambda: None)
    loop.run_ready()
    assert len(loop._scheduled) == 50
    assert all(not handle._cancelled for handle in loop._scheduled)


def test_a_due_timer_runs_once_in_the_iteration_that_sweeps_the_heap(loop):
    ran = []
    handles = [loop.call_later(60, lambda: None) for _ in range(200)]
    loop.call_later(0, ran.append, "due")
    for handle in handles[50:]:
        handle.cancel()
    for _ in range(3):
        loop.run_ready()
    assert ran == ["due"]
    assert len(loop._scheduled) == 50


def test_settle_threadsafe_settles_futures_from_other_threads_in_the_next_run(loop):
    woken = []
    loop._wake = lambda: woken.append(True)
    ok, failed, cancelled = loop.create_future(), loop.create_future(), loop.create_future()
    resumed = []

    async def waiter():
        resumed.append(await ok)

    task = loop.create_task(waiter())
    loop.run_ready()
    cancelled.cancel()
    error = ValueError("from the worker")
    workers = [threading.Thread(target=loop.settle_threadsafe, args=args)
               for args in ((ok, 42, None), (failed, None, error), (cancelled, "late", None))]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert woken == [True]  # one wake for the burst, until the driver runs the loop
    assert not ok.done() and not failed.done()
    loop.run_ready()
    assert ok.result() == 42
    assert failed.exception() is error
    assert cancelled.cancelled()
    assert resumed == [42] and task.done()  # the woken task ran in that same run_ready


def test_settle_threadsafe_on_a_closed_loop_raises():
    loop = DrivenLoop(time.monotonic)
    future = loop.create_future()
    loop.close()
    with pytest.raises(RuntimeError, match="closed"):
        loop.settle_threadsafe(future, 1, None)


def test_a_task_that_raises_system_exit_fails_alone_and_the_loop_goes_on(loop):
    async def exits():
        await asyncio.sleep(0)
        raise SystemExit(3)

    async def fine():
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        return "fine"

    failing, other = loop.create_task(exits()), loop.create_task(fine())
    while loop.run_ready():  # under asyncio.run the SystemExit would leave the loop
        pass
    assert isinstance(failing.exception(), SystemExit) and failing.exception().code == 3
    assert other.result() == "fine"


def test_a_plain_callback_that_raises_keyboard_interrupt_goes_to_the_exception_handler(loop):
    seen, ran = [], []
    loop.set_exception_handler(lambda _, context: seen.append(context))

    def interrupt():
        raise KeyboardInterrupt("from a callback")
    loop.call_soon(interrupt)
    loop.call_soon(ran.append, "next")
    loop.run_ready()
    assert ran == ["next"]
    assert isinstance(seen[0]["exception"], KeyboardInterrupt)
    assert "kept inside the event loop" in seen[0]["message"]


def test_an_exception_the_owner_reports_itself_is_not_logged_again(loop):
    seen = []
    loop.set_exception_handler(lambda _, context: seen.append(context))
    loop.owns_exception = lambda exc: True

    async def interrupted():
        raise KeyboardInterrupt

    task = loop.create_task(interrupted())
    loop.run_ready()
    assert isinstance(task.exception(), KeyboardInterrupt)
    assert seen == []


def test_a_slow_step_that_ends_its_coroutine_is_named_with_its_module(loop):
    reports = []
    loop.detect_slow_steps(0.0, lambda name, seconds, stack: reports.append(name))

    async def finishes_in_one_step():
        return 1

    task = loop.create_task(finishes_in_one_step())
    while loop.run_ready():
        pass
    assert task.result() == 1
    assert any(name.endswith("test_loop.test_a_slow_step_that_ends_its_coroutine_is_named_with_its_module."
                             "<locals>.finishes_in_one_step") and not name.startswith("?") for name in reports), reports
