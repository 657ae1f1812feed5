"""Autocomplete suggestions for constituencies, candidates and elections (Discord's limits applied)."""

from __future__ import annotations

from typing import Literal

from bot.understand.questions import Understanding

MAX_CHOICES = 25
MAX_NAME = 100


def _short(text: str) -> str:
    return text if len(text) <= MAX_NAME else text[: MAX_NAME - 1] + "…"


def seat_suggestions(understanding: Understanding, typed: str) -> list[tuple[str, str]]:
    """(label, value) pairs: seats whose names start with, contain, or resemble what was typed."""
    keys = understanding.seats.index.complete(typed, MAX_CHOICES)
    names = [understanding.seats.display[key] for key in keys]
    return [(_short(name), _short(name)) for name in dict.fromkeys(names)][:MAX_CHOICES]


def person_suggestions(understanding: Understanding, typed: str) -> list[tuple[str, str]]:
    """(label, value) pairs for candidates; the label says where and for whom they last stood."""
    kb = understanding.kb
    people = understanding.finder.people
    results = []
    for person_id in people.complete(typed, MAX_CHOICES * 2):
        person = kb.people.get(person_id)
        if person is None:
            continue
        career = kb.careers.get(person_id, ())
        where = (
            f" ({career[-1][1].party_name}, {career[-1][0].name} {career[-1][0].election})"
            if career
            else ""
        )
        value = f"{person.name} {career[-1][0].name}" if career else person.name
        results.append((_short(person.name + where), _short(value)))
        if len(results) == MAX_CHOICES:
            break
    return results


def election_suggestions(understanding: Understanding, typed: str) -> list[tuple[str, str]]:
    elections = [e.id for e in reversed(understanding.kb.real_elections())]
    typed = typed.strip()
    return [(e, e) for e in elections if e.startswith(typed)][:MAX_CHOICES] or [
        (e, e) for e in elections
    ][:MAX_CHOICES]


Suggested = Literal["seat", "person", "election"]
SUGGESTERS = {
    "seat": seat_suggestions,
    "person": person_suggestions,
    "election": election_suggestions,
}
