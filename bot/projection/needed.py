"""What it would take: the smallest uniform swing between two parties that reaches a goal.

Under a swing of s points from party A to party B, B's share moves by +s and A's by -s in every
seat they contested; other shares stay put. Each seat's winner then changes only where one line
overtakes another, at most twice per seat, so every change of hands over a range of swings is
found exactly (no stepping), and a sweep through them in order finds the first swing at which the
goal holds, and the seat that tips it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from bot.projection.base import Baseline, SeatBase

MAX_SWING = 50.0  # points: a Butler swing beyond this says nothing useful

MAJORITY = "majority"
LARGEST = "largest"


@dataclass(frozen=True)
class Flip:
    """At a swing of `at` points, `seat` passes from `before` to `after`."""

    at: float
    seat: SeatBase
    before: str
    after: str


@dataclass(frozen=True)
class Reached:
    """The answer of a search: the swing, the seat that tips it, and the seats then."""

    swing: float | None  # None: not reached within MAX_SWING
    tipping: Flip | None
    counts: Counter[str]
    already: bool  # the goal holds at the election itself


def seat_flips(seat: SeatBase, losing: str, gaining: str, limit: float) -> tuple[str, list[Flip]]:
    """The seat's winner at no swing, and where it changes hands for swings in [0, limit].

    Shares are lines in the swing s: the gaining party's rises (+s), the losing party's falls
    (-s), the others stay flat. So the winner changes at most twice: a falling winner is
    overtaken by the gaining party at (L - G) / 2 or first by the best other at L - O (then by
    the gaining party at O - G); a flat winner by the gaining party at O - G; a rising one never.
    """
    winner = seat.winner
    if seat.fixed or winner == gaining:
        return winner, []
    rising = falling = other = None
    for party, share in seat.pairs:
        if party == gaining:
            rising = share if rising is None else rising
        elif party == losing:
            falling = share if falling is None else falling
        elif other is None:
            other = share
    flips: list[Flip] = []
    if winner != losing:  # a flat winner: only the gaining party can catch it
        if rising is not None and other - rising <= limit:
            flips.append(Flip(other - rising, seat, winner, gaining))
        return winner, flips
    to_rising = (falling - rising) / 2 if rising is not None else None
    to_other = falling - other if other is not None else None
    if to_rising is not None and (to_other is None or to_rising <= to_other):
        if to_rising <= limit:
            flips.append(Flip(to_rising, seat, losing, gaining))
        return winner, flips
    if to_other is None or to_other > limit:
        return winner, flips
    second = next(p for p, _ in seat.pairs if p not in (gaining, losing))
    flips.append(Flip(to_other, seat, losing, second))
    if rising is not None and other - rising <= limit:
        flips.append(Flip(other - rising, seat, second, gaining))
    return winner, flips


def sweep(base: Baseline, losing: str, gaining: str, limit: float = MAX_SWING):
    """Seats by party at no swing, and every change of hands up to `limit`, in order of swing."""
    counts: Counter[str] = Counter()
    flips: list[Flip] = []
    for seat in base.seats:
        start, found = seat_flips(seat, losing, gaining, limit)
        counts[start] += 1
        flips.extend(found)
    flips.sort(key=lambda flip: (flip.at, flip.seat.facts.contest.name))
    return counts, flips


def goal_test(
    base: Baseline, party: str, goal: str, keep: bool = False
) -> Callable[[Counter], bool]:
    """Does a seat count meet the goal (or, with `keep`, has the party lost it)?"""
    if goal == MAJORITY:
        line = base.majority_line

        def meets(counts: Counter) -> bool:
            return counts[party] >= line
    else:

        def meets(counts: Counter) -> bool:
            rivals = max((n for p, n in counts.items() if p != party), default=0)
            return counts[party] > rivals

    return (lambda counts: not meets(counts)) if keep else meets


def search(
    base: Baseline, losing: str, gaining: str, test: Callable[[Counter], bool],
    limit: float = MAX_SWING,
) -> Reached:  # fmt: skip
    """The smallest swing from `losing` to `gaining` at which `test` holds."""
    counts, flips = sweep(base, losing, gaining, limit)
    if test(counts):
        return Reached(0.0, None, Counter(counts), True)
    for i, flip in enumerate(flips):
        counts[flip.before] -= 1
        counts[flip.after] += 1
        tied = i + 1 < len(flips) and flips[i + 1].at == flip.at
        if not tied and test(counts):
            return Reached(flip.at, flip, +counts, False)
    return Reached(None, None, +counts, False)


@dataclass(frozen=True)
class Landmark:
    """A point on the swing axis from `losing` to `gaining` (negative: towards `losing`)."""

    what: str  # "majority" | "loses majority" | "largest"
    party: str
    at: float | None  # None: not within MAX_SWING


def landmarks(base: Baseline, losing: str, gaining: str) -> list[Landmark]:
    """Where each of the two parties wins (or loses) a majority, and becomes the largest party."""
    marks = []
    for party, other, sign in ((gaining, losing, 1.0), (losing, gaining, -1.0)):
        for wanted in (MAJORITY, LARGEST):
            meets = goal_test(base, party, wanted)
            if meets(base.counts()):
                if wanted == MAJORITY:  # where it would lose the majority it has
                    lost = search(base, party, other, goal_test(base, party, wanted, keep=True))
                    at = None if lost.swing is None else -sign * lost.swing
                    marks.append(Landmark("loses majority", party, at))
                continue
            found = search(base, other, party, meets)
            marks.append(
                Landmark(wanted, party, None if found.swing is None else sign * found.swing)
            )
    return marks
