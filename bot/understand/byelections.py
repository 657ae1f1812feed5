"""Questions about by-elections and the Commons now: which by-election a question names, which
ones a list asks for (a period, a party, gains or losses), and who the MP is today."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Protocol

from bot import format as fmt
from bot.answer import byelection as answers
from bot.answer import coverage
from bot.answer import seat as seat_answers
from bot.answer.models import Answer
from bot.answer.result import by_election_line
from bot.commons import commons_now
from bot.facts import ContestFacts
from bot.kb.knowledge import KnowledgeBase
from bot.places import Place, holds
from bot.text import quote
from bot.understand.byelection_words import BY, ByElectionAsk
from bot.understand.names import NameIndex

__all__ = ["BY", "NOW", "WHATS", "answer", "index", "many", "named", "now", "one", "which"]

NOW = r"\b(now|today|currently|current|as it stands|at present|at the moment|these days)\b"
WHATS = frozenset({"by_election", "commons_now"})


class Asked(Protocol):
    """What a by-election answer reads of a question (an understood Query)."""

    what: str
    parties: tuple[str, ...]
    place: Place | None
    by_election: ByElectionAsk | None


def index(kb: KnowledgeBase) -> NameIndex[int]:
    """The by-elections' seat names, kept per snapshot."""
    return kb.cached(
        ("by-election names",),
        lambda: NameIndex((f.contest.name, i) for i, f in enumerate(kb.by_elections)),
    )


def _date(kb: KnowledgeBase, facts: ContestFacts) -> dt.date:
    return kb.elections[facts.contest.election].date


def named(kb: KnowledgeBase, asked: ByElectionAsk) -> tuple[list[ContestFacts], str] | None:
    """The by-elections a question names ('the runcorn and helsby' -> Runcorn and Helsby's), and
    the words taken as the name; None when it names no seat. Exact names first (the longest run
    of final words said), then a loose match of the name once the asking words are taken off."""
    names = index(kb)
    for start in range(len(asked.said)):
        typed = " ".join(asked.said[start:])
        match = names.exact_match(typed)
        if match.status != "none":
            return [kb.by_elections[i] for i in match.items], typed
    if len(asked.name) < 3:
        return None
    match = names.resolve(asked.name, suggest=False)
    if match.status == "none":
        return [], asked.name
    return [kb.by_elections[i] for i in match.items], asked.name


def one(kb: KnowledgeBase, asked: ByElectionAsk, card: bool = False) -> Answer | None:
    """The by-election a question or command names, by seat and year; None when it names none."""
    years = asked.years
    found = named(kb, asked)
    if found is None:
        return None
    matches, typed = found
    if not matches:
        return not_found(kb, typed)
    seats = {f.contest.name for f in matches}
    if len(seats) > 1:
        listed = "; ".join(sorted(seats))
        return Answer(
            kind="not_found",
            title="Which by-election?",
            lines=(
                f"Several by-elections match '{quote(typed)}': {listed}. Ask with the full name.",
            ),
        )
    chosen = [f for f in matches if not years or _date(kb, f).year in years]
    if not chosen:
        held = ", ".join(f"{_date(kb, f):%-d %B %Y}" for f in matches)
        return Answer(
            kind="not_found",
            title="No by-election then",
            lines=(
                f"I have no {matches[0].contest.name} by-election in {' or '.join(map(str, years))}; "
                f"the by-elections there I have were on {held}.",
            ),
        )
    facts = chosen[-1]
    others = [f for f in matches if f is not facts]
    lead = None
    if others and not years:
        lead = (
            "There was also a by-election here on "
            + ", ".join(f"{_date(kb, f):%-d %B %Y}" for f in others)
            + " (ask with its year)."
        )
    return answers.result(kb, facts, lead) if card else answers.winner(kb, facts, lead)


def which(kb: KnowledgeBase) -> Answer:
    """`!result by-election` with no seat: how to name one, and the latest few."""
    latest = [f"{f.contest.name} ({_date(kb, f):%-d %B %Y})" for f in kb.by_elections[-3:]]
    return Answer(
        kind="help",
        title="Which by-election?",
        lines=(
            "Name the seat, and the year if it had several: `!result Runcorn and Helsby by-election`. "
            f"The latest I know: {', '.join(reversed(latest))}.",
        ),
    )


def not_found(kb: KnowledgeBase, typed: str) -> Answer:
    first, last = kb.by_elections[0], kb.by_elections[-1]
    return Answer(
        kind="not_found",
        title="By-election not found",
        lines=(
            f"I have no by-election for '{quote(typed)}'. I know {len(kb.by_elections)} "
            f"by-elections, from {first.contest.name} ({_date(kb, first):%B %Y}) to "
            f"{last.contest.name} ({_date(kb, last):%B %Y}): ask 'by-elections since 2019' for a list.",
        ),
    )


def many(kb: KnowledgeBase, query: Asked) -> Answer:
    """A list or count of by-elections: a period, a party, its gains or losses."""
    asked = query.by_election or ByElectionAsk()
    when = asked.when
    found = [f for f in kb.by_elections if asked.start <= _date(kb, f) <= asked.end]
    if query.place is not None and not query.place.is_whole:
        found = [f for f in found if holds(query.place, f.contest)]
        when = f"in {query.place.label} {when}".strip()
    heading = f"By-elections {when}".strip()
    party = query.parties[0] if query.parties else None
    if party:
        name = fmt_party(kb, party)
        if asked.change == "lost":
            found = [f for f in found if f.outcome.gain and f.outcome.previous == party]
            heading = f"Seats {name} lost at by-elections {when}"
        elif asked.change == "gained":
            found = [f for f in found if f.outcome.gain and f.winner.party == party]
            heading = f"By-election gains by {name} {when}"
        else:
            found = [f for f in found if f.winner.party == party]
            heading = f"By-elections won by {name} {when}"
    elif asked.changed_hands:
        found = [f for f in found if f.outcome.gain]
        heading = f"By-elections where the seat changed hands {when}"
    singular, counting = asked.singular, asked.counting
    if found and not counting and not party and (asked.latest or (singular and len(found) == 1)):
        return answers.result(kb, found[-1])  # 'the latest by-election', 'the 2025 by-election'
    if found and not counting and not party and singular and not when:
        return answers.result(kb, found[-1])  # 'who won the by-election': the latest
    return answers.listing(kb, found, heading.strip(), count_only=counting)


def fmt_party(kb: KnowledgeBase, code: str) -> str:
    return fmt.party_noun(kb.party(code))


def answer(kb: KnowledgeBase, query: Asked) -> Answer:
    """A by-election question, or the state of the parties now."""
    if query.what == "commons_now":
        return now(kb, query)
    if not kb.by_elections:
        return coverage.outside(kb)
    return one(kb, query.by_election or ByElectionAsk()) or many(kb, query)


def now(kb: KnowledgeBase, query: Asked) -> Answer:
    """'State of the parties now': the latest general election with the by-elections since."""
    house = commons_now(kb)
    if house is None:
        return coverage.unknown_election(kb, "now")
    return answers.commons(kb, house, query.parties[0] if query.parties else None)


def winner_now(kb: KnowledgeBase, facts: ContestFacts, election: str | None, now: bool, lead):
    """'Who is the MP for X?': the winner of the seat's latest contest, a by-election included;
    'who won X' stays the general election's, with a line on a by-election since. `now`: the
    question asks who holds the seat today ('who is the MP for X')."""
    later = kb.by_elections_after(facts.contest)
    if later and election is None and now:
        return answers.mp_now(kb, facts, later[-1], lead)
    answer = seat_answers.winner(kb, facts, lead)
    if later:
        answer = replace(answer, lines=(*answer.lines, by_election_line(kb, facts)))
    return answer
