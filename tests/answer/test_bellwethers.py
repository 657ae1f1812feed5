"""Bellwethers and strongholds (issue 21), checked against an independent computation straight
from the Commons Library's 1918-2019 constituency file and the 2024 results file."""

from __future__ import annotations

import csv
import re
from collections import Counter

import pytest
import yaml

from bot import bellwethers as bw
from bot.kb.build import SHIPPED_KNOWLEDGE
from tests.helpers.data import DATA, needs_data

HISTORICAL = DATA / "historical" / "1918-2019election_results.csv"
GE2024 = DATA / "ge2024" / "HoC-GE2024-results-by-constituency.csv"
NOTIONAL = next((DATA / "notional").glob("*.csv"), DATA / "notional" / "absent.csv")
SHORT = {"n": "north", "s": "south", "e": "east", "w": "west", "ne": "north east"}
SHORT |= {"nw": "north west", "se": "south east", "sw": "south west", "saint": "st"}
SHORT |= {"ctrl": "central", "cent": "central"}  # and 1918's 'Surrey Eastern' is 'East Surrey':
SHORT |= {"northern": "north", "southern": "south", "eastern": "east", "western": "west"}


def _key(name: str) -> str:
    """A seat name's words in any order: 'Norfolk South West' is 'South West Norfolk'."""
    text = name.lower().replace("&", " and ").replace("'", "").replace("ô", "o")
    words = re.sub(r"[^a-z0-9]+", " ", text).split()
    return " ".join(sorted(" ".join(SHORT.get(w, w) for w in words).split()))


def _lineage() -> dict[str, str]:
    """Old names joined to today's: the notional file's PA-style names ('Hull East') for the
    official ones ('Kingston upon Hull East'), and the curated aliases in knowledge/."""
    joined = {}
    with NOTIONAL.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            joined[_key(row["PA name"])] = _key(row["Boundary Comm name"])
    curated = yaml.safe_load((SHIPPED_KNOWLEDGE / "annotations.yaml").read_text(encoding="utf-8"))
    for alias in curated.get("aliases", []):
        joined[_key(alias["alias"])] = _key(alias["constituency"])
    return {old: new for old, new in joined.items() if old != new}


def _votes(cell: str) -> int:
    cell = (cell or "").strip()
    return int(cell) if cell.lstrip("-").isdigit() else 0


def _order(label: str) -> tuple[int, str]:
    return int(label[:4]), label[4:]  # 1974F before 1974O


def _winners_by_election() -> dict[str, dict[str, tuple[str, str]]]:
    """{election: {seat key: (winner group, name)}}: 'con', 'lab', 'lib' (Liberals to Lib Dems),
    'nat' (SNP or Plaid) or 'oth', the group with the most votes; 2024 from its own file."""
    found: dict[str, dict[str, tuple[str, str]]] = {}
    lineage = _lineage()
    with HISTORICAL.open(encoding="cp1252", newline="") as handle:
        for row in csv.DictReader(handle):
            row = {k.strip(): v for k, v in row.items() if k}
            columns = {"con": "con_votes", "lib": "lib_votes", "lab": "lab_votes"}
            columns |= {"nat": "natSW_votes", "oth": "oth_votes"}
            votes = {group: _votes(row[column]) for group, column in columns.items()}
            unopposed = [group for group, n in votes.items() if n < 0]  # -1: returned unopposed
            if unopposed:
                winner = unopposed[0]
            elif max(votes.values()) > 0:
                winner = max(votes, key=votes.get)
            else:
                winner = "oth"  # unopposed, no party given
            name = row["constituency_name"].strip()
            key = lineage.get(_key(name), _key(name))
            found.setdefault(row["election"].strip().upper(), {})[key] = (winner, name)
    groups = {"Con": "con", "Lab": "lab", "LD": "lib", "SNP": "nat", "PC": "nat"}
    with GE2024.open(encoding="utf-8-sig", newline="") as handle:
        found["2024"] = {
            lineage.get(_key(row["Constituency name"]), _key(row["Constituency name"])): (
                groups.get(row["First party"], "oth"),
                row["Constituency name"],
            )
            for row in csv.DictReader(handle)
        }
    return found


@pytest.fixture(scope="module")
def independent():
    if not HISTORICAL.is_file():
        pytest.skip("the 1918-2019 file is absent")
    by_election = _winners_by_election()
    elections = sorted(by_election, key=_order)
    national = {}
    for election in elections:
        seats = Counter(w for w, _ in by_election[election].values() if w in {"con", "lab", "lib"})
        national[election] = seats.most_common(1)[0][0]
    return elections, by_election, national


def _runs(independent, matches) -> dict[str, tuple[str, int]]:
    """2024 seat name -> (first election of its run, elections), for runs that `matches`."""
    elections, by_election, national = independent
    runs = {}
    for key, (_, name) in by_election["2024"].items():
        count, first = 0, None
        for election in reversed(elections):
            seat = by_election[election].get(key)
            if seat is None or not matches(
                seat[0], national[election], by_election["2024"][key][0]
            ):
                break
            count, first = count + 1, election
        if count:
            runs[name] = (first, count)
    return runs


pytestmark = needs_data


def test_national_winners_are_the_parties_with_most_seats(history_kb, independent):
    elections, _, national = independent
    codes = {"con": "Con", "lab": "Lab", "lib": "Lib"}
    got = {e: history_kb.party_root(p) for e, p in bw.national_winners(history_kb).items()}
    assert got == {e: codes[national[e]] for e in elections}


@pytest.mark.parametrize("since", ["1979", "1997", "2010"])
def test_bellwethers_since_an_election_match_an_independent_count(history_kb, independent, since):
    elections = independent[0]
    span = len(elections) - elections.index(since)
    expected = {
        name
        for name, (_, n) in _runs(independent, lambda won, winner, _now: won == winner).items()
        if n >= span
    }
    runs = bw.bellwethers(history_kb, "2024")
    got = {r.name for r in runs if r.elections >= span}
    assert got == expected
    assert len(expected) >= 1


def test_every_bellwether_run_matches(history_kb, independent):
    expected = _runs(independent, lambda won, winner, _now: won == winner)
    got = {r.name: (r.first_id, r.elections) for r in bw.bellwethers(history_kb, "2024")}
    assert got == expected


@pytest.mark.parametrize("party, group", [("Lab", "lab"), ("Con", "con"), ("LD", "lib")])
def test_longest_held_seats_match_an_independent_count(history_kb, independent, party, group):
    expected = _runs(independent, lambda won, _winner, now: won == now == group)
    got = {r.name: (r.first_id, r.elections) for r in bw.strongholds(history_kb, "2024", party)}
    assert got == expected
    runs = bw.strongholds(history_kb, "2024", party)
    assert [r.elections for r in runs] == sorted((r.elections for r in runs), reverse=True)


PHRASINGS = [
    ("which seats have voted with the winning party at every election since 1979?", "since 1979"),
    ("bellwether seats", "longest runs"),
    ("bellwethers since 1997", "since 1997"),
    ("which seats always vote for the winner", "longest runs"),
    ("which seats have voted with the government at every election since 1979", "since 1979"),
    ("what are the bellwether seats?", "longest runs"),
]


@pytest.mark.parametrize("question, title", PHRASINGS)
def test_bellwether_questions(history_engine, independent, question, title):
    answer = history_engine.ask(question)
    assert answer.title.startswith("Bellwethers") and title in answer.title
    assert answer.table is not None
    text = " ".join((*answer.lines, *answer.notes))
    assert "boundar" in text and "followed by its name" in text
    assert "notional 2019" in text
    assert "won most seats" in text


def test_since_1979_lists_exactly_the_independent_seats(history_engine, independent):
    elections = independent[0]
    span = len(elections) - elections.index("1979")
    expected = {
        name
        for name, (_, n) in _runs(independent, lambda won, winner, _now: won == winner).items()
        if n >= span
    }
    answer = history_engine.ask(
        "which seats have voted with the winning party at every election since 1979?"
    )
    assert {row[0] for row in answer.table.rows} == expected
    assert answer.lines[0].startswith(f"{len(expected)} seats of the 650")


@pytest.mark.parametrize(
    "question, party",
    [
        ("Labour's longest-held seats", "Labour"),
        ("labour strongholds", "Labour"),
        ("which seats have the tories held the longest", "Conservative"),
        ("safest seats over time", None),
        ("labour heartlands", "Labour"),
        ("longest held lib dem seats", "Liberal Democrats"),
        ("which seats have always voted labour", "Labour"),
        ("which seats have the conservatives held since 1945", "Conservative"),
    ],
)
def test_stronghold_questions(history_engine, history_kb, question, party):
    answer = history_engine.ask(question)
    assert "longest-held seats" in answer.title
    if party:
        assert party in answer.title
    rows = answer.table.rows
    assert rows and all(int(row[3]) >= int(rows[-1][3]) for row in rows)
    top = bw.strongholds(
        history_kb, "2024", history_kb.party_root("Lab") if party == "Labour" else None
    )
    if party in {"Labour", None}:
        assert rows[0][0] == top[0].name and rows[0][2] == top[0].first_id


def test_bellwethers_in_a_nation(history_engine):
    answer = history_engine.ask("bellwether seats in wales")
    assert "Wales" in answer.title
    assert answer.table is None or all(row[0] for row in answer.table.rows)


def test_without_the_1918_2019_file_it_says_what_is_needed(shipped_engine):
    for question in ("bellwether seats since 1979", "labour's longest held seats"):
        answer = shipped_engine.ask(question)
        assert "not enough history" in answer.title
        assert "1918-2019" in " ".join(answer.lines)


@pytest.mark.parametrize(
    "question",
    ["safest seats", "safest labour seats", "how long has labour held bootle", "who won bootle"],
)
def test_other_questions_are_not_taken_for_strongholds(history_engine, question):
    assert "longest-held" not in history_engine.ask(question).title


def test_held_since_a_year_lists_the_runs_that_reach_it(history_engine, history_kb, independent):
    elections = independent[0]
    span = len(elections) - elections.index("1997")
    expected = {
        name
        for name, (_, n) in _runs(independent, lambda won, _w, now: won == now == "lab").items()
        if n >= span
    }
    answer = history_engine.ask("which seats has labour held since 1997")
    assert f"{len(expected)} seats in all" in answer.lines[0]
    assert {row[0] for row in answer.table.rows} <= expected


def test_a_year_with_no_election_is_said_so(history_engine):
    answer = history_engine.ask("bellwether seats since 1912")
    assert "no such election" in answer.title and "from 1918 to 2024" in answer.lines[0]


@needs_data
def test_during_a_count_runs_end_at_the_last_complete_election(history_kb):
    from bot.live.cli import start

    night, plan = start(history_kb, "2024")
    for key in plan.keys[:100]:
        night.declare(key)
    kb, engine = night.view()
    answer = engine.ask("bellwether seats since 1979")
    assert answer.title.startswith("Bellwethers") and "2024" not in answer.lines[0]
    assert "to 2019" in answer.lines[0]
