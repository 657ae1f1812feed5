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


def _slope(party: str, losing: str, gaining: str) -> int:
    return 1 if party == gaining else -1 if party == losing else 0


def seat_flips(seat: SeatBase, losing: str, gaining: str, limit: float) -> tuple[str, list[Flip]]:
    """The seat's winner at no swing, and where it changes hands for swings in (0, limit]."""
    if seat.fixed:
        return seat.winner, []
    lines = [
        (party, share, _slope(party, losing, gaining))
        for party, share in zip(seat.parties, seat.shares, strict=True)
    ]
    winner = max(lines, key=lambda line: line[1])  # parties come highest first: ties keep order
    start = winner[0]
    flips = []
    at = 0.0
    while True:
        best = None
        for line in lines:
            if line[2] <= winner[2]:
                continue  # only a steeper line can overtake
            crossing = (winner[1] - line[1]) / (line[2] - winner[2])
            if crossing >= at and (best is None or (crossing, -line[2]) < (best[0], -best[1][2])):
                best = (crossing, line)
        if best is None or best[0] > limit:
            break
        at, line = best
        if line[0] != winner[0]:
            flips.append(Flip(at, seat, winner[0], line[0]))
        winner = line
    return start, flips


def sweep(base: Baseline, losing: str, gaining: str, limit: float = MAX_SWING):
    """Seats by party at no swing, and every change of hands up to `limit`, in order of swing."""
    counts: Counter[str] = Counter()
    flips: list[Flip] = []
    for seat in base.seats:
        start, found = seat_flips(seat, losing, gaining, limit)
        counts[start] += 1
        flips.extend(found)
    flips.sort(key=lambda f: (f.at, f.seat.facts.contest.name))
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
