"""Blocking calls made on a loop thread (they must be reported) and off it (they must not)."""

import asyncio
import concurrent.futures
import queue
import select
import selectors
import socket
import subprocess
import sys
import threading
import time
import urllib.request

from reactor_awaitable import execute_async


def _held_lock(factory):
    lock = factory()
    holder_ready, release = threading.Event(), threading.Event()

    def hold():
        with lock:
            holder_ready.set()
            release.wait(5)
    threading.Thread(target=hold, daemon=True).start()
    holder_ready.wait(5)
    return lock, release


def _socketpair():
    a, b = socket.socketpair()
    return a, b


def blocking_call(name):
    """Make the named blocking call; returns after it (off the loop) or raises (on the loop)."""
    if name == "time.sleep":
        time.sleep(0.01)
    elif name == "socket.recv":
        a, b = _socketpair()
        b.sendall(b"x")
        a.recv(1)
    elif name == "select.select":
        a, b = _socketpair()
        select.select([a], [], [], 0.01)
    elif name == "selectors.select":
        a, b = _socketpair()
        with selectors.DefaultSelector() as sel:
            sel.register(a, selectors.EVENT_READ)
            sel.select(0.01)
    elif name in ("threading.Lock", "threading.RLock"):
        lock, release = _held_lock(threading.Lock if name == "threading.Lock" else threading.RLock)
        try:
            lock.acquire(timeout=0.01)
        finally:
            release.set()
    elif name == "threading.Condition":
        condition = threading.Condition()
        with condition:
            condition.wait(0.01)
    elif name == "threading.Event":
        threading.Event().wait(0.01)
    elif name == "threading.Semaphore":
        threading.Semaphore(0).acquire(timeout=0.01)
    elif name == "queue.get":
        try:
            queue.Queue().get(timeout=0.01)
        except queue.Empty:
            pass
    elif name == "queue.put":
        q = queue.Queue(maxsize=1)
        q.put(1)
        try:
            q.put(2, timeout=0.01)
        except queue.Full:
            pass
    elif name == "Future.result":
        try:
            concurrent.futures.Future().result(timeout=0.01)
        except concurrent.futures.TimeoutError:
            pass
    elif name == "subprocess.run":
        subprocess.run([sys.executable, "-c", "pass"], check=True)
    elif name == "urllib.urlopen":
        try:
            urllib.request.urlopen("http://127.0.0.1:9/", timeout=0.5)
        except OSError:
            pass
    else:
        raise ValueError(name)
    return "done"


NAMES = ["time.sleep", "socket.recv", "select.select", "selectors.select", "threading.Lock", "threading.RLock",
         "threading.Condition", "threading.Event", "threading.Semaphore", "queue.get", "queue.put", "Future.result",
         "subprocess.run", "urllib.urlopen"]


async def on_loop(name):
    await asyncio.sleep(0)
    return blocking_call(name)


async def off_loop(name):
    return await execute_async(blocking_call, name)


async def in_own_thread(name):
    result = []
    thread = threading.Thread(target=lambda: result.append(blocking_call(name)))
    thread.start()
    while thread.is_alive():
        await asyncio.sleep(0.005)
    return result[0]


async def non_blocking_uses_pass():
    """Calls that would not wait are not reported: a free lock, a set event, a timeout of 0."""
    lock = threading.Lock()
    with lock:
        pass
    event = threading.Event()
    event.set()
    event.wait()
    a, b = socket.socketpair()
    a.setblocking(False)
    try:
        a.recv(1)
    except BlockingIOError:
        pass
    select.select([a], [], [], 0)
    q = queue.Queue()
    q.put(1)
    q.get()
    return "ok"


async def allowed_sleep():
    await asyncio.sleep(0)
    time.sleep(0.005)
    return "slept"


async def java_sleep():
    from java.lang import Thread
    Thread.sleep(10)
    return "slept"


async def hog(seconds):
    """One step that holds the loop (pure CPU, no blocking call)."""
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        pass
    await asyncio.sleep(0)
    return "done"


async def break_out_of_each(flux, times):
    """Subscribe to ``flux`` ``times`` times, leaving each after its first item: the cancels run here."""
    for _ in range(times):
        async for _item in flux:
            break
    return times


async def blocking_sleeps(count, seconds):
    """``count`` blocking sleeps at once on the runtime's workers."""
    await asyncio.gather(*(execute_async(time.sleep, seconds) for _ in range(count)))
    return count
