"""Free-text questions: phrasing tables per intent (what must be understood, what must not)."""

from __future__ import annotations

import re

import pytest

from bot.answer.text import render_text
from bot.understand.elections import find_elections
from bot.understand.rules import read_query
from tests.helpers.answers import ask
from tests.helpers.data import needs_data

pytestmark = needs_data


def intent_of(engine, question: str) -> str:
    """'scope:what', e.g. 'seat:turnout' or 'area:turnout'."""
    elections = find_elections(question, engine.understanding.known)
    query = read_query(engine.understanding.finder.find(elections.rest), elections)
    return f"{query.about}:{query.what}"


# Each row: a phrasing, and the facts its answer must contain.
UNDERSTOOD = {
    "winner": [
        ("Who won Islington North?", ["Jeremy Corbyn", "Independent", "Ind gain from Lab"]),
        ("who is the MP for hendon", ["David Pinto-Duschinsky", "majority of 15"]),
        ("Which party took Bristol Central?", ["Carla Denyer", "Green"]),
        ("Who won Bootle in 2019?", ["Peter Dowd", "34,556"]),
        ("who won norfolk south west", ["Terry Jermy"]),
    ],
    "majority": [
        ("What was the majority in Tatton?", ["1,136", "Esther McVey"]),
        ("How big was the margin in Hendon?", ["15", "smallest"]),
    ],
    "turnout": [
        ("What was the turnout in Manchester Rusholme?", ["40.0%"]),
        ("turnout in south west norfolk 2019", ["65.6%"]),
    ],
    "candidates": [
        ("Who stood in Hendon?", ["Ameet Jogia", "Joshua Pearl", "Jane Gibson"]),
        ("list the candidates in Clacton", ["Nigel Farage", "Giles Watling"]),
    ],
    "position": [
        ("Who came second in Islington North?", ["Praful Nargund", "2nd"]),
        ("who came third in South West Norfolk", ["Tobias McKenzie", "3rd"]),
        ("Who was runner-up in Clacton?", ["Giles Watling"]),
    ],
    "swing": [
        (
            "What was the swing from Conservative to Labour in Uxbridge and South Ruislip?",
            [r"8\.[45]%", "vs notional 2019"],
        ),
        ("swing from tories to labour in south west norfolk", ["25.9%", "vs notional 2019"]),
    ],
    "swing_needed": [
        ("What swing did Labour need to win South West Norfolk in 2019?", ["25.4%"]),
    ],
    "person_votes": [
        ("How many votes did Nigel Farage get?", ["21,225"]),
        ("how many votes did Liz Truss get in 2019", ["35,507"]),
    ],
    "person_share": [
        ("What was Rishi Sunak's share of the vote?", ["47.5%"]),
    ],
    "person_majority": [
        ("What was Keir Starmer's majority?", ["11,572"]),
        ("What was Tim Farron's majority in 2019?", ["1,934"]),
        ("What was Timothy Farron's majority in 2019?", ["1,934"]),
        ("What was Elizabeth Truss's majority in 2019?", ["26,195"]),
    ],
    "held_or_lost": [
        ("Did Thangam Debbonaire lose her seat?", ["Yes", "Carla Denyer"]),
        ("Did Esther McVey hold Tatton?", ["Yes", "1,136"]),
        ("Did Penny Mordaunt hold her seat?", ["No", "Amanda Martin"]),
    ],
    "person_party": [
        ("Which party did Boris Johnson stand for in 2019?", ["Conservative"]),
    ],
    "gap": [
        ("What was the gap between Liz Truss and Terry Jermy?", ["630 votes"]),
        ("How many votes separated Liz Truss and Terry Jermy?", ["630 votes ahead"]),
    ],
    "person": [
        ("Who is Toby McKenzie?", ["Reform", "teacher"]),
        ("tell me about Sian Berry", ["Brighton Pavilion", "Green"]),
    ],
    "party_seats": [
        ("How many seats did the Lib Dems win?", [r"\b72 seats"]),
        ("How many seats did the SNP win in 2019?", [r"\b48 seats"]),
        ("How many seats did the Greens win in 2024?", [r"\b4 seats"]),
        ("how many seats did labour get", ["411", "Labour and Co-operative"]),
    ],
    "party_votes": [
        ("What share of the vote did Reform UK get nationally?", ["14.3%"]),
        ("How many votes did the Tories get in 2019?", ["13,966,454"]),
    ],
    "seats_won": [
        (
            "Which seats did Plaid Cymru win?",
            ["Ynys Môn", "Caerfyrddin", "Dwyfor Meirionnydd", "Ceredigion Preseli"],
        ),
    ],
    "ranking": [
        ("Which seat had the lowest turnout in 2024?", ["Manchester Rusholme"]),
        (
            "Which seat had the smallest majority in 2019?",
            ["Fermanagh and South Tyrone", r"\b57\b"],
        ),
        ("Which seat had the largest majority in 2019?", ["Knowsley", "39,942"]),
        ("Which winner had the highest vote share in 2024?", ["Chorley|Liverpool Walton"]),
        ("What were the 5 smallest majorities?", ["Hendon", "Poole", "Central Devon"]),
        ("Which winner had the lowest share of the vote?", ["South West Norfolk", "26.7%"]),
        ("Which candidate got the most votes in 2024?", ["Westmorland and Lonsdale", "31,061"]),
    ],
    "changed_hands": [
        ("How many seats changed hands in 2024?", [r"\b303\b"]),
        ("How many seats did the Conservatives lose?", [r"\b252\b"]),
        (
            "How many seats did Labour gain from the Conservatives?",
            [r"gained 182 seats from the Conservatives"],
        ),
        (
            "How many seats did the Conservatives lose to the Lib Dems?",
            [r"lost 60 seats to the Liberal Democrats"],
        ),
    ],
    "defeated": [
        ("How many sitting MPs lost their seats?", [r"\b218\b"]),
        ("How many Conservative MPs were defeated?", [r"\b175\b"]),
    ],
    "national": [
        ("Who won the most seats?", ["Labour won 411"]),
        ("Who won the last election?", ["Labour won 411"]),
    ],
    "national_swing": [
        ("What was the national swing from Conservative to Labour?", ["10.8%", "vs actual 2019"]),
    ],
    "gender": [
        ("How many women MPs were elected in 2024?", ["263 women"]),
    ],
    "candidate_count": [
        ("How many candidates stood in 2024?", ["4,515 candidates"]),
    ],
    "party_in_seat": [
        ("What was the Labour share in Hendon?", ["38.4%", "vs notional 2019"]),
        ("How many votes did Reform get in Clacton?", ["21,225"]),
    ],
    "precedent": [
        (
            "When did a former prime minister last lose their seat?",
            ["Liz Truss", "MacDonald", "1935"],
        ),
        (
            "Who was the last former prime minister to lose their seat before Liz Truss?",
            ["MacDonald"],
        ),
        ("What is a Portillo moment?", ["Portillo", "1997"]),
        ("What happened to Michael Portillo in 1997?", ["lost", "1997"]),
        ("how long was liz truss prime minister", ["49 days"]),
        ("Who was the shortest-serving prime minister?", ["Truss"]),
        ("Has an ex-PM ever lost their seat?", ["MacDonald"]),
        ("Who were the Turnip Taliban?", ["James Bagge"]),
        ("Where was the South West Norfolk count?", ["King's Lynn", "06:48"]),
        ("What did the polls say about Liz Truss?", ["Survation", "28%"]),
        ("Did Liz Truss attend the hustings?", ["hustings"]),
    ],
}

CASES = [(intent, q, facts) for intent, rows in UNDERSTOOD.items() for q, facts in rows]


@pytest.mark.parametrize(
    ("intent", "question", "facts"), CASES, ids=[f"{c[0]}:{c[1]}" for c in CASES]
)
def test_understood(engine, intent, question, facts):
    text = ask(engine, question)
    for fact in facts:
        assert re.search(fact, text), f"{fact!r} not in answer to {question!r}:\n{text}"


# Near-misses: phrasings that must NOT be taken for the intent next to them.
NEAR_MISSES = [
    ("How many seats changed hands in 2024?", "person:bio"),  # 'hands' is also a surname
    ("What was the majority in Tatton?", "area:ranking"),  # no superlative: one seat
    ("What was the turnout in 2019?", "seat:turnout"),  # no seat: the national figure
    ("Who won the most seats?", "seat:winner"),  # not a seat called 'most'
    ("How many votes did Reform get?", "person:person_votes"),  # a party, not a person
    ("Did Penny Mordaunt hold her seat?", "person:bio"),  # a yes/no question, not a biography
]


@pytest.mark.parametrize(("question", "not_intent"), NEAR_MISSES)
def test_near_misses(engine, question, not_intent):
    assert intent_of(engine, question) != not_intent


@pytest.mark.parametrize(
    "question", ["who is the MP for South West Norfolk?", "who is the mp for south west norfolk"]
)
def test_a_curated_story_sharing_a_seats_name_does_not_answer_another_question(
    shipped_engine, question
):
    """'Where was the South West Norfolk count?' is curated; asking its MP shares the seat's
    name, not the question: the seat's winner, not the count's story."""
    text = ask(shipped_engine, question)
    assert "Terry Jermy" in text and "King's Lynn" not in text
    assert "King's Lynn" in ask(shipped_engine, "wher was the south west norfolk count")  # a slip


def test_yes_no_follows_the_question(engine):
    assert ask(engine, "Did Liz Truss lose her seat?").splitlines()[1].startswith("Yes")
    assert ask(engine, "Did Liz Truss keep her seat?").splitlines()[1].startswith("No")
    assert ask(engine, "Did Liz Truss hold her seat in 2019?").splitlines()[1].startswith("Yes")


@pytest.mark.parametrize(
    "question", ["zxqv plorb", "what is the weather like", "what time is it", "hello", "", "???"]
)
def test_nonsense_gets_help_not_a_guess(engine, question):
    answer = engine.ask(question)
    assert answer.kind == "help"
    assert "majority of" not in render_text(answer)


def test_ambiguous_seat_asks(engine):
    answer = engine.ask("Who won Norwich?")
    assert answer.kind == "choice" and {c.label for c in answer.choices} == {
        "Norwich North",
        "Norwich South",
    }


def test_unknown_year_is_refused(engine):
    text = ask(engine, "Who won Hendon in 2031?")
    assert "don't have results for a general election in 2031" in text
    assert "Pinto-Duschinsky" not in text


def test_person_who_did_not_stand_that_year(engine):
    text = ask(engine, "How many votes did Nigel Farage get in 2019?")
    assert "did not stand in 2019" in text


def test_baseline_and_source_are_named(engine):
    text = ask(engine, "What was the swing in Hendon?")
    assert "vs notional 2019" in text and "Open Parliament Licence" in text


def test_candidate_command(engine):
    text = ask(engine, "!candidate Sian Berry")
    assert "Brighton Pavilion" in text and "Green" in text
    text = ask(engine, "!candidate Liz Truss")
    rows = [line.split() for line in text.splitlines() if line.endswith(("+26,195", "-630"))]
    assert rows == [
        ["2024", "South", "West", "Norfolk", "Con", "11,217", "25.3%", "2nd", "-630"],
        ["2019", "South", "West", "Norfolk", "Con", "35,507", "69.0%", "1st", "+26,195"],
    ]
    assert "couldn't find a candidate" in ask(engine, "!candidate Zzyzx Qwerty")


# Seen in review: each of these once got a confident wrong answer.
@pytest.mark.parametrize(
    ("question", "must", "must_not"),
    [
        ("What was Keir Starmers majority", "11,572", "Mark Keir"),  # apostrophe left off
        (
            "What is the capital of France?",
            "didn't understand",
            "Isabelle France",
        ),  # a lone surname
        (
            "Which party did Jeremy Corbyn stand for in 2024?",
            "as an independent",
            "for Independent",
        ),
        (
            "Which constituency had the smallest electorate?",
            "Na h-Eileanan an Iar",
            "didn't understand",
        ),
        ("What was the swing in Clacton?", "Reform UK did not stand", "was 0"),
    ],
)
def test_review_regressions(engine, question, must, must_not):
    text = ask(engine, question)
    assert must in text and must_not not in text, text


@pytest.mark.parametrize(
    ("question", "facts"),
    [
        ("Did Labour win Clacton?", ["No:", "Nigel Farage", "3rd"]),
        ("Did the Conservatives hold Tatton?", ["Yes:", "Con hold", "1,136"]),
        ("!result 2019 Hendon", ["Hendon: 2019 general election", "Matthew Offord"]),
        ("What was the majority in Hendon?", ["the smallest of 650"]),
    ],
)
def test_yes_no_about_parties_and_word_order(engine, question, facts):
    text = ask(engine, question)
    for fact in facts:
        assert fact in text, text


def test_a_common_surname_lists_people(engine):
    answer = engine.ask("!candidate Smith")
    assert answer.kind == "choice" and len(answer.choices) == 5
    assert "more: give the full name" in answer.lines[0]
