"""Seats across general elections: bellwethers and strongholds, computed from the lines of history.

A seat's line is every contest under its name (and its older forms, `KnowledgeBase.seat_line`),
followed by name through boundary changes; a run counts only consecutive general elections.

- The **winning party** of a general election is the party that won most seats there (a hung
  parliament's government may be another's); 'others' (the 1918-2019 file's lump) never wins.
- A **bellwether run** is the unbroken stretch of general elections, ending at the latest, at
  which the seat's winner was the winning party (parties counted by line of succession, so the
  Liberal Democrats continue the Liberals).
- A **stronghold run** is the unbroken stretch of wins by one party, ending at the latest.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot import seat_history
from bot.facts import NON_PARTIES, ContestFacts
from bot.kb.knowledge import KnowledgeBase

NOT_A_WINNER = NON_PARTIES | {
    seat_history.UNNAMED,
    "Spk",
}  # no national winner, no party stronghold


@dataclass(frozen=True)
class Run:
    """One seat's run of general elections up to the latest, oldest contest first."""

    contests: tuple[ContestFacts, ...]
    party: str | None  # a stronghold's party (its line's oldest code); None for a bellwether

    @property
    def latest(self) -> ContestFacts:
        return self.contests[-1]

    @property
    def first(self) -> ContestFacts:
        return self.contests[0]

    @property
    def elections(self) -> int:
        return len(self.contests)

    @property
    def name(self) -> str:
        return self.latest.contest.name

    def boundary_changes(self, kb: KnowledgeBase) -> list[str]:
        """Elections within the run fought on new boundaries (as far as the data says)."""
        return [
            e for e in seat_history.boundary_changes(kb, list(self.contests)) if e != self.first_id
        ]

    @property
    def first_id(self) -> str:
        return self.first.contest.election

    def narrowest(self) -> ContestFacts | None:
        """The contest of the run with the smallest majority (as a share), unopposed ones aside."""
        opposed = [f for f in self.contests if not f.contest.unopposed]
        return min(opposed, key=lambda f: f.majority_pct or 0.0) if opposed else None


def general_elections(kb: KnowledgeBase) -> list[str]:
    """Every general election with all its results, oldest first (no notionals, no by-elections,
    none still being counted: its winning party is not known yet)."""
    return [
        e.id
        for e in kb.real_elections()
        if not e.by_election and e.id in kb.national and e.id not in kb.progress
    ]


def national_winners(kb: KnowledgeBase) -> dict[str, str]:
    """Each general election's winning party: most seats ('others' and independents aside)."""

    def compute() -> dict[str, str]:
        winners = {}
        for election in general_elections(kb):
            parties = [p for p in kb.national[election].parties if p.party not in NOT_A_WINNER]
            if parties and parties[0].seats:
                winners[election] = parties[0].party
        return winners

    return kb.cached(("national_winners",), compute)


def _line_to(kb: KnowledgeBase, facts: ContestFacts) -> list[ContestFacts]:
    """The seat's unbroken line of general elections ending with this contest."""
    line = [
        f
        for f in kb.seat_line(facts.contest.name)
        if not kb.elections[f.contest.election].by_election
    ]
    end = next(
        (i for i, f in enumerate(line) if f.contest.election == facts.contest.election), None
    )
    if end is None:
        return [facts]
    return seat_history.continuous(kb, line[: end + 1])


def bellwether_run(kb: KnowledgeBase, facts: ContestFacts) -> Run | None:
    """The run of elections up to this contest at which the seat voted with the winning party."""
    winners = national_winners(kb)
    line = _line_to(kb, facts)
    run: list[ContestFacts] = []
    for contest in reversed(line):
        winner = winners.get(contest.contest.election)
        if (
            winner is None
            or contest.winner.party in NOT_A_WINNER
            or kb.party_root(contest.winner.party) != kb.party_root(winner)
        ):
            break
        run.append(contest)
    return Run(tuple(reversed(run)), None) if run else None


def stronghold_run(kb: KnowledgeBase, facts: ContestFacts) -> Run | None:
    """The current run of wins by this contest's winning party (None for 'others', the Speaker)."""
    if facts.winner.party in NOT_A_WINNER:
        return None
    line = _line_to(kb, facts)
    streak = seat_history.streak_at(kb, line, len(line) - 1)
    start = line.index(streak.first)
    return Run(tuple(line[start:]), kb.party_root(facts.winner.party))


def latest_contests(kb: KnowledgeBase, election: str) -> Iterable[ContestFacts]:
    for key in kb.contests.get(election, {}):
        yield kb.facts[(election, key)]


def bellwethers(kb: KnowledgeBase, election: str) -> list[Run]:
    """Every seat of `election` that voted with the winning party there, longest run first."""
    runs = [r for f in latest_contests(kb, election) if (r := bellwether_run(kb, f)) is not None]
    return sorted(runs, key=lambda r: (-r.elections, r.name))


def strongholds(kb: KnowledgeBase, election: str, party: str | None = None) -> list[Run]:
    """Every seat's current run of wins by one party at `election` (a party's own, if named),
    longest first; equal runs by the larger majority now."""
    root = kb.party_root(party) if party else None
    runs = [
        r
        for f in latest_contests(kb, election)
        if (r := stronghold_run(kb, f)) is not None and (root is None or r.party == root)
    ]
    return sorted(runs, key=lambda r: (-r.elections, -(r.latest.majority_pct or 0.0), r.name))
