"""asyncio, unchanged, inside a coroutine run by reactor-awaitable.

Each ``scenario_*`` coroutine uses one part of asyncio, asserts what a Python
developer relies on, and returns "ok". The Java suite runs every scenario on a
real loop thread (AsyncioFeaturesTest); the package's pytest suite runs the
same scenarios on the loop driven from plain Python.
"""

import asyncio
import concurrent.futures
import threading
import time

from reactor_awaitable import execute_async


def scenario_names():
    return sorted(name for name in globals() if name.startswith("scenario_") and name != "scenario_names")


async def scenario_sleep():
    loop = asyncio.get_running_loop()
    start = loop.time()
    await asyncio.sleep(0.02)
    # uvloop's clock counts whole milliseconds: (t + 20 ms) - t in float seconds can come out a hair under.
    assert loop.time() - start >= 0.02 - 1e-9
    return "ok"


async def scenario_gather():
    async def square(x):
        await asyncio.sleep(0.001 * (5 - x))
        return x * x
    assert await asyncio.gather(*(square(i) for i in range(5))) == [0, 1, 4, 9, 16]
    results = await asyncio.gather(square(2), _raise(ValueError("x")), return_exceptions=True)
    assert results[0] == 4 and isinstance(results[1], ValueError)
    return "ok"


async def _raise(exc):
    await asyncio.sleep(0)
    raise exc


async def scenario_wait():
    fast = asyncio.create_task(asyncio.sleep(0.001, "fast"))
    slow = asyncio.create_task(asyncio.sleep(10, "slow"))
    done, pending = await asyncio.wait({fast, slow}, return_when=asyncio.FIRST_COMPLETED)
    assert done == {fast} and pending == {slow}
    slow.cancel()
    done, _ = await asyncio.wait({slow})
    assert slow.cancelled()
    return "ok"


async def scenario_wait_for():
    assert await asyncio.wait_for(asyncio.sleep(0.001, 7), timeout=5) == 7
    try:
        await asyncio.wait_for(asyncio.sleep(10), timeout=0.01)
    except (asyncio.TimeoutError, TimeoutError):
        return "ok"
    raise AssertionError("wait_for did not time out")


async def scenario_timeout():
    cleaned = []
    try:
        async with asyncio.timeout(0.01):
            try:
                await asyncio.sleep(10)
            finally:
                cleaned.append(True)
    except TimeoutError:
        assert cleaned == [True]
        return "ok"
    raise AssertionError("asyncio.timeout did not fire")


async def scenario_create_task():
    task = asyncio.create_task(asyncio.sleep(0.001, "value"), name="child")
    assert task.get_name() == "child"
    assert await task == "value"
    return "ok"


async def scenario_as_completed():
    order = []
    for next_done in asyncio.as_completed([asyncio.sleep(0.03, 3), asyncio.sleep(0.001, 1), asyncio.sleep(0.015, 2)]):
        order.append(await next_done)
    assert order == [1, 2, 3], order
    return "ok"


async def scenario_lock():
    lock = asyncio.Lock()
    inside = []

    async def worker(i):
        async with lock:
            inside.append(i)
            assert len(inside) == 1
            await asyncio.sleep(0.001)
            inside.remove(i)
    await asyncio.gather(*(worker(i) for i in range(10)))
    return "ok"


async def scenario_semaphore():
    semaphore = asyncio.Semaphore(3)
    running, peak = 0, 0

    async def worker():
        nonlocal running, peak
        async with semaphore:
            running += 1
            peak = max(peak, running)
            await asyncio.sleep(0.001)
            running -= 1
    await asyncio.gather(*(worker() for _ in range(20)))
    assert peak == 3, peak
    return "ok"


async def scenario_event():
    event = asyncio.Event()
    waiter = asyncio.create_task(event.wait())
    await asyncio.sleep(0)
    assert not waiter.done()
    event.set()
    assert await waiter is True
    return "ok"


async def scenario_condition():
    condition = asyncio.Condition()
    items = []

    async def consumer():
        async with condition:
            await condition.wait_for(lambda: items)
            return items.pop()
    task = asyncio.create_task(consumer())
    await asyncio.sleep(0)
    async with condition:
        items.append("item")
        condition.notify()
    assert await task == "item"
    return "ok"


async def scenario_barrier():
    barrier = asyncio.Barrier(3)
    passed = []

    async def party(i):
        await barrier.wait()
        passed.append(i)
    await asyncio.gather(*(party(i) for i in range(3)))
    assert sorted(passed) == [0, 1, 2]
    return "ok"


async def scenario_queue():
    queue = asyncio.Queue(maxsize=2)
    received = []

    async def producer():
        for i in range(10):
            await queue.put(i)
        await queue.put(None)

    async def consumer():
        while (item := await queue.get()) is not None:
            received.append(item)
    await asyncio.gather(producer(), consumer())
    assert received == list(range(10))
    priority = asyncio.PriorityQueue()
    for item in (3, 1, 2):
        priority.put_nowait(item)
    assert [priority.get_nowait() for _ in range(3)] == [1, 2, 3]
    return "ok"


async def scenario_task_group():
    async with asyncio.TaskGroup() as group:
        first = group.create_task(asyncio.sleep(0.001, 1))
        second = group.create_task(asyncio.sleep(0.002, 2))
    assert (first.result(), second.result()) == (1, 2)
    sibling_cancelled = []

    async def slow():
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            sibling_cancelled.append(True)
            raise
    try:
        async with asyncio.TaskGroup() as group:
            group.create_task(slow())
            group.create_task(_raise(ValueError("one")))
            group.create_task(_raise(KeyError("two")))
    except* ValueError as values:
        assert [str(e) for e in values.exceptions] == ["one"]
    except* KeyError as keys:
        assert len(keys.exceptions) == 1
    assert sibling_cancelled == [True]
    return "ok"


async def scenario_cancellation_cleanup():
    steps = []

    async def victim():
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            steps.append("except")
            await asyncio.sleep(0.001)
            raise
        finally:
            steps.append("finally")
    task = asyncio.create_task(victim())
    await asyncio.sleep(0.001)
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        pass
    assert task.cancelled() and steps == ["except", "finally"], steps
    return "ok"


async def scenario_shield():
    inner = asyncio.ensure_future(asyncio.sleep(0.01, "done"))
    outer = asyncio.ensure_future(asyncio.shield(inner))
    await asyncio.sleep(0)
    outer.cancel()
    try:
        await outer
    except asyncio.CancelledError:
        pass
    assert await inner == "done"
    return "ok"


async def scenario_to_thread():
    caller = threading.get_ident()
    worker = await asyncio.to_thread(threading.get_ident)
    assert worker != caller
    assert await asyncio.to_thread(sum, [1, 2, 3]) == 6
    return "ok"


async def scenario_run_in_executor():
    loop = asyncio.get_running_loop()
    assert await loop.run_in_executor(None, pow, 2, 10) == 1024
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        assert await loop.run_in_executor(pool, pow, 2, 3) == 8
    return "ok"


async def scenario_run_coroutine_threadsafe():
    loop = asyncio.get_running_loop()

    async def on_loop(x):
        await asyncio.sleep(0.001)
        return x * 2

    def blocking_caller():
        # ohwait-style: sync code off the loop waits for a coroutine on the loop.
        return asyncio.run_coroutine_threadsafe(on_loop(21), loop).result(timeout=10)
    assert await execute_async(blocking_caller) == 42
    return "ok"


async def scenario_execute_async():
    start = time.monotonic()
    assert await execute_async(time.sleep, 0.05) is None
    assert await execute_async(time.sleep, 0.05) is None
    sequential = time.monotonic() - start
    assert sequential >= 0.1, sequential
    start = time.monotonic()
    await asyncio.gather(execute_async(time.sleep, 0.1), execute_async(time.sleep, 0.1))
    parallel = time.monotonic() - start
    assert parallel < 0.19, parallel
    assert await execute_async(lambda a, b=0: a + b, 1, b=2) == 3
    try:
        await execute_async(int, "not a number")
    except ValueError:
        pass
    else:
        raise AssertionError("the worker's exception did not reach the coroutine")
    return "ok"


async def scenario_execute_async_is_lazy():
    ran = []
    awaitable = execute_async(ran.append, 1)
    await asyncio.sleep(0.02)
    assert ran == [], "submitted before being awaited"
    await awaitable
    assert ran == [1]
    return "ok"


async def scenario_contextvars_reach_workers():
    import contextvars
    var = contextvars.ContextVar("request_id")
    var.set("abc")
    assert await execute_async(var.get) == "abc"
    return "ok"


async def scenario_signal_handlers_say_why():
    loop = asyncio.get_running_loop()
    for call in (lambda: loop.add_signal_handler(2, print), lambda: loop.remove_signal_handler(2)):
        try:
            call()
        except NotImplementedError as err:
            assert "reactor-awaitable" in str(err) and "main thread" in str(err), err
        else:
            raise AssertionError("expected NotImplementedError")
    return "ok"


async def scenario_async_generators():
    closed = []

    async def numbers():
        try:
            for i in range(100):
                yield i
        finally:
            closed.append(True)
    async for value in numbers():
        if value == 3:
            break
    await asyncio.sleep(0.001)
    assert [v async for v in numbers()][:3] == [0, 1, 2]
    return "ok"


async def scenario_executor_map_keeps_order_and_stops_at_a_failure():
    from reactor_awaitable import Executor
    received = []

    async def job(seconds):
        await asyncio.sleep(seconds)
        if seconds == 0.1:
            raise ValueError("0.1 failed")
        return seconds
    try:
        async with Executor(max_workers=10) as exe:
            async for result in exe.map(job, [0.01, 0.02, 0.1, 0.2]):
                received.append(result)
    except ValueError:
        assert received == [0.01, 0.02], received
        return "ok"
    raise AssertionError("the failure did not reach the caller")


async def scenario_executor_submit_bounds_concurrency():
    from reactor_awaitable import Executor
    running, peak = 0, 0

    async def job():
        nonlocal running, peak
        running += 1
        peak = max(peak, running)
        await asyncio.sleep(0.002)
        running -= 1
    async with Executor(max_workers=4) as exe:
        for _ in range(40):
            await exe.submit(job)
    assert peak == 4, peak
    return "ok"
