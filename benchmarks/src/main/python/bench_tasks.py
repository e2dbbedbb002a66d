"""Trivial coroutines for measuring the library's own overhead."""


async def increment(x):
    return x + 1
