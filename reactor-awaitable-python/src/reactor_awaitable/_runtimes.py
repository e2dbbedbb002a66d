"""What the loops of one Java ``PythonRuntime`` share, and what every loop of the process shares.

The interpreters of one JVM share ``sys.modules`` and so this module: per-runtime state (the
blocking-worker pool) is kept here, keyed by the runtime's id, and the pipe through which threads
Python started wake loop threads is one per process.
"""

import collections
import os
import struct
import sys
import threading

from . import _guard
from ._blocking import BlockingPool
from ._loop import mark_own_thread

_runtimes = {}
_runtimes_lock = threading.Lock()
_path_users = collections.Counter()  # sys.path entry -> open runtimes that asked for it
_paths_added = set()  # the entries a runtime put on sys.path (the others were there already)


class RuntimeState:
    """What the loops of one Java runtime share."""

    def __init__(self, spawn_worker, max_workers, queue_capacity, idle_seconds):
        self.pool = BlockingPool(spawn_worker, max_workers, queue_capacity, idle_seconds)
        self.open_loops = 0
        self.python_paths = None  # the builder's paths, once put on sys.path


def open_runtime(runtime_id, workers, max_workers, queue_capacity, idle_seconds, python_paths,
                 guard=None, guard_rules=None) -> None:
    """Register a runtime (idempotent per id); prepend ``python_paths`` to ``sys.path`` (they leave it
    when the runtime's last loop closes, unless another open runtime uses them too).

    :param workers: the Java ``BlockingWorkers``; its ``spawn()`` starts one worker thread.
    :param guard: the Java ``PythonBlocking`` class when BlockHound is installed, else None;
        then the blocking-call guard is installed with ``guard_rules`` as allow rules.
    """
    if guard is not None:
        _guard.install(guard.check, guard_rules)
    with _runtimes_lock:
        if runtime_id not in _runtimes:
            _runtimes[runtime_id] = RuntimeState(workers.spawn, int(max_workers), int(queue_capacity),
                                                 float(idle_seconds))
        state = _runtimes[runtime_id]
        if state.python_paths is None:
            state.python_paths = [str(p) for p in python_paths]
            for path in reversed(state.python_paths):
                if _path_users[path] == 0 and path not in sys.path:
                    sys.path.insert(0, path)
                    _paths_added.add(path)
                _path_users[path] += 1
    # Nothing is returned: Java calls this through Jep, which would keep a handle to a returned
    # object (and so the runtime's state) until the JVM collects it.


class _ForeignWakePipe:
    """The pipe through which threads Java did not create wake loop threads, shared by every loop.

    Java's ``ForeignWakeRelay`` reads loop numbers from it and wakes those loops. A Python-started
    thread (a driver's own thread, a ``concurrent.futures`` pool) that called ``LoopThread.wake()``
    itself would be attached to the JVM by Jep and never detached: one JVM thread more for every such
    Python thread, for good. The pipe lives while a loop uses it; each new pipe has a new generation
    number, so Java starts one reader per pipe.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._read_fd = self._write_fd = None
        self._users = 0
        self._generation = 0

    def acquire(self):
        """Count one more loop using the pipe; returns ``[read_fd, generation]`` for Java's reader."""
        with self._lock:
            if self._write_fd is None:
                self._read_fd, self._write_fd = os.pipe()
                os.set_blocking(self._write_fd, False)
                self._generation += 1
            self._users += 1
            return [self._read_fd, self._generation]

    def release(self):
        """One loop fewer; the last one closes the pipe, which ends Java's reader (end of file)."""
        with self._lock:
            self._users -= 1
            if self._users == 0:
                os.close(self._write_fd)
                os.close(self._read_fd)
                self._read_fd = self._write_fd = None

    def wake(self, loop_number, java_wake):
        """Wake loop ``loop_number`` from a thread Java did not create."""
        with self._lock:  # the descriptor stays open (and is not reused by another file) while written
            if self._write_fd is not None:
                try:
                    os.write(self._write_fd, struct.pack("=i", loop_number))  # < PIPE_BUF: whole or not at all
                    return
                except BlockingIOError:
                    pass  # the reader is thousands of wakes behind
        java_wake()  # rather than lose the wake-up


foreign_wakes = _ForeignWakePipe()


def serve_blocking(runtime_id) -> None:
    """Body of a Java blocking-worker thread: serve the runtime's pool until told to stop."""
    mark_own_thread()
    with _runtimes_lock:
        state = _runtimes.get(runtime_id)
    if state is not None:
        state.pool.serve()




def loop_opened(runtime_id) -> "RuntimeState":
    """Count one more open loop of the runtime; returns its state."""
    with _runtimes_lock:
        state = _runtimes[runtime_id]
        state.open_loops += 1
        return state


def loop_closed(runtime_id) -> None:
    """Count one loop fewer; the runtime's last loop forgets it and stops its blocking pool."""
    with _runtimes_lock:
        state = _runtimes[runtime_id]
        state.open_loops -= 1
        last = state.open_loops == 0
        if last:
            del _runtimes[runtime_id]
    if last:
        _release_paths(state.python_paths or ())
        state.pool.stop()


def _release_paths(paths) -> None:
    """Take out of ``sys.path`` what a closing runtime put there, unless another open runtime uses it."""
    with _runtimes_lock:
        for path in paths:
            _path_users[path] -= 1
            if _path_users[path] == 0:
                del _path_users[path]
                if path in _paths_added:
                    _paths_added.discard(path)
                    while path in sys.path:
                        sys.path.remove(path)
