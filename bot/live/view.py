"""Derived views of a knowledge base: cut at an election, and an engine for a derived base.

Neither rebuilds anything from files: a view shares every record and computed fact with its base.
"""

from __future__ import annotations

import copy
import dataclasses

from bot.engine import Engine
from bot.kb import ties
from bot.kb.knowledge import KnowledgeBase


def until(kb: KnowledgeBase, election: str) -> KnowledgeBase:
    """The base as it stood on the night of `election`: later elections (and notionals) dropped,
    with every record tied to them (`bot.kb.ties`); people, offices and precedents as of that day."""
    day = kb.elections[election].date
    keep = {e.id for e in kb.elections.values() if e.date < day or e.id == election}
    return dataclasses.replace(
        kb,
        **ties.cut(kb, keep),
        people=_people_as_of(kb, day),
        offices=tuple(
            office.model_copy(update={"holders": holders})
            for office in kb.offices
            if (holders := tuple(_tenure_as_of(t, day) for t in office.holders if t.start < day))
        ),
        precedents=tuple(p for p in kb.precedents if p.year is None or p.year < day.year),
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
