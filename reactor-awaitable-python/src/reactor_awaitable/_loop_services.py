"""What every event loop run by a Java loop thread adds to asyncio, whichever kind it is.

Both kinds (``_loop.DrivenLoop``, asyncio's selector loop stepped from Java, and ``_uvloop.UvLoop``,
a uvloop loop that runs for the thread's life) mix :class:`LoopThreadServices` in front of their
asyncio base class: blocking jobs go to the runtime's pool, a blocking worker settles its future
from its own thread, servers are tracked so ``close()`` can close them, a ``SystemExit`` escaping a
callback stays inside the loop, subprocesses are started by ``subprocess.Popen`` and watched through a
pidfd, and signal handlers are refused with an explanation.
"""

import asyncio
import os
import sys
import time
import weakref
from asyncio import unix_events

__all__ = ["LoopThreadServices", "TimedCallback", "settle"]


def _unsupported(feature: str):
    def method(self, *args, **kwargs):
        raise NotImplementedError(
            f"{feature} is not available in coroutines run by reactor-awaitable: its event loop runs on a "
            "Java loop thread, not on Python's main thread, and only the main thread receives signals. "
            "Handle the signal in Java (or in the process's main thread) and tell the coroutine, e.g. "
            "by cancelling it or through an asyncio.Event set with loop.call_soon_threadsafe."
        )

    method.__name__ = feature.split("(")[0].split(".")[-1]
    return method


def settle(future, result, error) -> None:
    """Give ``future`` ``error`` if not None, else ``result``; a future cancelled meanwhile is left alone.

    What a blocking job's outcome does to the future its coroutine awaits, on the loop's thread.
    """
    if future.cancelled():
        return
    if error is None:
        future.set_result(result)
        return
    if isinstance(error, StopIteration):
        # An asyncio future refuses StopIteration (it would end the awaiting coroutine as if it had
        # returned); like a generator under PEP 479, the coroutine gets a RuntimeError caused by it.
        replacement = RuntimeError(f"the blocking call raised StopIteration ({error!r}), which "
                                   "an asyncio future cannot carry")
        replacement.__cause__ = error
        error = replacement
    future.set_exception(error)


class TimedCallback:
    """Runs a callback and reports it when it held the loop too long (``loop._slow_threshold`` seconds
    or more) to ``loop._slow_report(name, seconds, stack)``."""

    __slots__ = ("callback", "loop")

    def __init__(self, callback, loop):
        self.callback = callback
        self.loop = loop

    def __call__(self, *args):
        start = time.perf_counter()
        try:
            return self.callback(*args)
        finally:
            elapsed = time.perf_counter() - start
            if elapsed >= self.loop._slow_threshold:
                name, stack = _describe_step(self.callback)
                self.loop._slow_report(name, elapsed, stack)

    def __repr__(self):
        return repr(self.callback)


def _describe_step(callback):
    """The qualified name of the coroutine a callback stepped, and its stack where it yielded."""
    task = getattr(callback, "__self__", None)
    if not isinstance(task, asyncio.Task):
        return repr(callback), ""
    coro = task.get_coro()
    code = getattr(coro, "cr_code", None)
    frame = getattr(coro, "cr_frame", None)
    if code is None:
        name = repr(coro)
    else:
        # A coroutine that finished in the step has no frame left: find its module by its file.
        module = frame.f_globals.get("__name__") if frame is not None else _module_of_file(code.co_filename)
        name = f"{module}.{code.co_qualname}" if module else f"{code.co_qualname} ({code.co_filename})"
    if task.done():
        return name, "(the coroutine finished in this step)"
    import io
    out = io.StringIO()
    task.print_stack(file=out)
    return name, out.getvalue()


def _module_of_file(filename):
    for name, module in list(sys.modules.items()):
        if getattr(module, "__file__", None) == filename:
            return name
    return None


class LoopThreadServices:
    """Mixed in before an asyncio event loop class (see the module doc).

    :attr blocking_submit: ``(func, args) -> Future`` that runs blocking work off the loop; used by
        ``execute_async`` and by ``run_in_executor(None, ...)`` (so by ``asyncio.to_thread``). When
        None, asyncio's default thread-pool executor is used.
    :attr publisher_bridge: the loop's ``_publishers.PublisherBridge``, set by its driver.
    :attr owns_exception: set by the driver: whether an exception that escaped a step is already the
        outcome of one of its calls (asyncio's Task stores SystemExit and KeyboardInterrupt, then
        re-raises them).
    """

    blocking_submit = None
    publisher_bridge = None
    owns_exception = None
    _user_executor = None  # the executor code set with set_default_executor, if any

    def _track_servers(self) -> None:
        self._servers_opened = weakref.WeakSet()

    def run_in_executor(self, executor, func, *args):
        if executor is None and self._user_executor is None and self.blocking_submit is not None:
            if self.is_closed():
                raise RuntimeError("Event loop is closed")
            return self.blocking_submit(func, args)
        return super().run_in_executor(executor, func, *args)

    def set_default_executor(self, executor):
        super().set_default_executor(executor)
        self._user_executor = executor

    def take_default_executor(self):
        """The executor code set with ``set_default_executor`` (None when none), forgotten by the loop:
        what the loop's close shuts down."""
        executor, self._user_executor = self._user_executor, None
        return executor

    async def create_server(self, *args, **kwargs):
        server = await super().create_server(*args, **kwargs)
        self._servers_opened.add(server)
        return server

    async def create_unix_server(self, *args, **kwargs):
        server = await super().create_unix_server(*args, **kwargs)
        self._servers_opened.add(server)
        return server

    def close_servers(self) -> None:
        """Close every server code opened on this loop and did not close."""
        for server in list(self._servers_opened):
            server.close()

    async def _make_subprocess_transport(self, protocol, args, shell, stdin, stdout, stderr, bufsize,
                                         extra=None, **kwargs):
        # asyncio's child watchers either start a thread per child (ThreadedChildWatcher) or need the
        # main thread (SIGCHLD). A pidfd is a descriptor like any other: the child's exit is one more
        # reader on this loop. The child is started by subprocess.Popen, which forks and execs in C.
        if not hasattr(os, "pidfd_open"):
            fallback = getattr(super(), "_make_subprocess_transport", None)
            if fallback is None:
                raise NotImplementedError("subprocesses on this loop need Linux 5.3 or newer (os.pidfd_open)")
            return await fallback(protocol, args, shell, stdin, stdout, stderr, bufsize, extra=extra, **kwargs)
        waiter = self.create_future()
        transport = unix_events._UnixSubprocessTransport(self, protocol, args, shell, stdin, stdout, stderr,
                                                         bufsize, waiter=waiter, extra=extra, **kwargs)
        self._watch_child(transport)
        try:
            await waiter
        except (SystemExit, KeyboardInterrupt):
            raise
        except BaseException:
            transport.close()
            await transport._wait()
            raise
        return transport

    def _watch_child(self, transport):
        pid = transport.get_pid()
        pidfd = os.pidfd_open(pid)

        def exited():
            self.remove_reader(pidfd)
            os.close(pidfd)
            try:
                _, status = os.waitpid(pid, os.WNOHANG)
                returncode = os.waitstatus_to_exitcode(status)
            except ChildProcessError:
                returncode = 255  # reaped by someone else, as asyncio's watchers report it
            # One iteration later, as asyncio's watchers do: the pipes' last data is read first.
            self.call_soon(transport._process_exited, returncode)

        self.add_reader(pidfd, exited)

    def _contain(self, exc) -> None:
        """Keep a SystemExit or KeyboardInterrupt that escaped a callback inside the loop.

        asyncio lets both leave the loop (under ``asyncio.run`` they end the program); here they
        would leave the loop thread and, through Jep, end the JVM or the loop thread. A task that
        raised one has already stored it as its exception, so its call fails with it; one raised by a
        plain callback goes to the loop's exception handler, which logs it. The rest of the
        iteration's callbacks stay ready and run next.
        """
        if self.owns_exception is not None and self.owns_exception(exc):
            return
        self.call_exception_handler({
            "message": f"{type(exc).__name__} raised by a callback was kept inside the event loop",
            "exception": exc,
        })

    add_signal_handler = _unsupported("loop.add_signal_handler()")
    remove_signal_handler = _unsupported("loop.remove_signal_handler()")
