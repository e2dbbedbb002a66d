"""execute_async and the blocking pool, outside the JVM."""

import asyncio
import contextvars
import threading
import time

import pytest

from reactor_awaitable import BlockingQueueFullError, execute_async
from reactor_awaitable._blocking import BlockingPool


def test_execute_async_works_under_plain_asyncio_run():
    async def main():
        return await execute_async(lambda x: x * 2, 21)
    assert asyncio.run(main()) == 42


_request = contextvars.ContextVar("request", default=None)


def _describe_call(*args, **kwargs):
    return args, kwargs, threading.current_thread().name, _request.get()


def test_arguments_keywords_and_context_reach_the_blocking_call_on_a_worker(driver):
    async def main():
        _request.set("r-1")
        return await execute_async(_describe_call, 1, "two", three=3)
    args, kwargs, thread, request = driver.run(main())
    assert (args, kwargs, request) == ((1, "two"), {"three": 3}, "r-1")
    assert thread != threading.current_thread().name  # ran on a worker, not on the loop's thread


def test_arguments_and_keywords_reach_the_blocking_call_under_plain_asyncio_run():
    async def main():
        return await execute_async(_describe_call, 1, three=3)
    args, kwargs, _, _ = asyncio.run(main())
    assert (args, kwargs) == ((1,), {"three": 3})


def test_awaiting_twice_is_an_error():
    async def main():
        awaitable = execute_async(int, "1")
        await awaitable
        await awaitable
    with pytest.raises(RuntimeError, match="awaited only once"):
        asyncio.run(main())


def test_non_callable_is_refused_at_once():
    with pytest.raises(TypeError, match="needs a callable"):
        execute_async(42)


def test_pool_starts_workers_on_demand_up_to_the_cap(driver):
    async def main():
        await asyncio.gather(*(execute_async(time.sleep, 0.05) for _ in range(20)))
    driver.run(main())
    assert driver.spawned == 8  # the fixture's cap


def test_pool_reuses_an_idle_worker(driver):
    async def main():
        for _ in range(5):
            await execute_async(time.sleep, 0.001)
    driver.run(main())
    assert driver.spawned == 1


def test_an_idle_worker_ends_after_the_idle_timeout_and_a_new_one_starts_on_demand():
    from conftest import ThreadDriver
    driver = ThreadDriver(idle_seconds=0.05)

    async def job():
        await execute_async(time.sleep, 0.001)
    try:
        driver.run(job())
        assert driver.spawned == 1
        deadline = time.monotonic() + 5
        while driver.pool._workers and time.monotonic() < deadline:
            time.sleep(0.01)
        assert driver.pool._workers == 0
        driver.run(job())
        assert driver.spawned == 2
    finally:
        driver.close()


def test_jobs_queued_at_the_cap_run_as_workers_finish_and_the_pool_shrinks_and_grows_again():
    # Two workers at most: the other four jobs wait for a worker. Once every worker has been idle
    # past the timeout, all have ended, and a later job must still start a worker (no job may wait
    # on a worker the pool only believes is idle).
    from conftest import ThreadDriver
    driver = ThreadDriver(max_workers=2, idle_seconds=0.2)
    running = []
    most = []

    def job(i):
        running.append(i)
        most.append(len(running))
        time.sleep(0.02)
        running.remove(i)
        return i

    async def burst():
        return await asyncio.gather(*(execute_async(job, i) for i in range(6)))
    try:
        assert driver.run(burst()) == list(range(6))
        assert driver.spawned == 2
        assert max(most) == 2
        deadline = time.monotonic() + 5
        while driver.pool._workers and time.monotonic() < deadline:
            time.sleep(0.01)
        assert driver.pool._workers == 0

        async def one():
            return await execute_async(job, 7)
        assert driver.run(one(), timeout=5) == 7
        assert driver.spawned == 3
    finally:
        driver.close()


def test_a_job_waiting_on_another_gets_a_worker_of_its_own():
    # The first job blocks until the second has run: the second must not wait behind it.
    from conftest import ThreadDriver
    driver = ThreadDriver(max_workers=2)
    released = threading.Event()

    async def main():
        first = asyncio.ensure_future(execute_async(released.wait, 5))
        await asyncio.sleep(0.05)  # the first job is running on the only worker
        await execute_async(released.set)
        return await first
    try:
        assert driver.run(main()) is True
        assert driver.spawned == 2
    finally:
        driver.close()


def test_full_queue_is_reported_with_the_fix():
    loop = asyncio.new_event_loop()
    release = threading.Event()
    pool = BlockingPool(lambda: None, max_workers=1, queue_capacity=2, idle_seconds=1)
    pool.submit(loop, release.wait, ())
    pool.submit(loop, release.wait, ())
    with pytest.raises(BlockingQueueFullError, match="blockingQueueCapacity"):
        pool.submit(loop, release.wait, ())
    pool.stop()
    loop.close()


def test_stopped_pool_refuses_work():
    loop = asyncio.new_event_loop()
    pool = BlockingPool(lambda: None, max_workers=1, queue_capacity=2, idle_seconds=1)
    pool.stop()
    with pytest.raises(RuntimeError, match="closing"):
        pool.submit(loop, print, ())
    loop.close()


def test_a_blocking_call_that_raises_stop_iteration_reaches_the_coroutine_as_runtime_error(driver):
    # asyncio refuses StopIteration in a future; the awaiting coroutine must still get an outcome.
    async def main():
        with pytest.raises(RuntimeError, match="StopIteration") as raised:
            await execute_async(next, iter([]))
        assert isinstance(raised.value.__cause__, StopIteration)
        return await execute_async(lambda: "the loop goes on")
    assert driver.run(main()) == "the loop goes on"
