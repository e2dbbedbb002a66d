"""asyncpg against the real PostgreSQL the Java test starts: Records returned as they come."""

import asyncpg


# region fetch-records
async def fetch_orders(dsn):
    connection = await asyncpg.connect(dsn)
    try:
        return await connection.fetch("SELECT * FROM orders ORDER BY id")  # a list of Records
    finally:
        await connection.close()
# endregion fetch-records


async def stream_orders(dsn):
    connection = await asyncpg.connect(dsn)
    try:
        async with connection.transaction():
            async for record in connection.cursor("SELECT * FROM orders ORDER BY id"):
                yield record
    finally:
        await connection.close()
