"""What the loops of one Java ``PythonRuntime`` share, and what every loop of the interpreter shares.

The shared interpreters of one JVM share ``sys.modules`` and so this module: per-runtime state (the
blocking-worker pool) is kept here, keyed by the runtime's id, and the pipe through which threads
Python started wake loop threads is one per process. An isolated loop (``isolatedLoops(n)``) is alone
in its own interpreter, with its own copy of this module: its own pool, whose workers are Python
threads of that interpreter, and its own wake-up pipe.
"""

import collections
import importlib
import os
import struct
import sys
import threading
import time

from . import _arrays, _embedding, _guard, _javavalues, _logging, _tracing
from ._blocking import BlockingPool
from ._loop import mark_own_thread

_runtimes = {}
_runtimes_lock = threading.Lock()
_path_users = collections.Counter()  # sys.path entry -> open runtimes that asked for it
_paths_added = set()  # the entries a runtime put on sys.path (the others were there already)


class RuntimeState:
    """What the loops of one Java runtime share.

    :param spawn_worker: starts one Java worker thread; None for an isolated loop, whose workers are
        Python threads of its own interpreter (Java threads cannot enter an isolated interpreter)
    """

    def __init__(self, runtime_id, spawn_worker, max_workers, queue_capacity, idle_seconds):
        self.worker_threads = None
        if spawn_worker is None:
            self.worker_threads = []
            spawn_worker = self._spawn_python_worker
        self._name = f"reactor-awaitable-{runtime_id}-isolated-blocking-"
        self.pool = BlockingPool(spawn_worker, max_workers, queue_capacity, idle_seconds)
        self.open_loops = 0
        self.python_paths = None  # the builder's paths, once put on sys.path

    def _spawn_python_worker(self):
        # Not a daemon: an isolated interpreter allows none, and it can be closed only once its
        # threads have ended (see loop_closed). Not marked as the library's own thread either: it
        # wakes its loop through the relay pipe, never by a call into Java.
        with _runtimes_lock:
            self.worker_threads[:] = [t for t in self.worker_threads if t.is_alive()]
            thread = threading.Thread(target=self.pool.serve, name=self._name + str(len(self.worker_threads) + 1))
            self.worker_threads.append(thread)
        thread.start()

    def join_workers(self, timeout_seconds) -> bool:
        """Wait for the Python worker threads to end; False when one is still running a job."""
        if self.worker_threads is None:
            return True
        deadline = time.monotonic() + timeout_seconds
        for thread in list(self.worker_threads):
            thread.join(max(0.0, deadline - time.monotonic()))
        return not any(t.is_alive() for t in self.worker_threads)


def open_runtime(runtime_id, workers, max_workers, queue_capacity, idle_seconds, python_paths,
                 guard=None, guard_rules=None, java_values=None, preload=(), log_bridge=None,
                 thread_name=None, tracing=False) -> None:
    """Register a runtime (idempotent per id); prepend ``python_paths`` to ``sys.path`` (they leave it
    when the runtime's last loop closes, unless another open runtime uses them too).

    :param workers: the Java ``BlockingWorkers``, whose ``spawn()`` starts one worker thread; None for an
        isolated loop (its workers are Python threads).
    :param guard: the Java ``PythonBlocking`` class when BlockHound is installed, else None;
        then the blocking-call guard is installed with ``guard_rules`` as allow rules.
    :param java_values: the Java ``JavaValues`` that builds the Java counterparts of Python's dates,
        decimals, UUIDs, sets and arrays (see ``_javavalues``).
    :param preload: modules to import now, before the loop takes work (``PythonRuntime.Builder.preload``).
    :param log_bridge: the Java ``PythonLogBridge`` when Python's logging goes to SLF4J, else None.
    :param thread_name: the calling loop thread's Java name, which Python's ``threading`` then shows.
    :param tracing: the runtime traces its calls: continue the callers' traces in Python (``_tracing``).
    """
    _embedding.guard_process()
    if thread_name is not None:
        threading.current_thread().name = str(thread_name)
    if log_bridge is not None:
        _logging.install(log_bridge)
    if tracing:
        _tracing.enable()
    if java_values is not None:
        _javavalues.use(java_values)
    _arrays.allow_import(workers is not None)  # an isolated loop (no Java workers) imports no numpy itself
    if guard is not None:
        _guard.install(guard.check, guard_rules)
    with _runtimes_lock:
        if runtime_id not in _runtimes:
            _runtimes[runtime_id] = RuntimeState(runtime_id, None if workers is None else workers.spawn,
                                                 int(max_workers), int(queue_capacity), float(idle_seconds))
        state = _runtimes[runtime_id]
        if state.python_paths is None:
            state.python_paths = [str(p) for p in python_paths]
            for path in reversed(state.python_paths):
                if _path_users[path] == 0 and path not in sys.path:
                    sys.path.insert(0, path)
                    _paths_added.add(path)
                _path_users[path] += 1
    for module in preload or ():
        try:
            importlib.import_module(str(module))
        except BaseException as err:  # noqa: BLE001 - build() reports it, naming the module
            raise ImportError(f"preload('{module}') failed: {type(err).__name__}: {err}") from err
    # Nothing is returned: Java calls this through Jep, which would keep a handle to a returned
    # object (and so the runtime's state) until the JVM collects it.


class _ForeignWakePipe:
    """The pipe through which threads Java did not create wake loop threads, shared by every loop.

    Java's ``ForeignWakeRelay`` reads loop numbers from it and wakes those loops. A Python-started
    thread (a driver's own thread, a ``concurrent.futures`` pool) that called ``LoopThread.wake()``
    itself would be attached to the JVM by Jep and never detached: one JVM thread more for every such
    Python thread, for good. The pipe lives while a loop uses it; each pipe has an id of its own
    id, so Java starts one reader per pipe.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._read_fd = self._write_fd = None
        self._users = 0

    def acquire(self):
        """Count one more loop using the pipe; returns ``[read_fd, pipe_id]`` for Java's reader, the id
        being the pipe's inode: unique among the pipes open in the process, which isolated
        interpreters (each with a pipe of its own) cannot agree on by any counter of theirs."""
        with self._lock:
            if self._write_fd is None:
                self._read_fd, self._write_fd = os.pipe()
                os.set_blocking(self._write_fd, False)
            self._users += 1
            return [self._read_fd, os.fstat(self._read_fd).st_ino]

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


def serve_blocking(runtime_id, thread_name=None) -> None:
    """Body of a Java blocking-worker thread: serve the runtime's pool until told to stop."""
    mark_own_thread()
    if thread_name is not None:
        threading.current_thread().name = str(thread_name)
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


def loop_closed(runtime_id, grace_seconds=0.0) -> bool:
    """Count one loop fewer; the runtime's last loop forgets it and stops its blocking pool.

    :param grace_seconds: how long to wait for the pool's Python worker threads (isolated loops only)
    :return: False when a Python worker thread is still running a job: its interpreter must not be
        closed then (closing waits for every thread of the interpreter)
    """
    with _runtimes_lock:
        state = _runtimes[runtime_id]
        state.open_loops -= 1
        last = state.open_loops == 0
        if last:
            del _runtimes[runtime_id]
    if not last:
        return True
    _release_paths(state.python_paths or ())
    state.pool.stop()
    return state.join_workers(grace_seconds)


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
