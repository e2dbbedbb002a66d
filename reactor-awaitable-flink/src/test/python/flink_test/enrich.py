"""Coroutines the Flink tests run in the async operator; the tests read their counters back."""

import asyncio
import threading

_lock = threading.Lock()
_state = {"running": 0, "peak": 0, "calls": 0, "cancelled": [], "failed_once": set()}


def reset():
    with _lock:
        _state.update(running=0, peak=0, calls=0, cancelled=[], failed_once=set())


def stats():
    with _lock:
        return {"peak": _state["peak"], "calls": _state["calls"], "cancelled": sorted(_state["cancelled"])}


class _Counted:
    """Counts the coroutines in flight (all run on loop threads of one CPython, hence the lock)."""

    def __enter__(self):
        with _lock:
            _state["running"] += 1
            _state["calls"] += 1
            _state["peak"] = max(_state["peak"], _state["running"])

    def __exit__(self, *exc):
        with _lock:
            _state["running"] -= 1


async def tag(record):
    """``"<record>:<loop thread>"`` after a millisecond."""
    with _Counted():
        await asyncio.sleep(0.001)
        return f"{record}:{threading.current_thread().name}"


async def slow_on_tens(record):
    """Records that are multiples of ten take ten seconds; their cancellation is recorded."""
    with _Counted():
        try:
            await asyncio.sleep(10 if record % 10 == 0 else 0.001)
            return record * 2
        except asyncio.CancelledError:
            with _lock:
                _state["cancelled"].append(record)
            raise


async def fail_once_at(record, bad=1_500):
    """Doubles the record after 2 ms; record ``bad`` raises the first time it is seen."""
    with _Counted():
        await asyncio.sleep(0.002)
        with _lock:
            first_time = record == bad and bad not in _state["failed_once"]
            if first_time:
                _state["failed_once"].add(bad)
        if first_time:
            raise ValueError(f"record {record} is bad (this once)")
        return record * 2


async def sleep_one_ms(record):
    """The throughput workload: a coroutine that waits a millisecond."""
    await asyncio.sleep(0.001)
    return record


async def explode(record):
    """None, one or two outputs: multiples of 3 none, other evens two, odds one."""
    await asyncio.sleep(0.001)
    if record % 3 == 0:
        return None
    if record % 2 == 0:
        return [record, record * 10]
    return record


async def explode_stream(record):
    """``record % 3`` outputs, yielded."""
    for k in range(record % 3):
        await asyncio.sleep(0)
        yield record * 100 + k


async def fallback_after_cancel(record):
    """A timed-out record's output, ``-record - 1``, once its coroutine's cancellation has landed."""
    for _ in range(2000):
        with _lock:
            if record in _state["cancelled"]:
                return -record - 1
        await asyncio.sleep(0.001)
    raise AssertionError(f"record {record} timed out but its coroutine was not cancelled")


_attempts = {}


def attempts():
    """How many times each record's coroutine ran."""
    with _lock:
        return dict(_attempts)


def reset_attempts():
    with _lock:
        _attempts.clear()


def _attempt(record):
    with _lock:
        _attempts[record] = _attempts.get(record, 0) + 1
        return _attempts[record]


async def fails_first_attempt(record):
    """Raises on a record's first attempt, doubles it on the next; its finally counts as cleanup."""
    attempt = _attempt(record)
    await asyncio.sleep(0.001)
    if attempt == 1:
        raise ConnectionError(f"record {record}: the service is not up yet")
    return record * 2


async def stale_first_attempt(record):
    """Answers "stale" on a record's first attempt (a result, not an error), doubles it on the next."""
    attempt = _attempt(record)
    await asyncio.sleep(0.001)
    return "stale" if attempt == 1 else record * 2


async def should_retry(result, error):
    """The Python retry predicate: retry stale answers and connection errors."""
    await asyncio.sleep(0)
    return result == "stale" or isinstance(error, ConnectionError)


_lifecycle = {"opened": [], "closed": []}


def lifecycle():
    with _lock:
        return {"opened": list(_lifecycle["opened"]), "closed": list(_lifecycle["closed"])}


def reset_lifecycle():
    with _lock:
        _lifecycle["opened"].clear()
        _lifecycle["closed"].clear()


async def open_subtask(context):
    """A subtask's open: records what it was told, keeps the metric group in the state."""
    with _lock:
        _lifecycle["opened"].append([context["subtask_index"], context["parallelism"], context["task_name"],
                                     context["job_parameters"].get("reactor-awaitable.python.paths", "")])
    return {"index": context["subtask_index"], "metrics": context["metrics"]}


def close_subtask(state):
    with _lock:
        _lifecycle["closed"].append(state["index"])


async def tag_with_state(record, state):
    """``"<record>:<subtask>"``, counting each record into the subtask's Flink metric group."""
    await asyncio.sleep(0.001)
    state["metrics"].inc("pythonRecords", 1)
    state["metrics"].gauge("pythonLastRecord", record)
    return f"{record}:{state['index']}"


async def open_on_loop(context):
    """A subtask's open whose state belongs to the loop it ran on (as a client session does)."""
    return {"index": context["subtask_index"], "loop": asyncio.get_running_loop()}


async def tag_on_open_loop(record, state):
    """``"<record>:<subtask>:<whether this call runs on the loop the subtask's open ran on>"``."""
    await asyncio.sleep(0.001)
    return f"{record}:{state['index']}:{asyncio.get_running_loop() is state['loop']}"
