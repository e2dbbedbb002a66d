"""DrivenLoop's contract with whoever drives it."""

import asyncio
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
