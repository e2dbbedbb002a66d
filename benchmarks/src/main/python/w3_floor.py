"""What W3's shape costs in plain CPython, without asyncio or the JVM.

``python w3_floor.py`` prints two figures that docs/benchmarks.md uses to explain W3:

* ``dispatcher``: 200 threads take jobs from a queue and sleep 50 ms; one dispatcher thread hands
  out the next job for each completion, 2,000 jobs in all. Wall time against the ideal 0.5 s, and
  CPU: what a design that holds the GIL a few microseconds at a time achieves.
* ``GIL hand-off``: 160 threads wait on one event while the main thread holds the GIL; once it
  lets go, each takes the GIL once. Time per hand-off: the cost of a convoy of GIL waiters.
"""

import threading
import time

from crossing_floor import Dispatcher

JOBS, IN_FLIGHT, SLEEP = 2_000, 200, 0.05


def dispatcher():
    """(wall, cpu) seconds of JOBS sleeps, IN_FLIGHT at once, dispatched one per completion."""
    bare = Dispatcher(IN_FLIGHT)
    time.sleep(0.2)  # let the threads start
    wall, cpu = time.perf_counter(), time.process_time()
    bare.run_all(JOBS, IN_FLIGHT, SLEEP)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    bare.stop()
    return wall, cpu


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
        wall, cpu = dispatcher()
        print(f"dispatcher: {wall:.3f} s = {wall / (JOBS * SLEEP / IN_FLIGHT):.3f}x ideal, {cpu:.3f} s CPU")
    for _ in range(3):
        print(f"GIL hand-off: {gil_handoff():.1f} us per waiter")
