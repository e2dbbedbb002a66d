"""Timers at deadlines the loop must survive: for ever (math.inf), far away (1e10 s), and NaN."""

import asyncio
import math

from ra_test.lifecycle import record


async def sleeps(delay: str, key: str):
    """Sleeps ``float(delay)`` seconds ("inf", "1e10", ...), recording its start, cancel and cleanup."""
    record(key, "started")
    try:
        await asyncio.sleep(float(delay))
        record(key, "woke")
    except asyncio.CancelledError:
        record(key, "cancelled")
        raise
    finally:
        record(key, "finally")


async def waits_for_with_no_limit(value):
    """``asyncio.wait_for`` with an infinite timeout returns what it waited for."""
    async def soon():
        await asyncio.sleep(0.01)
        return value
    return await asyncio.wait_for(soon(), math.inf)


async def sleeps_nan():
    await asyncio.sleep(math.nan)
    return "slept"
