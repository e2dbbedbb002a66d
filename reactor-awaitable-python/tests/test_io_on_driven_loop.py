"""Every I/O scenario of the Java suite also passes on the loop driven from plain Python."""

import pytest

from ra_test import io_scenarios


@pytest.mark.parametrize("name", io_scenarios.scenario_names())
def test_scenario(driver, name):
    assert driver.run(getattr(io_scenarios, name)(), timeout=30) == "ok"


def test_scenarios_were_found():
    assert len(io_scenarios.scenario_names()) >= 10
