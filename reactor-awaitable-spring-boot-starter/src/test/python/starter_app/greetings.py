"""The starter test application's Python module."""

import asyncio
import sys


async def greet(name):
    return f"hello {name}"


async def slow_greet(name, seconds):
    await asyncio.sleep(seconds)
    return f"hello {name}, slowly"


async def is_imported(module):
    return module in sys.modules
