"""An election being counted: declarations applied one at a time, without rebuilding the base.

A `Night` holds a base cut at the election (see `view.until`) and the order seats have declared
in. Applying a declaration is a few dictionary updates (the running tally and milestones); the
knowledge base that answers questions "so far" is derived only when asked for, and kept until the
next declaration.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from bot.engine import Engine
from bot.facts import ContestFacts
from bot.kb.knowledge import KnowledgeBase
from bot.live.milestones import Milestone, milestones
from bot.live.view import derive_engine, in_progress


@dataclass(frozen=True)
class Declaration:
    """One seat's result as it arrives, with the tally after it and what it achieved."""

    key: str
    facts: ContestFacts
    number: int
    total: int
    at: dt.datetime | None
    tally: tuple[tuple[str, int], ...]  # party, seats; most seats first
    milestones: tuple[Milestone, ...]

    @property
    def election(self) -> str:
        return self.facts.contest.election


def declared_time(text: str | None) -> dt.datetime | None:
    """The Library's '13/12/2019 04:47' as a datetime (UK local time, as published)."""
    if not text:
        return None
    try:
        return dt.datetime.strptime(text.strip(), "%d/%m/%Y %H:%M")
    except ValueError:
        return None


class Night:
    """The count of one election over a base that holds its contests (results or nominations)."""

    def __init__(
        self, kb: KnowledgeBase, engine: Engine, election: str, order=(), total: int | None = None
    ):
        self.base = kb
        self.engine = engine
        self.election = election
        self.contests = kb.contests[election]
        self.total = max(total or 0, len(self.contests))  # results so far may not name every seat
        self.order: list[str] = []
        self.seats_declared: set[str] = set()
        self.seats: Counter[str] = Counter()
        self.votes: Counter[str] = Counter()
        self.gains = 0
        self._view: tuple[int, KnowledgeBase, Engine] | None = None
        self._labels = kb.abbreviations()
        for key in order:
            self.declare(key)

    @property
    def declared(self) -> int:
        return len(self.order)

    @property
    def complete(self) -> bool:
        return self.declared >= self.total

    def is_declared(self, key: str) -> bool:
        return key in self.seats_declared

    def declare(self, key: str) -> Declaration:
        """Apply one seat's declaration; declaring a seat twice is an error."""
        if key not in self.contests:
            raise KeyError(f"{key} is not a seat of {self.election}")
        if key in self.seats_declared:
            raise ValueError(f"{self.contests[key].name} has already declared")
        facts = self.base.facts[(self.election, key)]
        gains_before = self.gains
        self.order.append(key)
        self.seats_declared.add(key)
        self.seats[facts.winner.party] += 1
        for candidacy in facts.contest.candidacies:
            self.votes[candidacy.party] += candidacy.votes
        if facts.outcome.gain:
            self.gains += 1
        return Declaration(
            key=key,
            facts=facts,
            number=self.declared,
            total=self.total,
            at=declared_time(facts.contest.declared_at),
            tally=self.tally(),
            milestones=milestones(
                facts, self.declared, self.total, self.seats, gains_before, self.base.party_label
            ),
        )

    def tally(self) -> tuple[tuple[str, int], ...]:
        return tuple(
            sorted(self.seats.items(), key=lambda item: (-item[1], -self.votes[item[0]], item[0]))
        )

    def tally_text(self) -> str:
        return ", ".join(f"{self._labels.get(p, p)} {n}" for p, n in self.tally())

    def view(self) -> tuple[KnowledgeBase, Engine]:
        """The base and engine answering 'so far', derived once per declaration when asked for."""
        if self._view is None or self._view[0] != self.declared:
            kb = in_progress(self.base, self.election, tuple(self.order), self.total)
            self._view = (self.declared, kb, derive_engine(self.engine, kb))
        return self._view[1], self._view[2]
