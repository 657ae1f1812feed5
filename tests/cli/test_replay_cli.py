"""`python -m bot replay 2019 --speed 0` on the full base: 650 declarations, the official tally (its speed is the bench's)."""

from __future__ import annotations

import re
import subprocess
import sys

from tests.helpers.data import DATA, HISTORY_SOURCES, ROOT, needs_data


@needs_data
def test_replay_2019_prints_every_declaration_and_the_official_tally():
    args = [sys.executable, "-m", "bot", "replay", "2019", "--speed", "0"]
    for path in HISTORY_SOURCES:
        args += ["--kb", str(path)]
    done = subprocess.run(args, capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    heads = re.findall(r"^\d\d:\d\d (.+) \((\d+) of 650\)", done.stdout, flags=re.M)
    assert len(heads) == 650
    assert heads[0] == ("Newcastle upon Tyne Central", "1")
    assert heads[-1] == ("St Ives", "650")
    assert done.stdout.startswith("Replaying the 2019 general election")
    assert "Final tally (650 of 650 declared): Con 365, Lab 202, SNP 48, LD 11," in done.stdout
    assert "tally reaches 326 seats" in done.stdout


@needs_data
def test_replay_2024_says_its_order_is_not_the_nights():
    args = [sys.executable, "-m", "bot", "replay", "2024", "--speed", "0"]
    args += ["--kb", str(ROOT / "knowledge"), "--kb", str(DATA / "ge2024")]
    done = subprocess.run(args, capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Note:" in done.stdout and "alphabetical" in done.stdout
    assert "Final tally (650 of 650 declared): Lab 411," in done.stdout
