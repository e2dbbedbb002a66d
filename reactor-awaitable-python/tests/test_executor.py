"""Executor: the CoroutineExecutor semantics, exactly."""

import asyncio
import time

import pytest

from reactor_awaitable import Executor


async def sleep_for(seconds):
    await asyncio.sleep(seconds)
    if seconds == 0.1:
        raise ValueError("0.1 failed")
    return seconds


def test_map_yields_in_input_order():
    async def main():
        async with Executor(max_workers=10) as exe:
            return [r async for r in exe.map(sleep_for, [0.03, 0.01, 0.02])]
    assert asyncio.run(main()) == [0.03, 0.01, 0.02]


def test_map_example_from_the_older_api():
    async def main():
        async with Executor(max_workers=10) as exe:
            return [r async for r in exe.map(sleep_for, [0.01, 0.02, 0.03])]
    assert asyncio.run(main()) == [0.01, 0.02, 0.03]


def test_a_failure_keeps_delivered_results_cancels_the_rest_and_reaches_the_caller():
    received, cancelled = [], []

    async def job(seconds):
        try:
            return await sleep_for(seconds)
        except asyncio.CancelledError:
            cancelled.append(seconds)
            raise

    async def main():
        async with Executor(max_workers=10) as exe:
            async for result in exe.map(job, [0.01, 0.02, 0.1, 0.2]):
                received.append(result)
    with pytest.raises(ValueError, match="0.1 failed"):
        asyncio.run(main())
    assert received == [0.01, 0.02]
    assert cancelled == [0.2]


def test_submit_applies_back_pressure_at_max_workers():
    running, peak = 0, 0

    async def job():
        nonlocal running, peak
        running += 1
        peak = max(peak, running)
        await asyncio.sleep(0.005)
        running -= 1

    async def main():
        async with Executor(max_workers=3) as exe:
            for _ in range(20):
                await exe.submit(job)
                assert running <= 3
    asyncio.run(main())
    assert peak == 3


def test_leaving_the_block_waits_for_every_job():
    done = []

    async def job(i):
        await asyncio.sleep(0.01)
        done.append(i)

    async def main():
        async with Executor(max_workers=5) as exe:
            for i in range(12):
                await exe.submit(job, i)
        assert sorted(done) == list(range(12))
    asyncio.run(main())


def test_a_failing_submitted_job_cancels_the_others_and_is_raised_at_exit():
    cancelled = []

    async def slow(i):
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            cancelled.append(i)
            raise

    async def failing():
        await asyncio.sleep(0.01)
        raise KeyError("boom")

    async def main():
        async with Executor(max_workers=5) as exe:
            for i in range(3):
                await exe.submit(slow, i)
            await exe.submit(failing)
    start = time.monotonic()
    with pytest.raises(KeyError):
        asyncio.run(main())
    assert sorted(cancelled) == [0, 1, 2]
    assert time.monotonic() - start < 5


def test_suppressed_errors_let_the_others_finish_and_map_skips_failures():
    async def main():
        async with Executor(max_workers=10, suppress_task_errors=True) as exe:
            return [r async for r in exe.map(sleep_for, [0.01, 0.1, 0.02])]
    assert asyncio.run(main()) == [0.01, 0.02]


def test_the_executor_timeout_cancels_what_is_still_running():
    cancelled = []

    async def job(seconds):
        try:
            await asyncio.sleep(seconds)
            return seconds
        except asyncio.CancelledError:
            cancelled.append(seconds)
            raise

    async def main():
        async with Executor(max_workers=10, timeout=0.05) as exe:
            fast = await exe.submit(job, 0.01)
            await exe.submit(job, 5)
        return fast
    with pytest.raises(TimeoutError):
        asyncio.run(main())
    assert cancelled == [5]


def test_map_accepts_async_iterables_and_bounds_unconsumed_results():
    started = []

    async def numbers():
        for i in range(100):
            yield i

    async def job(i):
        started.append(i)
        return i

    async def main():
        async with Executor(max_workers=4) as exe:
            results = exe.map(job, numbers())
            first = await results.__anext__()
            await asyncio.sleep(0.01)      # a slow consumer
            assert len(started) <= 1 + 4 + 4, started   # consumed + window + running
            rest = [r async for r in results]
            return [first] + rest
    assert asyncio.run(main()) == list(range(100))


def test_without_async_with_submit_starts_it_and_shutdown_ends_it_after_which_it_is_closed():
    async def main():
        exe = Executor(max_workers=1, initializer=started.append, initargs=("init",))
        first = await exe.submit(asyncio.sleep, 0.01, "first")
        second = await exe.submit(asyncio.sleep, 0, "second")  # waits for the one slot
        await exe.shutdown()
        assert (first.result(), second.result()) == ("first", "second")
        with pytest.raises(RuntimeError, match="Executor is closed."):
            await exe.submit(asyncio.sleep, 0)

    started = []
    asyncio.run(main())
    assert started == ["init", "init"]


def test_map_over_several_iterables_takes_one_item_of_each_up_to_the_shortest():
    async def add(a, b):
        await asyncio.sleep(0)
        return a + b

    async def main():
        async with Executor(max_workers=2) as exe:
            return [total async for total in exe.map(add, [1, 2, 3], [10, 20])]

    assert asyncio.run(main()) == [11, 22]


def test_an_initializer_that_cannot_be_called_is_refused_at_once():
    with pytest.raises(TypeError, match="type is unknown"):
        Executor(initializer=123)


# coroexecutor's README examples: under plain asyncio.run here, on the driven loop in
# test_asyncio_on_driven_loop.py, on a Java loop thread in AsyncioFeaturesTest.
from ra_test import coroexecutor_snippets  # noqa: E402


@pytest.mark.parametrize("name", coroexecutor_snippets.scenario_names())
def test_coroexecutor_snippet_under_asyncio_run(name):
    assert asyncio.run(getattr(coroexecutor_snippets, name)()) == "ok"


def test_coroexecutor_snippets_were_found():
    assert len(coroexecutor_snippets.scenario_names()) >= 8
