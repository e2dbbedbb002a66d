"""The finder an isolated loop's interpreter starts with: which C modules it refuses, and that the
standard library then falls back to its pure-Python modules."""

import subprocess
import sys

import pytest

from reactor_awaitable import _isolated_imports


def test_python_3_12_refuses_its_single_phase_modules_and_the_datetime_c_module():
    refused = _isolated_imports.refused_modules((3, 12, 1))
    assert {"_datetime", "_zoneinfo", "_decimal", "pyexpat", "_ctypes", "readline"} <= refused
    assert "_asyncio" not in refused and "_socket" not in refused and "_ssl" not in refused


def test_python_3_13_keeps_decimal_in_c_but_refuses_the_datetime_c_module():
    refused = _isolated_imports.refused_modules((3, 13, 0))
    assert {"_datetime", "_zoneinfo", "readline"} <= refused
    assert "_decimal" not in refused and "pyexpat" not in refused


def test_pythons_without_own_gil_interpreters_refuse_nothing():
    assert _isolated_imports.refused_modules((3, 11, 7)) == frozenset()


def test_a_refused_module_raises_the_import_error_cpython_would_and_the_rest_still_imports():
    finder = _isolated_imports.RefuseUnsafeExtensions({"_datetime"})
    with pytest.raises(ImportError, match="module _datetime does not support loading in subinterpreters") as raised:
        finder.find_spec("_datetime")
    assert raised.value.name == "_datetime"
    assert finder.find_spec("json") is None


def test_with_the_finder_installed_first_datetime_and_decimal_are_the_pure_python_ones():
    # A fresh Python with nothing imported yet, as a new interpreter is; the file run on its own, as
    # the library runs it (the package's own import would load datetime first).
    script = (
        "import runpy, sys\n"
        f"g = runpy.run_path({_isolated_imports.__file__!r})\n"
        "g['install']({'_datetime', '_decimal', '_zoneinfo'})\n"
        "g['install']({'_datetime'})\n"
        "import datetime, decimal\n"
        "print(sum(isinstance(f, g['RefuseUnsafeExtensions']) for f in sys.meta_path))\n"
        "print('_datetime' in sys.modules, '_decimal' in sys.modules)\n"
        "print(datetime.date(2026, 12, 6) + datetime.timedelta(days=1), decimal.Decimal('0.1') * 3)\n")
    out = subprocess.run([sys.executable, "-I", "-S", "-c", script], capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == ["1", "False False", "2026-12-07 0.3"]
