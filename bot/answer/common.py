"""What the answers share: a sourced fact, a candidate as people read them, a measure's value."""

from __future__ import annotations

from bot import format as fmt
from bot.answer.models import Answer, Choice
from bot.answer.result import outcome_text, who
from bot.facts import ContestFacts, Placed
from bot.format import plural  # noqa: F401 (answers import it from here)
from bot.kb.knowledge import KnowledgeBase
from bot.measures import MEASURES
from bot.models import Candidacy


def candidate(kb: KnowledgeBase, placed: Placed | Candidacy) -> str:
    """'Terry Jermy (Labour)'."""
    candidacy = placed.candidacy if isinstance(placed, Placed) else placed
    return who(kb, candidacy)


def fact(
    kb: KnowledgeBase, title: str, lines: list[str], election: str, notes=(), colour=None
) -> Answer:
    """A one-paragraph answer with its source."""
    return Answer(
        kind="fact",
        title=title,
        lines=tuple(line for line in lines if line),
        notes=tuple(notes),
        source=fmt.source_line(election),
        colour=colour,
    )


def measure_value(facts: ContestFacts, measure: str) -> str:
    """'majority 15 (0.04%)', 'turnout 40.0%'."""
    return MEASURES[measure].show(facts)


def winner_phrase(kb: KnowledgeBase, facts: ContestFacts) -> str:
    return f"{candidate(kb, facts.winner)}, {outcome_text(kb, facts)}"


def choice(title: str, intro: str, choices: list[Choice], more: str = "") -> Answer:
    """Ask which was meant: 'Several constituencies match: A, B and C (and 3 more ...).'"""
    return Answer(
        kind="choice",
        title=title,
        lines=(f"{intro}: {fmt.join_names([c.label for c in choices])}{more}.",),
        choices=tuple(choices),
    )
