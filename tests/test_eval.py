"""The development question set, scored by the project's own scorer, in one process."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import EVAL, FULL_SOURCES, ROOT, needs_data

pytestmark = needs_data


def _score(cases: list[dict], tmp_path, min_pass: float) -> subprocess.CompletedProcess:
    cases_file = tmp_path / "cases.json"
    cases_file.write_text(json.dumps(cases), encoding="utf-8")
    command = [sys.executable, "-m", "bot", "ask", "--jsonl"]
    for source in FULL_SOURCES:
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


def test_the_whole_dev_set_passes_at_95_percent(tmp_path):
    cases = json.loads((EVAL / "dev.json").read_text())
    run = _score(cases, tmp_path, 0.95)
    assert run.returncode == 0, run.stdout + run.stderr
