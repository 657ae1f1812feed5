"""One registry of what can be measured in a contest: its value, its words and how it reads.

Rankings, questions and answers all name measures from here, so a measure is added in one place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.facts import ContestFacts

LUMPED = "Oth"  # the 1918-2019 file's 'others': no single party, so no margin to rank


def _contested(value: Callable[[ContestFacts], float | None]) -> Callable:
    """Unopposed returns have no votes to rank."""
    return lambda f: None if f.contest.unopposed or not f.placed else value(f)


def _decided(value: Callable[[ContestFacts], float | None]) -> Callable:
    """Margins need a known winner and runner-up: not 'others' lumped together, not a lone party."""

    def measured(f: ContestFacts) -> float | None:
        if f.runner_up is None or (f.contest.party_level and f.winner.party == LUMPED):
            return None
        return value(f)

    return _contested(measured)


def _pct(value: float | None) -> str:
    if value is None:
        return "n/a"
    places = 2 if 0 < abs(value) < 0.1 else 1
    return f"{value:.{places}f}%"


@dataclass(frozen=True)
class Measure:
    """A contest measure: how to compute it, how to name it and its two ends, how to show a value."""

    name: str
    one: str
    many: str
    largest: str
    smallest: str
    value: Callable[[ContestFacts], float | None]
    show: Callable[[ContestFacts], str]
    named: bool = False  # only contests with named candidates have it

    def end(self, largest: bool) -> str:
        return self.largest if largest else self.smallest


MEASURES: dict[str, Measure] = {
    m.name: m
    for m in (
        Measure(
            "majority",
            "majority",
            "majorities",
            "largest",
            "smallest",
            _decided(lambda f: float(f.majority)),
            lambda f: f"majority {f.majority:,} ({_pct(f.majority_pct)})",
        ),
        Measure(
            "majority_pct",
            "majority as a share of the vote",
            "majorities as a share of the vote",
            "safest",
            "most marginal",
            _decided(lambda f: f.majority_pct),
            lambda f: f"majority {_pct(f.majority_pct)} ({f.majority:,} votes)",
        ),
        Measure(
            "turnout",
            "turnout",
            "turnouts",
            "highest",
            "lowest",
            _contested(lambda f: f.turnout_pct),
            lambda f: f"turnout {_pct(f.turnout_pct)}",
        ),
        Measure(
            "winning_share",
            "winning share of the vote",
            "winning shares of the vote",
            "highest",
            "lowest",
            _decided(lambda f: f.winner.share),
            lambda f: f"winning share {_pct(f.winner.share)}",
        ),
        Measure(
            "swing",
            "swing",
            "swings",
            "biggest",
            "smallest",
            _decided(lambda f: f.swing.points if f.swing else None),
            lambda f: f"{_pct(f.swing.points)} swing" if f.swing else "no swing",
        ),
        Measure(
            "electorate",
            "electorate",
            "electorates",
            "largest",
            "smallest",
            lambda f: float(f.contest.electorate) if f.contest.electorate else None,
            lambda f: f"electorate {f.contest.electorate or 0:,}",
        ),
        Measure(
            "winner_votes",
            "winning vote",
            "winning votes",
            "largest",
            "smallest",
            _contested(lambda f: float(f.winner.candidacy.votes)),
            lambda f: f"{f.winner.candidacy.votes:,} votes",
        ),
        Measure(
            "runner_up_votes",
            "vote for a losing candidate",
            "votes for losing candidates",
            "largest",
            "smallest",
            _decided(lambda f: float(f.runner_up.candidacy.votes)),
            lambda f: (
                f"{f.runner_up.candidacy.votes:,} votes for "
                f"{f.runner_up.candidacy.name or f.runner_up.candidacy.party_name} (2nd)"
            ),
        ),
        Measure(
            "candidates",
            "number of candidates",
            "numbers of candidates",
            "most",
            "fewest",
            lambda f: None if f.contest.party_level else float(len(f.contest.candidacies)),
            lambda f: f"{len(f.contest.candidacies)} candidates",
            named=True,
        ),
    )
}

RANKED: dict[str, Callable[[ContestFacts], float | None]] = {
    name: measure.value for name, measure in MEASURES.items()
}
