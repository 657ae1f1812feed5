"""Derived views of a knowledge base: cut at an election, or with an election partly declared.

Neither rebuilds anything from files: a view shares every record and computed fact with its base
and recomputes only one election's national facts, from the seats that have declared.
"""

from __future__ import annotations

import copy
import dataclasses

from bot.areas import Areas
from bot.engine import Engine
from bot.kb.knowledge import KnowledgeBase, Progress, national_facts


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


def in_progress(
    kb: KnowledgeBase, election: str, order: tuple[str, ...], total: int | None = None
) -> KnowledgeBase:
    """The base with `election` declared only for the seats in `order` (contest keys, in order).

    Seat names, history and every other election are shared with `kb`; only this election's
    national facts are recomputed, from the declared contests.
    """
    declared = set(order)
    facts = [kb.facts[(election, key)] for key in order]
    total = max(total or 0, len(kb.contests[election]))  # seats fought (some may be unknown yet)
    unknown = declared - kb.contests[election].keys()
    if unknown:
        raise KeyError(f"not seats of {election}: {', '.join(sorted(unknown))}")
    progress = Progress(election, tuple(order), total)
    return dataclasses.replace(
        kb,
        national={**kb.national, election: national_facts(kb.elections[election], facts)},
        progress={**kb.progress, election: progress},
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
