"""By-elections in a build: kept apart from the general elections' seats, each measured against
its seat's last general election where that election's results name the candidates."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping

from bot.facts import ContestFacts
from bot.kb.calendar import POLLING_DAYS, election_label
from bot.kb.sources.base import ContestPart
from bot.kb.sources.byelections import is_by_election
from bot.models import Contest, Election, Person
from bot.text import token_key

Compute = Callable[[Contest, Contest | None, str | None], ContestFacts]


def take_parts(
    contests: dict[tuple[str, str], ContestPart],
) -> dict[tuple[str, str], ContestPart]:
    """Take the by-elections out of the gathered contests (no general election's seats)."""
    keys = [key for key in contests if is_by_election(key[0])]
    return {key: contests.pop(key) for key in keys}


def person_ids(people: Mapping[str, Person]) -> dict[str, str]:
    """'mnis:4212' and 'dc:1862' -> the person linked from the general elections' results."""
    found: dict[str, str] = {}
    for person in people.values():
        if person.mnis_id:
            found.setdefault(f"mnis:{person.mnis_id}", person.id)
        if person.dc_id:
            found.setdefault(f"dc:{person.dc_id}", person.id)
    return found


def last_general(day, elections: Mapping[str, Election]) -> str | None:
    """The general election before a by-election's polling day, loaded or not."""
    days = {i: d for i, d in POLLING_DAYS.items() if d < day}
    days |= {
        e.id: e.date
        for e in elections.values()
        if e.kind == "general" and not e.notional and e.date < day
    }
    return max(days, key=lambda election: days[election]) if days else None


def measured(
    election: Election,
    contest: Contest,
    contests: Mapping[str, Mapping[str, Contest]],
    elections: Mapping[str, Election],
    compute: Compute,
) -> tuple[Election, ContestFacts]:
    """The by-election's facts against the seat's last general election, and the election
    naming that baseline. Without that election's named result, changes and swing are left
    unknown (the hold or gain is then the Library's own `Result`)."""
    previous = last_general(election.date, elections)
    seats = contests.get(previous or "", {})
    baseline = seats.get(contest.ons_id or "") or next(
        (c for c in seats.values() if token_key(c.name) == token_key(contest.name)), None
    )
    if baseline is not None and (baseline.party_level or not baseline.candidacies):
        baseline = None
    label = f"the {election_label(previous)} general election" if previous else None
    facts = compute(contest, baseline, label)
    if baseline is None:
        facts = dataclasses.replace(
            facts,
            placed=tuple(dataclasses.replace(p, change=None) for p in facts.placed),
            swing=None,
            change_source=None,
        )
    named = election.model_copy(update={"baseline": previous, "baseline_label": label})
    return named, facts
