"""'Who won Hendon?' then 'how close was it?': a question that points back at the seat just asked
about is asked of that seat, and says so; only for the same asker, only for a while, and never
for a question about the whole election."""

from __future__ import annotations

import pytest

from bot.answer.text import render_text
from bot.understand.followups import FollowUps, about_seat
from tests.helpers.data import library_constituencies, needs_data


def _row(seat: str) -> dict[str, str]:
    return next(r for r in library_constituencies("2024") if r["Constituency name"] == seat)


def _ask(engine, question: str, asker: str) -> str:
    return render_text(engine.ask(question, asker=asker))


@needs_data
def test_it_and_there_are_the_seat_just_asked_about(engine):
    hendon = _row("Hendon")
    asker = "pointing:1"
    _ask(engine, "who won hendon", asker)
    text = _ask(engine, "how close was it", asker)
    assert f"majority in Hendon in 2024 was {int(hendon['Majority']):,}" in text
    assert "Taking 'it' to mean Hendon" in text
    text = _ask(engine, "what was the turnout there", asker)
    turnout = 100 * int(hendon["Valid votes"]) / int(hendon["Electorate"])
    assert f"Turnout in Hendon in 2024 was {turnout:.1f}%" in text
    assert "came 2nd in Hendon in 2024" in _ask(engine, "who came second there", asker)


@needs_data
def test_the_election_named_with_the_seat_goes_with_it(engine):
    asker = "pointing:5"
    _ask(engine, "who won hendon in 2019", asker)
    text = _ask(engine, "how close was it", asker)
    majority = next(
        r for r in library_constituencies("2019") if r["Constituency name"] == "Hendon"
    )["Majority"]
    assert f"majority in Hendon in 2019 was {int(majority):,}" in text
    assert "Taking 'it' to mean Hendon in 2019" in text
    assert "Hendon in 2024" in _ask(engine, "what was the turnout there in 2024", asker)


@needs_data
@pytest.mark.parametrize(
    "question",
    [
        "is it a hung parliament",
        "how many seats are there",
        "is there a recount",
        "what does it mean",
        "what is it",
        "how does it work",
    ],
)
def test_a_question_not_about_the_seat_is_not_pointed_at_it(engine, question):
    asker = f"pointing:{question}"
    _ask(engine, "who won bootle", asker)
    assert "Taking '" not in _ask(engine, question, asker)


@needs_data
def test_another_asker_does_not_share_the_seat(engine):
    _ask(engine, "who won hendon", "pointing:3")
    text = _ask(engine, "how close was it", "pointing:4")
    assert "Taking 'it'" not in text and "didn't understand" in text


def test_the_seat_is_forgotten_after_ten_minutes():
    now = [0.0]
    follow = FollowUps(clock=lambda: now[0])
    follow.asked_about("a", "Hendon", None)
    assert follow.last_seat("a") == ("Hendon", None) and follow.last_seat("b") is None
    now[0] = 601.0
    assert follow.last_seat("a") is None


def test_the_words_that_point_back():
    assert about_seat("how close was it", "Hendon") == "how close was Hendon"
    assert about_seat("turnout there?", "Hendon") == "turnout in Hendon?"
    assert about_seat("who won that seat in 2019", "Bootle") == "who won Bootle in 2019"
    assert about_seat("who won hendon", "Bootle") is None
    assert about_seat("is there a recount", "Bootle") is None
