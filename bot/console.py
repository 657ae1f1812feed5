"""`python -m bot console`: answers typed questions exactly as the bot would, without Discord."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from bot.answer.models import Answer
from bot.answer.text import render_text
from bot.engine import Engine
from bot.exts.admin import reload_answer, status_answer
from bot.kb.knowledge import KnowledgeBase
from bot.kb.report import SEE_ALL_WARNINGS, warnings_count
from bot.store import KnowledgeStore

PROMPT = "returning-officer> "
ALL = " --all"
BANNER = (
    "Returning Officer console: ask as you would in Discord ('!result Hendon', 'who won Poole?').\n"
    "'!kb reload' and '!kb status' work too; 'quit' or Ctrl-D leaves."
)


def write_charts(kb: KnowledgeBase, answer: Answer, folder: Path) -> list[Path]:
    """Draw the answer's charts into the folder as PNG files; returns where they went."""
    from bot.charts import chart_png, filename

    if not answer.charts:
        return []
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for request in answer.charts:
        path = folder / filename(request)
        path.write_bytes(chart_png(kb, request))
        written.append(path)
    return written


def charts_note(paths: list[Path]) -> str:
    """The line that says where the charts went."""
    if not paths:
        return "(no chart for this answer)"
    return "Chart written to " + ", ".join(str(p) for p in paths)


def loaded_line(kb: KnowledgeBase, paths: list[Path]) -> str:
    """What the console answers from (KNOWLEDGE_PATHS or --kb), its warnings counted in one line."""
    line = f"Knowledge: {', '.join(map(str, paths))}"
    if kb.report.warnings:
        line += f"; warnings: {warnings_count(kb.report.warnings)}, {SEE_ALL_WARNINGS}"
    return line


def respond(store: KnowledgeStore, line: str, chart_dir: Path | None = None) -> str:
    """One line in, the bot's answer out (as plain text)."""
    text = line.strip()
    prefix = store.engine.prefix
    if text in {f"{prefix}kb", f"{prefix}kb status"}:
        return render_text(status_answer(store))
    if text == f"{prefix}kb reload":
        return render_text(reload_answer(asyncio.run(store.reload("console")), "console"))
    everything = text.endswith(ALL)  # a long list in full, as `ask --all` prints it
    question = text.removesuffix(ALL).rstrip() if everything else text
    answer = store.engine.ask(question, asker="console")  # one person: replies follow questions
    shown = render_text(
        answer, everything, more_hint=f"end the question with '{ALL}' to see them all"
    )
    if chart_dir is None:
        return shown
    return f"{shown}\n\n{charts_note(write_charts(store.current.kb, answer, chart_dir))}"


def run_console(
    loaded: tuple[KnowledgeBase, Engine], paths: list[Path], chart_dir: Path | None = None
) -> int:
    kb = loaded[0]
    store = KnowledgeStore(paths, *loaded)
    print(BANNER)
    print(loaded_line(kb, paths))
    while True:
        try:
            line = input(PROMPT)
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if line.strip().lower() in {"quit", "exit"}:
            return 0
        if line.strip():
            try:
                print(respond(store, line, chart_dir))
            except Exception:  # keep the prompt alive whatever happens
                logging.getLogger("bot").exception("could not answer %r", line)
                print("Sorry, something went wrong with that one; it has been logged.")
