"""Milestones of a night, found as each declaration arrives: majority, first gain, first seat, last seat."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from bot.facts import NON_PARTIES, ContestFacts

NOT_A_PARTY = NON_PARTIES | {"Spk"}  # independents and the Speaker win no 'first seat'


@dataclass(frozen=True)
class Milestone:
    kind: str  # 'majority' | 'first_gain' | 'first_seat' | 'last_seat'
    party: str | None
    seat: str
    text: str


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
) -> tuple[Milestone, ...]:
    """What this declaration (the `number`th of `total`) achieved; `seats` is the tally after it."""
    found: list[Milestone] = []
    party = facts.winner.party
    name = facts.contest.name
    who = label(party)
    if party not in NOT_A_PARTY and seats.get(party) == 1:
        found.append(Milestone("first_seat", party, name, f"{who} win their first seat: {name}."))
    if facts.outcome.gain and gains_before == 0:
        found.append(
            Milestone("first_gain", party, name, f"First gain of the night: {who} take {name}.")
        )
    needed = majority_line(total)
    if party not in NON_PARTIES and seats.get(party) == needed:
        found.append(
            Milestone(
                "majority",
                party,
                name,
                f"{who} reach {needed} seats with {name}: a majority in the House of Commons.",
            )
        )
    if number == total:
        found.append(Milestone("last_seat", party, name, f"The last seat declares: {name}."))
    return tuple(found)
