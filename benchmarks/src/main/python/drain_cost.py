"""One trivial call's drain in plain Python: the per-call work of the loop thread's Python half.

``python drain_cost.py`` (with the project's ``.venv``) prints, best of several blocks of 3,000
calls, the microseconds ``LoopDriver.drain`` takes to start ``bench_tasks.increment`` and return its
result, with stand-ins for the driver's Java objects. It is the hot-loop figure docs/benchmarks.md
quotes beside the same drain measured inside the JVM (W6), where it runs two to three times slower.
"""

import array
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "..", "reactor-awaitable-python", "src"))

from reactor_awaitable import _driver  # noqa: E402

BLOCKS = 12
CALLS = 3_000


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


def main():
    _driver.open_runtime(1, _Stub(), 16, 1_000, 60.0, [])
    driver = _driver.LoopDriver(1, _Stub(), _Stub(), _Stub())
    driver.drain(0, _codes, None, False)
    # op, id, prefetch (-1: one value), target index, new target?, argument count, has context, argument
    _drain(driver, [_driver.OP_START, 0, -1, 0, 1, 1, 0, _driver.ARG_INT, 0], ["bench_tasks:increment"])
    best = float("inf")
    call_id = 1
    for _ in range(BLOCKS):
        start = time.perf_counter_ns()
        for call_id in range(call_id, call_id + CALLS):
            _drain(driver, [_driver.OP_START, call_id, -1, 0, 0, 1, 0, _driver.ARG_INT, call_id], None)
        best = min(best, (time.perf_counter_ns() - start) / CALLS / 1e3)
        call_id += 1
    print(f"one trivial call's drain: {best:.2f} us (best of {BLOCKS} blocks of {CALLS:,} calls)")


if __name__ == "__main__":
    main()
