"""Trivial coroutines for measuring the library's own overhead."""

import asyncio


async def increment(x):
    return x + 1


async def numbers(n):
    """A trivial async generator."""
    for i in range(n):
        yield i


async def python_async_for(n):
    """Seconds a plain Python ``async for`` takes over ``numbers(n)``, on the same loop."""
    import time
    start = time.perf_counter()
    async for _ in numbers(n):
        pass
    return time.perf_counter() - start


async def sleep_zero(x):
    import asyncio
    await asyncio.sleep(0)
    return x


async def sleep_then_increment(x):
    """W10's mapped function: one suspension, then a result."""
    await asyncio.sleep(0)
    return x + 1


def python_memory():
    """[allocated blocks, bytes traced by the allocator] of this interpreter."""
    import sys
    return [sys.getallocatedblocks(), 0]


async def java_cpu(x, nanos):
    """A coroutine whose step spends ``nanos`` of CPU in Java (GIL released)."""
    from dev.awaitable.benchmarks import JavaWork
    import asyncio
    JavaWork.spin(nanos)
    await asyncio.sleep(0)
    return x


async def python_cpu(x, loops):
    """A coroutine whose step spends CPU in Python (GIL held)."""
    import asyncio
    total = 0
    for i in range(loops):
        total += i * i
    await asyncio.sleep(0)
    return x


def loops_for_micros(micros):
    """How many iterations of :func:`_burn` take ``micros`` microseconds of CPU here (the median of
    five timings of 20 ms of work)."""
    import time
    probe = 100_000
    timings = []
    for _ in range(5):
        start = time.perf_counter()
        _burn(probe)
        timings.append(time.perf_counter() - start)
    per_loop = sorted(timings)[2] / probe
    return max(1, round(micros * 1e-6 / per_loop))


def _burn(loops):
    total = 0
    for i in range(loops):
        total += i * i
    return total


async def cpu_steps(steps, loops):
    """W11: ``steps`` steps, each ``loops`` iterations of pure-Python CPU (GIL held) and then a yield."""
    import asyncio
    for _ in range(steps):
        _burn(loops)
        await asyncio.sleep(0)
    return steps


async def stepping_with_locks(steps):
    """Coroutine-heavy work that also uses calls the blocking guard wraps (a free lock, a set event)."""
    import asyncio
    import threading
    lock = threading.Lock()
    event = threading.Event()
    event.set()
    for _ in range(steps):
        with lock:
            pass
        event.wait()
        await asyncio.sleep(0)
    return steps


async def stepping(steps):
    """Coroutine-heavy work with no call the guard wraps."""
    import asyncio
    for _ in range(steps):
        await asyncio.sleep(0)
    return steps


# W5: coroutines suspended at once, released together.
_suspended = {"waiting": 0, "event": None}


async def suspended():
    """Waits on one shared ``asyncio.Event`` until :func:`release_suspended` sets it."""
    import asyncio
    if _suspended["event"] is None:
        _suspended["event"] = asyncio.Event()
    _suspended["waiting"] += 1
    await _suspended["event"].wait()
    _suspended["waiting"] -= 1
    return 0


def suspended_count():
    """How many coroutines are waiting in :func:`suspended` now."""
    return _suspended["waiting"]


async def release_suspended():
    """Wakes every coroutine waiting in :func:`suspended` (on the loop that owns the event)."""
    if _suspended["event"] is not None:
        _suspended["event"].set()
        _suspended["event"] = None


def python_traced_bytes():
    """Bytes currently allocated through Python's allocators, traced since :func:`start_tracing`."""
    import tracemalloc
    return tracemalloc.get_traced_memory()[0]


def start_tracing():
    """Starts ``tracemalloc`` (frames=1) so :func:`python_traced_bytes` counts every Python allocation."""
    import tracemalloc
    if not tracemalloc.is_tracing():
        tracemalloc.start(1)
    return True


_VECTORS = {}


async def vector(size, kind="float"):
    """A list result of ``size`` numbers (a model's embedding, say); built once per size and kind."""
    key = (size, kind)
    if key not in _VECTORS:
        _VECTORS[key] = [i * 0.5 for i in range(size)] if kind == "float" else list(range(size))
    return _VECTORS[key]


async def size_of(value):
    """The length of an argument (to time how it crossed from Java)."""
    return len(value)


# -- I/O workloads (W8, W9): clients of io_server.py --------------------------------------------

_http_sessions = {}  # one aiohttp session per event loop, as an application keeps one


async def http_get(port):
    """W8: one GET through the loop's shared aiohttp session; the body's length."""
    import asyncio
    import aiohttp
    loop = asyncio.get_running_loop()
    session = _http_sessions.get(loop)
    if session is None:
        session = _http_sessions[loop] = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=0))  # the workload bounds the requests in flight
    async with session.get(f"http://127.0.0.1:{port}/hello") as response:
        return len(await response.read())


async def close_http_session():
    import asyncio
    session = _http_sessions.pop(asyncio.get_running_loop(), None)
    if session is not None:
        await session.close()


async def echo_round_trips(port, n):
    """W9: ``n`` one-byte round trips, one after another, over one TCP connection."""
    import asyncio
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        for _ in range(n):
            writer.write(b"x")
            await reader.readexactly(1)
    finally:
        writer.close()
        await writer.wait_closed()
    return n


class _KeyValueClient:
    """A redis-style client as an application keeps one per loop: a pool of connections, each used
    by one request at a time (as redis.asyncio's pool does), opened on demand."""

    def __init__(self, port):
        import asyncio
        self.port = port
        self.idle = asyncio.LifoQueue()
        self.connections = []

    async def request(self, line):
        import asyncio
        try:
            reader, writer = self.idle.get_nowait()
        except asyncio.QueueEmpty:
            reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
            self.connections.append(writer)
        try:
            writer.write(line)
            head = await reader.readline()
            body = await reader.readline() if head.startswith(b"$") and head != b"$-1\r\n" else head
        except BaseException:
            writer.close()
            self.connections.remove(writer)
            raise
        self.idle.put_nowait((reader, writer))
        return body

    async def close(self):
        for writer in self.connections:
            writer.close()
        for writer in self.connections:
            await writer.wait_closed()


_key_value_clients = {}  # one per event loop


def _key_value_client(port):
    import asyncio
    loop = asyncio.get_running_loop()
    client = _key_value_clients.get(loop)
    if client is None:
        client = _key_value_clients[loop] = _KeyValueClient(port)
    return client


async def key_value_set(port, keys):
    """W15's data: ``SET k<i> value-<i>`` for ``keys`` keys."""
    client = _key_value_client(port)
    for key in range(keys):
        if await client.request(b"SET k%d value-%d\r\n" % (key, key)) != b"+OK\r\n":
            raise RuntimeError("SET failed")
    return keys


async def key_value_get(port, key):
    """W15: one GET through the loop's client; the value's length (the value is checked)."""
    value = await _key_value_client(port).request(b"GET k%d\r\n" % key)
    if value != b"value-%d\r\n" % key:
        raise RuntimeError(f"GET k{key} answered {value!r}")
    return len(value)


async def close_key_value_client():
    import asyncio
    client = _key_value_clients.pop(asyncio.get_running_loop(), None)
    if client is not None:
        await client.close()


# -- W12: a result shaped like a DB row or an API model -------------------------------------------

def _rich_model():
    import datetime
    import decimal
    import uuid

    import pydantic

    class Line(pydantic.BaseModel):
        sku: str
        quantity: int
        price: float

    class Row(pydantic.BaseModel):
        id: int
        customer: str
        email: str
        street: str
        city: str
        country: str
        currency: str
        channel: str
        status: str
        note: str
        region: str
        priority: int
        attempts: int
        score: float
        active: bool
        version: int
        placed_at: datetime.datetime
        amount: decimal.Decimal
        ref: uuid.UUID
        lines: list[Line]

    placed = datetime.datetime(2026, 12, 6, 9, 30, tzinfo=datetime.timezone.utc)
    ref = uuid.UUID("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")
    lines = [Line(sku=f"SKU-{n}", quantity=n + 1, price=9.5 + n) for n in range(5)]

    def make(i):
        return Row(id=i, customer="Ada Lovelace", email="ada@example.com", street="12 Analytical Way",
                   city="London", country="GB", currency="EUR", channel="web", status="shipped",
                   note="leave at the door", region="eu-west", priority=2, attempts=1, score=0.75,
                   active=True, version=3, placed_at=placed, amount=decimal.Decimal("1234.50"), ref=ref,
                   lines=lines)
    return make


_make_row = None


def _row(i):
    global _make_row
    if _make_row is None:
        _make_row = _rich_model()
    return _make_row(i)


async def rich_row(i):
    """The model itself: the library converts it (model_dump, dates, Decimal, UUID) on its way."""
    return _row(i)


try:
    import orjson as _json_encoder

    def _dumps(value):
        return _json_encoder.dumps(value).decode()
except ImportError:
    import json as _json_encoder

    def _dumps(value):
        return _json_encoder.dumps(value, separators=(",", ":"))


async def rich_row_json(i):
    """What a user does without the library's conversion: JSON text, which Jackson reads in Java."""
    return _dumps(_row(i).model_dump(mode="json"))


# -- W13: embeddings -------------------------------------------------------------------------------

_vectors = {}


def _vector(size):
    vector = _vectors.get(size)
    if vector is None:
        import numpy
        vector = _vectors[size] = numpy.random.default_rng(7).random(size, dtype=numpy.float32)
    return vector


async def embedding_array(size):
    """A float32 numpy vector, as an embedding model returns it: crosses as a float[]."""
    return _vector(size)


async def embedding_list(size):
    """What a user does without array support: .tolist() (a list of floats, which crosses packed)."""
    return _vector(size).tolist()
