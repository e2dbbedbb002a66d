"""The driven loop's iteration against asyncio's own ``_run_once``, alternating in one process.

``python loop_iteration.py`` (with the project's ``.venv``) prints, best of several alternating
rounds, the figures docs/benchmarks.md quotes for the change of iteration:

* W1's shape in plain Python: 5,000 tasks each ``await asyncio.sleep(0)`` 100 times on a
  ``DrivenLoop``, steps per second;
* one trivial call's drain: ``LoopDriver.drain`` starting ``bench_tasks.increment`` and returning its
  result, microseconds per call (Java stand-ins for the driver's Java objects).
"""

import array
import asyncio
import os
import sys
import time
from asyncio import base_events

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "..", "reactor-awaitable-python", "src"))

from reactor_awaitable import _driver  # noqa: E402
from reactor_awaitable._loop import DrivenLoop  # noqa: E402

ROUNDS = 8


def use_asyncio_iteration(loop):
    """Make ``run_ready`` run asyncio's ``_run_once`` instead of the driven loop's iteration."""
    loop._run_iteration = lambda: base_events.BaseEventLoop._run_once(loop)


def stepping(asyncio_iteration):
    async def steps():
        for _ in range(100):
            await asyncio.sleep(0)
    loop = DrivenLoop()
    if asyncio_iteration:
        use_asyncio_iteration(loop)
    loop.attach()
    for _ in range(5_000):
        loop.create_task(steps())
    start = time.perf_counter()
    while loop.run_ready():
        pass
    seconds = time.perf_counter() - start
    loop.detach()
    loop.close()
    return 500_000 / seconds


class _Stub:
    """Stands in for the Java objects a LoopDriver is given."""

    def outcomeBuffer(self, longs):  # noqa: N802 - the Java method's name
        return bytearray(8 * longs)

    def __getattr__(self, name):
        return lambda *args: None


_codes = bytearray(8 * 64)  # the Java code buffer's stand-in


def _drain(driver, codes, objects):
    """One drain with ``codes`` written into the code buffer, as LoopThread does."""
    memoryview(_codes).cast("q")[:len(codes)] = array.array("q", codes)
    return driver.drain(len(codes), None, objects, False)


def drain_micros(driver, asyncio_iteration, first_id, calls=3_000):
    if asyncio_iteration:
        use_asyncio_iteration(driver.loop)
    else:
        driver.loop.__dict__.pop("_run_iteration", None)
    start = time.perf_counter_ns()
    # op, id, prefetch (-1: one value), target index, new target?, argument count, has context, argument
    for call_id in range(first_id, first_id + calls):
        _drain(driver, [_driver.OP_START, call_id, -1, 0, 0, 1, 0, _driver.ARG_INT, call_id], None)
    return (time.perf_counter_ns() - start) / calls / 1e3


def main():
    best_steps = {False: 0.0, True: 0.0}
    for _ in range(ROUNDS):
        for asyncio_iteration in (False, True):
            best_steps[asyncio_iteration] = max(best_steps[asyncio_iteration], stepping(asyncio_iteration))
    _driver.open_runtime(1, _Stub(), 16, 1_000, 60.0, [])
    driver = _driver.LoopDriver(1, _Stub(), _Stub(), _Stub())
    driver.drain(0, _codes, None, False)
    _drain(driver, [_driver.OP_START, 0, -1, 0, 1, 1, 0, _driver.ARG_INT, 0], ["bench_tasks:increment"])
    best_drain = {False: float("inf"), True: float("inf")}
    call_id = 1
    for _ in range(ROUNDS + 4):
        for asyncio_iteration in (False, True):
            best_drain[asyncio_iteration] = min(best_drain[asyncio_iteration],
                                                drain_micros(driver, asyncio_iteration, call_id))
            call_id += 3_000
    print(f"W1's shape, steps/s:        driven loop's iteration {best_steps[False]:,.0f}, "
          f"asyncio's _run_once {best_steps[True]:,.0f} ({best_steps[False] / best_steps[True]:.2f}x)")
    print(f"one trivial call's drain:   driven loop's iteration {best_drain[False]:.2f} us, "
          f"asyncio's _run_once {best_drain[True]:.2f} us ({best_drain[False] / best_drain[True]:.2f}x)")


if __name__ == "__main__":
    main()
