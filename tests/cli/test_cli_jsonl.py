"""`ask --jsonl`: one valid UTF-8 JSON line per input line, whatever bytes arrive."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.helpers.data import ROOT

HOSTILE = [
    b"!result South West Norfolk",
    b"\xff\xfe who won \xc3( Hendon?",  # not UTF-8
    b"cp1252: Ynys M\xf4n",
    "line\u2028separator \u0085 next-line \u2029 paragraph".encode(),
    b"nul \x00 bell \x07 escape \x1b[31m red",
    b"\xed\xa0\x80 a UTF-8 encoded surrogate",
    b"",
    b"@everyone <@123> [x](https://evil.example) ```",
    b"crlf ending\r",
]


def test_every_input_line_gives_one_valid_utf8_json_line():
    stdin = b"\n".join(HOSTILE) + b"\n"
    done = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--jsonl"],
        input=stdin,
        capture_output=True,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    text = done.stdout.decode("utf-8")  # strict: raises on any invalid byte
    lines = text.split("\n")
    assert lines[-1] == "" and len(lines) - 1 == len(HOSTILE)
    assert len(text.splitlines()) == len(HOSTILE)  # no stray line breaks inside a record
    records = [json.loads(line) for line in lines[:-1]]
    assert "Terry Jermy" in records[0]["text"]
    assert records[1]["question"] == "\ufffd\ufffd who won \ufffd( Hendon?"
    assert records[2]["question"] == "cp1252: Ynys M\ufffdn"
    assert records[3]["question"] == "line\u2028separator \u0085 next-line \u2029 paragraph"
    assert records[8]["question"] == "crlf ending"
    for record in records:
        assert set(record) == {"question", "kind", "title", "text"}
        assert "\udcff" not in json.dumps(record)
