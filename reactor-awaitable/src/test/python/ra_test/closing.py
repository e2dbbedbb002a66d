"""Coroutines of every kind left running when their runtime closes; each counts its start and its finally."""

import asyncio
import collections
import time

from reactor_awaitable import execute_async

started = collections.Counter()
finished = collections.Counter()


async def waits(kind):
    started[kind] += 1
    try:
        await asyncio.sleep(3600)
    finally:
        finished[kind] += 1


async def streams():
    started["stream"] += 1
    try:
        i = 0
        while True:
            yield i
            i += 1
            await asyncio.sleep(1)
    finally:
        finished["stream"] += 1


async def blocks():
    started["blocking"] += 1
    try:
        await execute_async(time.sleep, 0.5)
    finally:
        finished["blocking"] += 1


def counts():
    return [dict(started), dict(finished)]


def reset():
    started.clear()
    finished.clear()
