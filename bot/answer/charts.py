"""Which charts an answer asks for: small, data-only requests (drawn by bot/charts, not here)."""

from __future__ import annotations

from bot.answer.models import ChartRequest
from bot.facts import ContestFacts
from bot.kb.knowledge import KnowledgeBase, NationalFacts


def result_charts(kb: KnowledgeBase, facts: ContestFacts) -> tuple[ChartRequest, ...]:
    """A seat's result: a bar per candidate (not for an unopposed return: there is no vote)."""
    if facts.contest.unopposed or not facts.placed:
        return ()
    return (ChartRequest("result", facts.contest.election, kb.contest_key(facts.contest)),)


def national_charts(national: NationalFacts) -> tuple[ChartRequest, ...]:
    """The House; and the night, when the results say when each seat declared."""
    election = national.election.id
    charts = [ChartRequest("house", election)]
    if any(f.contest.declared_at for f in national.contests):
        charts.append(ChartRequest("night", election))
    return tuple(charts)


def changes_charts(national: NationalFacts) -> tuple[ChartRequest, ...]:
    """Gains and losses by party against the baseline."""
    return (ChartRequest("changes", national.election.id),) if national.changed_hands else ()


def history_charts(kb: KnowledgeBase, facts: ContestFacts) -> tuple[ChartRequest, ...]:
    """One cell per general election for the seat's line of history."""
    return (ChartRequest("history", facts.contest.election, kb.contest_key(facts.contest)),)
