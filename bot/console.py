"""`python -m bot console`: answers typed questions exactly as the bot would, without Discord."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from bot.answer.text import render_text
from bot.exts.admin import reload_answer, status_answer
from bot.kb.knowledge import KnowledgeBase
from bot.kb.store import KnowledgeStore

PROMPT = "returning-officer> "
BANNER = (
    "Returning Officer console: ask as you would in Discord ('!result Hendon', 'who won Poole?').\n"
    "'!kb reload' and '!kb status' work too; 'quit' or Ctrl-D leaves."
)


def respond(store: KnowledgeStore, line: str) -> str:
    """One line in, the bot's answer out (as plain text)."""
    text = line.strip()
    prefix = store.engine.prefix
    if text in {f"{prefix}kb", f"{prefix}kb status"}:
        return render_text(status_answer(store))
    if text == f"{prefix}kb reload":
        return render_text(reload_answer(asyncio.run(store.reload("console")), "console"))
    return render_text(store.engine.ask(text))


def run_console(kb: KnowledgeBase, paths: list[Path], prefix: str = "!") -> int:
    from bot.engine import Engine

    store = KnowledgeStore(paths, kb, Engine(kb, prefix))
    print(BANNER)
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
                print(respond(store, line))
            except Exception:  # keep the prompt alive whatever happens
                logging.getLogger("bot").exception("could not answer %r", line)
                print("Sorry, something went wrong with that one; it has been logged.")
