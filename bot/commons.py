"""The Commons as it stands: the latest general election's seats with every later by-election
applied. Changes of party by sitting MPs (defections, whip suspensions) are in no official
results file, so they are not counted."""

from __future__ import annotations

from dataclasses import dataclass

from bot.facts import ContestFacts
from bot.kb.knowledge import KnowledgeBase
from bot.models import Candidacy, Election
from bot.text import fold


@dataclass(frozen=True)
class Change:
    """A by-election that changed a seat's party: who held it before, and who won it."""

    facts: ContestFacts
    before: str


@dataclass(frozen=True)
class Commons:
    """The House after the general election and the by-elections since."""

    election: Election
    seats: tuple[tuple[str, int], ...]  # party, seats: most first
    by_elections: tuple[ContestFacts, ...]  # since the general election, oldest first
    new_members: tuple[ContestFacts, ...]
    changes: tuple[Change, ...]

    @property
    def latest(self) -> ContestFacts | None:
        return self.by_elections[-1] if self.by_elections else None

    def of(self, party: str) -> int:
        return next((n for p, n in self.seats if p == party), 0)


def same_person(a: Candidacy, b: Candidacy) -> bool:
    """By MNIS id, else the linked person, else the name (a new member has no MNIS id yet)."""
    if a.mnis_id and b.mnis_id:
        return a.mnis_id == b.mnis_id
    if a.person_id and b.person_id:
        return a.person_id == b.person_id
    return fold(a.name) == fold(b.name)


def commons_now(kb: KnowledgeBase) -> Commons | None:
    """The latest general election's seats with each by-election since applied, in date order."""
    election = kb.latest_election()
    national = kb.national.get(election.id) if election else None
    if national is None:
        return None
    seats = {p.party: p.seats for p in national.parties if p.seats}
    held: dict[str, Candidacy] = {
        kb.contest_key(f.contest): f.winner.candidacy for f in national.contests if f.placed
    }
    since = tuple(
        f
        for f in kb.by_elections
        if kb.elections[f.contest.election].date > election.date
        and kb.contest_key(f.contest) in held
    )
    new_members, changes = [], []
    for facts in since:
        key = kb.contest_key(facts.contest)
        before, won = held[key], facts.winner.candidacy
        if not same_person(before, won):
            new_members.append(facts)
        if before.party != won.party:
            seats[before.party] = seats.get(before.party, 0) - 1
            seats[won.party] = seats.get(won.party, 0) + 1
            changes.append(Change(facts, before.party))
        held[key] = won
    ordered = sorted(((p, n) for p, n in seats.items() if n > 0), key=lambda pn: (-pn[1], pn[0]))
    return Commons(election, tuple(ordered), since, tuple(new_members), tuple(changes))
