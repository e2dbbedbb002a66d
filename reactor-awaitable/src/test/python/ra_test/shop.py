"""A module bound to Java interfaces (BindingTest)."""

import decimal


async def quote(sku):
    return {"sku": sku, "price": decimal.Decimal("9.99"), "currency": "EUR"}


async def stock_events(warehouse):
    for units in range(3):
        yield {"warehouse": warehouse, "sku": f"S{units}", "units": units}


async def ping():
    return None


def plain_total(a, b):
    return a + b


async def needs_keyword(*, key):
    return key


NOT_A_FUNCTION = 3


_calls = 0


async def counted():
    """How many times it has been called: each subscription of a bound Mono is a call."""
    global _calls
    _calls += 1
    return _calls
