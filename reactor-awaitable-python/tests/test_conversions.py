"""Results leave Python as plain data; errors are described with their cause chain."""

import pytest

from reactor_awaitable import UnconvertibleResultError
from reactor_awaitable._to_java import to_java
from reactor_awaitable._errors import describe
from reactor_awaitable._targets import resolve


def test_plain_data_passes_as_it_is():
    value = {"a": [1, 2.0, "x", b"y", (True, None)], 3: {"n": 2 ** 80}}
    assert to_java(value) is value


def test_other_objects_are_refused_with_where_and_fix():
    with pytest.raises(UnconvertibleResultError) as info:
        to_java({"items": [1, object()]})
    message = str(info.value)
    assert "result['items'][1] (of type builtins.object)" in message and "plain data" in message
    assert "register_conversion(object, lambda obj: ...)" in message


def test_a_value_that_contains_itself_is_refused_not_a_recursion_error():
    value = {"list": [1]}
    value["list"].append(value)
    with pytest.raises(UnconvertibleResultError) as info:
        to_java(value, "item 3")
    assert "item 3 contains itself" in str(info.value)
    to_java([[[[1]]]] * 3)  # shared, not circular: still plain data


def test_describe_survives_an_exception_whose_str_raises():
    class Unprintable(Exception):
        def __str__(self):
            raise ValueError("no")

    try:
        raise Unprintable()
    except Unprintable as exc:
        described = describe(exc)
    assert described[0].endswith("Unprintable")
    assert "__str__ raised" in described[1]


def test_describe_keeps_type_message_frames_and_cause():
    def inner():
        raise KeyError("k")
    try:
        try:
            inner()
        except KeyError as err:
            raise RuntimeError("outer") from err
    except RuntimeError as exc:
        kind, message, text, frames, cause, java_error = describe(exc)
    assert kind == "builtins.RuntimeError" and message == "outer"
    assert "RuntimeError: outer" in text and "KeyError" not in text
    assert frames[2::3][-1] == "test_describe_keeps_type_message_frames_and_cause"
    assert cause[0] == "builtins.KeyError" and "inner" in cause[3]
    assert java_error is None  # only a Java call raising into Python carries a Java exception


def test_unknown_module_names_the_target_and_the_fix():
    with pytest.raises(ModuleNotFoundError) as info:
        resolve("no_such_module_xyz:f")
    assert "no_such_module_xyz:f" in str(info.value) and "addPythonPath" in str(info.value)


def test_unknown_function_names_the_target():
    with pytest.raises(AttributeError, match="'json:nope'"):
        resolve("json:nope")


def test_non_callable_target_is_refused():
    with pytest.raises(TypeError, match="not a function"):
        resolve("string:ascii_letters")


def test_dotted_attribute_targets_resolve():
    import json
    assert resolve("json:JSONDecoder.decode") is json.JSONDecoder.decode


def test_the_path_to_a_refused_value_names_keys_and_indexes():
    class Opaque:
        pass

    class BadRepr:
        def __repr__(self):
            raise ValueError("no repr")

    cases = [
        ([1, (2, [Opaque()])], "result[1][1][0] (of type "),
        ({"a": {Opaque(): 1}}, "key <"),
        ({BadRepr(): 1}, "BadRepr object> of result (of type "),
    ]
    for value, expected in cases:
        with pytest.raises(UnconvertibleResultError) as info:
            to_java(value)
        assert expected in str(info.value)
    with pytest.raises(UnconvertibleResultError) as info:
        to_java({"a": {Opaque(): 1}})
    assert " of result['a'] (of type " in str(info.value)
