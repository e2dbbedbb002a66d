"""Coroutines behind StepVerifierScenariosTest: patterns a test in virtual time can pin down."""

import asyncio

# call key -> how many calls so far; job id -> status; how many items numbers() produced.
_calls = {}
jobs = {}
produced = {"numbers": 0}


async def flaky_call(key: str, failures: int) -> str:
    """Fails with ConnectionError the first ``failures`` times it is called for ``key``."""
    _calls[key] = _calls.get(key, 0) + 1
    if _calls[key] <= failures:
        raise ConnectionError(f"{key}: attempt {_calls[key]} failed")
    return f"value for {key} after {_calls[key]} attempts"


# region retry
async def fetch_with_retry(key: str, failures: int, base_delay: float = 1.0, max_attempts: int = 5) -> str:
    """Retries ``flaky_call`` with exponential backoff: waits 1 s, 2 s, 4 s... between attempts."""
    for attempt in range(max_attempts):
        try:
            return await flaky_call(key, failures)
        except ConnectionError:
            if attempt == max_attempts - 1:
                raise
            await asyncio.sleep(base_delay * 2 ** attempt)
# endregion retry


async def slow_job(job_id: str) -> str:
    """Runs for an hour unless cancelled; records what happened to it in ``jobs``."""
    jobs[job_id] = "running"
    try:
        await asyncio.sleep(3600)
        jobs[job_id] = "finished"
        return job_id
    except asyncio.CancelledError:
        jobs[job_id] = "cancelled"
        raise


def job_status(job_id: str) -> str:
    return jobs.get(job_id, "unknown")


async def numbers(n: int):
    """An async generator that counts what it produced, to show demand reaching Python."""
    produced["numbers"] = 0
    for i in range(n):
        produced["numbers"] += 1
        yield i


def produced_count() -> int:
    return produced["numbers"]


def parse_order(text: str) -> int:
    return int(text)


async def import_order(text: str) -> int:
    """Fails with ValueError (raised two frames down) for text that is not a number."""
    await asyncio.sleep(0)
    return parse_order(text) * 2
