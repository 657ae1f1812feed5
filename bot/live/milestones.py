"""Milestones of a night, found as each declaration arrives: majority, first gain, first seat, last seat.

On a live night the order results arrive in is the night's order. A replay knows the order only
as well as its times do: seats recorded in the same minute might have come in either order, and
seats with no time are taken to have come after every timed one (a seat missing from a list of
times is most often one that had not declared when the list was made), in an order nobody knows.
A claim of "first" or "last" among such seats is made only when every possible order agrees
(`Doubt`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from bot.facts import NON_PARTIES, ContestFacts

NOT_A_PARTY = NON_PARTIES | {"Spk"}  # independents and the Speaker win no 'first seat'


@dataclass(frozen=True)
class Milestone:
    kind: str  # 'majority' | 'first_gain' | 'first_seat' | 'last_seat'
    party: str | None
    seat: str
    text: str


@dataclass(frozen=True)
class KnownOrder:
    """What a replay knows of the night's order: each seat's time to the minute (None: none)."""

    minutes: Mapping[str, dt.datetime | None]
    _peers: dict[dt.datetime, tuple[str, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        peers: dict[dt.datetime, list[str]] = defaultdict(list)
        for key, minute in self.minutes.items():
            if minute is not None:
                peers[minute].append(key)
        object.__setattr__(self, "_peers", {m: tuple(keys) for m, keys in peers.items()})

    @property
    def timed(self) -> bool:
        return any(self.minutes.values())

    def placed(self, key: str) -> bool:
        return self.minutes.get(key) is not None

    def same_minute(self, key: str) -> tuple[str, ...]:
        """The other seats recorded in the same minute as this one (with no time: the others
        with none)."""
        minute = self.minutes.get(key)
        if minute is None:
            return tuple(k for k, m in self.minutes.items() if m is None and k != key)
        return tuple(k for k in self._peers[minute] if k != key)


class Doubt:
    """The seats that might have come just before or after this one: recorded in the same minute,
    or, for a seat with no time, the other seats with none (looked at only when a claim needs it)."""

    def __init__(self, placed: bool, tied: Callable[[], Iterable[ContestFacts]]):
        self.placed = placed  # this seat has a time
        self._tied = tied

    @cached_property
    def tied(self) -> tuple[ContestFacts, ...]:
        return tuple(self._tied())


def majority_line(total: int) -> int:
    """Seats for a majority of the House: 326 of 650."""
    return total // 2 + 1


def milestones(
    facts: ContestFacts,
    number: int,
    total: int,
    seats: Mapping[str, int],
    gains_before: int,
    label: Callable[[str], str],
    doubt: Doubt | None = None,
) -> tuple[Milestone, ...]:
    """What this declaration (the `number`th of `total`) achieved; `seats` is the tally after it.

    With `doubt` (a replay), no claim is made that another order of the tied seats would
    change: no first seat or first gain while another seat of the party, or another gain, is
    tied with it; the seat that takes a party to a majority is named only when no other seat of
    theirs is tied with it; no last seat unless it alone has the last minute. A seat with no
    time is never the first gain, the majority moment or the last seat.
    """
    found: list[Milestone] = []
    party = facts.winner.party
    name = facts.contest.name
    who = label(party)

    def party_wins(group: Iterable[ContestFacts]) -> list[ContestFacts]:
        return [f for f in group if f.placed and f.winner.party == party]

    first_seat = party not in NOT_A_PARTY and seats.get(party) == 1
    if first_seat and (doubt is None or not party_wins(doubt.tied)):
        found.append(
            Milestone("first_seat", party, name, f"First {who} seat of the night: {name}.")
        )
    first_gain = facts.outcome.gain and gains_before == 0
    if first_gain and (
        doubt is None or (doubt.placed and not any(f.outcome.gain for f in doubt.tied))
    ):
        found.append(
            Milestone("first_gain", party, name, f"First gain of the night: {name}, {who} gain.")
        )
    needed = majority_line(total)
    majority = party not in NON_PARTIES and seats.get(party) == needed
    if majority and (doubt is None or doubt.placed):
        tied = party_wins(doubt.tied) if doubt else []
        text = f"The {who} tally reaches {needed} seats with {name}: a majority in the House of Commons."
        if tied:  # which of them was the 326th, nobody can say
            at = (facts.contest.declared_at or "")[-5:]
            text = (
                f"The {who} tally reaches {needed} seats at {at}: a majority in the House of Commons "
                f"({name} and {len(tied)} more of their seats came in that minute)."
            )
        found.append(Milestone("majority", party, name, text))
    if number == total and (doubt is None or (doubt.placed and not doubt.tied)):
        found.append(Milestone("last_seat", party, name, f"The last seat declares: {name}."))
    return tuple(found)
