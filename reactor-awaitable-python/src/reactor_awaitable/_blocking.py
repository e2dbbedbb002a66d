"""Blocking work off the loop: ``execute_async`` and the worker pool behind it.

Workers are Java-owned threads, each with its own Jep interpreter, that sit in
:meth:`BlockingPool.serve` taking jobs from a Python queue (the GIL is released
while they wait). The pool starts them lazily through a Java ``spawner``, up to
``max_workers``, and a worker that stays idle for ``idle_seconds`` ends. A
finished job is handed back to its loop with ``DrivenLoop.settle_threadsafe``.
"""

import _thread
import asyncio
import collections
import contextvars
import functools
import queue
from typing import Any, Awaitable, Callable, TypeVar

__all__ = ["BlockingPool", "BlockingQueueFullError", "execute_async"]

_STOP = object()
_Future = asyncio.Future


T = TypeVar("T")


class BlockingQueueFullError(RuntimeError):
    """More blocking jobs are waiting than the runtime's queue capacity allows."""


BlockingQueueFullError.__module__ = "reactor_awaitable"


class BlockingPool:
    """Runs blocking callables on Java-owned worker threads.

    :param spawn: callable that starts one more worker thread, which will call
        :meth:`serve`; called from a loop thread, at most ``max_workers`` times
        concurrently alive.

    A job goes to a worker that is idle, else to a new worker while fewer than
    ``max_workers`` are alive, else it waits for the first worker to finish. To
    know which, each waiting worker leaves an anonymous token in
    ``_idle_tokens`` and each job put on the queue takes one. Appending and
    popping a deque are single operations under the GIL, so a worker takes and
    runs jobs without the pool's lock (two lock sections per job on every
    worker, among hundreds of threads waiting for the GIL, cost W3 6-8% of its
    CPU).
    The lock guards only what is rare: starting and ending workers, and
    ``_unclaimed``, the jobs queued when no worker was idle and none could start.
    Between these operations, ``len(_idle_tokens) - _unclaimed`` equals the
    workers waiting for a job less the jobs waiting for a worker (a worker just
    started takes its first job with no token). ``stop()`` comes from the last
    loop's close, so no ``submit`` races it.
    """

    def __init__(self, spawn, max_workers: int, queue_capacity: int, idle_seconds: float):
        if max_workers < 1:
            raise ValueError("max_workers must be at least 1")
        self._spawn = spawn
        self._max_workers = max_workers
        self._queue_capacity = queue_capacity
        self._idle_seconds = idle_seconds
        self._jobs = queue.SimpleQueue()
        self._idle_tokens = collections.deque()
        self._lock = _thread.allocate_lock()  # raw: a short internal wait, never reported by the guard
        self._workers = 0    # alive or starting
        self._unclaimed = 0  # queued while every worker was busy and no more could start
        self._stopped = False

    def queued(self) -> int:
        """Jobs waiting for a worker (approximate while workers take jobs)."""
        return self._jobs.qsize()

    def submit(self, loop, func, args) -> asyncio.Future:
        """Queue ``func(*args)``; the returned future (of ``loop``, a ``DrivenLoop``) gets its outcome."""
        if self._stopped:
            raise RuntimeError("the PythonRuntime is closing; no new blocking work is accepted")
        jobs = self._jobs
        waiting = jobs.qsize()
        if waiting >= self._queue_capacity:
            raise BlockingQueueFullError(
                f"{waiting} blocking jobs are already waiting for a worker (queue capacity "
                f"{self._queue_capacity}, {self._workers} workers busy); bound the concurrency "
                "upstream (flatMap(..., maxWorkers)) or raise PythonRuntime.builder().blockingQueueCapacity(...)")
        future = _Future(loop=loop)  # what loop.create_future() does, without its frame
        jobs.put((future, loop, func, args))
        if not self._unclaimed and self._claim_idle():
            return future  # an idle worker will take it
        with self._lock:
            start_one = False
            if len(self._idle_tokens) > self._unclaimed and self._claim_idle():
                return future
            if self._workers < self._max_workers:
                self._workers += 1  # the new worker takes it
                start_one = True
            else:
                self._unclaimed += 1  # the next worker to finish takes it
        if start_one:
            self._spawn()
        return future

    def _claim_idle(self) -> bool:
        """Take an idle worker's token for a queued job; False when there is none left."""
        try:
            self._idle_tokens.pop()
            return True
        except IndexError:
            return False

    def serve(self) -> None:
        """Worker thread body: run jobs until stopped or idle for too long."""
        jobs = self._jobs
        tokens = self._idle_tokens
        run = self._run
        job = None  # the first job was counted for this worker when it was started
        while True:
            if job is not None:
                if self._unclaimed:
                    self._claim_unclaimed()
                else:
                    tokens.append(None)
            job = self._next_job(jobs)
            if job is _STOP or job is None:
                return
            run(*job)

    def _claim_unclaimed(self):
        """Before waiting: take a job that was queued with no worker for it, or else leave a token."""
        with self._lock:
            if self._unclaimed:
                self._unclaimed -= 1  # this worker takes a job that waited; it leaves no token
            else:
                self._idle_tokens.append(None)

    def _next_job(self, jobs):
        """The next job, _STOP, or None when this worker has been idle long enough to end."""
        while True:
            try:
                return jobs.get(timeout=self._idle_seconds)
            except queue.Empty:
                pass
            with self._lock:
                if self._stopped:
                    return None  # stop() has already stopped counting workers
                # End only by taking a token: then a waiting worker is left over with no queued job
                # to take. With none to take, a job is queued for this worker, and it waits on.
                if len(self._idle_tokens) > self._unclaimed and self._claim_idle():
                    self._workers -= 1
                    return None

    @staticmethod
    def _run(future, loop, func, args):
        if future.cancelled():  # the awaiting task was cancelled before a worker got to it
            return
        try:
            result, error = func(*args), None
        except BaseException as exc:  # noqa: BLE001 - handed to the awaiting coroutine
            result, error = None, exc
        try:
            loop.settle_threadsafe(future, result, error)
        except RuntimeError:
            pass  # the loop was closed while the job ran; nobody waits for it any more

    def stop(self) -> int:
        """Refuse new jobs and tell every worker to end; returns how many were told."""
        with self._lock:
            self._stopped = True
            workers = self._workers
            self._workers = 0
        for _ in range(workers):
            self._jobs.put(_STOP)
        return workers


class _ExecuteAsync:
    """The awaitable returned by :func:`execute_async`; submits when awaited."""

    __slots__ = ("_fn", "_args", "_awaited")

    def __init__(self, fn, args):
        self._fn = fn
        self._args = args
        self._awaited = False

    def __await__(self):
        # Not a generator: the job is submitted when ``await`` asks for the iterator, and the
        # awaiting coroutine then waits on the future's own iterator, with no frame of ours between.
        if self._awaited:
            raise RuntimeError("an execute_async(...) awaitable can be awaited only once")
        self._awaited = True
        loop = asyncio.get_running_loop()
        context = contextvars.copy_context()
        submit = getattr(loop, "blocking_submit", None)
        if submit is not None:
            future = submit(context.run, (self._fn, *self._args))
        else:  # a plain asyncio loop (e.g. asyncio.run in a unit test)
            future = loop.run_in_executor(None, context.run, self._fn, *self._args)
        return future.__await__()


def execute_async(fn: Callable[..., T], *args: Any, **kwargs: Any) -> Awaitable[T]:
    """Run the blocking ``fn(*args, **kwargs)`` off the event loop; await its result.

    Nothing runs until the returned awaitable is awaited (lazy submission), so
    two awaits in a row run one after the other, while
    ``asyncio.gather(execute_async(a), execute_async(b))`` runs both at once.
    The coroutine resumes with ``fn``'s return value or its exception.
    Inside reactor-awaitable, ``fn`` runs on a blocking worker thread of the
    runtime (with the caller's contextvars); elsewhere, on the loop's default
    executor. Cancelling the awaiting task stops waiting; a call that already
    started runs to its end.
    """
    if not callable(fn):
        raise TypeError(f"execute_async() needs a callable, got {type(fn).__qualname__}")
    if kwargs:
        return _ExecuteAsync(functools.partial(fn, **kwargs), args)
    return _ExecuteAsync(fn, args)
