"""A module that imports a C extension with single-phase initialisation (CPython's own test module)."""

import _testsinglephase  # noqa: F401


async def call():
    return "loaded"
