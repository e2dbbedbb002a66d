"""per_loop on plain asyncio loops: one instance per loop, made once, closed on request."""

import asyncio

import pytest

from reactor_awaitable import per_loop
from reactor_awaitable._per_loop import close_all, holds_any


class Client:
    made = 0

    def __init__(self):
        Client.made += 1
        self.loop = asyncio.get_running_loop()
        self.closed = False

    async def close(self):
        await asyncio.sleep(0)
        self.closed = True


def test_each_loop_gets_its_own_instance_made_on_the_loop():
    clients = per_loop(Client, close=Client.close)

    async def use():
        first, second = await clients.get(), await clients.get()
        assert first is second
        assert first.loop is asyncio.get_running_loop()
        return first

    a, b = asyncio.run(use()), asyncio.run(use())
    assert a is not b


def test_tasks_that_ask_while_it_is_made_share_one_instance_from_an_async_factory():
    made = []

    async def make():
        await asyncio.sleep(0.01)
        made.append(1)
        return object()

    holder = per_loop(make)

    async def main():
        return await asyncio.gather(*(holder.get() for _ in range(10)))

    results = asyncio.run(main())
    assert len(made) == 1
    assert all(result is results[0] for result in results)


def test_a_failed_making_fails_every_waiter_and_the_next_get_tries_again():
    attempts = []

    async def make():
        attempts.append(1)
        await asyncio.sleep(0.01)
        if len(attempts) == 1:
            raise ConnectionRefusedError("the database is not up yet")
        return "pool"

    holder = per_loop(make)

    async def main():
        first = await asyncio.gather(holder.get(), holder.get(), return_exceptions=True)
        return first, await holder.get()

    first, second = asyncio.run(main())
    assert [type(e) for e in first] == [ConnectionRefusedError, ConnectionRefusedError]
    assert second == "pool"
    assert len(attempts) == 2


def test_a_waiter_takes_over_when_the_task_making_it_is_cancelled():
    async def make():
        await asyncio.sleep(0.05)
        return "client"

    holder = per_loop(make)

    async def main():
        maker = asyncio.create_task(holder.get())
        await asyncio.sleep(0.01)
        waiter = asyncio.create_task(holder.get())
        await asyncio.sleep(0.01)
        maker.cancel()
        with pytest.raises(asyncio.CancelledError):
            await maker
        return await waiter

    assert asyncio.run(main()) == "client"


def test_aclose_and_close_all_close_the_loops_instance_and_the_next_get_makes_a_new_one():
    clients = per_loop(Client, close=Client.close)

    async def main():
        loop = asyncio.get_running_loop()
        first = await clients.get()
        await clients.aclose()
        assert first.closed
        second = await clients.get()
        assert second is not first
        assert holds_any(loop)
        await close_all(loop)
        assert second.closed and not holds_any(loop)

    asyncio.run(main())


def test_a_factory_that_is_not_callable_is_refused():
    with pytest.raises(TypeError, match="factory must be callable"):
        per_loop(object())
    with pytest.raises(TypeError, match="close must be callable"):
        per_loop(Client, close="close")
