"""coroexecutor's own test suite (2022.8.1, from its sdist on PyPI) against
reactor_awaitable.CoroutineExecutor: in a plain python3 process on asyncio.run, and in the JVM with
every coroutine of the suite on a Java loop thread (CoroexecutorSuiteTest)."""

import asyncio
import contextlib
import io
import os
import subprocess
import sys
import tarfile
import threading

VERSION = "2022.8.1"
_SHIM = "from reactor_awaitable import CoroutineExecutor  # the suite's import, answered by the library\n"


async def fetch_suite(directory):
    """The suite's ``tests`` directory (see :func:`_fetch`), fetched off the loop."""
    from reactor_awaitable import execute_async
    return await execute_async(_fetch, directory)


def _fetch(directory):
    """The suite's ``tests`` directory, from the sdist downloaded once into ``directory``; beside it a
    ``shim`` directory whose ``coroexecutor`` module is the library's executor."""
    root = os.path.join(directory, f"coroexecutor-{VERSION}")
    tests = os.path.join(root, "tests")
    if not os.path.isdir(tests):
        os.makedirs(directory, exist_ok=True)
        subprocess.run([sys.executable, "-m", "pip", "download", "--disable-pip-version-check", "-q", "--no-deps",
                        "--no-binary", ":all:", "-d", directory, f"coroexecutor=={VERSION}"], check=True,
                       capture_output=True, timeout=300)
        with tarfile.open(os.path.join(directory, f"coroexecutor-{VERSION}.tar.gz")) as sdist:
            # The "data" filter where this Python has it (3.11.4+; Debian's 3.11.2 has not).
            sdist.extractall(directory, **({"filter": "data"} if hasattr(tarfile, "data_filter") else {}))
        os.remove(os.path.join(root, "coroexecutor.py"))  # the shim below must be the only coroexecutor
    shim = os.path.join(directory, "shim")
    os.makedirs(shim, exist_ok=True)
    with open(os.path.join(shim, "coroexecutor.py"), "w") as out:
        out.write(_SHIM)
    return tests


def _pytest_args(tests):
    # The suite's pytest.ini adds options of its own (durations, markers); only its tests are wanted.
    # pytest's faulthandler plugin would enable faulthandler, which the library refuses in a JVM.
    return ["-q", "-p", "no:cacheprovider", "-p", "no:faulthandler", "-o", "addopts=", "--rootdir",
            os.path.dirname(tests), tests]


async def run_in_process(tests, package_path):
    """Run the suite in a plain python3 process (its coroutines on ``asyncio.run``); returns pytest's
    summary line and exit code."""
    from reactor_awaitable import execute_async
    return await execute_async(_run_in_process, tests, package_path)


def _run_in_process(tests, package_path):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([os.path.join(os.path.dirname(os.path.dirname(tests)), "shim"),
                                                        package_path]))
    done = subprocess.run([sys.executable, "-m", "pytest", *_pytest_args(tests)], env=env, capture_output=True,
                          text=True, timeout=600)
    return [_summary(done.stdout), done.returncode, done.stdout[-6000:] + done.stderr[-3000:]]


async def run_on_this_loop(tests):
    """Run the suite with every ``asyncio.run(...)`` of it sent to the running loop (a Java loop thread):
    pytest itself runs on a blocking worker, which waits for each coroutine to finish on the loop."""
    import pytest
    from reactor_awaitable import execute_async

    loop = asyncio.get_running_loop()
    shim = os.path.join(os.path.dirname(os.path.dirname(tests)), "shim")

    def on_the_loop(coro, *, debug=None):
        if threading.current_thread() is loop_thread:
            raise RuntimeError("the suite called asyncio.run on the loop thread itself")

        async def outcome():  # what main() raised, CancelledError too, as asyncio.run would raise it
            try:
                return True, await coro
            except BaseException as error:  # noqa: BLE001 - re-raised on the calling thread
                return False, error

        ok, value = asyncio.run_coroutine_threadsafe(outcome(), loop).result()
        if ok:
            return value
        raise value

    class SendRunsToTheLoop:
        """A pytest plugin: the test modules' ``run`` (``from asyncio import run``) and ``asyncio.run``."""

        @pytest.hookimpl(tryfirst=True)
        def pytest_runtest_setup(self, item):
            if getattr(item.module, "run", None) is asyncio.run or item.module.__dict__.get("run") is _real_run:
                item.module.run = on_the_loop

    def suite():
        sys.path.insert(0, shim)
        asyncio.run = on_the_loop
        out = io.StringIO()
        try:
            with contextlib.redirect_stdout(out):
                # --capture=sys: fd-level capture would take the JVM's stdout, its test runner's channel
                code = pytest.main(["--capture=sys", *_pytest_args(tests)], plugins=[SendRunsToTheLoop()])
        finally:
            asyncio.run = _real_run
            sys.path.remove(shim)
            for name in [n for n in sys.modules if n == "coroexecutor" or n.startswith(("test_", "conftest"))]:
                del sys.modules[name]
        return [_summary(out.getvalue()), int(code), out.getvalue()[-6000:]]

    loop_thread = threading.current_thread()
    return await execute_async(suite)


_real_run = asyncio.run


def _summary(output):
    lines = [line for line in output.splitlines() if " passed" in line or " failed" in line or " error" in line]
    return lines[-1].strip() if lines else output[-2000:]
