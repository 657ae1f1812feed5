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
        return sorted(parties, key=lambda p: (-self.counts[p], -self.before[p], p))


def factors(base: Baseline, changes: Mapping[str, float]) -> dict[str, float]:
    """Proportional swing's multiplier per party: (national share + change) / national share."""
    out = {}
    for party, change in changes.items():
        national = base.national_share.get(party) or 0.0
        out[party] = max(0.0, (national + change) / national) if national > 0 else 1.0
    return out


def winner_after(
    seat: SeatBase, changes: Mapping[str, float], scale: Mapping[str, float] | None
) -> str:
    """The party with the highest share once the changes are applied."""
    if seat.fixed:
        return seat.winner
    best_party, best = seat.winner, -1.0
    for party, share in zip(seat.parties, seat.shares, strict=True):
        if party in changes:
            share = share * scale[party] if scale is not None else share + changes[party]
            if share < 0.0:
                share = 0.0
        if share > best:
            best_party, best = party, share
    return best_party


def project(
    base: Baseline,
    changes: Mapping[str, float],
    method: str = UNIFORM,
    place: Place | None = None,
) -> Projection:
    """Apply national changes (points, by party code) to every seat inside the place."""
    scale = factors(base, changes) if method == PROPORTIONAL else None
    inside = base.inside(place)
    winners = []
    counts: Counter[str] = Counter()
    before: Counter[str] = Counter()
    changed = []
    for i in inside:
        seat = base.seats[i]
        winner = winner_after(seat, changes, scale)
        winners.append(winner)
        counts[winner] += 1
        before[seat.winner] += 1
        if winner != seat.winner:
            changed.append((seat, winner))
    changed.sort(key=lambda pair: (pair[0].facts.majority_pct, pair[0].name))
    return Projection(
        base, tuple(changes.items()), method, place, inside, tuple(winners), counts, before,
        tuple(changed),
    )  # fmt: skip
