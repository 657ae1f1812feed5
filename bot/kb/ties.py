"""How each record of a knowledge base is tied to elections and seats, said once per field.

Every per-election field of `KnowledgeBase` is declared with its tie (`tied(...)`), and every
change of a base that works by election or by seat goes through the ties, field by field:

- `cut`: a view of the base as it stood at an election (`bot.live.view.until`);
- `hold`: seats of an election held back, as before they declared (`bot.kb.declare.hold_back`);
- `add`: seats declared (`bot.kb.declare.declare`).

So a new per-election field is added in one place, its declaration with its tie: the build
gives its value, and views, replays and declarations keep it right. A field the count keeps
itself (`COUNT`: contests, national figures, progress, nominations) is only cut here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.facts import ContestFacts
from bot.models import Contest


@dataclass(frozen=True)
class Seat:
    """One seat of one election that a change is about; its facts once it has declared."""

    election: str
    key: str  # the contest's key in its election
    line: str  # its line of history (`KnowledgeBase.seat_key` of its name)
    contest: Contest
    facts: ContestFacts | None = None

    @property
    def people(self) -> frozenset[str]:
        return frozenset(c.person_id for c in self.contest.candidacies if c.person_id)


class Tie:
    """How a field's value is cut to some elections, and loses or gains an election's seats.

    `withheld`: records the results cannot rebuild (curated notes, the Library's lists), kept
    aside while their seat is held back and brought back by its declaration. Otherwise the
    records are derived from the seat's result (`rows`) and dropped while it is held back.
    """

    withheld = False

    def keep(self, value: Any, elections: set[str]) -> Any:
        raise NotImplementedError

    def drop(self, value: Any, election: str, seats: list[Seat]) -> tuple[Any, dict[str, Any]]:
        """The value without these seats, and what was taken out, by seat key."""
        return value, {}

    def add(self, value: Any, kb: Any, seats: list[Seat], back: Mapping[str, Any]) -> Any:
        """The value with these declared seats (`back`: what `drop` took out, by seat key)."""
        return value


class ByElection(Tie):
    """{election: ...}: whole elections only (the count keeps its own by seat)."""

    def keep(self, value, elections):
        return {k: v for k, v in value.items() if k in elections}


class ElectionPairs(Tie):
    """A tuple of (election, seat key)."""

    def keep(self, value, elections):
        return tuple(pair for pair in value if pair[0] in elections)


class BySeat(Tie):
    """{(election, seat key): row}, the row derived from the declared seat."""

    def __init__(self, row: Callable[[Seat], Any]):
        self.row = row

    def keep(self, value, elections):
        return {k: v for k, v in value.items() if k[0] in elections}

    def drop(self, value, election, seats):
        keys = {s.key for s in seats}
        return {k: v for k, v in value.items() if not (k[0] == election and k[1] in keys)}, {}

    def add(self, value, kb, seats, back):
        return {**value, **{(s.election, s.key): self.row(s) for s in seats}}


class ByLine(Tie):
    """{(election, seat line): record}, withheld with its seat."""

    withheld = True

    def keep(self, value, elections):
        return {k: v for k, v in value.items() if k[0] in elections}

    def drop(self, value, election, seats):
        lines = {s.line: s.key for s in seats}
        taken = {lines[k[1]]: v for k, v in value.items() if k[0] == election and k[1] in lines}
        return {k: v for k, v in value.items() if not (k[0] == election and k[1] in lines)}, taken

    def add(self, value, kb, seats, back):
        if not back:
            return value
        value = dict(value)
        for seat in seats:
            if seat.key in back:
                value[(seat.election, seat.line)] = back[seat.key]
        return value


class ByPerson(Tie):
    """{person: (rows, each of one election)}: derived from the seat's candidacies (`rows`, kept
    in date order), else withheld with its seat."""

    def __init__(
        self,
        election_of: Callable[[Any], str],
        rows: Callable[[Seat], Iterable[tuple[str, Any]]] | None = None,
    ):
        self.election_of = election_of
        self.rows = rows
        self.withheld = rows is None

    def keep(self, value, elections):
        return {
            person: kept
            for person, rows in value.items()
            if (kept := tuple(r for r in rows if self.election_of(r) in elections))
        }

    def drop(self, value, election, seats):
        taken = {}
        for seat in seats:
            rows = {p: found for p in seat.people if (found := self._of(value, p, election))}
            taken[seat.key] = rows
        people = set().union(*(s.people for s in seats)) if seats else set()
        value = dict(value)
        for person in people & value.keys():
            kept = tuple(r for r in value[person] if self.election_of(r) != election)
            if kept:
                value[person] = kept
            else:
                del value[person]
        return value, (taken if self.withheld else {})

    def _of(self, value, person, election):
        return tuple(r for r in value.get(person, ()) if self.election_of(r) == election)

    def add(self, value, kb, seats, back):
        if self.rows is None and not back:
            return value  # nothing withheld comes back
        value = dict(value)
        for seat in seats:
            if self.rows is None:
                for person, rows in back.get(seat.key, {}).items():
                    value[person] = (*value.get(person, ()), *rows)
                continue
            for person, row in self.rows(seat):
                value[person] = tuple(
                    sorted(
                        (*value.get(person, ()), row),
                        key=lambda row: kb.elections[self.election_of(row)].date,
                    )
                )
        return value


class ByHistory(Tie):
    """{seat line: {election: contest}}, derived from the declared seat."""

    def keep(self, value, elections):
        return {
            line: {e: c for e, c in by_election.items() if e in elections}
            for line, by_election in value.items()
        }

    def drop(self, value, election, seats):
        lines = {s.line for s in seats}
        return {
            line: (
                {e: c for e, c in by_election.items() if e != election}
                if line in lines
                else by_election
            )
            for line, by_election in value.items()
        }, {}

    def add(self, value, kb, seats, back):
        value = dict(value)
        for seat in seats:
            value[seat.line] = {**value.get(seat.line, {}), seat.election: seat.contest}
        return value


class Count(ByElection):
    """{election: ...} that the count keeps itself, seat by seat (`bot.kb.declare`)."""


COUNT = Count()


def tied(tie: Tie, **kwargs) -> Any:
    """A dataclass field tied to elections and seats by `tie`."""
    return field(metadata={"tie": tie}, **kwargs)


def _ties(kb) -> list[tuple[str, Tie]]:
    return [(f.name, f.metadata["tie"]) for f in dataclasses.fields(kb) if "tie" in f.metadata]


def cut(kb, elections: set[str]) -> dict[str, Any]:
    """Every tied field with only these elections' records: `dataclasses.replace` arguments."""
    return {name: tie.keep(getattr(kb, name), elections) for name, tie in _ties(kb)}


def hold(kb, election: str, seats: list[Seat]) -> tuple[dict[str, Any], dict[str, dict]]:
    """Every tied field the count does not keep itself, without these seats; and what is
    withheld, by seat key and field, for their declarations to bring back."""
    changed, withheld = {}, {s.key: {} for s in seats}
    for name, tie in _ties(kb):
        if isinstance(tie, Count):
            continue
        changed[name], taken = tie.drop(getattr(kb, name), election, seats)
        for key, part in taken.items():
            withheld[key][name] = part
    return changed, withheld


def add(kb, seats: list[Seat], withheld: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """Every tied field the count does not keep itself, with these declared seats."""
    changed = {}
    for name, tie in _ties(kb):
        if isinstance(tie, Count):
            continue
        back = {s.key: withheld[s.key][name] for s in seats if name in withheld.get(s.key, {})}
        changed[name] = tie.add(getattr(kb, name), kb, seats, back)
    return changed
