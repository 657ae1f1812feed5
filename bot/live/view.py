"""Derived views of a knowledge base: cut at an election, and an engine for a derived base.

Neither rebuilds anything from files: a view shares every record and computed fact with its base.
"""

from __future__ import annotations

import copy
import dataclasses

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
        people=_people_as_of(kb, day),
        offices=tuple(
            office.model_copy(update={"holders": holders})
            for office in kb.offices
            if (holders := tuple(_tenure_as_of(t, day) for t in office.holders if t.start < day))
        ),
        precedents=tuple(p for p in kb.precedents if p.year is None or p.year < day.year),
        seat_histories={
            seat: {e: c for e, c in line.items() if e in keep}
            for seat, line in kb.seat_histories.items()
        },
    )


def _people_as_of(kb: KnowledgeBase, day) -> dict:
    """People as that night knew them: a curated biography of anyone standing then or later is
    written after it (withheld), and offices are cut at polling day."""
    later = {
        person
        for person, career in kb.careers.items()
        if any(kb.elections[contest.election].date >= day for contest, _ in career)
    }
    people = dict(kb.people)
    for person_id, person in kb.people.items():
        if not (person.bio or person.facts or person.offices):
            continue
        offices = tuple(_tenure_as_of(h, day) for h in person.offices if h.start < day)
        bio, facts = (None, ()) if person_id in later else (person.bio, person.facts)
        people[person_id] = person.model_copy(
            update={"bio": bio, "facts": facts, "offices": offices}
        )
    return people


def _tenure_as_of(tenure, day):
    """A term of office as it stood on `day`: one that ended later was still running."""
    return tenure.model_copy(update={"end": None}) if tenure.end and tenure.end >= day else tenure


def derive_engine(engine: Engine, kb: KnowledgeBase) -> Engine:
    """An engine for a view with the same seats, names and people as `engine`'s base.

    The name indexes (the costly part of an Engine) are shared; everything that depends on
    results (areas, rankings across elections) starts afresh for the view.
    """
    seats = copy.copy(engine.seats)
    seats.kb = kb
    derived = copy.copy(engine)
    derived.kb, derived.seats = kb, seats
    derived.understanding = engine.understanding.for_view(kb, seats)
    return derived
