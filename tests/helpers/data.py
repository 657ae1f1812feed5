"""Where the official files are, and the Library's constituency file read independently of the
bot's readers. Tests that need the files skip cleanly when ../shared/data is absent."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from bot.kb.build import SHIPPED_KNOWLEDGE

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT.parent / "shared" / "data"
EVAL = ROOT.parent / "shared" / "eval"
FULL_SOURCES = [SHIPPED_KNOWLEDGE, DATA / "ge2019", DATA / "ge2024", DATA / "notional"]
HISTORY_SOURCES = [
    SHIPPED_KNOWLEDGE,
    DATA / "historical",
    DATA / "ge2019",
    DATA / "ge2024",
    DATA / "notional",
]
NAMED_SOURCES = [*HISTORY_SOURCES, DATA / "parliament"]  # and Parliament's named results
LATEST = DATA / "ge2024-latest-xlsx"
MEMBER_LISTS = [LATEST / "MPs-elected.xlsx", LATEST / "Defeated-MPs.xlsx"]

needs_data = pytest.mark.skipif(
    not DATA.is_dir(), reason="official data (../shared/data) is absent"
)


def library_constituencies(year: str) -> list[dict[str, str]]:
    """The Library's own constituency file, read independently of the bot's readers."""
    path = DATA / f"ge{year}" / f"HoC-GE{year}-results-by-constituency.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))
