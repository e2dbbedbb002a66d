"""Targets, arguments and results of every odd kind, for the bad-input sweep."""

import asyncio
import math


async def identity(value):
    return value


async def depth(value):
    levels = 0
    while isinstance(value, list) and value:
        value = value[0]
        levels += 1
    return levels


def sync_generator(n):
    yield from range(n)


class Opaque:
    """A class: calling it returns an instance, which cannot cross to Java."""


async def big_int():
    return 2 ** 100


async def special_floats():
    return [math.nan, math.inf, -math.inf]


async def big_string(megabytes):
    return "x" * (megabytes << 20)


async def some_bytes():
    return b"\x00\xffbytes"


async def recurse(n=0):
    return await recurse(n + 1)


async def out_of_memory():
    return bytearray(1 << 62)  # refused at once: MemoryError


not_callable = 42


# A module attribute that is a lambda: called like any function, it returns a plain value, or an
# awaitable when it builds one.
double = lambda value: value * 2  # noqa: E731
sleep_then = lambda value: asyncio.sleep(0.01, value)  # noqa: E731


async def make_lambda():
    """A result that is a function, which cannot cross to Java."""
    return lambda: 1
