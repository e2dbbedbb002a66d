"""``Executor`` (alias ``CoroutineExecutor``): run many coroutines with at most ``max_workers`` in flight.

A drop-in for ``coroexecutor.CoroutineExecutor``: ``submit`` applies back-pressure,
``map`` yields results in input order, one failing job cancels the others
unless errors are suppressed, and an executor-wide timeout cancels what is
still running. It is plain asyncio (a semaphore and tasks on the running
loop), so it works in any coroutine, inside reactor-awaitable or not, and no
job crosses to Java.
"""

import asyncio
import collections
import logging
from typing import Any, AsyncIterable, AsyncIterator, Awaitable, Callable, Iterable, Optional, TypeVar, Union

__all__ = ["Executor", "CoroutineExecutor", "DEFAULT_MAX_WORKERS"]

_log = logging.getLogger("reactor_awaitable.executor")

T = TypeVar("T")
R = TypeVar("R")

DEFAULT_MAX_WORKERS = 1000
"""``max_workers`` when none is given: as ``coroexecutor``'s, sized for I/O-bound jobs."""


class Executor:
    """Bounded concurrency for coroutines, as an async context manager.

    ::

        async with Executor(max_workers=10) as exe:
            task = await exe.submit(fetch, url)          # waits while 10 jobs run
            async for page in exe.map(fetch, urls):      # results in input order
                ...
        # leaving the block waits for every job

    Without ``async with``, the first ``submit`` or ``map`` starts it on the running loop and
    :meth:`shutdown` ends it. Once ended it takes no more jobs (``RuntimeError: Executor is closed.``).

    :param max_workers: the most jobs running at once (default
        :data:`DEFAULT_MAX_WORKERS`, 1000).
    :param suppress_task_errors: when False (the default), the first failing
        job cancels every other job of this executor and its exception is
        raised: by ``map`` where its result would have been yielded, and when
        the ``async with`` block ends. A job that raises ``CancelledError``
        itself (rather than being cancelled by the executor) is such a
        failure. When True, failures are logged and the other jobs go on;
        ``map`` skips failed jobs.
    :param timeout: seconds from entering the block after which every job
        still running is cancelled and ``TimeoutError`` is raised.
    :param initializer: called (a function) or awaited (a coroutine function) with ``initargs``
        before each job, in the job's task; as ``concurrent.futures`` executors take it.
    """

    def __init__(self, max_workers: int = DEFAULT_MAX_WORKERS, suppress_task_errors: bool = False,
                 timeout: Optional[float] = None, initializer: Optional[Callable[..., Any]] = None,
                 initargs: tuple = ()):
        if max_workers < 1:
            raise ValueError("max_workers must be at least 1")
        if initializer is not None and not callable(initializer):
            raise TypeError(f"Executor(initializer={initializer!r}): the initializer's type is unknown; "
                            "give a function or a coroutine function")
        self.max_workers = max_workers
        self.suppress_task_errors = suppress_task_errors
        self.timeout = timeout
        self.initializer = initializer
        self.initargs = tuple(initargs)
        self._closed = False
        self._slots = None
        self._tasks = set()
        self._cancelled_here = set()  # jobs this executor cancelled: their CancelledError is no failure
        self._failure = None
        self._timed_out = False
        self._timer = None
        self._loop = None

    async def __aenter__(self) -> "Executor":
        self._start()
        return self

    def _start(self):
        if self._closed:
            raise RuntimeError("Executor is closed.")
        if self._slots is not None:
            return
        self._loop = asyncio.get_running_loop()
        self._slots = asyncio.Semaphore(self.max_workers)
        if self.timeout is not None:
            self._timer = self._loop.call_later(self.timeout, self._expire)

    async def __aexit__(self, exc_type, exc, tb) -> bool:
        cancelled = None
        try:
            if exc_type is not None:
                self._cancel_all()
            while self._tasks:  # the jobs may still submit jobs of their own meanwhile
                try:
                    await asyncio.wait(set(self._tasks))
                except asyncio.CancelledError as error:
                    # The task in the block was cancelled while it waited: no job outlives the block,
                    # so cancel them, wait for their cleanup, then let the cancellation go on.
                    cancelled = cancelled or error
                    self._cancel_all()
        finally:
            self._closed = True
            if self._timer is not None:
                self._timer.cancel()
        if cancelled is not None:
            raise cancelled
        if exc_type is None:
            self._raise_failure()
        return False

    async def shutdown(self, wait: bool = True) -> None:
        """End the executor: it takes no more jobs (the running ones neither), and this returns once
        every job has ended.

        :param wait: True waits for the running jobs; False cancels them first (a job cancelled so
            counts as failed unless errors are suppressed: then ``CancelledError`` is raised here,
            as ``coroexecutor``'s does).
        Raises the first failure, as leaving ``async with`` does.
        """
        self._closed = True
        if not wait:
            for task in list(self._tasks):
                task.cancel()  # not recorded as the executor's own cancel: the job fails
        await self.__aexit__(None, None, None)

    # -- submitting -------------------------------------------------------------------

    async def submit(self, fn: Callable[..., Awaitable[R]], *args: Any, **kwargs: Any) -> "asyncio.Task[R]":
        """Start ``fn(*args, **kwargs)`` (a coroutine function) once a slot is free.

        Waits while ``max_workers`` jobs run. Returns the job's task.
        :raises RuntimeError: ``Executor is closed.`` once it has ended.
        Raises the first failure (or ``TimeoutError``) once the executor has failed.
        """
        self._start()
        self._raise_failure()
        await self._slots.acquire()
        try:
            self._raise_failure()
        except BaseException:
            self._slots.release()
            raise
        task = self._loop.create_task(self._run(fn, args, kwargs))
        self._tasks.add(task)
        task.add_done_callback(self._finished)
        return task

    async def _run(self, fn, args, kwargs):
        try:
            if self.initializer is not None:
                started = self.initializer(*self.initargs)
                if asyncio.iscoroutine(started):
                    await started
            return await fn(*args, **kwargs)
        finally:
            self._slots.release()

    def _finished(self, task):
        self._tasks.discard(task)
        if task.cancelled():
            if task in self._cancelled_here:
                self._cancelled_here.discard(task)
                return
            error = _cancelled_error(task)
        else:
            error = task.exception()
        if error is None:
            return
        if self.suppress_task_errors:
            _log.warning("job failed (suppressed): %r", error, exc_info=error)
        elif self._failure is None:
            self._failure = error
            self._cancel_all()

    def _expire(self):
        self._timed_out = True
        self._cancel_all()

    def _cancel_all(self):
        for task in list(self._tasks):
            self._cancel(task)

    def _cancel(self, task):
        if not task.done():
            self._cancelled_here.add(task)
            task.cancel()

    def _raise_failure(self):
        if self._failure is not None:
            raise self._failure
        if self._timed_out:
            raise TimeoutError(f"the executor's timeout of {self.timeout} s expired")

    # -- mapping ----------------------------------------------------------------------

    async def map(self, fn: Callable[..., Awaitable[R]],
                  iterable: Union[Iterable[T], AsyncIterable[T]], *iterables: Iterable[Any]) -> AsyncIterator[R]:
        """Async iterator of ``await fn(item)`` for each item, in input order.

        ``iterable`` may be a plain or an async iterable. With several plain iterables, ``fn`` takes
        one item of each, as the built-in ``map`` does (up to the shortest). Jobs start as slots
        free up; at most ``max_workers`` results wait unconsumed, so a slow
        consumer slows the submission down. A failed job raises here, in its
        place in the order, after the results before it (unless errors are
        suppressed, in which case it is skipped); leaving the iteration early
        cancels the jobs still pending.
        """
        self._start()
        if iterables:
            if hasattr(iterable, "__aiter__") or any(hasattr(more, "__aiter__") for more in iterables):
                raise TypeError("map(fn, *iterables) with several iterables takes plain ones; "
                                "give one async iterable of tuples instead")
            iterable = zip(iterable, *iterables)
            fn = _spread(fn)
        window = asyncio.Queue(maxsize=self.max_workers)
        feeder = self._loop.create_task(self._feed(fn, iterable, window))
        pending = collections.deque()
        try:
            while True:
                task = await window.get()
                if task is None:
                    break
                if isinstance(task, _FeedFailed):
                    raise task.error
                pending.append(task)
                try:
                    result = await task
                except asyncio.CancelledError:
                    if asyncio.current_task().cancelling():
                        raise  # this consumer itself is being cancelled
                    self._raise_failure()  # cancelled by the executor: after a failure, or at its timeout
                    if self.suppress_task_errors:
                        continue  # the job cancelled itself: a failure, skipped like the others
                    raise
                except Exception:
                    if self.suppress_task_errors:
                        continue
                    raise
                finally:
                    pending.popleft()
                yield result
        finally:
            feeder.cancel()
            for task in list(pending):
                self._cancel(task)
            while not window.empty():
                task = window.get_nowait()
                if isinstance(task, asyncio.Task):
                    self._cancel(task)

    async def _feed(self, fn, iterable, window):
        try:
            if hasattr(iterable, "__aiter__"):
                async for item in iterable:
                    await window.put(await self.submit(fn, item))
            else:
                for item in iterable:
                    await window.put(await self.submit(fn, item))
        except asyncio.CancelledError:
            raise
        except BaseException as error:  # noqa: BLE001 - handed to the consumer, in order
            await window.put(_FeedFailed(error))
            return
        await window.put(None)


CoroutineExecutor = Executor
"""The name ``coroexecutor`` users know; the same class."""


def _spread(fn):
    """``fn`` taking a tuple of arguments as one item (map over several iterables)."""
    async def spread(arguments):
        return await fn(*arguments)
    return spread


def _cancelled_error(task):
    """The CancelledError a job raised by itself."""
    try:
        task.result()
    except asyncio.CancelledError as error:
        return error
    return asyncio.CancelledError()


class _FeedFailed:
    """Ends ``map``'s window when submitting failed (the executor failed or the iterable raised)."""

    __slots__ = ("error",)

    def __init__(self, error):
        self.error = error
