"""`!result NAME [YEAR]`: names as people type them, years, ambiguity and clear refusals."""

from __future__ import annotations

import pytest

from bot.answer.text import render_text
from tests.helpers.data import needs_data

pytestmark = needs_data

FOUND = [
    ("Hendon", "Hendon"),
    ("hendn", "Hendon"),
    ("HENDON", "Hendon"),
    ("Ynys Mon", "Ynys Môn"),
    ("Argyll Bute and South Lochaber", "Argyll, Bute and South Lochaber"),
    ("brighton pavillion", "Brighton Pavilion"),
    ("Norfolk South West", "South West Norfolk"),
    ("SW Norfolk", "South West Norfolk"),
    ("south west norfok", "South West Norfolk"),
    ("Chingford", "Chingford and Woodford Green"),
    ("Richmond & Northallerton", "Richmond and Northallerton"),
    ("Stoke on Trent Central", "Stoke-on-Trent Central"),
    ("Aberdeenshire West & Kincardine", "West Aberdeenshire and Kincardine"),
    ("Western Isles", "Na h-Eileanan an Iar"),  # a curated alias
    ("Hull East", "Kingston upon Hull East"),
    ("weston super mare", "Weston-super-Mare"),
]


@pytest.mark.parametrize(("typed", "seat"), FOUND)
def test_names_as_people_type_them(engine, typed, seat):
    answer = engine.ask(f"!result {typed}")
    assert answer.kind == "result"
    assert answer.title.startswith(f"{seat}: 2024 general election")


def test_close_match_says_so(engine):
    answer = engine.ask("!result hendn")
    assert "closest match to 'hendn'" in answer.lines[0]


@pytest.mark.parametrize(
    ("typed", "options"),
    [
        ("Norwich", {"Norwich North", "Norwich South"}),
        ("Aberdeen", {"Aberdeen North", "Aberdeen South"}),
    ],
)
def test_several_matches_ask(engine, typed, options):
    answer = engine.ask(f"!result {typed}")
    assert answer.kind == "choice"
    assert {c.label for c in answer.choices} == options
    assert all(c.command.startswith("!result ") for c in answer.choices)


def test_no_match_suggests(engine):
    answer = engine.ask("!result Narnia")
    assert answer.kind == "not_found"
    assert "couldn't find a constituency called 'Narnia'" in render_text(answer)


def test_no_name_explains_usage(engine):
    answer = engine.ask("!result")
    assert answer.kind == "help" and "!result South West Norfolk" in render_text(answer)


def test_unknown_year_names_the_known_ones(engine):
    text = render_text(engine.ask("!result Hendon 2031"))
    assert "don't have results for a general election in 2031" in text
    assert "2019 and 2024" in text and "Pinto-Duschinsky" not in text


def test_year_selects_the_election(engine):
    answer = engine.ask("!result Bootle 2019")
    assert answer.title.startswith("Bootle: 2019 general election")
    assert "Peter Dowd" in render_text(answer)


def test_a_seat_from_another_election_says_so(engine):
    answer = engine.ask("!result Aberavon")
    assert answer.kind == "result" and answer.title.startswith("Aberavon: 2019")
    assert "no contest called Aberavon in 2024" in answer.lines[0]


def test_speaker(engine):
    text = render_text(engine.ask("!result Chorley"))
    assert "Lindsay Hoyle (Speaker) elected: Spk hold." in text
    assert "Majority: 20,575" in text


def test_shipped_knowledge_answers_alone(shipped_engine):
    text = render_text(shipped_engine.ask("!result south west norfolk"))
    assert "Terry Jermy (Labour) elected: Lab gain from Con." in text
    assert "Swing: 25.9% from Conservative to Labour" in text
    assert "vs notional 2019, as published by the Commons Library" in text
