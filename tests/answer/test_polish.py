"""Small gaps a demanding user would notice: party names as the bot displays them, 1974's two
elections by month, by-election wins in careers, declaration times worded truthfully, the
Library's seat names, a reload's snapshot and a rehearsal's maps.

Expected values are read here from the official files in ../shared/data and the curated
parties registry, never from the bot's own readers."""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from bot.answer import bio
from bot.answer.person import person as person_answer
from bot.answer.text import render_text
from bot.kb.build import SHIPPED_KNOWLEDGE, build
from tests.helpers.data import DATA, needs_data

pytestmark = [needs_data, pytest.mark.filterwarnings("ignore::DeprecationWarning")]


def _registry() -> dict[str, str]:
    """Party code -> display name (short name, else name), from the curated parties.yaml."""
    data = yaml.safe_load((SHIPPED_KNOWLEDGE / "parties.yaml").read_text(encoding="utf-8"))
    return {p["code"]: p.get("short_name") or p["name"] for p in data["parties"]}


def _candidates_2024() -> list[dict[str, str]]:
    path = DATA / "ge2024" / "HoC-GE2024-results-by-candidate.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _winners_2024() -> list[dict[str, str]]:
    best: dict[str, dict[str, str]] = {}
    for row in _candidates_2024():
        seat = row["ONS ID"]
        if seat not in best or int(row["Votes"]) > int(best[seat]["Votes"]):
            best[seat] = row
    return list(best.values())


# 1. Party display names -------------------------------------------------------------------


def test_bio_names_each_mp_by_the_registry_display_name(bios_kb):
    """Every 2024 winner whose party the files spell otherwise than its display name ('Social
    Democratic and Labour Party', 'Scottish National Party') is '<display name> MP' in the bio."""
    labels = _registry()
    checked = 0
    for row in _winners_2024():
        code, printed = row["Party abbreviation"], row["Party name"].strip()
        if code not in labels or code in {"Lab", "Ind", "Spk"} or printed == labels[code]:
            continue
        contest = next(c for c in bios_kb.contests["2024"].values() if c.ons_id == row["ONS ID"])
        winner = max(contest.candidacies, key=lambda c: c.votes)
        lines = bio.bio_lines(bios_kb, bios_kb.people[winner.person_id])
        assert f"{labels[code]} MP for" in lines[0], lines[0]
        assert f"{printed} MP" not in lines[0]
        checked += 1
    assert checked >= 20  # the SNP, SDLP, DUP, Plaid, ... winners of 2024


def test_labour_and_cooperative_mps_keep_the_joint_ticket(bios_kb):
    row = next(r for r in _winners_2024() if r["Party name"] == "Labour and Co-operative")
    contest = next(c for c in bios_kb.contests["2024"].values() if c.ons_id == row["ONS ID"])
    winner = max(contest.candidacies, key=lambda c: c.votes)
    lines = bio.bio_lines(bios_kb, bios_kb.people[winner.person_id])
    assert "Labour and Co-operative MP for" in lines[0]


@pytest.mark.parametrize("printed", ["Lab Coop", "Lab Co-op", "Labour Co-operative"])
def test_labour_cooperative_spellings_are_one_display_name(full_kb, printed):
    from bot.answer.result import party_shown
    from bot.models import Candidacy

    shown = party_shown(full_kb, Candidacy(name="A B", party="Lab", party_name=printed, votes=1))
    assert shown == "Labour and Co-operative"


def test_party_printed_as_its_code_or_alias_shows_the_display_name(full_kb):
    from bot.answer.result import party_shown
    from bot.models import Candidacy

    labels = _registry()
    for code, printed in (("Con", "Con"), ("LD", "Lib Dem"), ("SNP", "SNP"), ("DUP", "DUP")):
        candidacy = Candidacy(name="A B", party=code, party_name=printed, votes=1)
        assert party_shown(full_kb, candidacy) == labels[code]


def test_lists_and_projections_name_parties_as_the_rest_of_an_answer_does(named_engine, engine):
    """'Alex Salmond (SNP)', not '(Scottish National Party)'; 'the Conservatives' and 'Labour' in
    a projection's sentences, not 'the Conservative Party' and 'the Labour Party'."""
    text = render_text(named_engine.ask("who lost their seat in 2017?"), everything=True)
    assert "Alex Salmond (SNP), Gordon" in text and "Scottish National Party" not in text
    assert "(SDLP), Belfast South" in text
    text = render_text(engine.ask("what swing do the tories need for a majority"))
    assert "The Conservatives would need" in text and "from Labour to win" in text
    assert "Party" not in text.split("\n")[1]


def test_standing_for_names_the_party_by_its_display_name(bios_kb):
    """'stood for the SNP', not the file's 'Scottish National Party' beside 'SNP' elsewhere."""
    labels = _registry()
    row = next(r for r in _candidates_2024() if r["Party abbreviation"] == "SNP")
    contest = next(c for c in bios_kb.contests["2024"].values() if c.ons_id == row["ONS ID"])
    candidacy = next(c for c in contest.candidacies if c.votes == int(row["Votes"]))
    assert bio.standing(bios_kb, candidacy) == f"for the {labels['SNP']}"


def test_standing_list_during_a_count_shows_display_names(history_kb):
    """Who stands in a seat still to declare (2019 replayed to 300 seats): each candidate's party
    by its display name; the Library's 2019 file spells them out in full."""
    from bot.live.cli import start

    labels = _registry()
    night, plan = start(history_kb, "2019")
    for key in plan.keys[:300]:
        night.declare(key)
    engine = night.view()[1]
    waiting = {night.contests[key].ons_id for key in plan.keys[300:]}
    path = DATA / "ge2019" / "HoC-GE2019-results-by-candidate.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["ONS ID"] in waiting]
    seat = next(r["Constituency name"] for r in rows if r["Party abbreviation"] == "SNP")
    text = render_text(engine.ask(f"who is standing in {seat}"), everything=True)
    standing = [r for r in rows if r["Constituency name"] == seat]
    for r in standing:
        code = r["Party abbreviation"]
        shown = labels.get(code, r["Party name"]) if code != "Ind" else "Independent"
        assert f"{r['Candidate first name']} {r['Candidate surname']} ({shown})" in text, text
    assert "Scottish National Party" not in text


# 2. 1974's two elections by month ---------------------------------------------------------


def _most_seats_1974() -> dict[str, str]:
    """'1974F'/'1974O' -> the party column ('con', 'lab') that won most seats, from CBP-8647."""
    path = DATA / "historical" / "1918-2019election_results.csv"
    seats: dict[str, dict[str, int]] = {"1974F": {}, "1974O": {}}
    with path.open(encoding="cp1252", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["election"] not in seats:
                continue
            votes = {
                key.strip()[: -len("_votes")]: int(float(value.strip() or 0))
                for key, value in row.items()
                if key and key.strip().endswith("_votes") and not key.startswith("total")
            }
            best = max(votes, key=votes.get)
            seats[row["election"]][best] = seats[row["election"]].get(best, 0) + 1
    return {e: max(s, key=s.get) for e, s in seats.items()}


def test_bellwethers_name_1974_by_month(history_engine):
    text = render_text(history_engine.ask("bellwether seats"), everything=True)
    codes = {"con": "Con", "lab": "Lab", "lib": "Lib"}
    won = _most_seats_1974()
    assert f"Feb 1974 {codes[won['1974F']]}, Oct 1974 {codes[won['1974O']]}" in text
    assert "1974F" not in text and "1974O" not in text
    since = render_text(history_engine.ask("bellwethers since february 1974"), everything=True)
    assert "since February 1974" in since and "1974F" not in since


def test_strongholds_name_1974_by_month(history_engine):
    """The SNP's seats to October 1974: its runs began in 1970 or February 1974."""
    text = render_text(
        history_engine.ask("snp longest held seats to october 1974"), everything=True
    )
    assert "to October 1974" in text and "Feb 1974" in text
    assert "1974F" not in text and "1974O" not in text


# 3. By-election wins in careers -----------------------------------------------------------

PARLIAMENT = DATA / "parliament"
BY_SOURCES = [
    SHIPPED_KNOWLEDGE,
    DATA / "ge2019",
    DATA / "ge2024",
    *sorted(PARLIAMENT.glob("*/by-elections")),
]


def _rows(path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [
            {k.strip(): (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)
        ]


def _by_election_winners() -> list[dict]:
    """Each by-election's winner (most votes), seat, date and majority, from Parliament's CSVs."""
    found = []
    for folder in sorted(PARLIAMENT.glob("*/by-elections")):
        grouped: dict = {}
        for row in _rows(folder / "candidacies.csv"):
            seat = row.get("ONS ID") or row.get("ONS ID2")
            grouped.setdefault((row["Election date"], seat), []).append(row)
        for (date, _seat), candidates in grouped.items():
            candidates.sort(key=lambda r: -int(r["Votes"]))
            found.append(
                {
                    "seat": candidates[0]["Constituency name"],
                    "date": dt.datetime.strptime(date, "%d/%m/%Y").date(),
                    "mnis": candidates[0].get("Member MNIS ID", ""),
                    "dc": candidates[0].get("Democracy Club person ID", ""),
                    "majority": int(candidates[0]["Votes"]) - int(candidates[1]["Votes"]),
                }
            )
    return found


@pytest.fixture(scope="module")
def by_kb():
    return build(BY_SOURCES)


def test_by_election_winners_have_the_win_in_their_bio(by_kb):
    """Every by-election winner who also stood at the 2019 or 2024 general election (linked by
    MNIS or Democracy Club id): the career line has the by-election and its majority, the
    results table a by-election row, and a by-election since 2024 is told in full."""
    checked = 0
    for won in _by_election_winners():
        person = next(
            (
                p
                for p in by_kb.people.values()
                if (won["mnis"] and str(p.mnis_id) == won["mnis"])
                or (won["dc"] and str(p.dc_id) == won["dc"])
            ),
            None,
        )
        if person is None or not by_kb.careers.get(person.id):
            continue  # named only at by-elections: tests/kb/test_byelections.py
        text = render_text(person_answer(by_kb, person, []), everything=True)
        career = next(line for line in text.splitlines() if line.startswith("MP for"))
        assert "by-election" in career, text
        assert f"{won['majority']:,}" in career
        row = [line for line in text.splitlines() if line.startswith(f"{won['date'].year} by-")]
        assert any(line.endswith(f"+{won['majority']:,}") for line in row), text
        if won["date"] > dt.date(2024, 7, 4):  # the latest contest: said in full
            day = f"{won['date']:%A} {won['date'].day} {won['date']:%B %Y}"
            assert f"Won the {won['seat']} by-election on {day}" in text
        checked += 1
    assert checked >= 10


def test_by_election_mp_since_2024_leads_with_the_seat_won(by_kb):
    """A by-election since the 2024 general election, won by someone who stood in 2024: the bio
    leads with the seat won at the by-election, not the 2024 contest."""
    latest = max(w["date"] for w in _by_election_winners())
    won = next(w for w in _by_election_winners() if w["date"] == latest)
    person = next(p for p in by_kb.people.values() if won["dc"] and str(p.dc_id) == won["dc"])
    lines = bio.bio_lines(by_kb, person)
    assert f"MP for {won['seat']} since" in lines[0]
    assert "by-election" in lines[0]


def test_mp_record_questions_know_a_by_election_since_2024(by_kb):
    """'How long has X been an MP?' for the latest by-election's winner: the by-election."""
    from bot.answer.person import mp_record

    latest = max(w["date"] for w in _by_election_winners())
    won = next(w for w in _by_election_winners() if w["date"] == latest)
    person = next(p for p in by_kb.people.values() if won["dc"] and str(p.dc_id) == won["dc"])
    text = render_text(mp_record(by_kb, person, "mp_since"))
    day = f"{won['date']:%A} {won['date'].day} {won['date']:%B %Y}"
    assert f"MP for {won['seat']} since" in text and day in text
    assert "did not win" not in text


# 4. Declaration times worded for what they are ----------------------------------------------

TIMES = DATA / "declaration-times-2024"


def _workbook_times() -> dict[str, dt.datetime]:
    """ons_id -> time_recorded, from the Library's 'Winning members' workbook."""
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(TIMES / "Winning-members-(Friday-1720).xlsx", read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    book.close()
    header = list(rows[0])
    code, time = header.index("ons_id"), header.index("time_recorded")
    return {row[code]: row[time] for row in rows[1:] if row[time]}


@pytest.fixture(scope="module")
def timed_engine():
    from bot.engine import Engine

    return Engine(build([SHIPPED_KNOWLEDGE, DATA / "ge2024", TIMES]))


def test_library_recorded_time_is_not_called_a_declaration(timed_engine):
    """The Library's 2024 workbook records when it logged each result: said as such."""
    times = _workbook_times()
    rows = {r["ONS ID"]: r["Constituency name"] for r in _winners_2024()}
    for code in sorted(times)[:5]:
        moment = times[code]
        text = render_text(timed_engine.ask(f"!result {rows[code]} 2024"), everything=True)
        assert f"Recorded by the Commons Library at {moment:%H:%M}" in text, text
        assert f"Declared {moment:%H:%M}" not in text
        said = render_text(timed_engine.ask(f"has {rows[code]} declared?"))
        assert f"recorded by the Commons Library at {moment:%H:%M}" in said
        assert f"declared at {moment:%H:%M}" not in said
    first = render_text(timed_engine.ask("which seat declared first in 2024"), everything=True)
    assert "Times are those recorded by the Commons Library" in first


def test_operator_times_are_declarations_and_name_their_file():
    """An operator's list alone (declaration-times.csv): its times are declarations, from it."""
    from bot.engine import Engine

    engine = Engine(build([SHIPPED_KNOWLEDGE, DATA / "ge2024", TIMES / "declaration-times.csv"]))
    with (TIMES / "declaration-times.csv").open(encoding="utf-8-sig", newline="") as handle:
        row = next(csv.DictReader(handle))
    seat = row["Constituency"].replace("&", "and")
    text = render_text(engine.ask(f"!result {seat} 2024"), everything=True)
    assert f"Declared {row['Declaration time']}" in text
    assert "(from declaration-times.csv)" in text


# 5. The Library's spelling of a seat's name -------------------------------------------------


def _fold(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower().replace("&", " and ")).strip()


def _respelled() -> list[tuple[str, str]]:
    """(Library 2019 name, Parliament's 2017 name) for each seat the two spell differently in
    case or punctuation only: 'City of Chester' and 'City Of Chester'."""
    library = {r["ONS ID"]: r["Constituency name"] for r in _rows_2019()}
    path = PARLIAMENT / "57" / "general-election" / "constituencies.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        parliament = {row[0]: row[2] for row in csv.reader(handle)}
    return [
        (name, parliament[code])
        for code, name in library.items()
        if code in parliament
        and parliament[code] != name
        and _fold(parliament[code]) == _fold(name)
    ]


def _rows_2019() -> list[dict[str, str]]:
    path = DATA / "ge2019" / "HoC-GE2019-results-by-constituency.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def spelled_engine():
    from bot.engine import Engine

    return Engine(build([SHIPPED_KNOWLEDGE, DATA / "historical", DATA / "ge2019", PARLIAMENT]))


def test_seat_names_are_the_librarys_spelling_in_every_year(spelled_engine):
    """Parliament's 'City Of Chester' (2010-2019) is shown as the Library's 'City of Chester',
    at 2017 (Parliament's file only) as at 2019; Parliament's spelling still finds the seat."""
    pairs = _respelled()
    assert len(pairs) >= 10
    for library, parliament in pairs:
        for asked in (library, parliament):
            answer = spelled_engine.ask(f"!result {asked} 2017")
            assert answer.title.startswith(f"{library}:"), (asked, answer.title)
        text = render_text(spelled_engine.ask(f"!result {library} 2019"), everything=True)
        assert parliament not in text


# 6. A reload writes the snapshot the next start loads -------------------------------------


def test_a_successful_reload_writes_the_snapshot_and_a_failed_one_does_not(tmp_path):
    """With real files in a temporary folder: change the knowledge, reload, and the next start
    loads the reloaded knowledge from the snapshot written beside the bot (a separate process, so
    the event loop never pickles); a reload refused for a broken file writes none."""
    import asyncio
    import shutil

    from bot.kb import snapshot
    from bot.store import KnowledgeStore, start

    knowledge = Path(shutil.copytree(SHIPPED_KNOWLEDGE, tmp_path / "knowledge"))
    folder = snapshot.folder_in(tmp_path / "data")
    store = KnowledgeStore.load([knowledge], "!", folder)
    parties = knowledge / "parties.yaml"
    text = parties.read_text(encoding="utf-8")
    assert "name: Reform UK" in text
    parties.write_text(text.replace("name: Reform UK", "name: Reform UK Ltd", 1), encoding="utf-8")
    key = snapshot.fingerprint([knowledge])
    assert snapshot.load(folder, [knowledge], key) is None  # the start-up's snapshot is stale

    async def reload() -> bool:
        result = await store.reload("test")
        assert store.snapshot_writing is None or not result.ok or not store.snapshot_writing.done()
        await store.close()  # waits for the snapshot being written
        return result.ok

    assert asyncio.run(reload())
    saved = snapshot.load(folder, [knowledge], key)
    assert isinstance(saved, tuple)
    kb, _engine = start([knowledge], "!", folder)  # the next cold start: from the snapshot
    assert kb.report.built_at == saved[0].report.built_at  # loaded, not built again
    assert kb.parties["RUK"].name == "Reform UK Ltd" == store.current.kb.parties["RUK"].name

    written = snapshot.slot(folder, [knowledge]).read_bytes()
    parties.write_text("parties: [not: a: party\n", encoding="utf-8")
    store.snapshot_writing = None
    assert not asyncio.run(reload())
    assert store.snapshot_writing is None  # nothing was started
    assert snapshot.slot(folder, [knowledge]).read_bytes() == written
    assert snapshot.load(folder, [knowledge], snapshot.fingerprint([knowledge])) is None


# 7. A rehearsal's milestones carry the map ------------------------------------------------


def test_a_rehearsals_majority_and_last_seat_carry_the_map_as_the_night_stood(full_kb):
    """A rehearsal of 2019: its majority and last-seat posts ask for the map, and that map, drawn
    from the base being served (2019 complete), is the night's map at that declaration."""
    import asyncio

    from bot.charts import chart_png
    from bot.live.cli import start
    from bot.live.rehearsal import Rehearsals

    class Announcer:
        def __init__(self):
            self.posts = []

        async def rehearse(self, post):
            self.posts.append(post)

    async def run():
        announcer = Announcer()
        rehearsals = Rehearsals(announcer)
        night, plan = await rehearsals.prepare(full_kb, "2019", 650)
        await rehearsals.begin(night, plan, channel_id=1, guild_id=1, speed=0)
        return announcer.posts, plan

    posts, plan = asyncio.run(run())
    mapped = {p.item.split(":")[1]: p.charts for p in posts if p.charts}
    assert set(mapped) == {"majority", "last_seat"}
    assert all(p.rehearsal for p in posts)
    [majority] = mapped["majority"]
    night, _ = start(full_kb, "2019")
    for key in plan.keys[: majority.declared]:
        night.declare(key)
    assert majority.declared < 650
    assert chart_png(full_kb, majority) == chart_png(night.view()[0], majority)


def test_undeclared_northern_ireland_seat_claims_no_winner_from_party_groups(history_kb):
    """During a 2019 replay, a Northern Ireland seat still to declare: the 1918-2019 file puts
    every 2017 vote there under 'oth', so no 'others won with a majority of 100%'."""
    from bot.live.cli import start

    night, plan = start(history_kb, "2019")
    for key in plan.keys[:300]:
        night.declare(key)
    engine = night.view()[1]
    waiting = {night.contests[key].ons_id for key in plan.keys[300:]}
    seat = next(
        r["Constituency name"]
        for r in _rows_2019()
        if r["ONS ID"] in waiting and r["Country name"] == "Northern Ireland"
    )
    text = render_text(engine.ask(f"who is standing in {seat}"), everything=True)
    assert "not declared yet" in text
    assert "(100.0%)" not in text and "Others won" not in text
    assert "name no winner" in text
    assert "CBP-8647" in text  # the 2017 figures' own source


def test_by_elections_take_the_librarys_latest_spelling_of_their_seat(by_kb):
    """Parliament's by-election files write 'Sheffield, Brightside and Hillsborough': a
    by-election in a seat the Library's 2024 results name is shown as they spell it, as the
    bio's other lines name the seat."""
    latest = {_fold(r["Constituency name"]): r["Constituency name"] for r in _winners_2024()}
    same = 0
    for facts in by_kb.by_elections:
        spelled = latest.get(_fold(facts.contest.name))
        if spelled:
            assert facts.contest.name == spelled
            same += 1
    assert same >= 10


def test_an_mp_first_returned_at_a_by_election_sits_since_it(by_kb):
    """Won a 2019-2024 by-election and the same seat in 2024 (no general election between): the
    bio's lead says 'since the <year> by-election', not 'since 2024'."""
    winners_2024 = {
        r["DC Person ID"]: _fold(r["Constituency name"])
        for r in _winners_2024()
        if r["DC Person ID"]
    }
    checked = 0
    for won in _by_election_winners():
        if not (dt.date(2019, 12, 12) < won["date"] < dt.date(2024, 7, 4)):
            continue
        if winners_2024.get(won["dc"]) != _fold(won["seat"]):
            continue
        person = next(p for p in by_kb.people.values() if str(p.dc_id) == won["dc"])
        lead = bio.bio_lines(by_kb, person)[0]
        assert f"since the {won['date'].year} by-election" in lead, lead
        checked += 1
    assert checked >= 3


def test_short_records_read_as_sentences(shipped_engine, named_engine):
    """No 'ending 1 consecutive Conservative win (2019-2019)', no 'all in' after 'once', no
    'had been first elected ... when she lost'."""
    text = render_text(shipped_engine.ask("history of south west norfolk"))
    assert "Labour won it in 2024, taking it from the Conservatives" in text
    assert "1 consecutive" not in text
    text = render_text(named_engine.ask("how many times has Terry Jermy stood?"))
    assert "has stood once" in text and "in South West Norfolk in 2024, and won." in text
    text = render_text(named_engine.ask("When was Liz Truss first elected?"))
    assert "Liz Truss was first elected in 2010, and lost South West Norfolk in 2024." in text
