"""``coroexecutor``'s README examples, run unchanged on ``reactor_awaitable.CoroutineExecutor``.

Each ``scenario_*`` coroutine is one snippet (plus the checks the README states in prose) and returns
"ok". The Java suite runs them on a loop thread (AsyncioFeaturesTest); the package's pytest suite runs
them under plain ``asyncio.run`` and on the loop driven from Python.
"""

import asyncio

from reactor_awaitable import DEFAULT_MAX_WORKERS, CoroutineExecutor


def scenario_names():
    return sorted(name for name in globals() if name.startswith("scenario_") and name != "scenario_names")


async def f(dt, msg=""):
    await asyncio.sleep(dt)
    return dt


async def scenario_map_in_order():
    async with CoroutineExecutor() as exe:
        results = exe.map(f, [0.01, 0.02, 0.03])
        assert [v async for v in results] == [0.01, 0.02, 0.03]
    return "ok"


async def scenario_map_failure_leaves_the_block_and_cancels_the_rest():
    results, cancelled = [], []

    async def failing(dt):
        try:
            await asyncio.sleep(dt)
        except asyncio.CancelledError:
            cancelled.append(dt)
            raise
        if dt == 0.1:
            raise Exception("oh noes")
        return dt

    try:
        async with CoroutineExecutor() as exe:
            async for r in exe.map(failing, [0.01, 0.02, 0.1, 0.2]):
                results.append(r)
    except Exception as error:  # noqa: BLE001 - the README's pytest.raises(Exception)
        assert str(error) == "oh noes"
    else:
        raise AssertionError("the job's exception did not leave the block")
    assert results == [0.01, 0.02]
    assert cancelled == [0.2]
    return "ok"


async def scenario_submit_with_keyword_arguments():
    async with CoroutineExecutor(max_workers=10) as exe:
        t1 = await exe.submit(f, 0.01, msg="task 1")
        t2 = await exe.submit(f, 0.05, msg="task 2")
    assert t1.done() and t2.done()
    assert (t1.result(), t2.result()) == (0.01, 0.05)
    return "ok"


async def scenario_producers_holding_the_executor_submit_under_its_timeout():
    done = []

    async def job(dt):
        await asyncio.sleep(dt)
        done.append(dt)

    async def producer1(executor):
        for dt in (0.01, 0.02, 0.03):
            await executor.submit(job, dt)

    async def producer2(executor):
        for dt in (0.04, 0.05, 0.06):
            await executor.submit(job, dt)

    async with CoroutineExecutor(timeout=0.5) as executor:
        await executor.submit(job, 0.0)
        await executor.submit(producer1, executor)
        await executor.submit(producer2, executor)
    assert sorted(done) == [0.0, 0.01, 0.02, 0.03, 0.04, 0.05, 0.06], "the block waits for jobs submitted by jobs"
    return "ok"


async def scenario_the_timeout_cancels_what_is_still_running():
    tasks = []
    try:
        async with CoroutineExecutor(timeout=0.05) as exe:
            tasks.append(await exe.submit(f, 0.01))
            tasks.append(await exe.submit(f, 5))
    except asyncio.TimeoutError:
        pass
    else:
        raise AssertionError("no TimeoutError")
    t1, t2 = tasks
    assert t1.done() and not t1.cancelled()
    assert t2.done() and t2.cancelled()
    return "ok"


async def scenario_a_job_raising_cancelled_error_shuts_the_executor_down():
    async def cancels_itself():
        await asyncio.sleep(0.01)
        raise asyncio.CancelledError("gave up")

    others = []
    try:
        async with CoroutineExecutor() as exe:
            others.append(await exe.submit(f, 5))
            await exe.submit(cancels_itself)
    except asyncio.CancelledError as error:
        assert error.args == ("gave up",)
    else:
        raise AssertionError("the job's CancelledError did not leave the block")
    assert others[0].cancelled(), "the other job was cancelled"
    return "ok"


async def scenario_a_job_raising_cancelled_error_is_skipped_when_errors_are_suppressed():
    async def maybe_cancel(dt):
        await asyncio.sleep(dt)
        if dt == 0.02:
            raise asyncio.CancelledError("skip me")
        return dt

    async with CoroutineExecutor(suppress_task_errors=True) as exe:
        results = [r async for r in exe.map(maybe_cancel, [0.01, 0.02, 0.03])]
    assert results == [0.01, 0.03]
    return "ok"


async def scenario_max_workers_has_a_default():
    running, peak = 0, 0

    async def counted():
        nonlocal running, peak
        running += 1
        peak = max(peak, running)
        await asyncio.sleep(0.01)
        running -= 1

    async with CoroutineExecutor() as exe:
        assert exe.max_workers == DEFAULT_MAX_WORKERS == 1000
        for _ in range(DEFAULT_MAX_WORKERS + 200):
            await exe.submit(counted)
    assert peak == DEFAULT_MAX_WORKERS
    return "ok"
