"""Answers as a user reads them."""

from __future__ import annotations

from bot.answer.text import render_text


def ask(engine, question: str) -> str:
    """The engine's answer to `question`, as the command line prints it."""
    return render_text(engine.ask(question))
