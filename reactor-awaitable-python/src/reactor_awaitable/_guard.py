"""The Python half of the BlockHound integration: blocking calls on a loop thread.

BlockHound sees only JVM methods; ``time.sleep`` in a coroutine runs in C and
would go unnoticed while it stalls every coroutine on the loop. When BlockHound
is installed, :func:`install` wraps the usual blocking calls of the standard
library. On a loop thread (marked by :func:`mark_loop_thread`), a call that
would really block is reported to Java, where a method that BlockHound treats
as blocking raises BlockHound's own ``BlockingOperationError`` (so the error
type and the allow rules are BlockHound's). Off the loop (blocking workers,
other threads) the wrappers only pass through.

Nothing is wrapped unless BlockHound is installed, so the guard costs nothing
otherwise.
"""

import _thread
import functools
import sys
import threading

__all__ = ["install", "mark_loop_thread"]

_state = threading.local()
_check = None            # the Java PythonBlocking.check(api, location), once installed
_allowed = frozenset()   # {(module, function)}; function "*" allows a whole module
_installed = False
_install_lock = _thread.allocate_lock()

# Short internal waits of the standard library that are not the caller's doing.
_DEFAULT_ALLOWED = (
    ("threading", "start"),                  # Thread.start() waits for the thread to start
    ("concurrent.futures._base", "*"),       # its internal condition locks (result() is checked itself)
    ("concurrent.futures.process", "submit"),  # the shutdown lock, held briefly by the pool's own thread
    ("concurrent.futures.thread", "submit"),   # the same in a ThreadPoolExecutor
    ("logging", "*"),                        # handler locks
    ("reactor_awaitable._selector", "idle_wait"),  # the loop's own idle wait in its selector
    ("reactor_awaitable._driver", "shutdown_default_executor"),  # close() waits for it, as asyncio.run does
)

_MAX_FRAMES = 64


def mark_loop_thread() -> None:
    """Mark the calling thread as a loop thread: blocking calls on it are reported."""
    _state.loop = True


def _is_allowed(frame) -> bool:
    depth = 0
    while frame is not None and depth < _MAX_FRAMES:
        module = frame.f_globals.get("__name__")
        if (module, frame.f_code.co_name) in _allowed or (module, "*") in _allowed:
            return True
        frame = frame.f_back
        depth += 1
    return False


def _report(api: str) -> None:
    """Report a blocking call made on a loop thread, unless an allow rule covers it."""
    check = _check
    if check is None:
        return
    frame = sys._getframe(3)  # _report <- guarded wrapper's helper <- wrapper <- the caller
    if _is_allowed(frame):
        return
    location = f"{frame.f_code.co_filename}:{frame.f_lineno} in {frame.f_code.co_name}"
    check(api, location)


def _guard(owner, name, api, blocks=None):
    """Wrap ``owner.name`` so a call that would block on a loop thread is reported first.

    ``blocks(*args, **kwargs)`` says whether this call would block; without it every call does.
    """
    original = getattr(owner, name)

    @functools.wraps(original)
    def guarded(*args, **kwargs):
        if getattr(_state, "loop", False):
            _maybe_report(api, blocks, args, kwargs)
        return original(*args, **kwargs)

    guarded.__reactor_awaitable_original__ = original
    setattr(owner, name, guarded)


def _maybe_report(api, blocks, args, kwargs):
    if blocks is None or blocks(*args, **kwargs):
        _report(api)


class _GuardedLock:
    """A ``threading.Lock``/``RLock`` that reports an acquire which would wait."""

    __slots__ = ("_lock", "_api", "__weakref__")

    def __init__(self, lock, api):
        self._lock = lock
        self._api = api

    def acquire(self, blocking=True, timeout=-1):
        if blocking and getattr(_state, "loop", False):
            if self._lock.acquire(False):
                return True
            _maybe_report(self._api, None, (), {})
        return self._lock.acquire(blocking, timeout)

    def release(self):
        self._lock.release()

    def locked(self):
        return self._lock.locked()

    __enter__ = acquire

    def __exit__(self, *exc):
        self._lock.release()

    def __getattr__(self, name):  # _is_owned, _release_save, _acquire_restore, _at_fork_reinit
        return getattr(self._lock, name)

    def __repr__(self):
        return repr(self._lock)


def _timeout_blocks(timeout):
    return timeout is None or timeout > 0


def install(java_check, allowed_rules) -> None:
    """Wrap the standard library's blocking calls (once per process) and set the allow rules.

    :param java_check: ``PythonBlocking.check(api, location)`` on the Java side.
    :param allowed_rules: ``[module, function, ...]`` pairs from Java configuration.
    """
    global _check, _allowed, _installed
    rules = set(_DEFAULT_ALLOWED)
    items = list(allowed_rules or ())
    rules.update(zip(items[0::2], items[1::2]))
    with _install_lock:
        _allowed = frozenset(rules)
        _check = java_check
        if _installed:
            return
        _installed = True
    import concurrent.futures
    import queue
    import select
    import selectors
    import socket
    import subprocess
    import time
    import urllib.request

    _guard(time, "sleep", "time.sleep")

    def socket_blocks(sock, *args, **kwargs):
        return sock.gettimeout() != 0.0
    for name in ("recv", "recv_into", "recvfrom", "recvfrom_into", "send", "sendall", "sendto", "accept",
                 "connect"):
        _guard(socket.socket, name, f"socket.socket.{name}", socket_blocks)
    _guard(socket, "create_connection", "socket.create_connection")

    def select_blocks(rlist, wlist, xlist, timeout=None):
        return _timeout_blocks(timeout)
    _guard(select, "select", "select.select", select_blocks)
    for cls_name in ("SelectSelector", "PollSelector", "EpollSelector", "DevpollSelector", "KqueueSelector"):
        cls = getattr(selectors, cls_name, None)
        if cls is not None and "select" in cls.__dict__:
            _guard(cls, "select", f"selectors.{cls_name}.select",
                   lambda self, timeout=None: _timeout_blocks(timeout))

    original_lock, original_rlock = threading.Lock, threading.RLock
    threading.Lock = lambda: _GuardedLock(original_lock(), "threading.Lock.acquire")
    threading.RLock = lambda *a, **k: _GuardedLock(original_rlock(*a, **k), "threading.RLock.acquire")
    _guard(threading.Condition, "wait", "threading.Condition.wait",
           lambda self, timeout=None: _timeout_blocks(timeout))
    _guard(threading.Event, "wait", "threading.Event.wait",
           lambda self, timeout=None: not self.is_set() and _timeout_blocks(timeout))
    _guard(threading.Semaphore, "acquire", "threading.Semaphore.acquire",
           lambda self, blocking=True, timeout=None: blocking and self._value == 0 and _timeout_blocks(timeout))

    _guard(queue.Queue, "get", "queue.Queue.get",
           lambda self, block=True, timeout=None: block and self.empty() and _timeout_blocks(timeout))
    _guard(queue.Queue, "put", "queue.Queue.put",
           lambda self, item, block=True, timeout=None: block and 0 < self.maxsize <= self.qsize()
           and _timeout_blocks(timeout))

    _guard(concurrent.futures.Future, "result", "concurrent.futures.Future.result",
           lambda self, timeout=None: not self.done() and _timeout_blocks(timeout))
    _guard(concurrent.futures.Future, "exception", "concurrent.futures.Future.exception",
           lambda self, timeout=None: not self.done() and _timeout_blocks(timeout))

    for name in ("run", "call", "check_call", "check_output"):
        _guard(subprocess, name, f"subprocess.{name}")
    _guard(subprocess.Popen, "wait", "subprocess.Popen.wait",
           lambda self, timeout=None: self.poll() is None and _timeout_blocks(timeout))
    _guard(subprocess.Popen, "communicate", "subprocess.Popen.communicate")
    _guard(urllib.request, "urlopen", "urllib.request.urlopen")
