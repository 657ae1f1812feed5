"""Uniform (or proportional) national swing: move every party's share by the same national change.

Uniform: in every seat a party contested, its share moves by the change in points, never below 0.
Proportional: its share is scaled by (national share + change) / national share, never below 0.
Each independent stands alone and keeps their share; the seat goes to the highest share.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from bot.places import Place
from bot.projection.base import Baseline, SeatBase

UNIFORM = "uniform"
PROPORTIONAL = "proportional"


@dataclass(frozen=True)
class Projection:
    """Seats by party after the changes, and the seats that change hands."""

    base: Baseline
    changes: tuple[tuple[str, float], ...]  # (party, points), as asked
    method: str
    place: Place | None
    seats: tuple[int, ...]  # indexes into base.seats inside the place
    winners: tuple[str, ...]  # the projected winner of each of those seats
    counts: Counter[str]
    before: Counter[str]
    changed: tuple[tuple[SeatBase, str], ...]  # (seat, new winner), most marginal first

    @property
    def total(self) -> int:
        return len(self.seats)

    def order(self) -> list[str]:
        """Parties by projected seats, most first (ties by seats before, then by code)."""
        parties = set(self.counts) | set(self.before)
        return sorted(parties, key=lambda party: (-self.counts[party], -self.before[party], party))


def factors(base: Baseline, changes: Mapping[str, float]) -> dict[str, float]:
    """Proportional swing's multiplier per party: (national share + change) / national share."""
    out = {}
    for party, change in changes.items():
        national = base.national_share.get(party) or 0.0
        out[party] = max(0.0, (national + change) / national) if national > 0 else 1.0
    return out


def adjustments(
    base: Baseline, changes: Mapping[str, float], method: str
) -> dict[str, tuple[float, float]]:
    """Each moving party's share as (multiplier, points added): share * m + a."""
    if method == PROPORTIONAL:
        return {p: (f, 0.0) for p, f in factors(base, changes).items()}
    return {p: (1.0, float(v)) for p, v in changes.items()}


def winner_after(seat: SeatBase, adjust: Mapping[str, tuple[float, float]]) -> str:
    """The party with the highest share once the changes are applied (never below zero)."""
    if seat.fixed:
        return seat.winner
    winner, best = seat.winner, -1.0
    for party, share in seat.pairs:
        change = adjust.get(party)
        if change is not None:
            share = share * change[0] + change[1]
            if share < 0.0:
                share = 0.0
        if share > best:
            winner, best = party, share
    return winner


def project(
    base: Baseline,
    changes: Mapping[str, float],
    method: str = UNIFORM,
    place: Place | None = None,
) -> Projection:
    """Apply national changes (points, by party code) to every seat inside the place."""
    adjust = adjustments(base, changes, method)
    inside = base.inside(place)
    seats = base.seats
    # Under a uniform swing no share moves by more than the largest change, so a seat whose lead
    # is more than twice that cannot change hands: it is not looked at.
    safe = 2 * max((abs(a) for _, a in adjust.values()), default=0.0)
    if method == PROPORTIONAL:
        safe = float("inf")
    winners = [
        seats[i].parties[0] if seats[i].lead > safe else winner_after(seats[i], adjust)
        for i in inside
    ]
    before = Counter(seats[i].winner for i in inside) if len(inside) < base.size else base.counts()
    changed = [
        (seats[i], winner) for i, winner in zip(inside, winners, strict=True)
        if winner != seats[i].winner
    ]  # fmt: skip
    changed.sort(key=lambda pair: (pair[0].facts.majority_pct, pair[0].name))
    return Projection(
        base, tuple(changes.items()), method, place, inside, tuple(winners), Counter(winners),
        before, tuple(changed),
    )  # fmt: skip
