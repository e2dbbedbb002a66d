"""Every asyncio scenario of the Java suite also passes on the loop driven from plain Python."""

import pytest

from ra_test import asyncio_features


@pytest.mark.parametrize("name", asyncio_features.scenario_names())
def test_scenario(driver, name):
    assert driver.run(getattr(asyncio_features, name)()) == "ok"


def test_scenarios_were_found():
    assert len(asyncio_features.scenario_names()) >= 20
