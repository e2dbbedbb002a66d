"""The Python half of ``CrossingFloorHarness``: W3's shape with no asyncio and no library.

``Dispatcher`` hands out ``total`` blocking sleeps to ``threads`` worker threads, ``threads`` at a
time, one new job per completion, as W3 does. ``run_all`` dispatches the whole run inside one call
(the loop never leaves Python); ``cycle`` dispatches what has completed so far and returns, so a
Java thread can drive it the way reactor-awaitable's loop thread drives its drains.
``TaskDispatcher`` does the same with each job an asyncio task on the library's ``DrivenLoop``
(no driver, no Reactor): what asyncio's own bookkeeping adds to that floor.
"""

import queue
import threading
import time


class Dispatcher:
    """W3's jobs for a driver: 200 threads sleeping 50 ms, one job per completion.

    :param threads: worker threads, each running one job at a time
    :param waker: a Java object whose ``wake()`` a worker calls after a completion (once per cycle,
        as the library's driven loop does), or None when the driver waits inside Python
    """

    def __init__(self, threads, waker=None):
        self._jobs = queue.SimpleQueue()
        self._done = queue.SimpleQueue()
        self._waker = waker
        self._wake_pending = False
        self._total = self._sent = self._finished = 0
        self._seconds = 0.0
        self.cycles = 0
        self._threads = [threading.Thread(target=self._work, daemon=True) for _ in range(threads)]
        for thread in self._threads:
            thread.start()

    def _work(self):
        """Worker thread body."""
        jobs, done = self._jobs, self._done
        while (seconds := jobs.get()) is not None:
            time.sleep(seconds)
            done.put(1)
            if self._waker is not None and not self._wake_pending:
                self._wake_pending = True
                self._waker.wake()  # a Java call: Jep releases the GIL around it

    def begin(self, total, in_flight, seconds):
        """Start a run of ``total`` sleeps of ``seconds``, ``in_flight`` at once."""
        self._total, self._sent, self._finished, self._seconds = total, 0, 0, seconds
        self.cycles = 0
        for _ in range(min(in_flight, total)):
            self._send()

    def _send(self):
        self._jobs.put(self._seconds)
        self._sent += 1

    def cycle(self, wait):
        """Take the completions so far (waiting for the first one inside Python when ``wait``),
        send one new job for each; return how many jobs have not finished."""
        self._wake_pending = False
        self.cycles += 1
        taken = 0
        if wait:
            self._done.get()
            taken = 1
        while True:
            try:
                self._done.get_nowait()
            except queue.Empty:
                break
            taken += 1
        self._finished += taken
        for _ in range(taken):
            if self._sent < self._total:
                self._send()
        return self._total - self._finished

    def run_all(self, total, in_flight, seconds):
        """A whole run inside this call: the driver never leaves Python."""
        self.begin(total, in_flight, seconds)
        while self.cycle(True) > 0:
            pass

    def stop(self):
        """Stop the workers."""
        for _ in self._threads:
            self._jobs.put(None)
        for thread in self._threads:
            thread.join()


class TaskDispatcher(Dispatcher):
    """``Dispatcher``'s jobs, each an asyncio task awaiting a future that its worker settles.

    A job's task puts its future on the job queue and awaits it; the worker sleeps, then settles the
    future with ``DrivenLoop.settle_threadsafe`` (which calls ``waker.wake()`` once per
    ``run_ready``); the task that ends starts the next job's task. ``cycle`` runs what is ready and
    returns. Call ``begin``, ``cycle`` and ``stop`` on the thread that drives the loop.
    """

    def __init__(self, threads, waker):
        # Imported here: asyncio_contender imports this module in a python3 without the library.
        from reactor_awaitable._loop import DrivenLoop
        super().__init__(threads, waker)
        self._loop = DrivenLoop(time.monotonic, waker.wake)
        self.start_from_java = False  # when True, a job that ends leaves its successor to start_pending()
        self._pending = 0

    def _work(self):
        """Worker thread body."""
        jobs = self._jobs
        while (job := jobs.get()) is not None:
            future, seconds = job
            time.sleep(seconds)
            future.get_loop().settle_threadsafe(future, None, None)

    async def _job(self):
        future = self._loop.create_future()
        self._jobs.put((future, self._seconds))
        await future
        self._finished += 1
        if self._sent + self._pending < self._total:
            if self.start_from_java:
                self._pending += 1
            else:
                self._send()

    def _send(self):
        self._sent += 1
        self._loop.create_task(self._job())

    def begin(self, total, in_flight, seconds):
        if self._loop._thread_id is None:
            self._loop.attach()
        super().begin(total, in_flight, seconds)

    def cycle(self, wait):
        """Run the ready tasks (``wait`` is not supported); return how many jobs have not finished."""
        self.cycles += 1
        self._run_ready()
        return self._total - self._finished

    def start_pending(self):
        """Start the jobs whose predecessors ended in the last cycle and run what is ready, as a
        second call from Java per cycle (the way ``flatMap`` starts the library's next calls)."""
        for _ in range(self._pending):
            self._send()
        self._pending = 0
        self._run_ready()

    def _run_ready(self):
        while self._loop.run_ready():
            pass

    def stop(self):
        """Stop the workers; detach and close the loop."""
        super().stop()
        self._loop.detach()
        self._loop.close()


def increment(x):
    """The W6 call without asyncio: a plain function."""
    return x + 1
