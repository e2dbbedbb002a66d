"""Coroutines and functions the Java tests call: results, conversions, errors."""

import asyncio


async def add(a, b):
    await asyncio.sleep(0)
    return a + b


def plain_add(a, b):
    return a + b


async def nothing():
    await asyncio.sleep(0)
    return None


async def echo(value):
    return value


async def describe_args(*values):
    return [type(v).__name__ for v in values]


async def all_types():
    return {
        "str": "text", "int": 42, "big": 2 ** 70, "float": 1.5, "bool": True, "bytes": b"\x00\xff",
        "list": [1, "two", [3]], "tuple": (1, "a"), "dict": {"k": {"n": None}}, "none": None,
    }


class Opaque:
    pass


async def unconvertible():
    return {"ok": 1, "bad": [Opaque()]}


async def fail(message):
    await asyncio.sleep(0)
    raise ValueError(message)


class CustomError(Exception):
    pass


async def fail_chained():
    try:
        {}["missing"]
    except KeyError as err:
        raise CustomError("wrapped") from err


async def blocking_stop_iteration():
    """Awaits a blocking call that raises StopIteration, which an asyncio future cannot carry."""
    from reactor_awaitable import execute_async
    return await execute_async(next, iter([]))


async def one_arg(x):
    return x


def not_callable_target():
    pass


CONSTANT = 3


async def fail_with_group():
    async with asyncio.TaskGroup() as group:
        group.create_task(fail("first"))
        group.create_task(fail("second"))


async def self_containing():
    """A result that contains itself: no Java value can hold it."""
    value = [1]
    value.append(value)
    return value


def plain_self_containing():
    value = {}
    value["self"] = value
    return value


class UnprintableError(Exception):
    def __str__(self):
        raise ValueError("this exception has no printable message")


async def fail_unprintable():
    raise UnprintableError()


async def digests(*blobs):
    """For each argument: its type's name, its length and, for bytes, its SHA-256."""
    import hashlib
    return [[type(b).__name__, len(b), hashlib.sha256(b).hexdigest() if isinstance(b, bytes) else None]
            for b in blobs]


async def total(values):
    return [type(values).__name__, sum(values), type(values[0]).__name__]


async def list_of(kind, n):
    """A list result of ``n`` elements of one kind (or mixed), for the packed-result tests."""
    if kind == "float":
        return [i * 0.25 for i in range(n)]
    if kind == "int":
        return [-(1 << 63), (1 << 63) - 1] + list(range(n - 2))
    if kind == "str":
        return [f"é{i}\U0001F600" for i in range(n)]
    if kind == "bool":
        return [i % 2 == 0 for i in range(n)]
    if kind == "big":
        return list(range(n - 1)) + [1 << 70]
    return [i if i % 2 else float(i) for i in range(n)]  # mixed int and float


async def add_pair(pair):
    """One map input, a pair of numbers: their sum."""
    return pair[0] + pair[1]
