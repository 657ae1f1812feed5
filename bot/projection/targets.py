"""A party's targets: seats it contested and lost, by the swing it needs from the winner."""

from __future__ import annotations

from dataclasses import dataclass

from bot.places import Place
from bot.projection.base import Baseline, SeatBase


@dataclass(frozen=True)
class Target:
    seat: SeatBase
    index: int  # the seat's place in the baseline
    party: str
    share: float  # the party's share, percent
    position: int  # where it finished (2 = runner-up)
    swing_needed: float  # (winner's share - party's share) / 2, in points

    @property
    def holder(self) -> str:
        return self.seat.winner


def all_targets(base: Baseline, party: str) -> list[Target]:
    """Every seat the party stood in and did not win, smallest swing needed first."""
    found = []
    for index, seat in enumerate(base.seats):
        if seat.fixed or seat.winner == party:
            continue
        for position, (runner, share) in enumerate(
            zip(seat.parties, seat.shares, strict=True), start=1
        ):
            if runner == party:
                need = (seat.shares[0] - share) / 2
                found.append(Target(seat, index, party, share, position, need))
                break
    found.sort(key=lambda target: (target.swing_needed, target.seat.name))
    return found


def targets(
    base: Baseline,
    party: str,
    place: Place | None = None,
    holder: str | None = None,
    limit: int | None = None,
) -> tuple[list[Target], int]:
    """The party's targets inside a place (and held by `holder`), the first `limit`, and how many
    there are in all."""
    inside = set(base.inside(place)) if place is not None and not place.is_whole else None
    chosen = [
        t
        for t in _cached(base, party)
        if (holder is None or t.holder == holder) and (inside is None or t.index in inside)
    ]
    return (chosen[:limit] if limit else chosen), len(chosen)


def _cached(base: Baseline, party: str) -> list[Target]:
    found = base.targets.get(party)
    if found is None:
        found = base.targets[party] = all_targets(base, party)
    return found
