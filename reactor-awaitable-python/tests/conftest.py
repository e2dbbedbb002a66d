"""Shared fixtures: a pure-Python driver for DrivenLoop, and the Java suite's scenario modules."""

import functools
import pathlib
import sys
import threading
import time

import pytest

# The asyncio scenarios live with the Java tests, which run them on real loop threads;
# pytest runs the same ones on the loop driven from plain Python.
SCENARIOS = pathlib.Path(__file__).resolve().parents[2] / "reactor-awaitable" / "src" / "test" / "python"
sys.path.insert(0, str(SCENARIOS))

from reactor_awaitable._blocking import BlockingPool  # noqa: E402
from reactor_awaitable._loop import DrivenLoop  # noqa: E402


class ThreadDriver:
    """Drives a DrivenLoop from the test thread the way a Java loop thread does:
    run what is ready, then sleep until woken, a descriptor is ready or the next timer is due."""

    def __init__(self, max_workers=8, idle_seconds=5):
        self.wakeups = 0
        self._waiting_on_io = False
        self._wake = threading.Event()
        self.spawned = 0
        self.pool = BlockingPool(self._spawn, max_workers=max_workers, queue_capacity=1000,
                                 idle_seconds=idle_seconds)
        self.loop = DrivenLoop(time.monotonic, self._on_wake)
        self.loop.blocking_submit = functools.partial(self.pool.submit, self.loop)
        self.loop.attach()

    def _on_wake(self):
        self.wakeups += 1
        self._wake.set()
        if self._waiting_on_io:  # as the Java loop thread: the pipe is written only while it waits on it
            self.loop.interrupt_idle_wait()

    def _spawn(self):
        self.spawned += 1
        threading.Thread(target=self.pool.serve, daemon=True).start()

    def run(self, coro, timeout=10.0):
        task = self.loop.create_task(coro)
        give_up = time.monotonic() + timeout
        while not task.done():
            self._wake.clear()
            if self.loop.run_ready() or task.done():
                continue
            if time.monotonic() > give_up:
                task.cancel()
                raise TimeoutError("the coroutine did not finish in time")
            due = self.loop.next_deadline()
            wait = give_up - time.monotonic() if due is None else due - self.loop.time()
            wait = max(0.0, min(wait, give_up - time.monotonic()))
            if self.loop.waits_on_io:
                self._waiting_on_io = True
                if not self._wake.is_set():
                    self.loop.idle_wait(wait)
                self._waiting_on_io = False
            else:
                self._wake.wait(wait)
        return task.result()

    def close(self):
        closing = self.loop.create_task(self.loop.shutdown_asyncgens())
        while not closing.done():
            self.loop.run_ready()
        self.loop.detach()
        self.loop.close()
        self.pool.stop()


@pytest.fixture
def driver():
    d = ThreadDriver()
    yield d
    d.close()
