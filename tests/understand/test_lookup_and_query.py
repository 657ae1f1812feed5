"""One look-up of names for every front end, and a Query read once that nothing changes."""

from __future__ import annotations

import dataclasses

import pytest

from bot.answer.models import Answer
from bot.answer.text import render_text
from bot.understand.elections import find_elections
from bot.understand.lookup import FoundSeat
from bot.understand.rules import read_query, reread
from tests.helpers.data import needs_data

pytestmark = needs_data


def reading(engine, question: str):
    elections = find_elections(question, engine.understanding.known)
    return read_query(engine.understanding.finder.find(elections.rest), elections)


# A name as typed, and what a follower of it follows (kind, label); None: nothing of that name.
FOLLOWED = [
    ("Hendon", ("seat", "Hendon")),
    ("south west norfolk", ("seat", "South West Norfolk")),
    ("Lib Dems", ("party", None)),
    ("Liz Truss", ("person", "Liz Truss")),
    ("Elizabeth Truss", ("person", "Liz Truss")),  # a name she stood under in 2019
    ("Narnia Central", None),
]


@pytest.mark.parametrize(("typed", "expected"), FOLLOWED)
def test_a_follower_names_a_seat_a_party_or_a_person(engine, typed, expected):
    found = engine.follow_target(typed)
    if expected is None:
        assert found is None
        return
    kind, key, label = found
    assert kind == expected[0]
    if kind == "party":
        assert key == "LD" and label == engine.kb.party_label("LD")
    else:
        assert label == expected[1]


def test_a_seat_typed_with_a_slip_is_taken_the_same_way_by_a_command_and_a_question(engine):
    found = engine.lookup.seat("hendn", "2024")
    assert isinstance(found, FoundSeat) and found.contest.name == "Hendon"
    command = render_text(engine.ask("!result hendn"))
    question = render_text(engine.ask("who won hendn"))
    for said in (command, question):
        assert "Hendon" in said and "David Pinto-Duschinsky" in said


def test_a_seat_none_fits_suggests_and_several_fit_asks(engine):
    missing = engine.lookup.seat("narnia central", "2024")
    assert isinstance(missing, Answer) and missing.kind == "not_found"
    several = engine.lookup.seat("birmingham", "2024")
    assert isinstance(several, Answer) and several.kind == "choice"
    assert all(c.command.startswith("!result Birmingham") for c in several.choices)
    on_a_map = engine.lookup.seat("birmingham", "2024", command="map")
    assert all(c.command.startswith("!map Birmingham") for c in on_a_map.choices)


def test_a_query_is_immutable_and_reading_it_changes_nothing_given(engine):
    elections = find_elections("labour share compared to 2019", engine.understanding.known)
    entities = engine.understanding.finder.find(elections.rest)
    query = read_query(entities, elections)
    assert query.how == "compare" and query.elections.since  # 2019 against the latest
    assert elections.since is False  # the Elections it was given are as they were
    with pytest.raises(dataclasses.FrozenInstanceError):
        query.what = "seats"
    with pytest.raises(dataclasses.FrozenInstanceError):
        query.entities.parties = []


def test_a_reading_again_keeps_the_words_read_once(engine):
    query = reading(engine, "smallest majority in scotland")
    again = reread(query, query.entities)
    assert again.words is query.words
    assert (again.what, again.measure, again.largest) == ("ranking", "majority", False)


# Each slot in its own type: a phrasing, and the slot it fills.
SLOTS = [
    ("which seats did labour gain", "change", "gained"),
    ("how many seats did the tories lose", "change", "lost"),
    ("did the conservatives get more seats in 2019 than 2024", "comparison", "more"),
    ("did labour get fewer votes in 2024 than 2019", "comparison", "fewer"),
    ("did labour win more seats than the lib dems", "comparison", "more"),
    ("how many women candidates stood", "body", "candidates"),
    ("how many women mps were elected", "body", "mps"),
    ("map of labour share", "shading", "share"),
    ("largest turnout", "measure", "turnout"),
    ("how many seats are left to declare", "still_to_come", True),
    ("who is the mp for hendon", "holder_now", True),
    ("who won hendon", "holder_now", False),
    ("did liz truss lose", "asked_lost", True),
    ("what swing is needed for a hung parliament", "goal", "hung"),
    ("what swing do the tories need to be the largest party", "goal", "largest"),
]


@pytest.mark.parametrize(("question", "slot", "value"), SLOTS)
def test_each_slot_is_read_once_into_its_own_field(engine, question, slot, value):
    assert getattr(reading(engine, question), slot) == value
