"""By-elections read from Parliament's files, answered as elections of their own, and the Commons
as it stands after them: every figure expected here is computed from the CSVs themselves."""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter, defaultdict
from dataclasses import replace

import pytest

from bot.answer import bio
from bot.engine import Engine
from bot.kb.build import SHIPPED_KNOWLEDGE, build
from bot.kb.sources import read_file
from bot.understand import byelections
from bot.understand.elections import Elections, find_elections
from bot.understand.rules import read_query
from tests.helpers.answers import ask
from tests.helpers.data import DATA, needs_data

pytestmark = needs_data

PARLIAMENT = DATA / "parliament"
BY_FOLDERS = sorted(PARLIAMENT.glob("*/by-elections"))
SOURCES = [SHIPPED_KNOWLEDGE, DATA / "ge2019", DATA / "ge2024", *BY_FOLDERS]


def rows(path) -> list[dict[str, str]]:
    """A file read independently of the bot's readers (BOM or not, headers and cells stripped)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [
            {k.strip(): (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)
        ]


def day(text: str) -> dt.date:
    return dt.datetime.strptime(text, "%d/%m/%Y").date()


def by_elections() -> list[dict]:
    """Every by-election: seat, date, winner, runner-up, majority (from the candidates' votes),
    the Library's result, and its Parliament's folder."""
    found = []
    for folder in BY_FOLDERS:
        grouped = defaultdict(list)
        for row in rows(folder / "candidacies.csv"):
            seat = row.get("ONS ID") or row.get("ONS ID2")
            grouped[(row["Election date"], seat)].append(row)
        for row in rows(folder / "constituencies.csv"):
            candidates = sorted(
                grouped[(row["By-election date"], row["ONS ID"])], key=lambda r: -int(r["Votes"])
            )
            found.append(
                {
                    "seat": row["Constituency name"],
                    "ons": row["ONS ID"],
                    "date": day(row["By-election date"]),
                    "winner": candidates[0],
                    "majority": int(candidates[0]["Votes"]) - int(candidates[1]["Votes"]),
                    "result": row["Result"],
                    "parliament": folder.parent.name,
                }
            )
    return found


@pytest.fixture(scope="module")
def by_kb():
    return build(SOURCES)


@pytest.fixture(scope="module")
def by_engine(by_kb):
    return Engine(by_kb)


# Reading the files -------------------------------------------------------------------------


def test_every_file_is_read_as_by_elections_with_its_quirks():
    for folder in BY_FOLDERS:
        for name in ("constituencies.csv", "candidacies.csv"):
            loaded = read_file(folder / name)
            assert loaded.kind.startswith("Parliament's by-election results"), (folder, name)
            assert loaded.contests and all(p.election.startswith("by-") for p in loaded.contests)
    # 58's candidate header says 'ONS ID2': the seats still carry their codes
    loaded = read_file(PARLIAMENT / "58" / "by-elections" / "candidacies.csv")
    assert all(p.ons_id and p.ons_id.startswith(("E14", "S14", "W07")) for p in loaded.contests)
    # '[x]': a count the Library does not give is not given, with a warning
    loaded = read_file(PARLIAMENT / "55" / "by-elections" / "constituencies.csv")
    not_given = [
        r
        for r in rows(PARLIAMENT / "55/by-elections/constituencies.csv")
        if r["Invalid votes"] == "[x]"
    ]
    parts = {p.name: p for p in loaded.contests}
    assert not_given and all(parts[r["Constituency name"]].invalid_votes is None for r in not_given)
    assert len([w for w in loaded.warnings if "[x]" in w.message]) == len(not_given)


def test_genders_are_one_vocabulary(by_kb):
    genders = Counter(
        c.gender for f in by_kb.by_elections for c in f.contest.candidacies if c.gender
    )
    assert set(genders) <= {"Male", "Female", "Non-binary"}, genders


def test_the_whole_parliament_folder_builds_and_2024_keeps_its_own_results():
    kb = build([SHIPPED_KNOWLEDGE, PARLIAMENT])
    expected = by_elections()
    assert len(kb.by_elections) == len(expected) == 65
    assert len(kb.contests["2024"]) == 650  # no by-election read as a second 2024 result
    runcorn = next(c for c in kb.contests["2024"].values() if c.name == "Runcorn and Helsby")
    ge2024 = rows(DATA / "ge2024" / "HoC-GE2024-results-by-constituency.csv")
    member = next(r for r in ge2024 if r["Constituency name"] == "Runcorn and Helsby")
    assert runcorn.candidacies[0].name.endswith(member["Member surname"])
    assert all(not kb.elections[e].by_election for e in kb.contests)


# Each by-election ----------------------------------------------------------------------------


def test_every_by_election_by_name_and_year(by_engine):
    wrong = []
    for by in by_elections():
        text = ask(by_engine, f"who won the {by['seat']} by-election in {by['date'].year}")
        surname = by["winner"]["Candidate surname"]
        wanted = [surname, f"majority {by['majority']:,}", f"{by['date']:%B %Y}"]
        if not all(w in text for w in wanted):
            wrong.append((by["seat"], by["date"], wanted, text[:300]))
    assert not wrong, wrong[:3]


def test_hold_or_gain_agrees_with_the_library(by_kb):
    published = {(b["ons"], b["date"]): b["result"].replace("Hold", "hold") for b in by_elections()}
    for facts in by_kb.by_elections:
        when = by_kb.elections[facts.contest.election].date
        said = facts.outcome.text(by_kb.abbreviations())
        assert said == published[(facts.contest.ons_id, when)], facts.contest.name


def test_runcorn_and_helsby(by_engine):
    by = next(b for b in by_elections() if b["seat"] == "Runcorn and Helsby")
    candidates = [
        r for r in rows(PARLIAMENT / "59/by-elections/candidacies.csv") if r["ONS ID"] == by["ons"]
    ]
    total = sum(int(r["Votes"]) for r in candidates)
    share = {r["Party abbreviation"]: 100 * int(r["Votes"]) / total for r in candidates}
    ge = [
        r
        for r in rows(DATA / "ge2024" / "HoC-GE2024-results-by-candidate.csv")
        if r["ONS ID"] == by["ons"]
    ]
    ge_total = sum(int(r["Votes"]) for r in ge)
    before = {r["Party abbreviation"]: 100 * int(r["Votes"]) / ge_total for r in ge}
    swing = ((share["RUK"] - before["RUK"]) - (share["Lab"] - before["Lab"])) / 2
    for text in (
        ask(by_engine, "Who won the Runcorn and Helsby by-election?"),
        ask(by_engine, "!result Runcorn and Helsby by-election"),
    ):
        assert "Pochin" in text and "Reform UK" in text
        assert "RUK gain from Lab" in text
        assert f"majority {by['majority']}" in text.lower() and by["majority"] == 6
        assert f"{swing:.1f}% from Labour to Reform UK" in text
        assert "2024 general election" in text
    card = ask(by_engine, "!result Runcorn and Helsby by-election")
    assert f"{share['RUK'] - before['RUK']:+.1f}pp" in card


def test_the_general_election_result_stays_and_says_the_member_changed(by_engine):
    text = ask(by_engine, "!result Runcorn and Helsby")
    assert text.splitlines()[0].startswith("Runcorn and Helsby: 2024 general election")
    changed = [line for line in text.splitlines() if "by-election" in line]
    assert len(changed) == 1
    assert "Pochin" in changed[0] and "Reform UK" in changed[0] and "1 May 2025" in changed[0]


def test_change_is_not_available_without_the_seat_s_named_general_election(by_engine):
    text = ask(by_engine, "who won the Oldham East and Saddleworth by-election in 2011")
    assert "Abrahams" in text and "not available" in text and "Lab hold" in text
    assert "pp" not in text


def test_a_by_election_we_do_not_hold_is_said_so(by_engine):
    text = ask(by_engine, "who won the Hendon by-election")
    assert "no by-election for 'hendon'" in text
    assert "only know UK general elections" in ask(by_engine, "who won the council by-election")


def test_without_by_elections_loaded_the_refusal_stays(engine):
    assert "only know UK general elections" in ask(engine, "who won the Runcorn by-election")


def test_lists_and_counts(by_engine):
    expected = by_elections()
    since = [b for b in expected if b["date"] > dt.date(2024, 7, 4)]
    text = ask(by_engine, "by-elections since 2024")
    assert f"{len(since)} by-elections" in text
    assert all(b["seat"] in text for b in since)
    lib_dem = [
        b
        for b in expected
        if dt.date(2019, 12, 12) < b["date"] < dt.date(2024, 7, 4)
        and b["result"].startswith("LD gain")
    ]
    text = ask(by_engine, "how many by-elections did the Liberal Democrats gain 2019-2024")
    assert f": {len(lib_dem)} by-elections" in text and len(lib_dem) == 4
    assert all(b["seat"] in text for b in lib_dem)


def _seats(found: list[dict]) -> set[str]:
    return {b["seat"] for b in found}


def _listed(text: str, expected: list[dict]) -> None:
    """The answer lists exactly these by-elections: its count, and every seat named."""
    assert f": {len(expected)} by-election" in text, text[:300]
    assert all(seat in text for seat in _seats(expected)), text[:300]


def test_a_party_or_a_place_before_by_election_is_not_taken_as_its_seat(by_engine):
    expected = by_elections()
    since_2019 = [b for b in expected if b["date"] > dt.date(2019, 12, 12)]
    lost = [b for b in since_2019 if b["result"].endswith("gain from Lab")]
    assert lost
    for asked in (
        "labour by-election losses since 2019",
        "!result labour by-election losses since 2019",
        "Seats Labour lost at by-elections since the 2019 general election",
    ):
        text = ask(by_engine, asked)
        assert "Seats Labour lost at by-elections since the 2019 general election" in text
        _listed(text, lost)
    won = [b for b in expected if b["result"].startswith("LD ")]
    _listed(ask(by_engine, "lib dem by-election wins"), won)
    changed = [b for b in expected if " gain from " in b["result"]]
    _listed(ask(by_engine, "how many seats changed hands at by-elections"), changed)
    since_2024 = [b for b in expected if b["date"] > dt.date(2024, 7, 4)]
    _listed(ask(by_engine, "by-elections since the last general election"), since_2024)
    scottish = [b for b in expected if b["ons"].startswith("S14")]
    text = ask(by_engine, "by-elections in scotland")
    assert "By-elections in Scotland" in text
    _listed(text, scottish)
    welsh_gains = [b for b in expected if b["ons"].startswith("W07") and " gain " in b["result"]]
    text = ask(by_engine, "how many seats changed hands at by-elections in wales")
    assert f": {len(welsh_gains)} by-election" in text


def test_the_seat_may_come_after_by_election(by_engine):
    hartlepool = next(b for b in by_elections() if b["seat"] == "Hartlepool")
    for asked in ("by election hartlepool", "who won the by-election in hartlepool"):
        assert hartlepool["winner"]["Candidate surname"] in ask(by_engine, asked), asked
    # a seat's name that holds a party's is still a name: no Greens' list for it
    text = ask(by_engine, "by-election in camberwick green")
    assert "no by-election for 'camberwick green'" in text


def test_a_by_election_answer_reads_only_the_query(by_engine):
    """The words are read once into Query.by_election: with the words gone, the same answer."""
    understanding = by_engine.understanding
    for asked in (
        "hartlepool by-election 2021",
        "tory by-election gains between 2010 and 2015",
        "how many by-elections in the north west since 2024",
    ):
        elections = find_elections(asked, understanding.known)
        query = read_query(understanding.finder.find(elections.rest), elections)
        assert query.what == "by_election" and query.by_election is not None
        wordless = replace(query, text="", words=None, elections=Elections())
        assert byelections.answer(by_engine.kb, wordless) == byelections.answer(by_engine.kb, query)
    asked = query.by_election
    assert (asked.start, asked.end) == (dt.date(2024, 7, 5), dt.date.max)
    assert asked.counting and not asked.singular and asked.name == ""


# The Commons now -------------------------------------------------------------------------------


def test_who_is_the_mp_for_the_seats_with_a_by_election_since_2024(by_engine):
    since = [b for b in by_elections() if b["date"] > dt.date(2024, 7, 4)]
    assert len(since) == 6
    for by in since:
        text = ask(by_engine, f"who is the MP for {by['seat']}")
        assert by["winner"]["Candidate surname"] in text, (by["seat"], text)
        assert "by-election" in text and f"{by['date'].day} {by['date']:%B %Y}" in text


def expected_commons() -> tuple[Counter, list[dict]]:
    """2024's seats from the Library's constituency file, each later by-election applied."""
    held = {
        r["ONS ID"]: r["First party"]
        for r in rows(DATA / "ge2024" / "HoC-GE2024-results-by-constituency.csv")
    }
    since = sorted(
        (b for b in by_elections() if b["date"] > dt.date(2024, 7, 4)), key=lambda b: b["date"]
    )
    for by in since:
        held[by["ons"]] = by["winner"]["Party abbreviation"]
    return Counter(held.values()), since


def test_state_of_the_parties_now(by_engine):
    seats, since = expected_commons()
    latest = since[-1]
    for asked in ("state of the parties now", "!national now"):
        text = ask(by_engine, asked)
        first = text.splitlines()[1]
        for party in ("Lab", "Con", "LD", "SNP", "RUK", "Green"):
            assert f"{party} {seats[party]}" in first, (party, first)
        assert f"{latest['seat']} by-election" in first and f"{latest['date']:%B %Y}" in first
        assert "defections" in text and "not counted" in text
        assert f"{len(since)} by-elections" in text
    assert (
        seats["Lab"],
        seats["Con"],
        seats["LD"],
        seats["SNP"],
        seats["RUK"],
        seats["Green"],
    ) == (
        409,
        122,
        72,
        8,
        6,
        5,
    )


def test_the_commons_counts_new_members_and_seats_changing_party(by_kb):
    from bot.commons import commons_now

    house = commons_now(by_kb)
    _, since = expected_commons()
    ge = {r["ONS ID"]: r for r in rows(DATA / "ge2024" / "HoC-GE2024-results-by-constituency.csv")}
    changed = [b for b in since if b["winner"]["Party abbreviation"] != ge[b["ons"]]["First party"]]
    new = [b for b in since if b["winner"]["Candidate surname"] != ge[b["ons"]]["Member surname"]]
    assert len(house.changes) == len(changed) == 3
    assert len(house.new_members) == len(new) == 5


@pytest.mark.parametrize(
    ("question", "now"),
    [
        ("state of the parties now", True),
        ("how many seats does the snp have now", True),
        ("how many mps does reform have today", True),
        ("how many women mps are there now", False),
        ("which seats does labour hold now", False),
        ("how many seats did labour win in 2024", False),
    ],
)
def test_which_questions_ask_for_the_commons_now(by_engine, question, now):
    text = ask(by_engine, question)
    assert ("as of the Clacton by-election" in text) is now, text[:200]


def test_a_by_election_without_a_seat(by_engine):
    latest = max(by_elections(), key=lambda b: (b["date"], b["seat"]))
    for asked in ("who won the latest by-election", "who won the by-election"):
        assert latest["winner"]["Candidate surname"] in ask(by_engine, asked)
    text = ask(by_engine, "!result by-election")
    assert "Which by-election?" in text and latest["seat"] in text


# People the general elections do not name -----------------------------------------------------


def test_every_by_election_winner_is_someone_to_ask_about(by_kb, by_engine):
    winners = {(f.contest.name, f.contest.election): f.winner.candidacy for f in by_kb.by_elections}
    assert len(winners) == len(by_elections()) and all(
        c.person_id in by_kb.people for c in winners.values()
    )
    new_since_2024 = [
        b
        for b in by_elections()
        if b["date"] > dt.date(2024, 7, 4) and b["winner"]["Sitting MP"] == "No"
    ]
    assert len(new_since_2024) >= 2
    for b in new_since_2024:
        winner = b["winner"]
        name = f"{winner['Candidate first name'].split()[0]} {winner['Candidate surname']}"
        text = ask(by_engine, f"who is {name}")
        assert f"MP for {b['seat']} since the by-election on" in text, text[:300]
        assert f"{b['date'].day} {b['date']:%B %Y}" in text
        assert "has not been an MP" not in ask(by_engine, f"how long has {name} been an mp")
        text = ask(by_engine, f"how many votes did {name} get in 2019")
        assert "did not stand" in text or " in 2019 (" in text  # of 2019, not the by-election


def test_a_by_election_mp_is_told_from_a_namesake_who_stood_before():
    """Parliament's 2017 file names a Sarah Pochin (Conservative, Bolton South East) with no
    id to link her by: the Reform UK MP elected in 2025 is the likelier reading, and the other
    is said."""
    engine = Engine(build([SHIPPED_KNOWLEDGE, PARLIAMENT]))
    runcorn = next(b for b in by_elections() if b["seat"] == "Runcorn and Helsby")
    surname = runcorn["winner"]["Candidate surname"]
    text = ask(engine, f"who is sarah {surname}")
    assert "Reform UK MP for Runcorn and Helsby since the by-election on" in text
    assert f"it could also mean Sarah {surname}" in text
    # with the year she stood, the 2017 candidate: her votes from Parliament's 2017 file
    # Parliament's 2017 file has no header row: seat name, surname and votes by position
    with (PARLIAMENT / "57" / "general-election" / "candidacies.csv").open(encoding="utf-8") as f:
        stood = next(r for r in csv.reader(f) if r[13] == surname)
    text = ask(engine, f"how many votes did sarah {surname} get in 2017")
    assert f"{int(stood[18]):,} votes in {stood[2]}" in text
    assert "Runcorn" not in text


def test_a_by_election_winner_since_gone_is_not_called_the_mp_now():
    """With only the sample's general elections (2019, 2024) and the 2015-2017 by-elections,
    their winners are named only at a by-election before the latest general election: elected
    then, not 'MP since'."""
    kb = build([SHIPPED_KNOWLEDGE, PARLIAMENT / "56" / "by-elections"])
    expected = [b for b in by_elections() if b["parliament"] == "56"]
    for b in expected:
        facts = next(f for f in kb.by_elections if f.contest.name == b["seat"])
        person = kb.people[facts.winner.candidacy.person_id]
        lead = bio.bio_lines(kb, person)[0]
        day = f"{b['date'].day} {b['date']:%B %Y}"
        assert lead.endswith(f"elected at the by-election on {b['date']:%A} {day}."), lead
