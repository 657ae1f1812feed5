"""The command line, run as a user would: ask, --jsonl, kb check, kb download, bench."""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import subprocess
import sys
import threading

from bot.kb.download import FILES, MEMBERS
from tests.helpers.data import DATA, ROOT, needs_data


def run(*args: str, stdin: str | None = None, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
    )


def test_ask_uses_the_shipped_knowledge_from_any_folder(tmp_path):
    done = run("ask", "!result South West Norfolk", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Terry Jermy (Labour) elected: Lab gain from Con." in done.stdout


def test_jsonl_answers_every_line_in_order():
    done = run("ask", "--jsonl", stdin="!result South West Norfolk\n!result Narnia\n!result\n")
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["question"] for r in records] == [
        "!result South West Norfolk",
        "!result Narnia",
        "!result",
    ]
    assert "Terry Jermy" in records[0]["text"] and records[1]["kind"] == "not_found"
    assert records[2]["kind"] == "help"


def test_kb_check_reports_and_fails_on_errors(tmp_path):
    done = run("kb", "check")
    assert done.returncode == 0 and "Elections: 2019 (1 contests), 2024 (1 contests)" in done.stdout
    (tmp_path / "bad.yaml").write_text("people:\n  - id: x\n    nam: typo\n", encoding="utf-8")
    done = run("kb", "check", "--kb", str(tmp_path))
    assert done.returncode == 1
    assert "bad.yaml:3: people: 'nam' is not a known field" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


def test_ask_with_a_broken_source_says_why_without_a_traceback(tmp_path):
    done = run("ask", "--kb", str(tmp_path / "missing"), "!result Hendon")
    assert done.returncode == 1
    assert "no such file or folder" in done.stderr and "Traceback" not in done.stderr


@needs_data
def test_kb_download_from_a_local_mirror(tmp_path):
    mirror = tmp_path / "mirror"
    for relative, url_path in FILES.items():
        target = mirror / url_path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(DATA / relative, target)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(mirror))
    handler.log_message = lambda *a, **k: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        done = run("kb", "download", "--to", str(tmp_path / "data"), "--from", base)
        assert done.returncode == 0, done.stderr
        assert "Elections: 2019 (650 contests), 2024 (650 contests)" in done.stdout
        for relative in FILES:
            assert (tmp_path / "data" / relative).read_bytes() == (DATA / relative).read_bytes()
        missing = run(
            "kb", "download", "--to", str(tmp_path / "x"), "--from", base + "/nothing-here"
        )
        assert missing.returncode == 1 and "Could not fetch" in missing.stderr
        (mirror / MEMBERS["members/MPs-elected.xlsx"].lstrip("/")).write_bytes(
            (DATA / "ge2024-latest-xlsx" / "MPs-elected.xlsx").read_bytes()
        )
        more = run("kb", "download", "--to", str(tmp_path / "m"), "--from", base, "--members")
        assert more.returncode == 0, more.stderr
        assert (tmp_path / "m" / "members" / "MPs-elected.xlsx").is_file()
    finally:
        server.shutdown()


def test_bench_reports_its_numbers():
    """On the shipped knowledge (fast); the full benchmark stays `python -m bot bench --kb ...`."""
    done = run("bench", "--repeat", "1")
    assert done.returncode == 0, done.stderr
    assert "knowledge base: 2 contests" in done.stdout
    assert "build:" in done.stdout and "!result" in done.stdout and "p99" in done.stdout


def test_an_unexpected_failure_is_an_apology_not_a_crash(monkeypatch, capsys):
    from bot.__main__ import answer_safely

    class Broken:
        def ask(self, question):
            raise RuntimeError("boom")

    answer = answer_safely(Broken(), "who won Hendon?")
    assert answer.title == "Sorry, something went wrong"
