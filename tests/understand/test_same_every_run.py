"""The same question gets the same answer in every process: nothing a name index or a list of
suggestions holds may follow Python's hash seed, which changes from one start to the next."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.helpers.data import DATA, needs_data

pytestmark = needs_data

_INDEX_ORDER = """
import hashlib, sys
from bot.kb.build import SHIPPED_KNOWLEDGE, build
from bot.understand.entities import EntityFinder
from bot.understand.seats import Seats
kb = build([SHIPPED_KNOWLEDGE, *map(__import__("pathlib").Path, sys.argv[1:])])
finder = EntityFinder(kb, Seats(kb))
print(hashlib.sha256("\\n".join(finder.people.choices).encode()).hexdigest())
"""


def _people_index(seed: str) -> str:
    environment = {**os.environ, "PYTHONHASHSEED": seed}
    run = subprocess.run(
        [sys.executable, "-c", _INDEX_ORDER, str(DATA / "ge2019"), str(DATA / "ge2024")],
        capture_output=True,
        text=True,
        env=environment,
        check=True,
    )
    return run.stdout.strip()


def test_the_people_index_is_in_the_same_order_whatever_the_hash_seed():
    # Ties among suggestions ('Did you mean ...?') are broken by the index's order
    assert _people_index("1") == _people_index("2") == _people_index("3")
