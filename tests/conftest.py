"""Shared fixtures: the shipped knowledge base, and the full one built from the official files."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from bot.engine import Engine
from bot.kb.build import SHIPPED_KNOWLEDGE, build

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
EVAL = ROOT.parent / "shared" / "eval"
FULL_SOURCES = [SHIPPED_KNOWLEDGE, DATA / "ge2019", DATA / "ge2024", DATA / "notional"]

needs_data = pytest.mark.skipif(
    not DATA.is_dir(), reason="official data (../shared/data) is absent"
)


@pytest.fixture(scope="session")
def shipped_kb():
    return build([SHIPPED_KNOWLEDGE])


@pytest.fixture(scope="session")
def shipped_engine(shipped_kb):
    return Engine(shipped_kb)


@pytest.fixture(scope="session")
def full_kb():
    if not DATA.is_dir():
        pytest.skip("official data (../shared/data) is absent")
    return build(FULL_SOURCES)


@pytest.fixture(scope="session")
def engine(full_kb):
    return Engine(full_kb)


def library_constituencies(year: str) -> list[dict[str, str]]:
    """The Library's own constituency file, read independently of the bot's readers."""
    path = DATA / f"ge{year}" / f"HoC-GE{year}-results-by-constituency.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


HISTORY_SOURCES = [
    SHIPPED_KNOWLEDGE,
    DATA / "historical",
    DATA / "ge2019",
    DATA / "ge2024",
    DATA / "notional",
]


@pytest.fixture(scope="session")
def history_kb():
    if not DATA.is_dir():
        pytest.skip("official data (../shared/data) is absent")
    return build(HISTORY_SOURCES)


@pytest.fixture(scope="session")
def history_engine(history_kb):
    return Engine(history_kb)


LATEST = DATA / "ge2024-latest-xlsx"
MEMBER_LISTS = [LATEST / "MPs-elected.xlsx", LATEST / "Defeated-MPs.xlsx"]


@pytest.fixture(scope="session")
def bios_kb():
    """The full base with the Library's lists of MPs elected and defeated (openpyxl needed)."""
    if not DATA.is_dir():
        pytest.skip("official data (../shared/data) is absent")
    pytest.importorskip("openpyxl")
    return build([*FULL_SOURCES, *MEMBER_LISTS])


@pytest.fixture(scope="session")
def bios_engine(bios_kb):
    return Engine(bios_kb)


# Hypothesis: "ci" (the default) is fixed and bounded; HYPOTHESIS_PROFILE=dev searches much longer.
settings.register_profile(
    "ci",
    max_examples=200,
    derandomize=True,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "dev",
    max_examples=5_000,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


from tests.postgres import (  # noqa: E402, F401 - fixtures
    database,
    database_url,
    pg_server,
    private_pg_server,
)


@pytest.fixture
def adapter():
    """Discord's webhook endpoints, recorded: what slash commands would have sent."""
    from discord.webhook.async_ import async_context

    from tests.discord_helpers import RecordingAdapter

    recorder = RecordingAdapter()
    token = async_context.set(recorder)
    yield recorder
    async_context.reset(token)
