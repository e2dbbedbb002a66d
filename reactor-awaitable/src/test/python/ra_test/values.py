"""Values as real code returns them: dates, decimals, UUIDs, enums, sets, dataclasses, NamedTuples,
pydantic models, and a type of the user's own with a registered conversion."""

import dataclasses
import datetime
import decimal
import enum
import types
import typing
import uuid

import pydantic

from reactor_awaitable import register_conversion


async def echo(value):
    """Returns its argument as it arrived in Python: the round trip Java -> Python -> Java."""
    return value


async def describe(value):
    """The Python type and repr of the argument, to check what a Java value arrives as."""
    return [f"{type(value).__module__}.{type(value).__qualname__}", repr(value)]


class Status(enum.Enum):
    SHIPPED = "shipped"


@dataclasses.dataclass
class Line:
    sku: str
    quantity: int
    unit_price: decimal.Decimal


class Point(typing.NamedTuple):
    x: int
    y: int


class Customer(pydantic.BaseModel):
    customer_id: uuid.UUID = pydantic.Field(alias="customerId")
    name: str
    since: datetime.date


class Order(pydantic.BaseModel):
    order_id: int
    placed: datetime.datetime
    customer: Customer
    lines: list[Line]
    total: decimal.Decimal
    status: Status
    tags: set[str]


# region register-conversion
class Money:
    """A type of the application's own."""

    def __init__(self, amount: str, currency: str):
        self.amount, self.currency = decimal.Decimal(amount), currency


register_conversion(Money, lambda m: {"amount": m.amount, "currency": m.currency})  # a Map in Java
# endregion register-conversion

PLACED = datetime.datetime(2026, 12, 6, 9, 30, 15, 123456, tzinfo=datetime.timezone(datetime.timedelta(hours=1)))


def _order():
    return Order(order_id=7, placed=PLACED,
                 customer=Customer(customerId=uuid.UUID("12345678-1234-5678-9abc-def012345678"), name="Ada",
                                   since=datetime.date(2020, 2, 29)),
                 lines=[Line("A-1", 2, decimal.Decimal("9.99")), Line("B-2", 1, decimal.Decimal("0.02"))],
                 total=decimal.Decimal("20.00"), status=Status.SHIPPED, tags={"gift"})


async def standard_types():
    """One value of each standard type, by name."""
    return {
        "aware": PLACED,
        "naive": datetime.datetime(2026, 1, 2, 3, 4, 5),
        "date": datetime.date(2026, 1, 2),
        "time": datetime.time(23, 59, 58, 999999),
        "delta": datetime.timedelta(days=1, seconds=2, microseconds=3),
        "decimal": decimal.Decimal("-1234567890.0987654321"),
        "uuid": uuid.UUID("12345678-1234-5678-9abc-def012345678"),
        "enum": Status.SHIPPED,
        "set": {1, 2, 3},
        "frozenset": frozenset({"x"}),
        "mapping": types.MappingProxyType({"k": "v"}),
        "bytearray": bytearray(b"\x00\xff"),
        "memoryview": memoryview(b"mv"),
        "dataclass": Line("A-1", 2, decimal.Decimal("9.99")),
        "namedtuple": Point(1, 2),
        "money": Money("3.50", "EUR"),
    }


async def order():
    return _order()


async def orders(count):
    """Pydantic models as stream items."""
    for i in range(count):
        yield _order().model_copy(update={"order_id": i})


async def not_a_number():
    return {"price": decimal.Decimal("NaN")}


class Opaque:
    pass


async def opaque():
    return {"rows": [Opaque()]}



async def lines():
    return _order().lines


async def bad_line():
    return {"sku": "A-1", "quantity": "many", "unit_price": "1.5"}


async def readings():
    return [{"value": float("nan")}, {"value": float("inf")}, {"value": 1.5}]


class Faulty:
    """A type whose registered conversion raises."""


register_conversion(Faulty, lambda obj: 1 / 0)


async def faulty():
    return {"x": Faulty()}
