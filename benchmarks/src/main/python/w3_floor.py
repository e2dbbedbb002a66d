"""What W3's shape costs in plain CPython, without asyncio or the JVM.

``python w3_floor.py`` prints the figures that docs/benchmarks.md uses to explain W3:

* ``dispatcher``: 200 threads take jobs from a queue and sleep 50 ms; one dispatcher thread hands
  out the next job for each completion, 2,000 jobs in all. Wall time against the ideal 0.5 s, and
  CPU: what a design that holds the GIL a few microseconds at a time achieves. With it, asyncio's
  own bookkeeping for the same jobs with no threads. The suite measures both the same way, in its
  pure asyncio process (``asyncio_contender.w3_floor_figures``).
* ``GIL hand-off``: 160 threads wait on one event while the main thread holds the GIL; once it
  lets go, each takes the GIL once. Time per hand-off: the cost of a convoy of GIL waiters.
"""

import threading
import time

from asyncio_contender import w3_floor_figures

JOBS, IN_FLIGHT, SLEEP = 2_000, 200, 0.05


def gil_handoff(waiters=160, hold=0.003):
    """Microseconds per GIL hand-off in a convoy of ``waiters`` threads."""
    release, stamps = threading.Event(), []

    def waiter():
        release.wait()
        stamps.append(time.perf_counter())
        time.sleep(0.05)  # drops the GIL at once, as a worker entering its blocking call does

    threads = [threading.Thread(target=waiter) for _ in range(waiters)]
    for thread in threads:
        thread.start()
    time.sleep(0.1)
    release.set()
    end = time.perf_counter() + hold
    while time.perf_counter() < end:  # holds the GIL while the waiters wake and queue for it
        pass
    let_go = time.perf_counter()
    for thread in threads:
        thread.join()
    return (max(stamps) - let_go) * 1e6 / waiters


if __name__ == "__main__":
    for _ in range(3):
        figures = w3_floor_figures(JOBS, IN_FLIGHT, SLEEP)
        print(f"dispatcher: {figures['floorSeconds']:.3f} s = "
              f"{figures['floorSeconds'] / (JOBS * SLEEP / IN_FLIGHT):.3f}x ideal, "
              f"{figures['floorCpuSeconds']:.3f} s CPU; asyncio's bookkeeping with no threads: "
              f"{figures['asyncioBookkeepingCpuSeconds']:.3f} s CPU (medians of 3)")
    for _ in range(3):
        print(f"GIL hand-off: {gil_handoff():.1f} us per waiter")
