"""An election being counted: declarations applied one at a time, without rebuilding the base.

A `Night` holds a base counting the election (`bot.kb.declare`) and the order seats have declared
in. Applying a declaration computes that seat's facts and updates the running tally and
milestones; the knowledge base that answers questions "so far" gets the new results only when
a question asks for it, and is kept until the next declaration.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from bot import format as fmt
from bot.engine import Engine
from bot.facts import ContestFacts
from bot.kb.declare import contest_facts, declare
from bot.kb.knowledge import KnowledgeBase, count_into, tally
from bot.live.exitpoll import exit_poll_milestones
from bot.live.milestones import Doubt, KnownOrder, Milestone, milestones
from bot.live.view import derive_engine
from bot.models import Contest, declared_time


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


class Night:
    """The count of one election: declarations applied to a base that is counting it.

    `kb` is counting `election` (see `bot.kb.declare`): its nominations name the seats, its
    contests hold those already declared. `results` are the seats' results still to reveal
    (a replay); a feed passes each result to `declare_contest` as it arrives instead. A replay
    also passes what it knows of the night's `order`, so that no seat is called first or last
    among seats whose order the times leave open (`bot.live.milestones`).
    """

    def __init__(
        self,
        kb: KnowledgeBase,
        engine: Engine | Callable[[], Engine],
        election: str,
        results: Mapping[str, Contest] | None = None,
        total: int | None = None,
        order: KnownOrder | None = None,
    ):
        progress = kb.progress.get(election)
        if progress is None:
            raise ValueError(f"the {election} election is not being counted in this base")
        self.base = kb
        self._engine = engine  # or how to make it: a replay that only prints never asks
        self.election = election
        self.results = dict(results or {})
        declared = kb.contests.get(election, {})
        self.contests: dict[str, Contest] = {
            **kb.nominations.get(election, {}),
            **self.results,
            **declared,
        }
        self.total = max(total or 0, progress.total, len(self.contests))
        self.order: list[str] = list(progress.order)
        self.seats_declared: set[str] = set(self.order)
        self.seats: Counter[str] = Counter()
        self.votes: Counter[str] = Counter()
        self.gains = 0
        for key in self.order:
            self._count(kb.facts[(election, key)])
        self._applied: tuple[int, KnowledgeBase, Engine | None] = (len(self.order), kb, None)
        self._pending: list[tuple[str, Contest, ContestFacts]] = []
        self._lock = threading.Lock()  # the console replays on one thread and answers on another
        self._labels = kb.abbreviations()
        self.order_known = order
        self._facts: dict[str, ContestFacts] = {}  # a replay's seats, declared or looked ahead at

    @property
    def engine(self) -> Engine:
        """The engine over the base before any declaration this night applied."""
        if not isinstance(self._engine, Engine):
            self._engine = self._engine()
        return self._engine

    @property
    def declared(self) -> int:
        return len(self.order)

    @property
    def complete(self) -> bool:
        return self.declared >= self.total

    def is_declared(self, key: str) -> bool:
        return key in self.seats_declared

    def declare(self, key: str) -> Declaration:
        """Reveal one seat's result from `results` (a replay)."""
        if key not in self.results:
            raise KeyError(f"{key}: no result to reveal for the {self.election} election")
        return self.declare_contest(key, self.results[key])

    def declare_contest(self, key: str, contest: Contest) -> Declaration:
        """Apply one seat's result; declaring a seat twice is an error."""
        if key in self.seats_declared:
            raise ValueError(f"{contest.name} has already declared")
        if contest.election != self.election:
            raise ValueError(
                f"{contest.name} is a result of {contest.election}, not {self.election}"
            )
        facts = self._facts.get(key) if self.results.get(key) is contest else None
        facts = facts or contest_facts(self.base, contest)
        if self.order_known is not None:
            self._facts[key] = facts
        gains_before = self.gains
        with self._lock:
            self.order.append(key)
            self.seats_declared.add(key)
            self.contests[key] = contest
            self._pending.append((key, contest, facts))
        self._count(facts)
        return Declaration(
            key=key,
            facts=facts,
            number=self.declared,
            total=self.total,
            at=declared_time(contest.declared_at),
            tally=self.tally(),
            milestones=milestones(
                facts,
                self.declared,
                self.total,
                self.seats,
                gains_before,
                self.base.party_label,
                self._doubt(key),
            )
            + exit_poll_milestones(
                self.base, self.election, self.declared, self.total, self.seats, contest.name
            ),
        )

    def _doubt(self, key: str) -> Doubt | None:
        """In a replay: the seats whose order against this one its times leave open."""
        order = self.order_known
        if order is None:
            return None
        return Doubt(order.placed(key), lambda: map(self._ahead, order.same_minute(key)))

    def _ahead(self, key: str) -> ContestFacts:
        """A seat's facts, declared or still to reveal (computed once)."""
        if key not in self._facts:
            self._facts[key] = contest_facts(self.base, self.results.get(key) or self.contests[key])
        return self._facts[key]

    def _count(self, facts: ContestFacts) -> None:
        count_into((facts,), self.seats, self.votes)
        if facts.outcome.gain:
            self.gains += 1

    def tally(self) -> tuple[tuple[str, int], ...]:
        return tally(self.seats, self.votes)

    def tally_text(self) -> str:
        return fmt.tally(self.tally(), self._labels)

    def view(self) -> tuple[KnowledgeBase, Engine]:
        """The base and engine answering 'so far': the declarations since the last view added to
        it (`bot.kb.declare`), once per declaration and only when asked for."""
        with self._lock:
            pending, self._pending = self._pending, []
            count, kb, engine = self._applied
            if pending:
                kb = declare(kb, pending, self.total)
                engine = derive_engine(self.engine, kb)
                self._applied = (count + len(pending), kb, engine)
            return kb, engine or self.engine
