"""The package's public surface: what ``__all__`` names, typed, and nothing internal exported."""

import inspect
import pathlib

import reactor_awaitable


def _untyped(function, owner=""):
    """Names of the parameters (and 'return') of ``function`` that carry no annotation."""
    signature = inspect.signature(function)
    missing = [f"{owner}{function.__name__}({name})" for name, parameter in signature.parameters.items()
               if name not in ("self", "cls") and parameter.annotation is inspect.Parameter.empty]
    if signature.return_annotation is inspect.Signature.empty and function.__name__ != "__init__":
        missing.append(f"{owner}{function.__name__} -> ?")
    return missing


def test_every_public_function_and_method_has_type_hints():
    missing = []
    for name in reactor_awaitable.__all__:
        value = getattr(reactor_awaitable, name)
        if inspect.isclass(value):
            if issubclass(value, BaseException):
                continue
            for attribute, member in vars(value).items():
                if inspect.isfunction(member) and (not attribute.startswith("_") or attribute == "__init__"):
                    missing += _untyped(member, f"{name}.")
        elif inspect.isfunction(value):
            missing += _untyped(value)
    assert missing == []


def test_the_version_and_the_typed_marker_ship_with_the_package():
    assert reactor_awaitable.__version__.count(".") == 2
    assert (pathlib.Path(reactor_awaitable.__file__).parent / "py.typed").is_file()


def test_nothing_internal_is_exported():
    assert all(not name.startswith("_") or name == "__version__" for name in reactor_awaitable.__all__)
