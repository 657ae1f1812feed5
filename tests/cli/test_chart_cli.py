"""`ask --chart DIR` and `console --chart DIR` write the answer's charts and say where."""

from __future__ import annotations

import json
from pathlib import Path

from PIL import Image

from bot.__main__ import main
from bot.console import respond
from bot.engine import Engine
from bot.kb.build import SHIPPED_KNOWLEDGE
from bot.store import KnowledgeStore
from tests.helpers.data import DATA, needs_data


def test_ask_writes_the_result_chart(tmp_path, capsys):
    assert main(["ask", "--chart", str(tmp_path / "out"), "!result South West Norfolk"]) == 0
    out = capsys.readouterr().out
    path = tmp_path / "out" / "result-2024-E14001497.png"
    assert f"Chart written to {path}" in out
    assert "Terry Jermy (Labour) elected" in out  # the text answer is still printed
    assert Image.open(path).size[0] == 800


def test_ask_says_when_an_answer_has_no_chart(tmp_path, capsys):
    assert main(["ask", "--chart", str(tmp_path), "!result Narnia"]) == 0
    assert "(no chart for this answer)" in capsys.readouterr().out
    assert list(tmp_path.iterdir()) == []


def test_jsonl_records_list_the_charts(tmp_path, capsys, monkeypatch):
    import io

    stdin = io.TextIOWrapper(io.BytesIO(b"!national\n!result Narnia\n"), encoding="utf-8")
    monkeypatch.setattr("sys.stdin", stdin)
    assert main(["ask", "--jsonl", "--chart", str(tmp_path)]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert records[0]["charts"] == [str(tmp_path / "house-2024.png")]
    assert records[1]["charts"] == []


@needs_data
def test_ask_writes_the_national_charts_with_the_night(tmp_path, capsys):
    args = ["ask", "--kb", str(SHIPPED_KNOWLEDGE), "--kb", str(DATA / "ge2019")]
    assert main([*args, "--chart", str(tmp_path), "!national 2019"]) == 0
    assert {p.name for p in tmp_path.iterdir()} == {"house-2019.png", "night-2019.png"}


def test_console_writes_charts_too(shipped_kb, tmp_path):
    store = KnowledgeStore([SHIPPED_KNOWLEDGE], shipped_kb, Engine(shipped_kb))
    text = respond(store, "!result South West Norfolk", chart_dir=tmp_path)
    assert text.endswith(f"Chart written to {Path(tmp_path) / 'result-2024-E14001497.png'}")
