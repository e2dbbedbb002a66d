"""Clients that belong to one loop, made per loop with reactor_awaitable.per_loop (PerLoopClientsTest)."""

import aiohttp
import asyncpg

import reactor_awaitable

# region aiohttp-session
sessions = reactor_awaitable.per_loop(aiohttp.ClientSession, close=lambda session: session.close())


async def fetch_text(url):
    session = await sessions.get()  # this loop's session, made on its first use
    async with session.get(url) as response:
        return await response.text()
# endregion aiohttp-session

DSN = None  # the application sets it at start (configure)


def configure(dsn):
    global DSN
    DSN = dsn


# region asyncpg-pool
pools = reactor_awaitable.per_loop(lambda: asyncpg.create_pool(DSN, min_size=1, max_size=4),
                                   close=lambda pool: pool.close())


async def order_count():
    pool = await pools.get()  # this loop's pool; every loop thread has its own
    return await pool.fetchval("SELECT count(*) FROM orders")
# endregion asyncpg-pool

_seen = []  # every instance made, to check after a close that it was closed


async def remember_instances():
    """Record this loop's session and pool; returns how many loops hold each so far."""
    _seen.extend([await sessions.get(), await pools.get()])
    return [len(sessions._instances), len(pools._instances)]


def all_seen_closed():
    return bool(_seen) and all(getattr(x, "closed", False) if isinstance(x, aiohttp.ClientSession) else x._closed
                               for x in _seen)
