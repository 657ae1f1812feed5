"""Computed biographies: every 2024 MP and every defeated MP against the Library's own workbooks.

Expectations are read here, independently of the bot's readers: the two lists with openpyxl, the
results from the Library's CSVs.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import re
import shutil
import sys
import unicodedata
from collections import defaultdict

import pytest
import yaml

from bot.answer.embeds import render_embeds
from bot.answer.merge import sentences
from bot.answer.text import render_text
from bot.kb.build import SHIPPED_KNOWLEDGE, build
from tests.helpers.data import DATA, LATEST, needs_data

STATUS = {
    "New member": "a new MP",
    "Re-elected Member": "re-elected",
    "Historical member": "a former MP returning",
}


def plain(text: str) -> str:
    """Accents and the Library's double-encoded UTF-8 aside ('Ynys MÃ´n', 'Glyndŵr')."""
    with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
        text = text.encode("cp1252").decode("utf-8")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def words(text: str) -> list[str]:
    return re.sub(r"[^\w ]", " ", plain(text)).split()


def workbook(name: str) -> list[dict]:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(LATEST / name, read_only=True, data_only=True)
    rows = book.worksheets[0].iter_rows(values_only=True)
    header = next(rows)
    return [dict(zip(header, row, strict=False)) for row in rows]


def library_csv(kind: str) -> list[dict[str, str]]:
    path = DATA / "ge2024" / f"HoC-GE2024-results-by-{kind}.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def party_display(row: dict) -> str:
    """The party as bios name it: the curated parties registry's display name (its short name),
    the workbook's own name where the registry has none or for a joint Labour Co-op ticket."""
    name = row["party_name"]
    if "Co-operative" in name:
        return name
    registry = yaml.safe_load((SHIPPED_KNOWLEDGE / "parties.yaml").read_text(encoding="utf-8"))
    shown = {p["code"]: p.get("short_name") or p["name"] for p in registry["parties"]}
    return shown.get(row["party_abbreviation"], name)


def name_of(row: dict) -> str:
    return f"{row['firstname'].strip()} {row['surname'].strip()}"


@needs_data
def test_every_mp_elected_in_2024_has_seat_party_majority_and_status(bios_engine):
    """All 650: the bio names the seat, party, majority and new / re-elected / returning status
    exactly as the Library's MPs-elected workbook (and its constituency file) say."""
    elected = workbook("MPs-elected.xlsx")
    majority = {r["ONS ID"]: int(r["Majority"]) for r in library_csv("constituency")}
    assert len(elected) == 650
    wrong = []
    for row in elected:
        answer = bios_engine.candidate(f"{name_of(row)} {row['constituency_name']}")
        head = plain(answer.lines[0]) if answer.lines else ""
        text = render_text(answer)
        checks = {
            "kind": answer.kind == "candidate",
            "seat": plain(f"MP for {row['constituency_name']}") in head,
            "party": plain(party_display(row)) in head,
            "majority": f"a majority of {majority[row['ons_id']]:,}" in text,
            "status": plain(STATUS[row["candidate_type"]]) in head,
        }
        old = row["old_constituency"]
        if old and words(old) != words(row["constituency_name"]):  # 'Birmingham, Edgbaston'
            checks["old seat"] = plain(f"sat for {old}") in head
        failed = [k for k, ok in checks.items() if not ok]
        if failed:
            wrong.append((name_of(row), row["constituency_name"], failed))
    assert wrong == []


@needs_data
def test_every_defeated_mp_is_described_as_defeated_with_winner_and_margin(bios_engine):
    defeated = workbook("Defeated-MPs.xlsx")
    assert len(defeated) == 218
    seats: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in library_csv("candidate"):
        seats[row["ONS ID"]].append(row)
    wrong = []
    for row in defeated:
        answer = bios_engine.candidate(f"{name_of(row)} {row['constituency_name']}")
        text = plain(render_text(answer))
        ranked = sorted(seats[row["ons_id"]], key=lambda c: -int(c["Votes"]))
        mine = next(c for c in ranked if c["Member MNIS ID"] == str(row["mnis_id"]))
        winner = ranked[0]
        gap = int(winner["Votes"]) - int(mine["Votes"])
        majority = int(winner["Votes"]) - int(ranked[1]["Votes"])
        checks = {
            "defeated": plain(f"Defeated in {row['constituency_name']} in 2024") in text,
            "winner": plain(f"{winner['Candidate first name']} {winner['Candidate surname']}")
            in text,
            "margin": (f"{gap:,} behind" in text and f"won by {majority:,}" in text)
            or (gap == majority and f"beaten by {gap:,} votes" in text),  # the runner-up: once
            "listed": "among the mps defeated in 2024" in text,
        }
        failed = [k for k, ok in checks.items() if not ok]
        if failed:
            wrong.append((name_of(row), row["constituency_name"], failed))
    assert wrong == []


@needs_data
def test_lists_are_recognised_by_header_and_linked_by_mnis_id(tmp_path, full_kb):
    pytest.importorskip("openpyxl")
    shutil.copy(LATEST / "MPs-elected.xlsx", tmp_path / "who-won.xlsx")
    shutil.copy(LATEST / "Defeated-MPs.xlsx", tmp_path / "lost.xlsx")
    kb = build([DATA / "ge2019", DATA / "ge2024", tmp_path])
    kinds = {f.rsplit("/", 1)[-1]: k for f, k in kb.report.files}
    assert kinds["who-won.xlsx"] == "Commons Library list of MPs elected (2024)"
    assert kinds["lost.xlsx"] == "Commons Library list of MPs defeated (2024)"
    assert sum(len(rows) for rows in kb.memberships.values()) == 650 + 218
    by_mnis = {r["mnis_id"]: r for r in workbook("MPs-elected.xlsx") if r["mnis_id"]}
    for person_id, rows in kb.memberships.items():
        for member in rows:
            if member.mnis_id:
                assert kb.people[person_id].mnis_id == member.mnis_id
    kinnock = next(p for p in kb.people.values() if p.mnis_id == 4359)
    assert kb.membership(kinnock.id, "2024").old_constituency == by_mnis[4359]["old_constituency"]
    # Middle names from the list become a form of the name.
    blackman = next(p for p in kb.people.values() if p.mnis_id == 4357)
    assert f"Kirsty {by_mnis[4357]['middlenames']} Blackman" in blackman.other_names


@needs_data
def test_lists_are_skipped_with_a_warning_without_openpyxl(tmp_path, monkeypatch):
    shutil.copy(LATEST / "MPs-elected.xlsx", tmp_path / "MPs-elected.xlsx")
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # import openpyxl raises ImportError
    kb = build([DATA / "ge2024", tmp_path])
    assert not kb.memberships
    assert any("openpyxl" in w.message for w in kb.report.warnings)


def test_bad_input_never_raises(shipped_engine):
    for text in ["", "   ", "x" * 500, "<@123> @everyone", "is  a new MP", "who did replace"]:
        answer = shipped_engine.candidate(text)
        assert answer.title
        shipped_engine.ask(text)


# Curated people: the party leaders of 2019 and 2024 and the Conservatives the seed names.
CURATED = [
    "Boris Johnson", "Jeremy Corbyn", "Jo Swinson", "Rishi Sunak", "Keir Starmer", "Ed Davey",
    "Nigel Farage", "Carla Denyer", "Adrian Ramsay", "Siân Berry", "Ian Blackford",
    "Stephen Flynn", "Penny Mordaunt", "Jacob Rees-Mogg", "Grant Shapps", "Liz Truss",
]  # fmt: skip


@needs_data
@pytest.mark.parametrize("name", CURATED)
def test_curated_bio_sits_on_top_of_the_computed_one(bios_engine, bios_kb, name):
    person = next(p for p in bios_kb.people.values() if p.name == name)
    assert person.bio and bios_kb.careers.get(person.id), "curated and linked to the results"
    answer = bios_engine.candidate(name)
    assert answer.kind == "candidate" and answer.title == name
    # The curated text is all there: its opening may be merged into the computed head line
    # ('Liz Truss, Conservative MP for ... from 2010'), the rest follows the numbers.
    told = sentences(person.bio)
    text = " ".join(answer.lines)
    assert all(sentence.rstrip(".") in text for sentence in told)
    numbers = next(i for i, line in enumerate(answer.lines) if line.startswith(("Won", "Defeated")))
    assert all(told[-1] not in line for line in answer.lines[: numbers + 1])  # numbers first
    contest, candidacy = bios_kb.careers[person.id][-1]
    assert f"{candidacy.votes:,}" in render_text(answer)
    assert answer.colour == bios_kb.party(candidacy.party).colour


@needs_data
def test_candidate_embed_has_party_colour_and_results_table(bios_engine, bios_kb):
    answer = bios_engine.candidate("Stephen Kinnock")
    embed = render_embeds(answer)[0]
    assert embed.colour.value == int(bios_kb.party("Lab").colour.lstrip("#"), 16)
    results = next(f for f in embed.fields if f.name == "Results")
    rows = [line.split() for line in results.value.strip("`\n").splitlines()]
    years = [c.election for c, _ in reversed(bios_kb.careers["mnis:4359"])]
    assert [r[0] for r in rows[1:]] == years
    assert "Aberafan Maesteg since 2024" in embed.description
    assert "before the boundary change he sat for Aberavon, which he held in 2019" in (
        embed.description
    )


@needs_data
@pytest.mark.parametrize(
    ("typed", "means"),
    [
        ("Kirsty Ann Blackman", "Kirsty Blackman"),  # middle name from MPs-elected
        ("Kinnock", "Stephen Kinnock"),  # a surname, unique
        ("Sian Berry", "Siân Berry"),  # no accent
        ("Edward Davey", "Ed Davey"),
        ("Boris", None),  # a first name alone: not a surname, no confident answer
    ],
)
def test_names_resolve_as_elsewhere(bios_engine, typed, means):
    answer = bios_engine.candidate(typed)
    if means is None:
        assert answer.kind in {"choice", "not_found", "candidate"}
    else:
        assert answer.kind == "candidate" and answer.title == means


@needs_data
def test_a_shared_name_asks_which_person(bios_kb, bios_engine):
    named: dict[str, set[str]] = defaultdict(set)
    for row in library_csv("candidate"):
        if not row["Member MNIS ID"]:
            named[f"{row['Candidate first name']} {row['Candidate surname']}"].add(row["ONS ID"])
    shared = sorted(n for n, seats in named.items() if len(seats) > 1)
    assert shared
    answer = bios_engine.candidate(shared[0])
    assert answer.kind == "choice" and len(answer.choices) >= 2


def _elected() -> dict[str, dict]:
    return {name_of(r): r for r in workbook("MPs-elected.xlsx")}


@needs_data
def test_is_x_a_new_mp_follows_the_workbook(bios_engine):
    rows = _elected()
    counted = {"New member": 0, "Re-elected Member": 0, "Historical member": 0}
    for name, row in sorted(rows.items()):
        kind = row["candidate_type"]
        if counted[kind] >= 5:
            continue
        text = render_text(bios_engine.ask(f"is {name} a new MP?"))
        if "Which" in text.splitlines()[0]:
            continue  # a shared name: asked which
        counted[kind] += 1
        expected = {
            "New member": "Yes:",
            "Re-elected Member": "No:",
            "Historical member": "Not quite:",
        }
        assert expected[kind] in text, (name, text)
    assert all(counted.values())


@needs_data
@pytest.mark.parametrize(
    ("question", "must"),
    [
        ("who did Terry Jermy replace?", ["defeating the sitting MP, Liz Truss"]),
        ("was Mary Creagh an MP before?", ["Yes:", "Wakefield"]),
        ("was Nigel Farage an MP before?", ["No:", "first elected in 2024"]),
        ("how long has Keir Starmer been an MP?", ["since before 2019"]),
        ("how long has Liz Truss been an MP", ["had been an MP since before 2019", "lost"]),
        ("who is Penny Mordaunt?", ["Portsmouth North", "Leader of the House of Commons"]),
        ("is Liz Truss a new MP?", ["No:", "Terry Jermy"]),
        (
            "who replaced Liz Truss?",
            ["Terry Jermy (Labour) took South West Norfolk", "Rishi Sunak"],
        ),
        ("is Jermy a new MP?", ["Yes: Terry Jermy is a new MP"]),  # a surname: the MP
        ("when was Keir Starmer first elected?", ["since before 2019"]),
    ],
)
def test_record_questions(bios_engine, question, must):
    text = render_text(bios_engine.ask(question))
    for phrase in must:
        assert phrase in text, (question, text)


@needs_data
def test_which_ministers_lost_their_seats(bios_engine, bios_kb):
    polling_day = bios_kb.elections["2024"].date
    defeated = {r["mnis_id"] for r in workbook("Defeated-MPs.xlsx")}
    in_cabinet = sorted(
        p.name
        for p in bios_kb.people.values()
        if p.mnis_id in defeated
        and any(h.cabinet and h.start <= polling_day <= (h.end or dt.date.max) for h in p.offices)
    )
    answer = bios_engine.ask("Which ministers lost their seats?")
    text = render_text(answer)
    assert f"I know of {len(in_cabinet)} who were in the cabinet on polling day" in text
    assert f"Of the {len(defeated)} sitting MPs defeated" in text
    for name in in_cabinet:
        assert name in text
    assert "12 cabinet ministers" in text.replace("Twelve", "12")
    assert {"Penny Mordaunt", "Grant Shapps"} <= set(in_cabinet)


def test_a_persons_offices_must_agree_with_the_offices_section(tmp_path):
    (tmp_path / "k.yaml").write_text(
        "people:\n"
        "  - id: ann-example\n"
        "    name: Ann Example\n"
        "    offices:\n"
        "      - {title: Prime Minister, start: 2001-01-02, end: 2002-01-01, cabinet: true}\n"
        "offices:\n"
        "  - title: Prime Minister\n"
        "    holders:\n"
        "      - {person: Ann Example, start: 2001-01-01, end: 2002-01-01}\n",
        encoding="utf-8",
    )
    kb = build([tmp_path])
    assert any(
        "Ann Example: Prime Minister from 2001-01-02" in w.message for w in kb.report.warnings
    )
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "k.yaml").write_text(
        "people:\n  - id: b\n    name: B\n    offices:\n      - {title: X, start: someday}\n",
        encoding="utf-8",
    )
    with pytest.raises(Exception, match=r"k.yaml:5"):
        build([bad])


@needs_data
def test_ministers_in_an_election_without_names_says_so(history_engine, history_kb):
    answer = history_engine.ask("which ministers lost their seats in 1997")
    text = render_text(answer)
    assert "name parties, not candidates" in text and "Traceback" not in text
    portillo = next(p for p in history_kb.precedents if p.year == 1997)
    assert portillo.answer in answer.notes


# Phrasings that must NOT be read as the new questions about a person's record.
@needs_data
@pytest.mark.parametrize(
    ("question", "title_has", "must_not"),
    [
        ("how long has Labour held Hendon", "Hendon", "an MP"),
        ("which former prime ministers lost their seats", "Former prime ministers", "cabinet"),
        ("how many sitting MPs lost their seats", "Sitting MPs defeated", "Ministers"),
        ("who won Hendon?", "Hendon", "new MP"),
    ],
)
def test_other_questions_are_left_alone(bios_engine, question, title_has, must_not):
    answer = bios_engine.ask(question)
    assert title_has in answer.title and must_not not in answer.title


@needs_data
def test_candidate_with_an_election_leads_with_that_contest(bios_engine, bios_kb):
    truss = bios_kb.careers["liz-truss"]
    contest, candidacy = next((c, cand) for c, cand in truss if c.election == "2019")
    majority = candidacy.votes - contest.candidacies[1].votes
    answer = bios_engine.candidate("Liz Truss 2019")
    assert answer.lines[0].startswith(f"{contest.name}, 2019: Won in 2019")
    assert f"a majority of {majority:,}" in answer.lines[0]
    jermy = bios_engine.candidate("Terry Jermy 2019")
    assert jermy.lines[0] == "Terry Jermy did not stand in 2019; they stood in 2024."
