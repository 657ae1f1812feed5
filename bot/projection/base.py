"""The starting point of every projection: each seat's shares at one election, ready to move."""

from __future__ import annotations

import threading
import weakref
from collections import Counter
from dataclasses import dataclass, field

from bot.facts import NON_PARTIES, ContestFacts
from bot.kb.knowledge import NationalFacts
from bot.places import Place, holds


@dataclass(frozen=True, eq=False)
class SeatBase:
    """One seat's runners: a party's candidates count together, each independent alone."""

    facts: ContestFacts
    parties: tuple[str, ...]  # the party of each runner, highest share first ('Ind' repeats)
    shares: tuple[float, ...]  # percentages of the valid vote
    fixed: bool  # no votes to move (an unopposed return): the seat stays with its winner
    pairs: tuple[tuple[str, float], ...] = ()  # (party, share) together, for the hot loops
    lead: float = 0.0  # the winner's lead over the runner-up, in points

    @property
    def winner(self) -> str:
        return self.parties[0] if self.parties else self.facts.winner.party

    @property
    def name(self) -> str:
        return self.facts.contest.name

    def share(self, party: str) -> float | None:
        """The party's share here, None where it did not stand."""
        for runner, share in zip(self.parties, self.shares, strict=True):
            if runner == party and party not in NON_PARTIES:
                return share
        return None


@dataclass(eq=False)
class Baseline:
    """An election's seats as projections start from them."""

    national: NationalFacts
    seats: tuple[SeatBase, ...]
    national_share: dict[str, float]  # UK-wide share by party, percent
    _places: dict[Place, tuple[int, ...]] = field(default_factory=dict)
    targets: dict[str, list] = field(default_factory=dict)  # by party, filled on first use
    memo: dict[str, object] = field(default_factory=dict)  # figures worked out once
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def election(self):
        return self.national.election

    @property
    def size(self) -> int:
        return len(self.seats)

    @property
    def majority_line(self) -> int:
        """Seats for an overall majority: more than half the House (326 of 650)."""
        return self.size // 2 + 1

    def counts(self) -> Counter[str]:
        """Seats by party at the election itself (a copy to change at will)."""
        if "start" not in self.memo:
            self.memo["start"] = Counter(seat.winner for seat in self.seats)
        return Counter(self.memo["start"])

    def leaders(self) -> list[str]:
        """Parties by seats won, most first (then by national share)."""
        if "leaders" not in self.memo:
            counts = self.counts()
            share = self.national_share
            self.memo["leaders"] = sorted(
                counts, key=lambda party: (-counts[party], -share.get(party, 0.0), party)
            )
        return list(self.memo["leaders"])

    @property
    def party_level(self) -> bool:
        """Counted from a file of party totals (1918-2019), not candidates."""
        return bool(self.seats) and self.seats[0].facts.contest.party_level

    def inside(self, place: Place | None) -> tuple[int, ...]:
        """Indexes of the seats inside a place (all of them for None or the UK)."""
        if place is None or place.is_whole:
            return tuple(range(self.size))
        with self._lock:
            found = self._places.get(place)
        if found is None:
            found = tuple(i for i, s in enumerate(self.seats) if holds(place, s.facts.contest))
            with self._lock:
                self._places[place] = found
        return found


def seat_base(facts: ContestFacts) -> SeatBase:
    """A seat's runners and shares from its computed facts."""
    contest = facts.contest
    valid = contest.valid_votes
    totals: dict[str, int] = {}
    order: list[str] = []
    for i, candidacy in enumerate(contest.candidacies):
        key = f"{candidacy.party}#{i}" if candidacy.party in NON_PARTIES else candidacy.party
        if key not in totals:
            order.append(key)
        totals[key] = totals.get(key, 0) + candidacy.votes
    order.sort(key=lambda party: -totals[party])  # stable: ties keep the source's order
    fixed = contest.unopposed or not valid
    shares = tuple(100.0 * totals[k] / valid if valid else 0.0 for k in order)
    parties = tuple(k.split("#")[0] for k in order)
    lead = shares[0] - shares[1] if len(shares) > 1 else (shares[0] if shares else 0.0)
    pairs = tuple(zip(parties, shares, strict=True))
    return SeatBase(facts, parties, shares, fixed, pairs, lead)


def build_baseline(national: NationalFacts) -> Baseline:
    seats = tuple(seat_base(f) for f in national.contests if f.placed)
    shares = {p.party: p.share for p in national.parties if p.party not in NON_PARTIES}
    return Baseline(national, seats, shares)


# Baselines per knowledge-base snapshot (by identity), dropped when that snapshot is freed: a
# baseline holds the snapshot's facts, so a cache keyed any other way would keep old ones alive.
_CACHE: dict[int, dict[str, Baseline]] = {}
_CACHE_LOCK = threading.Lock()


def baseline(kb, national: NationalFacts) -> Baseline:
    """The baseline of one of the snapshot's elections, built once per snapshot."""
    key, election = id(kb), national.election.id
    with _CACHE_LOCK:
        found = _CACHE.get(key, {}).get(election)
    if found is not None and found.national is national:
        return found
    built = build_baseline(national)
    with _CACHE_LOCK:
        if key not in _CACHE:
            _CACHE[key] = {}
            weakref.finalize(kb, _forget, key)
        _CACHE[key][election] = built
    return built


def _forget(key: int) -> None:
    with _CACHE_LOCK:
        _CACHE.pop(key, None)
