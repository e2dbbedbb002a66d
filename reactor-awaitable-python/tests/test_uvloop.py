"""UvLoop, the loop of EventLoopKind.UVLOOP: what it adds to uvloop for a Java loop thread."""

import asyncio
import threading
import time

import pytest

pytest.importorskip("uvloop", reason="uvloop is in the test venv's requirements; absent only in a hand-made venv")

from reactor_awaitable._uvloop import UvLoop  # noqa: E402


@pytest.fixture
def loop():
    loop = UvLoop()
    yield loop
    loop.close()


def test_a_blocking_worker_settles_its_future_from_its_own_thread(loop):
    async def main():
        future = loop.create_future()
        threading.Thread(target=loop.settle_threadsafe, args=(future, 42, None)).start()
        return await asyncio.wait_for(future, 5)

    assert loop.run_until_complete(main()) == 42


def test_stop_iteration_from_a_blocking_job_becomes_a_runtime_error(loop):
    async def main():
        future = loop.create_future()
        threading.Thread(target=loop.settle_threadsafe, args=(future, None, StopIteration(7))).start()
        with pytest.raises(RuntimeError, match="StopIteration") as raised:
            await asyncio.wait_for(future, 5)
        return raised.value.__cause__

    assert isinstance(loop.run_until_complete(main()), StopIteration)


def test_run_in_executor_goes_to_the_runtimes_pool_unless_code_set_an_executor(loop):
    submitted = []

    def submit(func, args):
        submitted.append(func)
        future = loop.create_future()
        future.set_result(func(*args))
        return future

    loop.blocking_submit = submit

    async def main():
        return await loop.run_in_executor(None, lambda: "pooled")

    assert loop.run_until_complete(main()) == "pooled"
    assert len(submitted) == 1
    from concurrent.futures import ThreadPoolExecutor
    executor = ThreadPoolExecutor(1)
    loop.set_default_executor(executor)
    assert loop.run_until_complete(main()) == "pooled"
    assert len(submitted) == 1, "the executor code set takes the jobs"
    assert loop.take_default_executor() is executor
    assert loop.take_default_executor() is None
    executor.shutdown()


def test_signal_handlers_are_refused_with_the_reason(loop):
    with pytest.raises(NotImplementedError, match="Java loop thread"):
        loop.add_signal_handler(2, print)


def test_slow_steps_are_reported_by_coroutine(loop):
    reports = []
    loop.detect_slow_steps(0.05, lambda name, seconds, stack: reports.append((name, seconds)))

    async def hog():
        time.sleep(0.1)
        await asyncio.sleep(0)

    loop.run_until_complete(hog())
    assert any(name.endswith("hog") and seconds >= 0.1 for name, seconds in reports), reports


def test_servers_left_open_are_closed(loop):
    async def main():
        return await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)

    server = loop.run_until_complete(main())
    assert server.is_serving()
    loop.close_connections()
    assert not server.is_serving()


def test_subprocesses_start_through_popen_not_uvloops_fork(loop):
    async def main():
        process = await asyncio.create_subprocess_exec("sh", "-c", "echo out; exit 3",
                                                       stdout=asyncio.subprocess.PIPE)
        out, _ = await process.communicate()
        return type(process._transport).__name__, out, process.returncode

    kind, out, code = loop.run_until_complete(main())
    assert kind == "_UnixSubprocessTransport", "uvloop's own spawn forks a JVM and runs Python in the child"
    assert (out, code) == (b"out\n", 3)
