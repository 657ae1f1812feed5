"""Derived views of a knowledge base: cut at an election, and an engine for a derived base.

Neither rebuilds anything from files: a view shares every record and computed fact with its base.
"""

from __future__ import annotations

import copy
import dataclasses

from bot.areas import Areas
from bot.engine import Engine
from bot.kb.knowledge import KnowledgeBase


def until(kb: KnowledgeBase, election: str) -> KnowledgeBase:
    """The base as it stood on the night of `election`: later elections (and notionals) dropped."""
    day = kb.elections[election].date
    keep = {e.id for e in kb.elections.values() if e.date < day or e.id == election}
    return dataclasses.replace(
        kb,
        elections={k: v for k, v in kb.elections.items() if k in keep},
        contests={k: v for k, v in kb.contests.items() if k in keep},
        facts={k: v for k, v in kb.facts.items() if k[0] in keep},
        national={k: v for k, v in kb.national.items() if k in keep},
        careers={
            person: kept
            for person, career in kb.careers.items()
            if (kept := tuple(pair for pair in career if pair[0].election in keep))
        },
        annotations={k: v for k, v in kb.annotations.items() if k[0] in keep},
        memberships={
            person: kept
            for person, listed in kb.memberships.items()
            if (kept := tuple(m for m in listed if m.election in keep))
        },
        progress={k: v for k, v in kb.progress.items() if k in keep},
        _by_seat={
            seat: {e: c for e, c in line.items() if e in keep} for seat, line in kb._by_seat.items()
        },
    )


def derive_engine(engine: Engine, kb: KnowledgeBase) -> Engine:
    """An engine for a view with the same seats, names and people as `engine`'s base.

    The name indexes (the costly part of an Engine) are shared; everything that depends on
    results (areas, rankings across elections) starts afresh for the view.
    """
    seats = copy.copy(engine.seats)
    seats.kb = kb
    finder = copy.copy(engine.understanding.finder)
    finder.kb, finder.seats = kb, seats
    understanding = copy.copy(engine.understanding)
    understanding.kb, understanding.seats, understanding.finder = kb, seats, finder
    understanding.areas = Areas(kb)
    understanding._all_time = {}
    understanding._notional = {}
    derived = copy.copy(engine)
    derived.kb, derived.seats, derived.understanding = kb, seats, understanding
    return derived
