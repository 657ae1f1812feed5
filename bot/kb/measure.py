"""How a contest is measured: the party maps the arithmetic needs, its baseline, and its facts.

The build measures every contest here and a declaration measures its seat here, so a seat that
declares on the night gets the figures a rebuild would give it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from bot import facts as arithmetic
from bot.facts import ContestFacts
from bot.kb.calendar import published_changes_usable
from bot.kb.sources.library import LABOUR_COOP
from bot.models import Contest, Election, Party

# Abbreviations the sources print that are another party's code ('Lab Coop gain from Con' is
# read through these): Labour and Co-operative candidates are Labour.
SAME_PARTY = {**dict.fromkeys(LABOUR_COOP, "Lab"), "Spkr": "Spk"}


@dataclass(frozen=True)
class PartyMaps:
    """Each party's predecessor, and abbreviation -> party code."""

    predecessors: dict[str, str]
    normalise: dict[str, str]


def party_maps(parties: Mapping[str, Party]) -> PartyMaps:
    """The party maps of a knowledge base's parties."""
    return PartyMaps(
        predecessors={code: p.predecessor for code, p in parties.items() if p.predecessor},
        normalise={p.abbrev: code for code, p in parties.items()} | SAME_PARTY,
    )


def seats_by_line(
    seats: Mapping[str, Contest], line_of: Callable[[str], str]
) -> dict[str, Contest]:
    """An election's contests by line of history (`line_of` a seat name), to find a baseline by."""
    return {line_of(c.name): c for c in seats.values()}


def baseline_for(
    contest: Contest,
    key: str,
    line: str,
    seats: Mapping[str, Contest],
    by_line: Mapping[str, Contest],
) -> Contest | None:
    """The contest a seat's change is measured against: the baseline election's contest with the
    same key (ONS code), else the one in the same line of history."""
    baseline = seats.get(key) or by_line.get(line)
    if baseline is not None and baseline.party_level and not contest.party_level:
        return None  # named results: the source's own change beats party-group totals
    return baseline


def measure(
    contest: Contest, baseline: Contest | None, election: Election, maps: PartyMaps
) -> ContestFacts:
    """A contest's facts, measured against its baseline (named by `election.baseline_label`)."""
    return measured(contest, baseline, election.baseline_label, maps)


def measured(
    contest: Contest, baseline: Contest | None, label: str | None, maps: PartyMaps
) -> ContestFacts:
    """A contest's facts against a baseline named `label` (a by-election names its own)."""
    return arithmetic.compute(
        contest,
        baseline,
        label,
        maps.predecessors,
        maps.normalise,
        published_changes=published_changes_usable(contest.election, contest.party_level),
    )
