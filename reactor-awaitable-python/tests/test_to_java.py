"""Standard Python types on their way to Java: what each becomes (the Java objects themselves are
built by JavaValues, stood in for here by a recorder; the Java tests check the real ones)."""

import collections
import dataclasses
import datetime
import decimal
import enum
import types
import typing
import uuid

import pytest

from reactor_awaitable import UnconvertibleResultError, register_conversion
from reactor_awaitable import _javavalues, _to_java
from reactor_awaitable._to_java import json_text, to_java


class RecordingValues:
    """Stands in for the Java JavaValues: each factory returns (name, its arguments)."""

    def __getattr__(self, name):
        return lambda *args: (name, *args)


@pytest.fixture(autouse=True)
def values():
    previous = _javavalues.values
    _javavalues.use(RecordingValues())
    yield
    _javavalues.use(previous)
    _to_java._conversions.clear()
    _to_java._found.clear()
    _to_java._json_writes_itself = False


def test_dates_times_and_durations_become_their_java_time_counterparts():
    paris = datetime.timezone(datetime.timedelta(hours=2))
    assert to_java(datetime.datetime(2026, 12, 6, 7, 8, 9, 123456, tzinfo=paris)) == (
        "offsetDateTime", 2026, 12, 6, 7, 8, 9, 123456000, 7200)
    assert to_java(datetime.datetime(2026, 1, 2, 3, 4, 5)) == ("localDateTime", 2026, 1, 2, 3, 4, 5, 0)
    assert to_java(datetime.date(2026, 1, 2)) == ("localDate", 2026, 1, 2)
    assert to_java(datetime.time(3, 4, 5, 6)) == ("localTime", 3, 4, 5, 6000)
    assert to_java(datetime.time(3, 4, tzinfo=datetime.timezone.utc)) == ("offsetTime", 3, 4, 0, 0, 0)
    assert to_java(datetime.timedelta(days=-1, microseconds=5)) == ("duration", -86400, 5000)


def test_an_offset_with_a_fraction_of_a_second_is_refused_with_the_fix():
    odd = datetime.timezone(datetime.timedelta(seconds=1, microseconds=5))
    with pytest.raises(UnconvertibleResultError, match=r"result\['at'\] has a UTC offset with a fraction"):
        to_java({"at": datetime.datetime(2026, 1, 1, tzinfo=odd)})


def test_decimals_uuids_sets_and_bytes():
    assert to_java(decimal.Decimal("12.50")) == ("bigDecimal", "12.50")
    top = uuid.UUID("ffffffff-ffff-ffff-0000-000000000001")
    assert to_java(top) == ("uuid", -1, 1)
    assert to_java(frozenset({"a"})) == ("setOf", ["a"])
    assert to_java({"s": {decimal.Decimal(1)}}) == {"s": ("setOf", [("bigDecimal", "1")])}
    assert to_java(bytearray(b"ab")) == b"ab"
    assert to_java(memoryview(b"cd")) == b"cd"


@pytest.mark.parametrize("special", ["NaN", "Infinity", "-Infinity", "sNaN"])
def test_a_decimal_that_bigdecimal_cannot_hold_is_refused_by_name(special):
    with pytest.raises(UnconvertibleResultError) as info:
        to_java([decimal.Decimal(special)])
    assert "result[0] is Decimal(" in str(info.value) and "BigDecimal cannot hold" in str(info.value)


def test_enum_members_cross_as_their_values():
    class Colour(enum.Enum):
        RED = "red"
        WHEN = datetime.date(2026, 1, 1)

    class Level(enum.IntEnum):
        HIGH = 3

    assert to_java([Colour.RED, Colour.WHEN, Level.HIGH]) == ["red", ("localDate", 2026, 1, 1), 3]
    assert to_java(Level.HIGH).__class__ is int


def test_mappings_dataclasses_and_named_tuples_become_maps_of_their_fields():
    @dataclasses.dataclass
    class Line:
        sku: str
        price: decimal.Decimal

    class Point(typing.NamedTuple):
        x: int
        y: int

    Pair = collections.namedtuple("Pair", "left right")
    value = {
        "line": Line("A-1", decimal.Decimal("2.5")),
        "point": Point(1, 2),
        "pair": Pair("l", "r"),
        "proxy": types.MappingProxyType({"k": 1}),
        "ordered": collections.OrderedDict(b=2, a=1),
        "plain": (1, 2),
    }
    assert to_java(value) == {
        "line": {"sku": "A-1", "price": ("bigDecimal", "2.5")},
        "point": {"x": 1, "y": 2},
        "pair": {"left": "l", "right": "r"},
        "proxy": {"k": 1},
        "ordered": {"b": 2, "a": 1},
        "plain": (1, 2),
    }
    assert list(to_java(value)["ordered"]) == ["b", "a"]


def test_pydantic_models_cross_through_model_dump_with_their_aliases():
    pydantic = pytest.importorskip("pydantic")

    class Item(pydantic.BaseModel):
        sku: str
        unit_price: decimal.Decimal = pydantic.Field(alias="unitPrice")

    class Order(pydantic.BaseModel):
        placed: datetime.datetime
        items: list[Item]

    order = Order(placed=datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc),
                  items=[Item(sku="A", unitPrice="1.5")])
    assert to_java(order) == {"placed": ("offsetDateTime", 2026, 1, 1, 0, 0, 0, 0, 0),
                              "items": [{"sku": "A", "unitPrice": ("bigDecimal", "1.5")}]}


def test_a_pydantic_v1_model_gets_its_own_fix():
    class V1Model:
        __fields__ = {"a": None}

        def dict(self):
            return {"a": 1}

    with pytest.raises(UnconvertibleResultError, match=r"pydantic v1 model: return obj.dict\(\)"):
        to_java(V1Model())


def test_registered_conversions_apply_to_subclasses_and_win_over_built_in_rules():
    class Money:
        def __init__(self, amount, currency):
            self.amount, self.currency = amount, currency

    class Euros(Money):
        pass

    with pytest.raises(UnconvertibleResultError, match=r"register_conversion\(Money"):
        to_java(Money(1, "EUR"))
    register_conversion(Money, lambda m: {"amount": decimal.Decimal(m.amount), "currency": m.currency})
    assert to_java([Euros(2, "EUR")]) == [{"amount": ("bigDecimal", "2"), "currency": "EUR"}]
    register_conversion(datetime.date, lambda d: d.isoformat())
    assert to_java(datetime.date(2026, 1, 2)) == "2026-01-02"


def test_register_conversion_refuses_what_is_not_a_class_or_a_function():
    with pytest.raises(TypeError, match="needs a class"):
        register_conversion("Money", str)
    with pytest.raises(TypeError, match="needs a function"):
        register_conversion(int, 3)


def test_awaitables_and_async_generators_get_a_fix_of_their_own():
    async def agen():
        yield 1

    generator = agen()
    with pytest.raises(UnconvertibleResultError, match="AwaitableFlux.flux"):
        to_java(generator)


def test_json_text_writes_models_dates_decimals_and_mappings_as_jackson_reads_them():
    pytest.importorskip("pydantic_core")

    @dataclasses.dataclass
    class Line:
        sku: str
        unit_price: decimal.Decimal

    value = {"at": datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc), "line": Line("A", decimal.Decimal("1.50")),
             "id": uuid.UUID(int=1), "proxy": types.MappingProxyType({"k": 1}), "raw": b"\x00\xff", "colour": {"red"}}
    assert json_text(value) == ('{"at":"2026-01-02T03:04:05Z","line":{"sku":"A","unit_price":"1.50"},'
                                '"id":"00000000-0000-0000-0000-000000000001","proxy":{"k":1},"raw":"AP8=","colour":["red"]}')


def test_json_text_gives_way_to_the_ordinary_conversion_for_what_it_cannot_write():
    pytest.importorskip("pydantic_core")

    class Opaque:
        pass

    assert json_text({"o": Opaque()}) is None
    assert json_text([1, 2]) == "[1,2]"
    register_conversion(datetime.date, lambda d: d.isoformat())  # a rule JSON would bypass: JSON is off
    assert json_text([1, 2]) is None
