"""The development question set, scored by the project's own scorer, in one process."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.helpers.data import EVAL, HISTORY_SOURCES, ROOT, needs_data

pytestmark = needs_data


def _score(cases: list[dict], tmp_path, min_pass: float) -> subprocess.CompletedProcess:
    cases_file = tmp_path / "cases.json"
    cases_file.write_text(json.dumps(cases), encoding="utf-8")
    command = [sys.executable, "-m", "bot", "ask", "--jsonl"]
    for source in HISTORY_SOURCES:  # the full base: 1918-2024, with the notional baseline
        command += ["--kb", str(source)]
    return subprocess.run(
        [
            sys.executable,
            str(EVAL / "score.py"),
            str(cases_file),
            "--min-pass",
            str(min_pass),
            "--",
            *command,
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )


def test_every_result_command_in_the_dev_set_passes(tmp_path):
    cases = [
        c for c in json.loads((EVAL / "dev.json").read_text()) if c["ask"].startswith("!result")
    ]
    run = _score(cases, tmp_path, 1.0)
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.strip().splitlines()[-1] == f"{len(cases)} passed, 0 failed"


@pytest.mark.parametrize("name", ["dev.json", "dev2.json"])
def test_each_public_set_passes_at_95_percent(tmp_path, name):
    path = EVAL / name
    if not path.is_file():
        pytest.skip(f"{name} is absent")
    run = _score(json.loads(path.read_text()), tmp_path, 0.95)
    assert run.returncode == 0, run.stdout + run.stderr
