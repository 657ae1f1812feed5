"""What an operator meets: every command reads KNOWLEDGE_PATHS as `run` does, and the warnings
that come with the official files on every load are counted in one line, listed on request."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
from pathlib import Path

from bot.kb.build import SHIPPED_KNOWLEDGE
from bot.kb.report import describe
from bot.settings import Settings
from bot.store import KnowledgeStore
from tests.helpers.data import DATA, ROOT, needs_data


def python_m_bot(
    cwd: Path, *args: str, stdin: str | None = None, **env: str
) -> subprocess.CompletedProcess:
    """`python -m bot ...` as a user runs it in `cwd`, with none of our settings inherited."""
    settings = {name.upper() for name in Settings.model_fields}
    environment = {k: v for k, v in os.environ.items() if k not in settings} | env
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        env=environment,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def write_env(folder: Path, **settings: str) -> None:
    lines = [f"{name}={value}" for name, value in settings.items()]
    (folder / ".env").write_text("\n".join(lines) + "\n", encoding="utf-8")


# --- KNOWLEDGE_PATHS --------------------------------------------------------------------------


def test_ask_reads_knowledge_paths_from_dotenv_and_the_flag_overrides_it(tmp_path):
    write_env(tmp_path, KNOWLEDGE_PATHS="missing-folder")
    from_env = python_m_bot(tmp_path, "ask", "!result South West Norfolk")
    assert from_env.returncode == 1 and "missing-folder: no such file or folder" in from_env.stderr
    flagged = python_m_bot(tmp_path, "ask", "--kb", str(SHIPPED_KNOWLEDGE), "!result SW Norfolk")
    assert flagged.returncode == 0 and "Terry Jermy (Labour) elected" in flagged.stdout


def test_kb_check_and_console_read_knowledge_paths_too(tmp_path):
    write_env(tmp_path, KNOWLEDGE_PATHS="missing-folder")
    check = python_m_bot(tmp_path, "kb", "check")
    assert check.returncode == 1 and "missing-folder: no such file or folder" in check.stdout
    console = python_m_bot(tmp_path, "console", stdin="quit\n")
    assert console.returncode == 1 and "missing-folder" in console.stderr


@needs_data
def test_ask_kb_check_and_console_answer_from_knowledge_paths(tmp_path):
    paths = f"{SHIPPED_KNOWLEDGE},{DATA / 'ge2019'}"
    write_env(tmp_path, KNOWLEDGE_PATHS=paths)
    ask = python_m_bot(tmp_path, "ask", "!result Bootle 2019")
    assert "Peter Dowd (Labour) elected: Lab hold." in ask.stdout
    check = python_m_bot(tmp_path, "kb", "check")
    assert check.stdout.startswith("Elections: 2019 (650 contests)")
    # The environment beats .env, as for `run`.
    console = python_m_bot(
        ROOT,
        "console",
        stdin="!result Bootle 2019\nquit\n",
        KNOWLEDGE_PATHS=f"knowledge,{DATA / 'ge2019'}",
    )
    assert f"Knowledge: knowledge, {DATA / 'ge2019'}" in console.stdout
    assert "Peter Dowd (Labour) elected" in console.stdout


def test_a_bad_setting_does_not_stop_ask_and_is_said(tmp_path):
    write_env(tmp_path, MODERATOR_ROLE_IDS="1")  # needs ADMIN_GUILD_ID: invalid for `run`
    done = python_m_bot(tmp_path, "ask", "!result South West Norfolk")
    assert done.returncode == 0 and "Terry Jermy (Labour) elected" in done.stdout
    assert "Settings ignored" in done.stderr and "ADMIN_GUILD_ID" in done.stderr


def test_env_example_and_readme_name_the_same_knowledge_paths():
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    pattern = r"KNOWLEDGE_PATHS=(knowledge,[\w/,.-]+)"
    in_example, in_readme = set(re.findall(pattern, example)), set(re.findall(pattern, readme))
    assert in_example and in_example == in_readme
    # ... and they are the folders `kb download --to data --history` fills.
    (paths,) = in_example
    assert paths == "knowledge,data/historical,data/ge2019,data/ge2024"


# --- Warnings -----------------------------------------------------------------------------------


def warning_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if "warning" in line.lower()]


def test_the_samples_readme_warning_is_one_line(tmp_path):
    done = python_m_bot(tmp_path, "kb", "check")
    assert warning_lines(done.stdout) == [
        "Warnings: 1 (1 in README.md); `python -m bot kb check --all-warnings` lists them"
    ]
    listed = python_m_bot(tmp_path, "kb", "check", "--all-warnings")
    assert "README.md: not a knowledge file we recognise (skipped)" in listed.stdout


@needs_data
def test_the_1918_2019_files_warnings_are_one_line_and_all_on_request(tmp_path):
    kb = ["--kb", str(SHIPPED_KNOWLEDGE), "--kb", str(DATA / "historical")]
    summary = python_m_bot(tmp_path, "kb", "check", *kb)
    assert warning_lines(summary.stdout) == [
        "Warnings: 68 (67 in 1918-2019election_results.csv, 1 in README.md); "
        "`python -m bot kb check --all-warnings` lists them"
    ]
    listed = python_m_bot(tmp_path, "kb", "check", "--all-warnings", *kb)
    assert "Warnings (68):" in listed.stdout
    each = [line for line in listed.stdout.splitlines() if "1918-2019election_results.csv:" in line]
    assert len(each) == 67 and any("Glasgow Govan (1951)" in line for line in each)


@needs_data
def test_the_bots_log_counts_warnings_in_one_line_and_debug_has_each(caplog):
    paths = [SHIPPED_KNOWLEDGE, DATA / "historical"]
    with caplog.at_level(logging.INFO, logger="bot.store"):
        KnowledgeStore.load(paths)
    lines = [r.getMessage() for r in caplog.records if "warning" in r.getMessage()]
    assert len(lines) == 1 and "68 (67 in 1918-2019election_results.csv" in lines[0]
    caplog.clear()
    with caplog.at_level(logging.DEBUG, logger="bot.store"):
        KnowledgeStore.load(paths)
    each = [r for r in caplog.records if r.levelno == logging.DEBUG and "warning:" in r.message]
    assert len(each) == 68


def test_kb_status_counts_warnings_without_host_folders(shipped_kb):
    status = describe(shipped_kb, names_only=True)
    assert "Warnings: 1 (1 in README.md)" in status and str(ROOT) not in status


def test_ask_says_nothing_about_warnings(tmp_path):
    done = python_m_bot(tmp_path, "ask", "!result South West Norfolk")
    assert done.returncode == 0 and done.stderr == "" and "arning" not in done.stdout
