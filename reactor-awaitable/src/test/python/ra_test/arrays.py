"""numpy arrays as results and as arguments (NumpyArraysTest)."""

import numpy


async def embedding(size):
    """A float32 vector, as an embedding model returns it."""
    return numpy.arange(size, dtype=numpy.float32) / 2


async def matrix():
    return numpy.arange(6, dtype=numpy.float64).reshape(2, 3)


async def of_dtype(name):
    return numpy.array([1, 0, 2], dtype=name)


async def describe(value):
    """What a Java argument arrived as: its type, dtype, shape and sum."""
    return [type(value).__name__, str(value.dtype), list(value.shape), float(value.sum())]


async def doubled(value):
    """An array in, the same kind of array out."""
    return value * 2


async def big(megabytes):
    return numpy.ones(megabytes * 1024 * 1024 // 4, dtype=numpy.float32)


async def scalars():
    return {"f": numpy.float32(1.5), "i": numpy.int64(7), "b": numpy.bool_(True)}


async def complex_numbers():
    return numpy.array([1 + 2j])
