"""Who is standing, before the results: nominations from YAML or the Library's layout (blank votes)."""

from __future__ import annotations

import csv

import pytest

from bot.answer.text import render_text
from bot.engine import Engine
from bot.kb.build import SHIPPED_KNOWLEDGE, KnowledgeBaseError, build
from tests.helpers.data import DATA, needs_data
from tests.helpers.nominations import CANDIDATES_2024, NEXT_ELECTION, blank_votes, official


@pytest.fixture(scope="module")
def nominated(tmp_path_factory):
    """2019's results, and who stood in 2024 with no votes: the night before the count."""
    folder = tmp_path_factory.mktemp("nominations")
    blank_votes(CANDIDATES_2024, folder / "HoC-GE2024-candidates.csv")
    kb = build([SHIPPED_KNOWLEDGE, DATA / "ge2019", folder])
    return kb, Engine(kb)


@needs_data
def test_nominations_make_the_election_one_being_counted(nominated):
    kb, _ = nominated
    progress = kb.progress["2024"]
    # 650 seats nominated; the shipped knowledge's curated South West Norfolk result has declared
    assert progress.total == 650
    assert [kb.contests["2024"][k].name for k in progress.order] == ["South West Norfolk"]
    assert len(kb.nominations["2024"].keys() | kb.contests["2024"].keys()) == 650
    assert all(c.votes == 0 for n in kb.nominations["2024"].values() for c in n.candidacies)
    assert kb.latest_election().id == "2024"


@needs_data
def test_who_is_standing_and_result_of_an_undeclared_seat(nominated):
    _, engine = nominated
    names = [name for name, _ in official("Hendon")]
    for question in ("who is standing in Hendon?", "!result Hendon", "who won Hendon?"):
        text = render_text(engine.ask(question))
        assert "Hendon has not declared yet at the 2024 general election" in text, question
        assert f"Standing ({len(names)}):" in text
        assert all(name in text for name in names)
        assert "15,855" not in text  # no result is known, so none is shown
    # the previous result, from the 2019 results loaded (no notional 2019 here)
    assert "Matthew Offord (Conservative) won with a majority of 4,230" in text


@needs_data
def test_national_before_most_seats_declare(nominated):
    _, engine = nominated
    text = render_text(engine.ask("!national"))
    assert "1 of 650 seats declared so far at the 2024 general election" in text
    assert "649 seats are still to declare" in text
    left = render_text(engine.ask("how many seats are left?"))
    assert "649 of 650 seats still to declare" in left


@needs_data
def test_a_person_standing_is_said_to_be_standing(nominated):
    _, engine = nominated
    text = render_text(engine.ask("!candidate David Pinto-Duschinsky"))
    assert "Standing in Hendon (Labour) at the 2024 general election" in text
    assert "2019" in text  # and their earlier record, which is known


def test_yaml_nominations_and_a_half_given_result(tmp_path):
    (tmp_path / "standing.yaml").write_text(
        "contests:\n"
        "  - election: '2024'\n"
        "    constituency: South West Norfolk\n"
        "    candidates:\n"
        "      - {name: Terry Jermy, party: Labour}\n"
        "      - {name: Liz Truss, party: Conservative}\n"
        "  - election: '2024'\n"
        "    constituency: North West Norfolk\n"
        "    candidates:\n"
        "      - {name: James Wild, party: Con}\n"
        "      - {name: Tim Leaver, party: Lab}\n",
        encoding="utf-8",
    )
    kb = build([SHIPPED_KNOWLEDGE, tmp_path])
    # the shipped curated result for South West Norfolk stands; North West Norfolk waits
    assert len(kb.progress["2024"].order) == 1 and kb.progress["2024"].total == 2
    text = render_text(Engine(kb).ask("!result North West Norfolk"))
    shown = kb.parties["Con"].label  # the party's display name, as every answer writes it
    assert "has not declared yet" in text and f"James Wild ({shown})" in text
    (tmp_path / "standing.yaml").write_text(
        "contests:\n"
        "  - election: '2024'\n"
        "    constituency: North West Norfolk\n"
        "    candidates:\n"
        "      - {name: James Wild, party: Con, votes: 17000}\n"
        "      - {name: Tim Leaver, party: Lab}\n",
        encoding="utf-8",
    )
    with pytest.raises(KnowledgeBaseError) as error:
        build([SHIPPED_KNOWLEDGE, tmp_path])
    problem = error.value.problems[0]
    assert problem.file.endswith("standing.yaml") and problem.line == 2
    assert "votes are missing for Tim Leaver" in problem.message


@needs_data
def test_library_layout_with_one_seat_half_blank_is_refused_at_its_line(tmp_path):
    rows = blank_votes(CANDIDATES_2024, tmp_path / "HoC-GE2024-candidates.csv", keep={"Hendon"})
    hendon = [i for i, row in enumerate(rows) if row["Constituency name"] == "Hendon"]
    rows[hendon[1]]["Votes"] = ""
    with (tmp_path / "HoC-GE2024-candidates.csv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(KnowledgeBaseError) as error:
        build([tmp_path])
    problem = error.value.problems[0]
    assert problem.line == hendon[1] + 2  # the header is line 1
    assert "Votes is blank" in problem.message and "Hendon" in problem.message


@needs_data
def test_before_any_seat_declares(tmp_path):
    blank_votes(CANDIDATES_2024, tmp_path / "HoC-GE2024-candidates.csv")
    engine = Engine(build([DATA / "ge2019", tmp_path]))
    assert "0 of 650 seats declared so far" in render_text(engine.ask("!national"))
    assert "650 of 650 seats still to declare" in render_text(
        engine.ask("how many seats are left?")
    )
    with CANDIDATES_2024.open(encoding="utf-8-sig", newline="") as handle:
        welsh = {r["ONS ID"] for r in csv.DictReader(handle) if r["Country name"] == "Wales"}
    wales = render_text(engine.ask("labour seats in wales"))
    assert f"None of the {len(welsh)} seats in Wales has declared yet" in wales
    assert "No seat has declared yet" in render_text(engine.ask("biggest majority in 2024"))
    starmer = render_text(engine.ask("!candidate Keir Starmer"))
    assert "Standing in Holborn and St Pancras (Labour)" in starmer
    assert "not among the candidates" not in starmer


@needs_data
def test_the_next_election_with_some_seats_nominated(tmp_path):
    """An election after our files: defined in YAML, with who stands in one seat so far."""
    (tmp_path / "next.yaml").write_text(NEXT_ELECTION, encoding="utf-8")
    kb = build([SHIPPED_KNOWLEDGE, DATA / "ge2024", tmp_path])
    engine = Engine(kb)
    assert kb.progress["2029"].total == 650  # as many seats as 2024 had, though one is named
    assert "0 of 650 seats declared so far at the 2029" in render_text(engine.ask("!national"))
    card = render_text(engine.ask("!result Hendon"))
    assert "Hendon has not declared yet at the 2029 general election" in card
    assert "Last time (2024): David Pinto-Duschinsky (Labour) won with a majority of 15" in card
    assert "Who is standing: next.yaml" in card
    # the MP standing again is the same person as the 2024 winner (same name, same seat)
    person = render_text(engine.ask("!candidate David Pinto-Duschinsky"))
    assert "Standing in Hendon" in person and "elected in 2024" in person
    assert "not among the candidates of 2029" not in person
    national = render_text(engine.ask("!national 2029"))
    assert "no Commons Library briefing yet" in national and "Open Parliament" not in national
