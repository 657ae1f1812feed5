"""Fixtures of the live tests."""

from __future__ import annotations

import pytest

from bot.live.cli import start


@pytest.fixture(scope="module")
def night_2019(full_kb):
    """Every declaration of 2019 in the night's order, on the base counting it."""
    night, plan = start(full_kb, "2019")
    return night.base, [night.declare(key) for key in plan.keys]
