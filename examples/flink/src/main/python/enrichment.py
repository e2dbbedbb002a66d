"""The Flink example's Python side: a customer service over HTTP (aiohttp), and the coroutine that
enriches each event by calling it."""

import asyncio

import aiohttp
from aiohttp import web

_TIERS = ("bronze", "silver", "gold")
_COUNTRIES = ("DE", "FR", "NL", "PL", "SE")
_sessions = {}  # one client session per loop thread: a session belongs to the loop that made it
_service = {}


async def _customer(request):
    customer_id = int(request.match_info["customer_id"])
    await asyncio.sleep(0.002)  # the service's own work
    return web.json_response({"customer_id": customer_id, "tier": _TIERS[customer_id % 3],
                              "country": _COUNTRIES[customer_id % 5]})


async def start_customer_service() -> int:
    """Serve ``GET /customers/{id}`` on 127.0.0.1 from the loop this runs on; returns the port."""
    app = web.Application()
    app.add_routes([web.get("/customers/{customer_id}", _customer)])
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    _service["runner"] = runner
    return site._server.sockets[0].getsockname()[1]


async def stop_customer_service() -> None:
    runner = _service.pop("runner", None)
    if runner is not None:
        await runner.cleanup()


def _session():
    loop = asyncio.get_running_loop()
    session = _sessions.get(loop)
    if session is None or session.closed:
        session = _sessions[loop] = aiohttp.ClientSession()
    return session


# region flink-enrich
async def enrich(event: dict) -> dict:
    """One event in, the event with its customer's tier and country and a fee out."""
    url = f"{event['service']}/customers/{event['customer_id']}"
    async with _session().get(url) as response:
        response.raise_for_status()
        customer = await response.json()
    amount = float(event["amount"])
    fee = round(amount * {"bronze": 0.03, "silver": 0.02, "gold": 0.01}[customer["tier"]], 2)
    return {"event_id": int(event["event_id"]), "customer_id": customer["customer_id"], "amount": amount,
            "tier": customer["tier"], "country": customer["country"], "fee": fee}
# endregion flink-enrich


# region flink-sql-customer
async def customer(service: str, customer_id: int) -> dict:
    """The SQL function's coroutine: a customer's tier and country, a ``ROW<tier STRING, country STRING>``."""
    async with _session().get(f"{service}/customers/{customer_id}") as response:
        response.raise_for_status()
        found = await response.json()
    return {"tier": found["tier"], "country": found["country"]}
# endregion flink-sql-customer


async def close_sessions() -> None:
    """Close this loop's client session (the job's last subtask calls it before the runtime closes)."""
    session = _sessions.pop(asyncio.get_running_loop(), None)
    if session is not None:
        await session.close()
