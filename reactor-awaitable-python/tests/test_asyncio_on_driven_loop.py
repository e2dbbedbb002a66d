"""Every asyncio scenario of the Java suite, I/O included, also passes on the loop driven from plain Python."""

import pytest

from ra_test import asyncio_features, coroexecutor_snippets, io_scenarios

SCENARIOS = [(module, name) for module in (asyncio_features, io_scenarios, coroexecutor_snippets) for name in module.scenario_names()]


@pytest.mark.parametrize("module, name", SCENARIOS, ids=[f"{m.__name__}:{n}" for m, n in SCENARIOS])
def test_scenario(driver, module, name):
    assert driver.run(getattr(module, name)(), timeout=30) == "ok"


def test_scenarios_were_found():
    assert len(asyncio_features.scenario_names()) >= 20
    assert len(io_scenarios.scenario_names()) >= 10
