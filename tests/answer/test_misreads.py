"""A newcomer's misreads, each once a wrong or unhelpful answer, checked against the official files.

Losses, second places, who a person beat, the runner-up named in a biography, and a seat that is
not in the knowledge loaded (said so, with how to load the official files on the shipped sample).
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict

import pytest

from bot.answer.text import render_text
from tests.helpers.answers import ask
from tests.helpers.data import DATA, library_constituencies, needs_data


def library_candidates(year: str) -> dict[str, list[dict[str, str]]]:
    """The Library's candidate file, read independently: each seat's candidates, most votes first."""
    path = DATA / f"ge{year}" / f"HoC-GE{year}-results-by-candidate.csv"
    seats: dict[str, list[dict[str, str]]] = defaultdict(list)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            seats[row["Constituency name"]].append(row)
    for rows in seats.values():
        rows.sort(key=lambda r: -int(r["Votes"]))
    return seats


def _name(row: dict[str, str]) -> str:
    return f"{row['Candidate first name']} {row['Candidate surname']}"


def _contest_of(year: str, name: str) -> tuple[str, list[dict[str, str]]]:
    for seat, rows in library_candidates(year).items():
        if any(_name(r) == name for r in rows):
            return seat, rows
    raise AssertionError(f"{name} not in the {year} candidates")


# Losses and second places: the short and inverted phrasings reach the long form's answer ------

LOST = {
    "Con": ["tories lost how many seats", "how many seats did the conservatives lose in 2024"],
    "Lab": ["how many seats did labour lose", "labour lost how many seats"],
    "SNP": ["seats the snp lost", "the snp lost how many seats in 2024"],
}


@needs_data
@pytest.mark.parametrize(
    ("party", "question"), [(p, q) for p, qs in LOST.items() for q in qs], ids=lambda x: x
)
def test_seats_lost(history_engine, party, question):
    results = Counter(row["Result"] for row in library_constituencies("2024"))
    lost = sum(n for result, n in results.items() if result.endswith(f"gain from {party}"))
    text = ask(history_engine, question)
    assert re.search(rf"\blost {lost} seats? at the 2024", text), text


SECOND = {
    "RUK": [
        "reform uk second places",
        "how many second places did reform get",
        "where did reform come second",
    ],
    "LD": ["lib dem 2nd places", "how many second places did the lib dems get"],
}


@needs_data
@pytest.mark.parametrize(
    ("party", "question"), [(p, q) for p, qs in SECOND.items() for q in qs], ids=lambda x: x
)
def test_second_places(history_engine, party, question):
    seconds = sum(row["Second party"] == party for row in library_constituencies("2024"))
    text = ask(history_engine, question)
    assert re.search(rf"came second in {seconds} seats", text), text
    assert "won 5 seats" not in text and "won 72 seats" not in text


# Who a person beat ------------------------------------------------------------------------------


@needs_data
@pytest.mark.parametrize(
    ("question", "name", "year"),
    [
        ("who did jeremy hunt beat", "Jeremy Hunt", "2024"),
        ("who came second to jeremy hunt", "Jeremy Hunt", "2024"),
        ("who was runner up to jeremy hunt", "Jeremy Hunt", "2024"),
        ("who did jeremy hunt beat in 2019", "Jeremy Hunt", "2019"),
        ("who did keir starmer beat", "Keir Starmer", "2024"),
    ],
)
def test_who_a_winner_beat(history_engine, question, name, year):
    seat, rows = _contest_of(year, name)
    winner, runner = rows[0], rows[1]
    assert _name(winner) == name
    majority = int(winner["Votes"]) - int(runner["Votes"])
    text = ask(history_engine, question)
    assert f"{name} beat {_name(runner)} ({runner['Party name']})" in text, text
    assert f"in {seat} in {year}" in text and f"by {majority:,} votes" in text, text


@needs_data
@pytest.mark.parametrize(
    "question", ["who beat thangam debbonaire", "who did thangam debbonaire beat"]
)
def test_who_beat_a_loser(history_engine, question):
    seat, rows = _contest_of("2024", "Thangam Debbonaire")
    winner, runner = rows[0], rows[1]
    assert _name(winner) != "Thangam Debbonaire"
    majority = int(winner["Votes"]) - int(runner["Votes"])
    text = ask(history_engine, question)
    assert f"Thangam Debbonaire was defeated in {seat} in 2024" in text, text
    assert f"{_name(winner)} ({winner['Party name']}) won, by {majority:,} votes" in text, text


@needs_data
def test_a_biography_names_the_runner_up(history_engine):
    seat, rows = _contest_of("2024", "Jeremy Hunt")
    runner = rows[1]
    majority = int(rows[0]["Votes"]) - int(runner["Votes"])
    text = ask(history_engine, "who is jeremy hunt")
    assert f"a majority of {majority:,} over {_name(runner)} ({runner['Party name']})." in text


# A seat that is not in the knowledge loaded -----------------------------------------------------

MISSING = [
    ("who won hendon?", "Hendon"),
    ("who won uxbridge", "Uxbridge"),
    ("hendon majority", "Hendon"),
    ("when did labour last win clacton", "Clacton"),
    ("clacton history", "Clacton"),
    ("history of hendon", "Hendon"),
]


@pytest.mark.parametrize(("question", "seat"), MISSING)
def test_a_missing_seat_on_the_shipped_sample_says_how_to_load_more(shipped_engine, question, seat):
    answer = shipped_engine.ask(question)
    text = render_text(answer)
    assert answer.kind == "not_found", text
    assert f"'{seat}' in the knowledge loaded" in text and "kb download" in text, text
    assert "didn't understand" not in text and "won 1 seat" not in text


def test_the_shipped_sample_s_seat_still_answers(shipped_engine):
    text = ask(shipped_engine, "who won south west norfolk")
    assert "Terry Jermy" in text and "kb download" not in text
    text = ask(shipped_engine, "who won the election")
    assert "No constituency" not in text


@needs_data
@pytest.mark.parametrize(
    ("question", "must"),
    [
        ("who won hendon?", "David Pinto-Duschinsky"),
        ("when did labour last win clactn", "Clacton"),  # a slip still reaches the seat
        ("who won wales", "27 of 32 seats in Wales"),
        ("who won the most seats", "411 of 650"),
    ],
)
def test_known_seats_and_places_are_unchanged(history_engine, question, must):
    text = ask(history_engine, question)
    assert must in text and "No constituency" not in text, text


@needs_data
def test_an_unknown_seat_on_the_full_base_is_said_without_the_sample_hint(history_engine):
    text = ask(history_engine, "who won blargh")
    assert "'Blargh' in the knowledge loaded" in text and "kb download" not in text


# Ties in a ranking's 'Next:' line --------------------------------------------------------------


@needs_data
@pytest.mark.parametrize(
    ("question", "year", "country", "most"),
    [
        ("most candidates 2019", "2019", None, True),
        ("fewest candidates in northern ireland 2024", "2024", "Northern Ireland", False),
    ],
)
def test_ties_in_the_next_line_are_said_as_ties(history_engine, question, year, country, most):
    counts = {
        seat: len(rows)
        for seat, rows in library_candidates(year).items()
        if country is None or rows[0]["Country name"] == country
    }
    ordered = sorted(counts.values(), reverse=most)
    assert ordered[0] != ordered[1] and ordered[1] == ordered[2]  # the case tested: 2nd is shared
    tied = sorted(seat for seat, n in counts.items() if n == ordered[1])
    text = ask(history_engine, question)
    line = next(line for line in text.splitlines() if line.startswith("Next: "))
    assert f"(joint 2nd, {ordered[1]} candidates each)." in line, text
    assert sum(seat in line for seat in tied) == 2, text


@needs_data
def test_a_next_line_without_ties_says_none(history_engine):
    rows = sorted(library_constituencies("2024"), key=lambda r: int(r["Majority"]))
    assert len({int(r["Majority"]) for r in rows[:3]}) == 3
    second, third = rows[1], rows[2]
    text = ask(history_engine, "smallest majority 2024")
    assert f"Next: {second['Constituency name']} (majority {int(second['Majority']):,} " in text
    assert f"and {third['Constituency name']} (majority {int(third['Majority']):,} " in text
    assert "joint" not in text


def test_words_about_figures_are_never_taken_for_a_missing_seat(shipped_engine):
    from bot.answer.text import render_text

    for question in ("average majority", "typical turnout", "overall majority"):
        assert "No constituency" not in render_text(shipped_engine.ask(question)), question
