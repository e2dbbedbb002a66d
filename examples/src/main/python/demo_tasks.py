"""The coroutines behind the pipeline demo: each order is enriched by an async
'remote call' (asyncio.sleep) and a blocking scoring function run off the loop."""

import asyncio
import hashlib
import time

from reactor_awaitable import execute_async


def score_blocking(order_id: int) -> int:
    """A blocking call (a legacy client, a model, a disk read): 5 ms of waiting."""
    time.sleep(0.005)
    return int(hashlib.sha256(str(order_id).encode()).hexdigest()[:6], 16) % 1000


async def enrich(order_id: int) -> dict:
    await asyncio.sleep(0.02)                      # an async remote call
    score = await execute_async(score_blocking, order_id)
    if order_id % 500 == 499:
        raise ValueError(f"order {order_id} failed validation")
    return {"id": order_id, "score": score}
