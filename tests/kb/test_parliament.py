"""Parliament's results data (2010-2024 named results) against the files themselves.

Every expected figure here is computed from the CSVs in the test, read with the csv module,
not from the bot's readers.
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict

import pytest

from bot.answer.text import render_text
from bot.kb.byelections import is_by_election
from bot.kb.sources import KnowledgeFileError, read_file
from bot.text import fold
from tests.helpers.data import DATA, needs_data

pytestmark = needs_data

PARLIAMENT = DATA / "parliament"
FOLDERS = {"2010": "55", "2015": "56", "2017": "57", "2019": "58"}


def _rows(year: str, kind: str) -> list[list[str]]:
    path = PARLIAMENT / FOLDERS[year] / "general-election" / f"{kind}.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def _candidates(year: str) -> dict[str, list[list[str]]]:
    """Candidate rows by ONS code, most votes first."""
    seats: dict[str, list[list[str]]] = defaultdict(list)
    for row in _rows(year, "candidacies"):
        seats[row[0]].append(row)
    for rows in seats.values():
        rows.sort(key=lambda r: -int(r[18]))
    return seats


# Reading the files ------------------------------------------------------------------------


@pytest.mark.parametrize("year", FOLDERS)
def test_headerless_files_are_read_by_their_content(year):
    folder = PARLIAMENT / FOLDERS[year] / "general-election"
    candidates = read_file(folder / "candidacies.csv")
    constituencies = read_file(folder / "constituencies.csv")
    assert candidates.kind == f"Commons Library results by candidate ({year})"
    assert constituencies.kind == f"Commons Library results by constituency ({year})"
    assert len(constituencies.contests) == 650
    assert sum(len(p.candidacies) for p in candidates.contests) == len(_rows(year, "candidacies"))
    # Trailing spaces in region names ("East of England ") are gone.
    assert all(p.region == p.region.strip() for p in constituencies.contests)


def test_by_election_files_are_never_general_election_contests():
    for path in sorted(PARLIAMENT.glob("*/by-elections/*.csv")):
        loaded = read_file(path)
        assert "by-election" in loaded.kind and loaded.contests
        assert all(is_by_election(part.election) for part in loaded.contests)


def test_a_blank_sitting_mp_flag_is_not_given_with_a_warning():
    path = PARLIAMENT / "55" / "general-election" / "candidacies.csv"
    blank = [r for r in _rows("2010", "candidacies") if not r[15].strip()]
    loaded = read_file(path)
    said = [w.message for w in loaded.warnings if "Sitting MP" in w.message]
    assert said == [
        f"Sitting MP is not given in {len(blank)} rows (first: {blank[0][2]}); taken as not a sitting MP"
    ]


def test_not_given_figures_are_warnings_and_votes_not_given_are_refused(tmp_path):
    header = (PARLIAMENT / "59" / "general-election" / "constituencies.csv").read_text(
        encoding="utf-8-sig"
    )
    lines = header.splitlines()
    cells = lines[1].split(",")
    cells[16] = "[x]"  # Invalid votes
    path = tmp_path / "HoC-GE2024-results-by-constituency.csv"
    path.write_text("\n".join([lines[0], ",".join(cells)]) + "\n", encoding="utf-8")
    loaded = read_file(path)
    assert loaded.contests[0].invalid_votes is None
    assert "Invalid votes is not given in 1 row" in loaded.warnings[0].message

    candidates = (PARLIAMENT / "59" / "general-election" / "candidacies.csv").read_text(
        encoding="utf-8-sig"
    )
    first, row = candidates.splitlines()[:2]
    cells = row.split(",")
    cells[20] = "[x]"  # Change
    marked = tmp_path / "HoC-GE2024-results-by-candidate.csv"
    marked.write_text(f"{first}\n{','.join(cells)}\n", encoding="utf-8")
    loaded = read_file(marked)
    assert loaded.contests[0].candidacies[0]["published_change"] is None
    assert "Change is not given in 1 row" in loaded.warnings[0].message
    cells[20] = "rising"
    marked.write_text(f"{first}\n{','.join(cells)}\n", encoding="utf-8")
    with pytest.raises(KnowledgeFileError, match=r"Change is not a number: 'rising'"):
        read_file(marked)
    cells[20] = ""
    cells[18] = "[x]"  # Votes
    bad = tmp_path / "HoC-GE2024-results-by-candidate.csv"
    bad.write_text(f"{first}\n{','.join(cells)}\n", encoding="utf-8")
    with pytest.raises(KnowledgeFileError, match=r"Votes are not given"):
        read_file(bad)


def test_a_headerless_file_that_cannot_say_its_election_is_refused_clearly(tmp_path):
    source = PARLIAMENT / "56" / "general-election" / "candidacies.csv"
    copy = tmp_path / "candidacies.csv"
    copy.write_bytes(source.read_bytes())
    with pytest.raises(KnowledgeFileError, match="nothing says which election"):
        read_file(copy)
    named = tmp_path / "HoC-GE2015-results-by-candidate.csv"
    named.write_bytes(source.read_bytes())
    assert read_file(named).kind == "Commons Library results by candidate (2015)"


def test_declaration_times_are_kept_day_first(named_engine):
    text = render_text(named_engine.ask("!result South West Norfolk 2010"))
    rows = {r[2]: r for r in _rows("2010", "constituencies")}
    day, time = rows["South West Norfolk"][7].split()
    assert time == "06:47" and day == "07/05/2010"
    assert "Declared 06:47 on Friday 7 May 2010 (the Commons Library's indicative time)." in text


# Every seat ---------------------------------------------------------------------------------


@pytest.mark.parametrize("year", ["2010", "2015", "2017"])
def test_every_seat_by_result_command(named_kb, named_engine, year):
    """Winner, majority and hold or gain of every seat, asked as `!result NAME YEAR`."""
    candidates = _candidates(year)
    wrong = []
    for row in _rows(year, "constituencies"):
        ons, name, result, majority = row[0], row[2], row[11].strip(), int(row[17])
        first, second = candidates[ons][0], candidates[ons][1]
        assert int(first[18]) - int(second[18]) == majority  # the two files agree
        winner = f"{first[12].strip()} {first[13].strip()}"
        answer = named_engine.ask(f"!result {name} {year}")
        expected = result.replace("Lab Coop", "Lab")
        text = render_text(answer)
        if not (
            answer.kind == "result"
            and fold(answer.title.split(":")[0]) == fold(name)  # the Library's spelling shown
            and f"{winner} (" in answer.lines[0]
            and f": {expected}." in answer.lines[0]
            and f"Majority: {majority:,} (" in text
        ):
            wrong.append((name, answer.title, answer.lines[:1]))
    assert wrong == []


@pytest.mark.parametrize("year", ["2010", "2015", "2017", "2019"])
def test_seat_totals_and_shares_equal_the_files(named_kb, year):
    seats: Counter = Counter()
    votes: Counter = Counter()
    for rows in _candidates(year).values():
        seats[rows[0][8].strip()] += 1
        for row in rows:
            votes[row[8].strip()] += int(row[18])
    valid = sum(int(r[15]) for r in _rows(year, "constituencies"))
    national = named_kb.national[year]
    assert national.valid_votes == valid
    got = {p.party: p for p in national.parties}
    for code in ("Con", "Lab", "LD", "SNP"):
        assert got[code].seats == seats[code]
        assert got[code].votes == votes[code]
        assert round(got[code].share, 1) == round(100 * votes[code] / valid, 1)


def test_the_seat_totals_in_the_issue(named_kb):
    expected = {
        "2010": {"Con": 306, "Lab": 258, "LD": 57},
        "2015": {"Con": 330, "Lab": 232, "SNP": 56, "LD": 8},
        "2017": {"Con": 317, "Lab": 262, "SNP": 35, "LD": 12},
    }
    for year, parties in expected.items():
        got = {p.party: p.seats for p in named_kb.national[year].parties}
        assert {code: got[code] for code in parties} == parties


def _historical_rows() -> list[dict[str, str]]:
    path = DATA / "historical" / "1918-2019election_results.csv"
    with path.open(encoding="cp1252", newline="") as handle:
        return list(csv.DictReader(handle))


def _number(cell: str) -> int:
    cell = (cell or "").strip()
    return int(cell) if re.fullmatch(r"-?\d+", cell) else 0


def test_national_seats_and_shares_1918_2005_equal_the_file(named_kb):
    """Seats (party groups, a multi-member seat once) and shares over the file's own totals."""
    columns = {"con": "con_votes", "lib": "lib_votes ", "lab": "lab_votes", "nat": "natSW_votes"}
    by_election: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in _historical_rows():
        by_election[row["election"].strip().upper()].append(row)
    named_from = {"2010", "2015", "2017", "2019"}
    for election, rows in by_election.items():
        if election in named_from:
            continue
        national = named_kb.national[election]
        got = {p.party: p for p in national.parties}
        valid = 0
        group_votes: Counter = Counter()
        for row in rows:
            parts = {g: max(0, _number(row[c])) for g, c in columns.items()}
            counted = sum(parts.values()) + max(0, _number(row["oth_votes"]))
            total = _number(row["total_votes"])
            valid += max(total, counted)  # a total below its own parties' votes cannot be
            for group, count in parts.items():
                group_votes[group] += count
        assert national.valid_votes == valid, election
        labour = got["Lab"]
        assert labour.votes == group_votes["lab"], election
        assert round(labour.share, 1) == round(100 * group_votes["lab"] / valid, 1), election
        conservative = got["Con"]
        assert round(conservative.share, 1) == round(100 * group_votes["con"] / valid, 1)


def test_labour_1997_is_the_librarys_43_2_percent(named_kb):
    rows = [r for r in _historical_rows() if r["election"].strip() == "1997"]
    labour = sum(_number(r["lab_votes"]) for r in rows)
    valid = sum(_number(r["total_votes"]) for r in rows)
    assert round(100 * labour / valid, 1) == 43.2
    assert f"{named_kb.national['1997'].party('Lab').share:.1f}" == "43.2"


def test_2024_seats_and_shares_equal_the_file(named_kb):
    path = PARLIAMENT / "59" / "general-election" / "constituencies.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    seats = Counter(r["First party"] for r in rows)
    valid = sum(int(r["Valid votes"]) for r in rows)
    national = named_kb.national["2024"]
    for code in ("Lab", "Con", "LD", "SNP", "RUK"):
        votes = sum(int(r[code]) for r in rows)
        assert national.party(code).seats == seats[code]
        assert round(national.party(code).share, 1) == round(100 * votes / valid, 1)


# 2010: new boundaries -------------------------------------------------------------------------


def test_2010_changes_are_unavailable_and_its_result_is_the_librarys(named_kb, named_engine):
    text = render_text(named_engine.ask("!result South West Norfolk 2010"))
    assert "changes in share against 2005 are not available" in text
    assert "vs 2005" not in text
    published = sum(1 for f in named_kb.national["2010"].contests if not f.outcome.computed)
    assert published == 650
    text_2015 = render_text(named_engine.ask("!result South West Norfolk 2015"))
    assert "Changes in share are vs 2010." in text_2015


def test_the_2010_2019_seats_of_both_files_are_one_lineage(named_kb):
    line = named_kb.seat_line("South West Norfolk")
    elections = [f.contest.election for f in line]
    assert elections[0] == "1918" and elections[-5:] == ["2010", "2015", "2017", "2019", "2024"]
    assert all(not f.contest.party_level for f in line[-5:])  # the named results won


# People across fifteen years ------------------------------------------------------------------


def _career(mnis: str) -> list[tuple[str, str, int, int, bool]]:
    """(year, seat, votes, margin, won) for one MNIS id, from the candidate files."""
    found = []
    for year in ("2010", "2015", "2017", "2019"):
        for rows in _candidates(year).values():
            for place, row in enumerate(rows):
                if row[17].strip() == mnis:
                    other = rows[1] if place == 0 else rows[0]
                    margin = abs(int(row[18]) - int(other[18]))
                    found.append((year, row[2], int(row[18]), margin, place == 0))
    return found


def test_liz_truss_career(named_engine):
    career = _career("4097")
    assert [c[0] for c in career] == ["2010", "2015", "2017", "2019"]
    majorities = "; ".join(f"{c[3]:,}" for c in career)
    text = render_text(named_engine.ask("!candidate Liz Truss"))
    assert (
        f"MP for South West Norfolk 2010-2024, four wins (majorities {majorities}), "
        "lost in 2024 by 630." in text
    )
    first = render_text(named_engine.ask("when was Liz Truss first elected?"))
    assert "first elected in 2010" in first
    stood = render_text(named_engine.ask("how many times has Liz Truss stood?"))
    assert "stood 5 times" in stood and "won 4 (2010, 2015, 2017, 2019)" in stood
    majority = render_text(named_engine.ask("Liz Truss majority in 2015"))
    assert f"{career[1][3]:,}" in majority


def test_an_mp_sitting_in_2010_is_an_mp_since_before_2010(named_engine):
    career = _career("188")  # Ed Davey: sitting in 2010, lost in 2015, back in 2017
    assert [(c[0], c[4]) for c in career] == [
        ("2010", True),
        ("2015", False),
        ("2017", True),
        ("2019", True),
    ]
    text = render_text(named_engine.ask("when was Ed Davey first elected?"))
    assert "since before 2010" in text
    bio = render_text(named_engine.ask("!candidate Ed Davey"))
    assert (
        f"MP for Kingston and Surbiton from before 2010 to 2015, one win (majority "
        f"{career[0][3]:,}), lost in 2015 by {career[1][3]:,}" in bio
    )


def test_who_lost_their_seat_in_2017(named_engine):
    defeated = 0
    for rows in _candidates("2017").values():
        defeated += sum(1 for row in rows[1:] if row[15].strip() == "Yes")
    text = render_text(named_engine.ask("who lost their seat in 2017?"))
    assert f"{defeated} sitting MPs who stood again were defeated" in text


def test_history_lines_name_the_members(named_engine):
    text = render_text(named_engine.ask("History of South West Norfolk"))
    assert "Liz Truss won it in 2010, 2015, 2017 and 2019" in text
    held = render_text(named_engine.ask("how long did the conservatives hold south west norfolk"))
    assert "1964" in held and "Liz Truss won it in 2010, 2015, 2017 and 2019" in held


def test_people_are_one_across_the_years(named_kb):
    truss = [p for p in named_kb.people.values() if p.mnis_id == 4097]
    assert len(truss) == 1
    years = [c.election for c, _ in named_kb.careers[truss[0].id]]
    assert years == ["2010", "2015", "2017", "2019", "2024"]


def test_every_parliament_file_is_read_by_its_kind(named_kb):
    files = dict(named_kb.report.files)
    general = sorted(PARLIAMENT.glob("*/general-election/*.csv"))
    assert len(general) == 10
    assert all(files[str(p)].startswith("Commons Library results by") for p in general)
    for path in PARLIAMENT.glob("*/by-elections/*.csv"):
        assert "by-election" in files[str(path)]
