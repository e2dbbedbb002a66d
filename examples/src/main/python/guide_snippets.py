"""The Python code blocks of the user guide (docs/), each a region that DocSnippetsTest compares
with the guide and GuideSnippetsTest runs."""

import asyncio
import datetime
import decimal
import time

from reactor_awaitable import Executor, execute_async, reactor_context


# region shop-module
async def quote(sku: str) -> dict:
    await asyncio.sleep(0.01)                  # a price service, a database...
    valid_until = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=5)
    return {"sku": sku, "unit_price": decimal.Decimal("2.49"), "valid_until": valid_until}


async def stock_events(warehouse: str):
    for units in (3, 2, 1):
        await asyncio.sleep(0.01)
        yield {"warehouse": warehouse, "units": units}
# endregion shop-module


# region ticks
async def ticks(n):
    for i in range(n):
        await asyncio.sleep(1)
        yield {"tick": i}
# endregion ticks


async def lookup(order):
    await asyncio.sleep(0)
    return {"order": order, "status": "known"}


# region enrich-stage
async def enrich(items):
    async for order in items:
        yield await lookup(order)
# endregion enrich-stage


# region await-java
async def handle(user_mono, events_flux):
    user = await user_mono                 # first item, or None when empty
    seen = []
    async for event in events_flux:        # requests 32, then tops up as it consumes
        seen.append(event)
    return {"user": user, "events": seen}
# endregion await-java


# region context
async def traced():
    return reactor_context().get("traceId", "none")
# endregion context


async def fetch(url):
    await asyncio.sleep(0.01)
    return f"page of {url}"


async def crawl(urls):
    pages = []
    # region executor
    async with Executor(max_workers=10, suppress_task_errors=False, timeout=None) as exe:
        first = await exe.submit(fetch, urls[0])  # waits while 10 jobs run
        async for page in exe.map(fetch, urls):   # input order
            pages.append(page)
    # leaving the block waits for all jobs
    # endregion executor
    return [await first] + pages


# region fan-out
async def blocking_job(x, seconds):
    await execute_async(time.sleep, seconds)
    return x


# Java: inputs.transform(AwaitableFlux.operator(runtime, "guide_snippets:fan_out", 200, 0.05))
async def fan_out(items, in_flight, seconds):
    async with Executor(max_workers=in_flight) as executor:
        async for x in executor.map(lambda x: blocking_job(x, seconds), items):
            yield x
# endregion fan-out


# region timeout
async def answer_within(seconds):
    try:
        async with asyncio.timeout(seconds):       # asyncio's own deadline, inside Python
            await asyncio.sleep(10)
            return "answer"
    except TimeoutError:
        return "fallback"
# endregion timeout


# region task-group
async def both(a, b):
    async with asyncio.TaskGroup() as group:       # one failure cancels the other
        first = group.create_task(fetch(a))
        second = group.create_task(fetch(b))
    return [first.result(), second.result()]
# endregion task-group


# region queue
async def total(amounts):
    queue = asyncio.Queue(maxsize=100)

    async def consume():
        running = 0
        while (amount := await queue.get()) is not None:
            running += amount
        return running

    consumer = asyncio.create_task(consume())
    async for amount in amounts:                   # a Java Flux (here: a Sinks.many() sink)
        await queue.put(amount)
    await queue.put(None)
    return await consumer
# endregion queue


_cache = {}


# region warm-up
def warm_up():
    """Fills a cache once at start-up: a short, known blocking read that may run on the loop."""
    import time
    time.sleep(0.001)
    _cache["ready"] = True
    return True
# endregion warm-up


async def start_service():
    return warm_up()
