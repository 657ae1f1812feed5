"""A century of results: the 1918-2019 file, seat lineage, and facts computed across time."""

from __future__ import annotations

import csv

import pytest

from bot import seat_history
from bot.kb.build import SHIPPED_KNOWLEDGE, build
from bot.kb.sources.base import csv_rows
from bot.kb.sources.historical import read_historical
from tests.helpers.answers import ask
from tests.helpers.data import DATA, library_constituencies, needs_data

pytestmark = needs_data
HISTORICAL = DATA / "historical" / "1918-2019election_results.csv"


def test_every_election_is_read(history_kb):
    elections = [e.id for e in history_kb.real_elections()]
    assert elections[0] == "1918" and elections[-1] == "2024" and len(elections) == 29
    assert elections.index("1974F") < elections.index("1974O")
    assert len(history_kb.contests["1918"]) == 688
    assert sum(len(history_kb.contests[e]) for e in elections) == 17_698 - 650 + 650 + 650
    ynys = [c for c in history_kb.contests["2005"].values() if c.name == "Ynys Môn"]
    assert ynys, "the cp1252 'ô' must decode"


def test_file_quirks():
    loaded = read_historical(HISTORICAL, list(csv_rows(HISTORICAL, "cp1252")))
    by_key = {(p.election, p.name): p for p in loaded.contests}
    universities = by_key[("1935", "Combined English Universities")]
    assert universities.seats == 2 and universities.unopposed
    assert {c["party"] for c in universities.candidacies} == {"Con", "Oth"}
    assert by_key[("1983", "Norfolk South West")].candidacies[1]["party"] == "SDPLib"
    chorley = by_key[("2019", "Chorley")]  # the Speaker: everything under 'oth'
    assert [(c["party"], c["votes"]) for c in chorley.candidacies] == [("Oth", 39_870)]
    assert ("1918", "Louth (Ireland)") in by_key and ("1918", "Louth") in by_key
    assert all(p.name == p.name.strip() for p in loaded.contests)


def test_2019_agrees_with_the_candidate_files(history_kb):
    """Every 2019 seat: the Library's 1918-2019 file and its 2019 candidate file give the same votes."""
    loaded = read_historical(HISTORICAL, list(csv_rows(HISTORICAL, "cp1252")))
    party_level = {p.ons_id: p for p in loaded.contests if p.election == "2019"}
    assert len(party_level) == 650
    disagreements = []
    for contest in history_kb.contests["2019"].values():
        assert not contest.party_level  # the named candidates won the layering
        old = party_level[contest.ons_id]
        old_votes = {c["party"]: c["votes"] for c in old.candidacies}
        new_votes: dict[str, int] = {}
        for candidacy in contest.candidacies:
            new_votes[candidacy.party] = new_votes.get(candidacy.party, 0) + candidacy.votes
        for party in ("Con", "Lab", "LD"):
            if old_votes.get(party, 0) != new_votes.get(party, 0):
                disagreements.append(
                    (contest.name, party, old_votes.get(party), new_votes.get(party))
                )
        if old.valid_votes != contest.valid_votes:
            disagreements.append((contest.name, "total", old.valid_votes, contest.valid_votes))
    assert disagreements == []


def test_named_results_win_whatever_the_order():
    later = build([SHIPPED_KNOWLEDGE, DATA / "ge2019", DATA / "historical"])
    assert later.report.kept_detail == 650
    assert not any(c.party_level for c in later.contests["2019"].values())


def test_south_west_norfolk_lineage(history_kb):
    swn = next(c for c in history_kb.contests["2024"].values() if c.name == "South West Norfolk")
    line = seat_history.seat_line(history_kb, swn)
    assert [f.contest.name for f in line[:2]] == ["Norfolk South Western", "Norfolk South Western"]
    winners = {f.contest.election: f.winner.party for f in line}
    run = [e for e in winners if "1964" <= e[:4] <= "2019"]
    assert all(winners[e] == "Con" for e in run) and len(run) == 16
    assert winners["1959"] == "Lab" and winners["2024"] == "Lab"
    index = len(line) - 1
    assert seat_history.last_won_before(history_kb, line, "Lab", index).contest.election == "1959"
    streak = seat_history.streak_at(history_kb, line, index - 1)
    assert (streak.first.contest.election, streak.wins, streak.ended_by.contest.election) == (
        "1964",
        16,
        "2024",
    )


def test_result_card_gains_a_line_of_history(history_engine):
    text = ask(history_engine, "!result South West Norfolk")
    assert "The first Labour win here since 1959." in text
    text = ask(history_engine, "!result South West Norfolk 2019")
    assert "The 16th consecutive Conservative win here, a run going back to 1964." in text


@pytest.mark.parametrize(
    ("question", "facts"),
    [
        ("When did Labour last win South West Norfolk?", ["2024", "first win there since 1959"]),
        (
            "How long had the Conservatives held South West Norfolk?",
            ["from 1964", "16 consecutive wins", "2024"],
        ),
        ("Who held Enfield Southgate before 1997?", ["Conservative", "1992", "Portillo"]),
        (
            "History of South West Norfolk",
            ["1959", "1964", "ending 16 consecutive Conservative wins"],
        ),
        ("How many seats did Labour win in 1945?", [r"\d{3} seats", "differ from the official"]),
        ("What was the turnout in 1950?", ["83.9%"]),
        ("When did Labour first win South West Norfolk?", ["1929"]),
        ("Which election had the lowest turnout?", ["1918"]),
    ],
)
def test_history_questions(history_engine, question, facts):
    import re

    text = ask(history_engine, question)
    for fact in facts:
        assert re.search(fact, text), f"{fact!r} not in:\n{text}"


def test_party_level_results_name_parties_not_people(history_engine):
    text = ask(history_engine, "!result South West Norfolk 1959")
    assert "Labour won the seat: Lab hold." in text
    assert "(not named)" in text and "votes by party group only" in text


def test_seaham_1935_uses_curated_names(history_engine):
    text = ask(history_engine, "!result Seaham 1935")
    assert "Lab gain from Oth" in text and "Ramsay MacDonald" in text and "Shinwell" in text


def test_unopposed_returns_are_said_plainly(history_engine):
    text = ask(history_engine, "!result Cornwall St Ives 1931")
    assert "Returned unopposed" in text and "Majority" not in text


def test_margins_leave_out_lumped_others(history_kb):
    from bot.kb.knowledge import RANKED_MEASURES

    antrim = next(
        c for c in history_kb.contests["1979"].values() if c.name.strip() == "Antrim South"
    )
    assert RANKED_MEASURES["majority"](history_kb.facts_for(antrim)) is None
    assert RANKED_MEASURES["turnout"](history_kb.facts_for(antrim)) is not None


def test_national_seat_counts_match_the_library_for_2019(history_kb):
    rows = library_constituencies("2019")
    assert len(rows) == len(history_kb.contests["2019"])
    seats = {p.party: p.seats for p in history_kb.national["2019"].parties}
    assert seats["Con"] == 365 and seats["Lab"] == 202


def test_1945_labour_landslide(history_kb):
    national = history_kb.national["1945"]
    assert national.parties[0].party == "Lab"
    assert 380 <= national.party("Lab").seats <= 393  # the file counts multi-member seats once
    with HISTORICAL.open(encoding="cp1252", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["election"] == "1945"]
    assert len(national.contests) == len(rows) == 620


def test_an_old_name_offers_todays_seats(history_engine):
    for question in ("!result Norwich", "Who won Norwich?"):
        answer = history_engine.ask(question)
        assert answer.kind == "choice"
        assert [c.label for c in answer.choices] == [
            "Norwich North",
            "Norwich South",
            "Norwich (1945)",
        ]
    assert history_engine.ask("!result Norwich 1945").title.startswith("Norwich: 1945")


def test_history_embeds_fit_discord(history_kb, history_engine):
    from bot.answer.embeds import FIELD_VALUE, TOTAL, render_embeds

    for question in (
        "History of South West Norfolk",
        "History of Orkney and Shetland",
        "!result South West Norfolk",
    ):
        for embed in render_embeds(history_engine.ask(question)):
            assert len(embed) <= TOTAL and all(len(f.value) <= FIELD_VALUE for f in embed.fields)


def test_a_party_line_and_an_old_name_join_one_history(history_engine):
    """Orkney and Shetland: Liberal from 1950, Alliance in 1983 and 1987, Liberal Democrat since;
    'Orkney and Zetland' (1955-1970) is the same seat by a curated alias."""
    text = ask(history_engine, "How long have the Lib Dems held Orkney and Shetland?")
    assert "have held Orkney and Shetland since 1950: 21 consecutive wins, 1950-2024" in text
    assert "Orkney And Zetland" in text


def test_streaks_stop_at_a_gap(history_engine):
    """Sedgefield was not fought from February 1974 to 1979: the seat of 1983 is a new one."""
    text = ask(history_engine, "!result Sedgefield 1983")
    assert "consecutive" not in text and "Lab win." in text
    assert "No contest under this name between 1970 and 1983" in ask(
        history_engine, "History of Sedgefield"
    )


def test_no_history_line_across_a_gap(history_engine):
    text = ask(history_engine, "!result Bristol Central")
    assert "Carla Denyer (Green) elected: Green gain from Lab." in text
    assert "first win here" not in text


def test_1974_asks_which_election(history_engine):
    answer = history_engine.ask("What was the turnout in 1974?")
    assert answer.kind == "choice"
    assert [c.label for c in answer.choices] == ["February 1974", "October 1974"]
    assert "78.8%" in ask(history_engine, answer.choices[0].command)
