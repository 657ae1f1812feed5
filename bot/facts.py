"""Pure election arithmetic: shares, majorities, turnout, changes, swings, hold or gain.

Shares and changes are percentages and percentage points. Turnout is valid votes over
electorate (the Commons Library's definition). Every change names its baseline.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.models import Candidacy, Contest

# Parties whose candidates are people, not one organisation: no party-level change or hold.
NON_PARTIES = frozenset({"Ind"})


def percent(part: int, whole: int | None) -> float | None:
    """part as a percentage of whole; None when whole is unknown or zero."""
    if not whole:
        return None
    return 100.0 * part / whole


def party_shares(contest: Contest) -> dict[str, float]:
    """Share of the valid vote by party (independents left out: each is their own)."""
    totals: dict[str, int] = {}
    for candidacy in contest.candidacies:
        if candidacy.party not in NON_PARTIES:
            totals[candidacy.party] = totals.get(candidacy.party, 0) + candidacy.votes
    return {party: percent(votes, contest.valid_votes) or 0.0 for party, votes in totals.items()}


def butler_swing(
    from_party: str,
    to_party: str,
    now: Mapping[str, float],
    before: Mapping[str, float],
) -> float | None:
    """Swing from one party to another: ((B now - B before) - (A now - A before)) / 2."""
    if to_party not in now or from_party not in now:
        return None
    if to_party not in before or from_party not in before:
        return None
    return ((now[to_party] - before[to_party]) - (now[from_party] - before[from_party])) / 2


@dataclass(frozen=True)
class Placed:
    """A candidate's computed place in a contest."""

    candidacy: Candidacy
    position: int
    share: float
    change: float | None

    @property
    def party(self) -> str:
        return self.candidacy.party


@dataclass(frozen=True)
class Swing:
    """A Butler swing between two parties, always stated as a positive movement."""

    from_party: str
    to_party: str
    points: float


@dataclass(frozen=True)
class Outcome:
    """Hold or gain, in the Commons Library's words ('Lab gain from Con')."""

    winner: str
    previous: str | None
    gain: bool
    computed: bool

    def text(self, abbrev: Mapping[str, str]) -> str:
        name = abbrev.get(self.winner, self.winner)
        if not self.gain or self.previous is None:
            return f"{name} hold" if self.previous is not None else f"{name} win"
        return f"{name} gain from {abbrev.get(self.previous, self.previous)}"


@dataclass(frozen=True, eq=False)
class ContestFacts:
    """Everything computed about one contest."""

    contest: Contest
    placed: tuple[Placed, ...]
    majority: int
    majority_pct: float
    turnout_pct: float | None
    baseline: Contest | None
    baseline_label: str | None
    change_source: str | None
    swing: Swing | None
    swing_needed: float | None
    outcome: Outcome

    @property
    def winner(self) -> Placed:
        return self.placed[0]

    @property
    def runner_up(self) -> Placed | None:
        return self.placed[1] if len(self.placed) > 1 else None

    @property
    def defeated_mps(self) -> tuple[Placed, ...]:
        return tuple(p for p in self.placed[1:] if p.candidacy.sitting_mp)


def published_outcome(
    result: str | None, winner: str, normalise: Mapping[str, str]
) -> Outcome | None:
    """Read the Library's 'Lab gain from Con' / 'Con hold' into an Outcome."""
    if not result:
        return None
    text = result.strip()
    if " gain from " in text:
        new, old = text.split(" gain from ", 1)
        return Outcome(normalise.get(new, new), normalise.get(old, old), True, False)
    if text.endswith(" hold"):
        party = text[: -len(" hold")]
        party = normalise.get(party, party)
        return Outcome(party, party, False, False)
    return Outcome(winner, None, False, False)


def compute(
    contest: Contest,
    baseline: Contest | None,
    baseline_label: str | None,
    predecessors: Mapping[str, str],
    normalise: Mapping[str, str],
    lineage: Mapping[str, str] | None = None,
    published_changes: bool = True,
) -> ContestFacts:
    """Compute a contest's facts, measuring change and swing against the baseline contest.

    Without a baseline, the source's own changes are used, unless `published_changes` is False
    (they are measured against results not loaded: changes are then unavailable).
    """
    valid = contest.valid_votes
    now = party_shares(contest)
    # Shares before an unopposed return, or during one, are not shares of any vote.
    comparable = baseline is not None and not baseline.unopposed and not contest.unopposed
    before = party_shares(baseline) if comparable else {}

    def before_share(party: str) -> float | None:
        if party in NON_PARTIES:
            return None
        if party in before:
            return before[party]
        predecessor = predecessors.get(party)
        return before.get(predecessor) if predecessor else None

    placed = []
    for position, candidacy in enumerate(contest.candidacies, start=1):
        share = percent(candidacy.votes, valid) or 0.0
        if baseline is not None and not comparable:
            change = None
        elif baseline is not None:
            previous = before_share(candidacy.party)
            change = None if previous is None else now.get(candidacy.party, share) - previous
        else:
            change = candidacy.published_change if published_changes else None
        placed.append(Placed(candidacy, position, share, change))

    winner = placed[0] if placed else None
    runner_up = placed[1] if len(placed) > 1 else None
    majority = (
        winner.candidacy.votes - (runner_up.candidacy.votes if runner_up else 0) if winner else 0
    )
    majority_pct = percent(majority, valid) or 0.0

    swing = None
    if (
        winner
        and runner_up
        and not contest.unopposed
        and winner.change is not None
        and runner_up.change is not None
    ):
        # Butler swing from the runner-up to the winner, from the two parties' changes in share.
        points = (winner.change - runner_up.change) / 2
        swing = (
            Swing(runner_up.party, winner.party, points)
            if points >= 0
            else Swing(winner.party, runner_up.party, -points)
        )

    winner_party = winner.party if winner else "?"
    outcome = None
    if baseline is not None and baseline.candidacies:
        previous_winner = baseline.candidacies[0].party
        same_person = (
            winner_party not in NON_PARTIES
            or baseline.candidacies[0].person_id == winner.candidacy.person_id
        )
        line = lineage or {}
        same_party = line.get(previous_winner, previous_winner) == line.get(
            winner_party, winner_party
        )
        gain = not same_party or not same_person
        outcome = Outcome(winner_party, previous_winner, gain, True)
    else:
        outcome = published_outcome(contest.declared_result, winner_party, normalise)
    if outcome is None:
        outcome = Outcome(winner_party, None, False, True)

    return ContestFacts(
        contest=contest,
        placed=tuple(placed),
        majority=majority,
        majority_pct=majority_pct,
        turnout_pct=None if contest.unopposed else percent(valid, contest.electorate),
        baseline=baseline,
        baseline_label=baseline_label if baseline is not None else None,
        change_source=(
            None if baseline is not None else "published" if published_changes else "unavailable"
        ),
        swing=swing,
        swing_needed=majority_pct / 2 if runner_up else None,
        outcome=outcome,
    )
