"""The Python stage of the order pipeline: each order is checked, priced by an async remote call
(``asyncio.sleep`` stands in for it) and scored by a blocking library run off the loop."""

import asyncio
import hashlib
import time

from reactor_awaitable import execute_async


# region readme
def risk_score(customer: str, amount: float) -> int:
    """A blocking call (a legacy client, a model): 5 ms of waiting, then a score from 0 to 999."""
    time.sleep(0.005)
    digest = hashlib.sha256(f"{customer}:{amount}".encode()).hexdigest()
    return int(digest[:6], 16) % 1000


async def enrich(order: dict) -> dict:
    """One CSV row (as a dict of strings) in, one enriched order out; a bad row raises ValueError."""
    amount = float(order["amount_eur"])
    if amount <= 0:
        raise ValueError(f"order {order['order_id']}: amount must be positive, got {amount}")
    await asyncio.sleep(0.02)  # an async call: exchange rate, customer profile...
    score = await execute_async(risk_score, order["customer"], amount)
    return {
        "order_id": int(order["order_id"]),
        "customer": order["customer"],
        "amount_eur": amount,
        "risk": score,
        "review": score > 900,
    }
# endregion readme
