"""The knowledge base: an immutable snapshot of elections, contests, people and computed facts."""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TypeVar

from bot.facts import NON_PARTIES, ContestFacts, Placed, percent
from bot.kb.sources.base import Problem
from bot.kb.ties import (
    COUNT,
    ByElection,
    ByHistory,
    ByLine,
    ByPerson,
    BySeat,
    ElectionPairs,
    Seat,
    tied,
)
from bot.measures import RANKED
from bot.models import (
    Annotation,
    Candidacy,
    Contest,
    Election,
    ExitPoll,
    Membership,
    Office,
    Party,
    Person,
    Precedent,
)
from bot.text import token_key

T = TypeVar("T")


@dataclass(frozen=True)
class PartyTotal:
    """One party's national result at one election."""

    party: str
    seats: int
    votes: int
    share: float
    candidates: int


@dataclass(frozen=True)
class Ranking:
    """Contests ordered by one measure, smallest first, with competition ranks."""

    measure: str
    order: tuple[ContestFacts, ...]
    values: tuple[float, ...]

    def smallest(self, n: int) -> list[tuple[int, ContestFacts]]:
        return [
            (self.rank(v, largest=False), f)
            for v, f in zip(self.values[:n], self.order[:n], strict=True)
        ]

    def largest(self, n: int) -> list[tuple[int, ContestFacts]]:
        if n <= 0:
            return []
        pairs = zip(reversed(self.values[-n:]), reversed(self.order[-n:]), strict=True)
        return [(self.rank(v, largest=True), f) for v, f in pairs]

    def rank(self, value: float, largest: bool) -> int:
        """Competition rank of a value: ties share a rank."""
        if largest:
            return len(self.values) - bisect.bisect_right(self.values, value) + 1
        return bisect.bisect_left(self.values, value) + 1


RANKED_MEASURES = RANKED  # one measure registry: bot.measures


@dataclass(frozen=True)
class NationalFacts:
    """One election across the country: seats, votes, turnout, changes, rankings."""

    election: Election
    contests: tuple[ContestFacts, ...]
    parties: tuple[PartyTotal, ...]
    electorate: int
    valid_votes: int
    turnout_pct: float | None
    changed_hands: tuple[ContestFacts, ...]
    defeated: tuple[tuple[ContestFacts, Placed], ...]
    rankings: dict[str, Ranking]

    def party(self, code: str) -> PartyTotal | None:
        return next((p for p in self.parties if p.party == code), None)

    @property
    def tally(self) -> tuple[tuple[str, int], ...]:
        """(party, seats) for every party with a seat, most first: the night's tally."""
        return tuple((p.party, p.seats) for p in self.parties if p.seats)


def count_into(contests, seats: dict, votes: dict, standing: dict | None = None) -> None:
    """Add contests' seats, votes and candidates to each party's running totals: the one count
    behind an election's national figures and a night's running tally."""
    for facts in contests:
        if facts.placed:
            seats[facts.winner.party] = seats.get(facts.winner.party, 0) + 1
        for candidacy in facts.contest.candidacies:
            votes[candidacy.party] = votes.get(candidacy.party, 0) + candidacy.votes
            if standing is not None:
                standing[candidacy.party] = standing.get(candidacy.party, 0) + 1


def _order(party: str, seats: int, votes: int) -> tuple[int, int, str]:
    """Most seats first, then most votes; exact ties by code, however counted."""
    return (-seats, -votes, party)


def tally(seats: dict[str, int], votes: dict[str, int]) -> tuple[tuple[str, int], ...]:
    """(party, seats) for every party with a seat, in the order of the national figures."""
    return tuple(
        sorted(
            ((p, n) for p, n in seats.items() if n),
            key=lambda item: _order(item[0], item[1], votes.get(item[0], 0)),
        )
    )


def _totals(seats: dict, votes: dict, standing: dict, valid: int) -> list[PartyTotal]:
    """Each party's totals, in the order of `_order`."""
    return sorted(
        (
            PartyTotal(p, seats.get(p, 0), v, percent(v, valid) or 0.0, standing[p])
            for p, v in votes.items()
        ),
        key=lambda total: _order(total.party, total.seats, total.votes),
    )


def national_facts(election: Election, contests: list[ContestFacts]) -> NationalFacts:
    """Aggregate an election's contests."""
    seats: dict[str, int] = {}
    votes: dict[str, int] = {}
    standing: dict[str, int] = {}
    count_into(contests, seats, votes, standing)
    valid = sum(f.contest.valid_votes for f in contests)
    with_electorate = [f for f in contests if f.contest.electorate and not f.contest.unopposed]
    electorate = sum(f.contest.electorate or 0 for f in with_electorate)
    parties = _totals(seats, votes, standing, valid)
    rankings = {}
    for measure, value_of in RANKED_MEASURES.items():
        pairs = sorted(
            ((value, f) for f in contests if (value := value_of(f)) is not None),
            key=lambda pair: (pair[0], pair[1].contest.name),
        )
        rankings[measure] = Ranking(
            measure, tuple(f for _, f in pairs), tuple(value for value, _ in pairs)
        )
    return NationalFacts(
        election=election,
        contests=tuple(contests),
        parties=tuple(parties),
        electorate=electorate,
        valid_votes=valid,
        turnout_pct=percent(sum(f.contest.valid_votes for f in with_electorate), electorate),
        changed_hands=tuple(f for f in contests if f.outcome.gain),
        defeated=tuple((f, p) for f in contests for p in f.defeated_mps),
        rankings=rankings,
    )


def national_with(national: NationalFacts, added: list[ContestFacts]) -> NationalFacts:
    """`national` with more contests counted (a declaration), without sorting everything again:
    the same figures and orders `national_facts` gives for all the contests, ties included."""
    seats = {p.party: p.seats for p in national.parties}
    votes = {p.party: p.votes for p in national.parties}
    standing = {p.party: p.candidates for p in national.parties}
    count_into(added, seats, votes, standing)
    contests = (*national.contests, *added)
    valid = national.valid_votes + sum(f.contest.valid_votes for f in added)
    with_electorate = [f for f in contests if f.contest.electorate and not f.contest.unopposed]
    electorate = sum(f.contest.electorate or 0 for f in with_electorate)
    parties = _totals(seats, votes, standing, valid)
    rankings = {}
    for measure, value_of in RANKED_MEASURES.items():
        ranking = national.rankings[measure]
        order, values = list(ranking.order), list(ranking.values)
        for facts in added:
            value = value_of(facts)
            if value is None:
                continue
            at = bisect.bisect_left(values, value)
            end = bisect.bisect_right(values, value, lo=at)
            name = facts.contest.name
            while at < end and order[at].contest.name <= name:  # ties: by name, then arrival
                at += 1
            order.insert(at, facts)
            values.insert(at, value)
        rankings[measure] = Ranking(measure, tuple(order), tuple(values))
    return NationalFacts(
        election=national.election,
        contests=contests,
        parties=tuple(parties),
        electorate=electorate,
        valid_votes=valid,
        turnout_pct=percent(sum(f.contest.valid_votes for f in with_electorate), electorate),
        changed_hands=(*national.changed_hands, *(f for f in added if f.outcome.gain)),
        defeated=(*national.defeated, *((f, p) for f in added for p in f.defeated_mps)),
        rankings=rankings,
    )


@dataclass(frozen=True)
class Progress:
    """An election being counted: which of its seats have declared, in the order they did."""

    election: str
    order: tuple[str, ...]  # contest keys, first declaration first
    total: int  # seats being fought

    @cached_property
    def declared(self) -> frozenset[str]:
        return frozenset(self.order)

    @property
    def complete(self) -> bool:
        return len(self.order) >= self.total


@dataclass(frozen=True)
class LoadReport:
    """What a build read, from where, and what it said about it."""

    sources: tuple[str, ...]
    files: tuple[tuple[str, str], ...]
    overridden: int
    kept_detail: int
    warnings: tuple[Problem, ...]
    built_at: dt.datetime
    seconds: float


def _candidacies(seat: Seat) -> list[tuple[str, tuple[Contest, Candidacy]]]:
    """A declared seat's lines in its candidates' careers."""
    return [(c.person_id, (seat.contest, c)) for c in seat.contest.candidacies if c.person_id]


@dataclass(frozen=True)
class KnowledgeBase:
    """Everything the bot knows; built whole, never changed, swapped whole on reload."""

    # Records tied to elections and seats say how (`bot.kb.ties`): views cut at an election, seats
    # held back for a replay and declarations all follow the tie, so a new one is added here once.
    elections: dict[str, Election] = tied(ByElection())
    contests: dict[str, dict[str, Contest]] = tied(COUNT)
    facts: dict[tuple[str, str], ContestFacts] = tied(BySeat(lambda seat: seat.facts))
    national: dict[str, NationalFacts] = tied(COUNT)
    parties: dict[str, Party]
    people: dict[str, Person]
    careers: dict[str, tuple[tuple[Contest, Candidacy], ...]] = tied(
        ByPerson(lambda pair: pair[0].election, _candidacies)
    )
    precedents: tuple[Precedent, ...]
    annotations: dict[tuple[str, str], Annotation] = tied(ByLine())
    seat_aliases: dict[str, str]
    nicknames: tuple[tuple[str, ...], ...]
    report: LoadReport
    offices: tuple[Office, ...] = ()
    memberships: dict[str, tuple[Membership, ...]] = tied(
        ByPerson(lambda row: row.election), default_factory=dict
    )
    # elections still being counted
    progress: dict[str, Progress] = tied(COUNT, default_factory=dict)
    # who stands, no votes
    nominations: dict[str, dict[str, Contest]] = tied(COUNT, default_factory=dict)
    # each by-election's (election, seat) in `facts`: by-elections are no general election's seats
    by_election_keys: tuple[tuple[str, str], ...] = tied(ElectionPairs(), default=())
    # curated exit polls, by election (kept while that election is counted)
    exit_polls: dict[str, ExitPoll] = tied(ByElection(), default_factory=dict)
    # seat line (`seat_key`) -> election -> the contest under that line (no notional ones)
    seat_histories: dict[str, dict[str, Contest]] = tied(ByHistory(), default_factory=dict)
    # an aliased name's order-free form -> the line of history it joins (`seat_key`)
    alias_lines: dict[str, str] = field(default_factory=dict)
    # bot.kb.declare: what a held-back seat's declaration brings back (its curated annotation and
    # the Library's member lines), by election, seat and field; never read by answers
    withheld_seats: dict[str, dict[str, dict]] = tied(COUNT, default_factory=dict)

    # Elections ------------------------------------------------------------------------------

    def real_elections(self) -> list[Election]:
        """Elections with results (not notional re-runs), oldest first."""
        return list(self._real_elections)

    @cached_property
    def _real_elections(self) -> tuple[Election, ...]:
        return tuple(
            sorted(
                (
                    e
                    for e in self.elections.values()
                    if not e.notional and (self.contests.get(e.id) or e.id in self.progress)
                ),
                key=lambda election: election.date,
            )
        )

    @cached_property
    def election_order(self) -> dict[str, int]:
        """Each real election's place in time: 0 for the oldest."""
        return {e.id: i for i, e in enumerate(self._real_elections)}

    def latest_election(self) -> Election | None:
        elections = self.real_elections()
        return elections[-1] if elections else None

    # Contests -------------------------------------------------------------------------------

    def contest_key(self, contest: Contest) -> str:
        return contest.ons_id or token_key(contest.name)

    def facts_for(self, contest: Contest) -> ContestFacts:
        return self.facts[(contest.election, self.contest_key(contest))]

    def is_declared(self, contest: Contest) -> bool:
        """False only for a seat of an election still being counted that has not declared yet."""
        progress = self.progress.get(contest.election)
        return progress is None or self.contest_key(contest) in progress.declared

    def standing_for(self, person_id: str) -> list[tuple[Contest, Candidacy]]:
        """Where a person stands in seats still to declare (their nominations), if anywhere."""
        by_person = self.cached(("standing-people",), self._standing_people)
        return [
            (contest, candidacy)
            for contest, candidacy in by_person.get(person_id, ())
            if not self.is_declared(contest)
        ]

    def _standing_people(self) -> dict[str, list[tuple[Contest, Candidacy]]]:
        found: dict[str, list[tuple[Contest, Candidacy]]] = {}
        for election in self.progress:
            for contest in self.nominations.get(election, {}).values():
                for candidacy in contest.candidacies:
                    if candidacy.person_id:
                        found.setdefault(candidacy.person_id, []).append((contest, candidacy))
        return found

    def seat_key(self, name: str) -> str:
        """One key per line of history: a name's order-free form, through the curated aliases."""
        key = token_key(name)
        return self.alias_lines.get(key, key)

    def seat_history(self, seat: str) -> dict[str, Contest]:
        """Every contest under this seat's name (or a name aliased to it), by election id."""
        return self.seat_histories.get(self.seat_key(seat), {})

    def seat_line(self, seat: str) -> tuple[ContestFacts, ...]:
        """Every contest under this seat's name (and its older forms), oldest first; kept."""
        key = self.seat_key(seat)
        line = self._seat_lines.get(key)
        if line is None:
            order = self.election_order
            ordered = sorted(
                self.seat_history(key).values(), key=lambda contest: order[contest.election]
            )
            line = self._seat_lines[key] = tuple(self.facts_for(c) for c in ordered)
        return line

    def cached(self, key: tuple, compute: Callable[[], T]) -> T:
        """A value derived from this snapshot, computed on first use and kept with it."""
        if key not in self._derived:
            self._derived[key] = compute()
        return self._derived[key]

    @cached_property
    def _derived(self) -> dict[tuple, object]:
        return {}

    @cached_property
    def _seat_lines(self) -> dict[str, tuple[ContestFacts, ...]]:
        return {}

    def annotation(self, contest: Contest) -> Annotation | None:
        return self.annotations.get((contest.election, self.seat_key(contest.name)))

    # By-elections --------------------------------------------------------------------------

    @cached_property
    def by_elections(self) -> tuple[ContestFacts, ...]:
        """Every by-election loaded, oldest first, each measured against its seat's last
        general election (its Election names that baseline)."""
        found = [self.facts[key] for key in self.by_election_keys if key in self.facts]
        return tuple(
            sorted(
                found,
                key=lambda facts: (self.elections[facts.contest.election].date, facts.contest.name),
            )
        )

    def by_elections_after(self, contest: Contest) -> tuple[ContestFacts, ...]:
        """The by-elections in a general election's seat before the next general election."""
        if not self.by_elections or contest.election not in self.elections:
            return ()
        day = self.elections[contest.election].date
        later = [e.date for e in self._real_elections if e.date > day]
        until = min(later) if later else None
        return tuple(
            f
            for f in self._by_elections_by_seat.get(self.contest_key(contest), ())
            if day < self.elections[f.contest.election].date
            and (until is None or self.elections[f.contest.election].date < until)
        )

    @cached_property
    def _by_elections_by_seat(self) -> dict[str, tuple[ContestFacts, ...]]:
        seats: dict[str, list[ContestFacts]] = {}
        for facts in self.by_elections:
            seats.setdefault(self.contest_key(facts.contest), []).append(facts)
        return {key: tuple(found) for key, found in seats.items()}

    def by_elections_of(self, person_id: str) -> tuple[tuple[Contest, Candidacy], ...]:
        """The by-elections a person stood in, oldest first, with their candidacy in each."""
        return self._by_elections_by_person.get(person_id, ())

    @cached_property
    def _by_elections_by_person(self) -> dict[str, tuple[tuple[Contest, Candidacy], ...]]:
        found: dict[str, list[tuple[Contest, Candidacy]]] = {}
        for facts in self.by_elections:
            for candidacy in facts.contest.candidacies:
                if candidacy.person_id:
                    found.setdefault(candidacy.person_id, []).append((facts.contest, candidacy))
        return {person: tuple(stood) for person, stood in found.items()}

    # Parties and people ---------------------------------------------------------------------

    def membership(self, person_id: str, election: str) -> Membership | None:
        """The Library's line for this person in its list of MPs elected or defeated, if loaded."""
        rows = self.memberships.get(person_id, ())
        return next((m for m in rows if m.election == election), None)

    def party(self, code: str) -> Party:
        return self.parties.get(code) or Party(code=code, name=code)

    def party_root(self, code: str) -> str:
        """The oldest party in a line of succession, so the Liberal Democrats continue the Liberals."""
        root = self._party_roots.get(code)
        if root is None:
            seen, root = {code}, code
            while (predecessor := self.party(root).predecessor) and predecessor not in seen:
                root = predecessor
                seen.add(root)
            self._party_roots[code] = root
        return root

    @cached_property
    def _party_roots(self) -> dict[str, str]:
        return {}

    def party_label(self, code: str) -> str:
        return self.party(code).label

    def abbreviations(self) -> dict[str, str]:
        return self._abbreviations

    @cached_property
    def _abbreviations(self) -> dict[str, str]:
        return {code: party.abbrev for code, party in self.parties.items()}

    def is_party(self, code: str) -> bool:
        return code not in NON_PARTIES

    def counts(self) -> dict[str, int]:
        real = [e.id for e in self.real_elections()]
        return {
            "elections": len(real),
            "contests": sum(len(self.contests.get(e, {})) for e in real),
            "candidacies": sum(
                len(c.candidacies) for e in real for c in self.contests.get(e, {}).values()
            ),
            "by-elections": len(self.by_elections),
            "notional contests": sum(
                len(v) for k, v in self.contests.items() if self.elections[k].notional
            ),
            "people": len(self.people),
            "members listed as elected or defeated": sum(
                len(rows) for rows in self.memberships.values()
            ),
            "parties": len(self.parties),
            "precedents": len(self.precedents),
            "annotations": len(self.annotations),
        }
