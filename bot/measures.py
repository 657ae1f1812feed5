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
    return lambda facts: None if facts.contest.unopposed or not facts.placed else value(facts)


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
            _decided(lambda facts: float(facts.majority)),
            lambda facts: f"majority {facts.majority:,} ({_pct(facts.majority_pct)})",
        ),
        Measure(
            "majority_pct",
            "majority as a share of the vote",
            "majorities as a share of the vote",
            "safest",
            "most marginal",
            _decided(lambda facts: facts.majority_pct),
            lambda facts: f"majority {_pct(facts.majority_pct)} ({facts.majority:,} votes)",
        ),
        Measure(
            "turnout",
            "turnout",
            "turnouts",
            "highest",
            "lowest",
            _contested(lambda facts: facts.turnout_pct),
            lambda facts: f"turnout {_pct(facts.turnout_pct)}",
        ),
        Measure(
            "winning_share",
            "winning share of the vote",
            "winning shares of the vote",
            "highest",
            "lowest",
            _decided(lambda facts: facts.winner.share),
            lambda facts: f"winning share {_pct(facts.winner.share)}",
        ),
        Measure(
            "swing",
            "swing",
            "swings",
            "biggest",
            "smallest",
            _decided(lambda facts: facts.swing.points if facts.swing else None),
            lambda facts: f"{_pct(facts.swing.points)} swing" if facts.swing else "no swing",
        ),
        Measure(
            "electorate",
            "electorate",
            "electorates",
            "largest",
            "smallest",
            lambda facts: float(facts.contest.electorate) if facts.contest.electorate else None,
            lambda facts: f"electorate {facts.contest.electorate or 0:,}",
        ),
        Measure(
            "winner_votes",
            "winning vote",
            "winning votes",
            "largest",
            "smallest",
            _contested(lambda facts: float(facts.winner.candidacy.votes)),
            lambda facts: f"{facts.winner.candidacy.votes:,} votes",
        ),
        Measure(
            "runner_up_votes",
            "vote for a losing candidate",
            "votes for losing candidates",
            "largest",
            "smallest",
            _decided(lambda facts: float(facts.runner_up.candidacy.votes)),
            lambda facts: (
                f"{facts.runner_up.candidacy.votes:,} votes for "
                f"{facts.runner_up.candidacy.name or facts.runner_up.candidacy.party_name} (2nd)"
            ),
        ),
        Measure(
            "candidates",
            "number of candidates",
            "numbers of candidates",
            "most",
            "fewest",
            lambda facts: (
                None if facts.contest.party_level else float(len(facts.contest.candidacies))
            ),
            lambda facts: f"{len(facts.contest.candidacies)} candidates",
            named=True,
        ),
    )
}

RANKED: dict[str, Callable[[ContestFacts], float | None]] = {
    name: measure.value for name, measure in MEASURES.items()
}
