"""Questions during a count (issue 19): the 2019 count stopped after 300 declarations answers every
kind of everyday question from the seats declared so far, and says so.

The expected figures are computed here from the Commons Library's 2019 constituency file (the
first 300 rows in order of their declaration times) and, for the swing, from the Library's
1918-2019 file's 2017 rows for the same seats: never from the bot's own readers."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import re
import unicodedata
from collections import Counter

import pytest

from bot.answer.text import render_text
from bot.live.cli import start
from tests.helpers.data import DATA, library_constituencies, needs_data

pytestmark = [needs_data, pytest.mark.filterwarnings("ignore::DeprecationWarning")]

DECLARED = 300
TOTAL = 650


def _time(row: dict[str, str]) -> dt.datetime:
    return dt.datetime.strptime(row["Declaration time"], "%d/%m/%Y %H:%M")


@pytest.fixture(scope="module")
def library():
    """The 2019 constituency rows in order of declaration (the file's order within a minute)."""
    return sorted(library_constituencies("2019"), key=_time)


@pytest.fixture(scope="module")
def first(library):
    return library[:DECLARED]


@pytest.fixture(scope="module")
def night(history_kb):
    night, plan = start(history_kb, "2019")
    for key in plan.keys[:DECLARED]:
        night.declare(key)
    return night, plan


@pytest.fixture(scope="module")
def counting(night):
    return night[0].view()[1]


def ask(engine, question: str) -> str:
    return render_text(engine.ask(question), everything=True)


def pct(value: float) -> str:
    return f"{100 * value:.1f}%"


def _votes(rows, party: str) -> int:
    return sum(int(r[party] or 0) for r in rows)


def _valid(rows) -> int:
    return sum(int(r["Valid votes"]) for r in rows)


def _winner(row) -> str:
    return "Lab" if row["First party"].startswith("Lab") else row["First party"]


def test_the_count_declared_the_librarys_first_300(night, first):
    night, plan = night
    assert {night.contests[k].ons_id for k in plan.keys[:DECLARED]} == {r["ONS ID"] for r in first}


# Gains and losses so far, by party -----------------------------------------------------------

GAINS = [
    ("how many seats have the conservatives gained so far?", "Con", "gained"),
    ("tory gains so far", "Con", "gained"),
    ("labour losses so far", "Lab", "lost"),
    ("how many seats has labour lost?", "Lab", "lost"),
    ("which seats have the snp gained?", "SNP", "gained"),
]


@pytest.mark.parametrize(("question", "party", "way"), GAINS, ids=[g[0] for g in GAINS])
def test_gains_and_losses_so_far(counting, first, question, party, way):
    # the Library writes Labour and Co-operative seats 'Lab Coop': they are Labour's
    pattern = rf"^{party}( Coop)? gain from" if way == "gained" else rf"gain from {party}( Coop)?$"
    seats = [r["Constituency name"] for r in first if re.search(pattern, r["Result"])]
    answer = counting.ask(question)
    text = render_text(answer, everything=True)
    assert f"{way} {len(seats)} seat" in text
    assert len(answer.items) == len(seats)
    assert "so far" in text.lower() and f"{DECLARED} of {TOTAL}" in text


def test_seats_changed_hands_so_far(counting, first):
    changed = sum("gain" in r["Result"] for r in first)
    text = ask(counting, "which seats have changed hands?")
    assert f"{changed} of {DECLARED} seats changed hands" in text


# A party's share and the turnout over the declared seats --------------------------------------

SHARES = [
    ("what is labour's share of the vote?", "Lab"),
    ("conservative vote share so far", "Con"),
    ("what's the lib dem share?", "LD"),
]


@pytest.mark.parametrize(("question", "party"), SHARES, ids=[s[0] for s in SHARES])
def test_a_partys_share_of_the_declared_seats(counting, first, question, party):
    share = _votes(first, party) / _valid(first)
    text = ask(counting, question)
    assert pct(share) in text
    assert f"{_votes(first, party):,} votes in the {DECLARED} seats declared so far" in text


@pytest.mark.parametrize(
    "question", ["what's the turnout so far?", "turnout so far", "what is turnout"]
)
def test_turnout_of_the_declared_seats(counting, first, question):
    turnout = _valid(first) / sum(int(r["Electorate"]) for r in first)
    text = ask(counting, question)
    assert f"in the {DECLARED} seats declared so far" in text and pct(turnout) in text


# Seats declared in a nation or region ----------------------------------------------------------

PLACES = [
    ("how many seats have declared in scotland?", "Country name", "Scotland"),
    ("results in London so far", "Region name", "London"),
    ("how many seats have declared in wales?", "Country name", "Wales"),
]


@pytest.mark.parametrize(("question", "column", "place"), PLACES, ids=[p[0] for p in PLACES])
def test_seats_declared_in_a_place(counting, library, first, question, column, place):
    here = [r for r in first if r[column] == place]
    seats = sum(1 for r in library if r[column] == place)
    text = ask(counting, question)
    assert f"{len(here)} of {seats} seats in {place}" in text
    assert f"Latest: {here[-1]['Constituency name']}." in text  # that place's own latest
    tally = Counter(_winner(r) for r in here)
    leader, most = tally.most_common(1)[0]
    assert f"{leader} {most}" in text


# The swing in the declared seats against the baseline (2017, the same seats) --------------------


def _history_2017(first):
    """2017's votes in the same seats, from the Library's 1918-2019 file (matched by the seat's
    id in that file, through its 2019 row's name)."""
    path = DATA / "historical" / "1918-2019election_results.csv"
    with path.open(encoding="cp1252", newline="") as handle:
        rows = [{k.strip(): v for k, v in r.items()} for r in csv.DictReader(handle)]

    def key(name: str) -> str:
        plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
        return re.sub(r"[^a-z]", "", plain.lower().replace("&", "and"))

    ids_2019 = {
        key(r["constituency_name"]): r["constituency_id"] for r in rows if r["election"] == "2019"
    }
    by_id_2017 = {r["constituency_id"]: r for r in rows if r["election"] == "2017"}
    return [by_id_2017[ids_2019[key(r["Constituency name"])]] for r in first]


def test_swing_in_the_declared_seats(counting, first):
    before = _history_2017(first)
    total = sum(int(r["total_votes"]) for r in before)
    con_then = sum(int(r["con_votes"] or 0) for r in before) / total
    lab_then = sum(int(r["lab_votes"] or 0) for r in before) / total
    con_now, lab_now = _votes(first, "Con") / _valid(first), _votes(first, "Lab") / _valid(first)
    swing = ((con_now - con_then) - (lab_now - lab_then)) / 2
    for question in ("what's the swing so far?", "swing from labour to the conservatives"):
        text = ask(counting, question)
        assert f"In the {DECLARED} seats declared so far" in text
        assert f"from Labour to Conservative is {pct(swing)}" in text
        assert f"Labour {pct(lab_then)} to {pct(lab_now)}" in text
        assert "vs 2017 in the same seats" in text


# The latest declaration, and when a given seat declared ---------------------------------------


def test_the_latest_and_the_first_declaration(counting, first):
    last = first[-1]
    for question in ("what was the latest declaration?", "what declared last?", "latest result"):
        text = ask(counting, question)
        assert f"was {last['Constituency name']} at {_time(last):%H:%M}" in text, question
        assert f"{DECLARED}th of {TOTAL}" in text
    text = ask(counting, "who was first to declare?")
    assert f"was {first[0]['Constituency name']} at {_time(first[0]):%H:%M}" in text


@pytest.mark.parametrize("index", [0, 41, 150, 299])
def test_when_a_seat_declared(counting, first, index):
    row = first[index]
    name = row["Constituency name"]
    text = ask(counting, f"when did {name} declare?")
    assert f"Yes: {name} declared at {_time(row):%H:%M}" in text
    assert f"{DECLARED} of {TOTAL} seats have declared so far" in text


def test_has_a_seat_declared_answers_from_the_count_never_a_story(counting, library):
    # Enfield Southgate is the 'Portillo moment' precedent's seat; it declared late in 2019
    later = {r["Constituency name"] for r in library[DECLARED:]}
    assert "Enfield, Southgate" in later
    text = ask(counting, "has Enfield Southgate declared?")
    assert "has not declared yet" in text and "Portillo" not in text
    declared = library[DECLARED - 1]["Constituency name"]
    assert "Yes:" in ask(counting, f"has {declared} declared yet?")


# Whether anyone has a majority yet, and who is ahead --------------------------------------------


def test_no_majority_yet_and_how_far(counting, first):
    tally = Counter(_winner(r) for r in first)
    con, lab = tally["Con"], tally["Lab"]
    for question in ("does anyone have a majority yet?", "is it a hung parliament?"):
        text = ask(counting, question)
        assert text.splitlines()[1].startswith("No party has a majority yet")
        assert (
            f"{con} seats of the {DECLARED} declared so far, {326 - con} short of the 326" in text
        )
        assert f"{326 - lab} short" in text
    for question in (
        "how far are the tories from a majority?",
        "how many more seats do the conservatives need?",
    ):
        assert f"{326 - con} short of the 326 needed" in ask(counting, question)


def test_who_is_ahead(counting, first):
    tally = Counter(_winner(r) for r in first)
    (lead, most), (_, second) = tally.most_common(2)
    assert lead == "Con"
    for question in ("who is ahead?", "who's winning", "who has the most seats so far"):
        text = ask(counting, question)
        assert f"The Conservatives lead with {most} seats of the {DECLARED} declared so far" in text
        assert f"{most - second} more than Labour ({second})" in text


# Every everyday question answers its own question, not the bare count --------------------------

EVERYDAY = [
    "labour losses so far",
    "what's the turnout so far?",
    "how many women have been elected so far?",
    "which mps have lost their seats so far?",
    "biggest majority so far",
    "what's the swing so far?",
    "who is winning?",
    "does anyone have a majority yet?",
    "what was the latest declaration?",
    "lib dem seats so far",
]


@pytest.mark.parametrize("question", EVERYDAY)
def test_everyday_questions_do_not_fall_back_to_the_count(counting, question):
    answer = counting.ask(question)
    assert not answer.title.startswith("Declared"), (question, answer.title)
    assert not answer.is_error
    text = render_text(answer)
    assert "so far" in text.lower() or "latest" in text.lower()


def test_after_the_count_the_same_questions_answer_for_the_whole_election(history_engine):
    text = ask(history_engine, "does anyone have a majority in 2019?")
    assert "365 of 650 seats" in text and "overall majority of 80" in text
    text = ask(history_engine, "which seat declared first in 2019?")
    assert "Newcastle upon Tyne Central at 23:27" in text
    text = ask(history_engine, "was 2017 a hung parliament?")
    assert "no party had a majority" in text


def test_a_story_about_a_count_never_answers_whether_a_seat_has_declared(night, history_kb):
    """Even with a curated account of a seat's count loaded (2024's, in the 2019 count here), 'has
    it declared' is answered from the count."""
    from bot.engine import Engine

    night, _ = night
    kb = dataclasses.replace(night.view()[0], precedents=history_kb.precedents)
    engine = Engine(kb)
    for question in ("when was south west norfolk declared", "has South West Norfolk declared?"):
        text = ask(engine, question)
        assert "South West Norfolk has not declared yet" in text, question
        assert "leisure centre" not in text and "King's Lynn" not in text


def test_national_so_far_lists_every_party_with_a_seat_and_adds_up(counting, first):
    text = ask(counting, "!national")
    table = [re.split(r"\s{2,}", line.strip()) for line in text.split("\n\n")[1].splitlines()[1:]]
    assert sum(int(row[1]) for row in table) == DECLARED
    tally = Counter(_winner(r) for r in first)
    seats = {row[0]: int(row[1]) for row in table}
    kb = counting.kb
    assert {kb.party_label(p): n for p, n in tally.items()}.items() <= seats.items()


def test_a_majority_reached_during_the_count(history_kb, library):
    wins = [_winner(row) == "Con" for row in library]
    reached = next(n for n in range(1, len(wins) + 1) if sum(wins[:n]) == 326)
    night, plan = start(history_kb, "2019")
    for key in plan.keys[:reached]:
        night.declare(key)
    text = ask(night.view()[1], "does anyone have a majority yet?")
    assert "Yes: the Conservatives have 326 seats so far" in text
    assert f"with {TOTAL - reached} still to declare" in text
