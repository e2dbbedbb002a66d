"""asyncpg against the real PostgreSQL the Java test starts: Records returned as they come."""

import asyncpg


async def fetch_orders(dsn):
    connection = await asyncpg.connect(dsn)
    try:
        return await connection.fetch("SELECT * FROM orders ORDER BY id")
    finally:
        await connection.close()


async def stream_orders(dsn):
    connection = await asyncpg.connect(dsn)
    try:
        async with connection.transaction():
            async for record in connection.cursor("SELECT * FROM orders ORDER BY id"):
                yield record
    finally:
        await connection.close()
