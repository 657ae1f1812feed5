"""Declaration times files, and every night replayed in its real order.

Ground truth is read here independently of the bot's readers: the Library's "Winning members"
workbook (ons_id, time_recorded), the operator's list, the Library's 2024 results and
Parliament's 2010 constituency file.
"""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import subprocess
import sys
from collections import Counter

import pytest

from bot.kb.build import SHIPPED_KNOWLEDGE, KnowledgeBaseError, build
from bot.live.cli import start
from bot.live.replay import play
from tests.helpers.data import DATA, FULL_SOURCES, ROOT, library_constituencies, needs_data

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

TIMES = DATA / "declaration-times-2024"
WORKBOOK = TIMES / "Winning-members-(Friday-1720).xlsx"
CONVERSION = TIMES / "Winning-members-(Friday-1720).csv"
OPERATOR = TIMES / "declaration-times.csv"
INVERNESS = "Inverness, Skye and West Ross-shire"


def recorded() -> dict[str, dt.datetime]:
    """ons_id -> time_recorded, straight from the Library's workbook."""
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.load_workbook(WORKBOOK, read_only=True)
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    workbook.close()
    header = list(rows[0])
    code, time = header.index("ons_id"), header.index("time_recorded")
    return {row[code]: row[time] for row in rows[1:] if row[time]}


def replay(kb, election):
    night, plan = start(kb, election)
    seen = []
    asyncio.run(play(night, plan, 0, seen.append))
    return night, plan, seen


def milestones(seen, kind):
    return [(d, m) for d in seen for m in d.milestones if m.kind == kind]


def library_2024():
    """ONS ID -> (name, winning party, gain?) from the Library's constituency file."""
    return {
        row["ONS ID"]: (row["Constituency name"], row["First party"], "gain" in row["Result"])
        for row in library_constituencies("2024")
    }


@pytest.fixture(scope="module")
def library_times_kb():
    if not DATA.is_dir():
        pytest.skip("official data (../shared/data) is absent")
    pytest.importorskip("openpyxl")
    return build([*FULL_SOURCES, WORKBOOK])


@pytest.fixture(scope="module")
def library_night(library_times_kb):
    return replay(library_times_kb, "2024")


# Reading and attaching -----------------------------------------------------------------------


@needs_data
def test_the_librarys_workbook_times_every_seat_it_lists(library_times_kb):
    times = recorded()
    contests = library_times_kb.contests["2024"]
    assert len(times) == 649 and len(contests) == 650
    for key, contest in contests.items():
        if key in times:
            assert contest.declared_at == f"{times[key]:%d/%m/%Y %H:%M}", contest.name
        else:
            assert contest.name == INVERNESS and contest.declared_at is None
    kinds = dict(library_times_kb.report.files)
    assert kinds[str(WORKBOOK)] == (
        "declaration times recorded by the Commons Library, 649 of the 650 seats of 2024"
    )
    warning = next(w for w in library_times_kb.report.warnings if w.file == str(WORKBOOK))
    assert "no declaration time for 1 of the 650 seats of 2024" in warning.message
    assert INVERNESS in warning.message
    assert not library_times_kb.memberships  # read for its times, not as a list of MPs


@needs_data
def test_the_month_first_csv_conversion_reads_as_the_workbook(library_times_kb, conversion_kb):
    converted = conversion_kb.contests["2024"]
    for key, contest in library_times_kb.contests["2024"].items():
        if contest.declared_at:
            assert converted[key].declared_at == contest.declared_at
    inverness = next(c for c in converted.values() if c.name == INVERNESS)
    assert inverness.declared_at == "06/07/2024 18:00"  # the conversion's own added row


@needs_data
def test_an_operators_list_of_names_and_times_alone(full_kb):
    kb = build([*FULL_SOURCES, OPERATOR])
    with OPERATOR.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert len(rows) - 1 == 649
    by_name = {c.name: c for c in kb.contests["2024"].values()}
    assert by_name["Houghton and Sunderland South"].declared_at == "04/07/2024 23:17"
    assert by_name["South West Norfolk"].declared_at == "05/07/2024 07:00"
    assert by_name["South Basildon and East Thurrock"].declared_at == "05/07/2024 17:10"
    # a name with unquoted commas, and a shortened one
    assert by_name["Argyll, Bute and South Lochaber"].declared_at == "05/07/2024 06:43"
    assert by_name["Kingston upon Hull West and Haltemprice"].declared_at is not None
    assert sum(1 for c in by_name.values() if c.declared_at) == 649
    warnings = [w.message for w in kb.report.warnings if w.file == str(OPERATOR)]
    assert len(warnings) == 1 and INVERNESS in warnings[0]
    assert "plays it after every seat with a time" in warnings[0]


@needs_data
def test_the_whole_folder_at_once_gives_the_librarys_record_first():
    """Three times files in one --kb path: the Library's wins a seat over the operator's list."""
    kb = build([*FULL_SOURCES, TIMES])
    by_name = {c.name: c for c in kb.contests["2024"].values()}
    assert by_name["South West Norfolk"].declared_at == "05/07/2024 07:10"
    assert by_name["Houghton and Sunderland South"].declared_at == "04/07/2024 23:30"
    assert by_name[INVERNESS].declared_at == "06/07/2024 18:00"
    assert all(c.declared_at for c in by_name.values())
    gaps = [w.message for w in kb.report.warnings if "no declaration time" in w.message]
    assert gaps and all("another file gives its time" in m for m in gaps)


def test_a_list_of_codes_and_dated_times_is_recognised_and_a_bad_time_refused(tmp_path):
    times = tmp_path / "times.csv"
    times.write_text("GSS code,Declared at\nE14001497,2024-07-05 07:10\n", encoding="utf-8")
    kb = build([SHIPPED_KNOWLEDGE, times])
    norfolk = next(c for c in kb.contests["2024"].values() if c.name == "South West Norfolk")
    assert norfolk.declared_at == "05/07/2024 07:10"
    assert norfolk.source.endswith("; declaration time from times.csv")
    times.write_text("Constituency,Time\nSouth West Norfolk,ten past seven\n", encoding="utf-8")
    with pytest.raises(KnowledgeBaseError) as refused:
        build([SHIPPED_KNOWLEDGE, times])
    assert "times.csv:2: South West Norfolk: 'ten past seven' is not a time" in str(refused.value)


def test_a_workbook_of_times_with_a_bad_time_is_refused_with_its_line(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.Workbook()
    workbook.active.append(["ons_id", "time_recorded"])
    workbook.active.append(["E14001497", dt.datetime(2024, 7, 5, 7, 10)])
    workbook.active.append(["E14001063", "soon"])
    workbook.save(tmp_path / "times.xlsx")
    with pytest.raises(KnowledgeBaseError) as refused:
        build([SHIPPED_KNOWLEDGE, tmp_path / "times.xlsx"])
    assert "times.xlsx:3: E14001063: 'soon' is not a time" in str(refused.value)


def test_times_for_no_election_loaded_are_said_to_attach_to_nothing(tmp_path):
    times = tmp_path / "times.csv"
    times.write_text("Constituency,Time\nNarnia,23:30\n", encoding="utf-8")
    kb = build([SHIPPED_KNOWLEDGE, times])
    assert any("names no seat" in w.message for w in kb.report.warnings)


# Replaying in order ---------------------------------------------------------------------------


@needs_data
def test_2024_replays_in_the_order_the_library_recorded(library_night):
    night, plan, seen = library_night
    times = recorded()
    assert plan.timed and "recorded the results" in plan.note and INVERNESS in plan.note
    names = [d.facts.contest.name for d in seen]
    assert names[0] == "Houghton and Sunderland South" and seen[0].at == dt.datetime(
        2024, 7, 4, 23, 30
    )
    assert names[-1] == INVERNESS and seen[-1].at is None  # not in the workbook: played last
    assert [d.at for d in seen[:-1]] == sorted(times.values())
    norfolk = next(d for d in seen if d.facts.contest.name == "South West Norfolk")
    before = sum(1 for t in times.values() if t < norfolk.at)
    same = sum(1 for t in times.values() if t == norfolk.at)
    assert norfolk.at == dt.datetime(2024, 7, 5, 7, 10)
    assert before < norfolk.number <= before + same


@needs_data
def test_2024_in_order_ends_with_the_librarys_tally_and_true_milestones(library_night):
    night, plan, seen = library_night
    results = library_2024()
    assert night.declared == 650
    assert dict(night.tally()) == dict(Counter(party for _, party, _ in results.values()))
    assert dict(night.tally())["Lab"] == 411
    times = recorded()
    gains = sorted((times[k], k) for k, (_, _, gain) in results.items() if gain and k in times)
    first_gain = milestones(seen, "first_gain")
    if gains[0][0] != gains[1][0]:  # alone in its minute: it was the first gain
        assert [d.key for d, _ in first_gain] == [gains[0][1]]
    labour = sorted((times[k], k) for k, (_, p, _) in results.items() if p == "Lab" and k in times)
    majority = milestones(seen, "majority")
    assert len(majority) == 1 and majority[0][0].at == labour[325][0]
    alone = sum(1 for t, _ in labour if t == labour[325][0]) == 1
    assert (" with " in majority[0][1].text) == alone
    assert not milestones(seen, "last_seat")  # the last seat has no recorded time


@pytest.fixture(scope="module")
def conversion_kb():
    """2024 with the Library's times as converted to CSV, Inverness added on the Saturday."""
    if not DATA.is_dir():
        pytest.skip("official data (../shared/data) is absent")
    return build([*FULL_SOURCES, CONVERSION])


@needs_data
def test_the_last_seat_is_called_when_its_time_is_known(conversion_kb):
    _, _, seen = replay(conversion_kb, "2024")
    assert seen[-1].facts.contest.name == INVERNESS
    last = milestones(seen, "last_seat")
    assert [m.seat for _, m in last] == [INVERNESS] and last[0][0] is seen[-1]


@needs_data
def test_a_gap_of_more_than_a_night_is_not_waited_for(conversion_kb):
    """South Basildon and East Thurrock on Friday at 18:42, Inverness on Saturday at 18:00."""
    night, plan = start(conversion_kb, "2024")
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    asyncio.run(play(night, plan, 60, lambda d: None, sleep))
    night_long = (dt.datetime(2024, 7, 5, 18, 42) - dt.datetime(2024, 7, 4, 23, 30)).seconds
    assert night.declared == 650 and waits
    assert max(waits) <= night_long / 60  # the Saturday's 23 hours are not waited for


@needs_data
def test_seats_in_the_same_minute_are_not_called_first_or_last_among_themselves(tmp_path):
    times = recorded()
    results = library_2024()
    gains = sorted((t, k) for k, t in times.items() if results[k][2])
    labour = sorted((t, k) for k, t in times.items() if results[k][1] == "Lab")
    moved = dict(times)
    moved[gains[1][1]] = gains[0][0]  # the second gain in the first gain's minute
    moved[labour[326][1]] = labour[325][0]  # another Labour seat in the 326th's minute
    inverness = next(k for k, (name, _, _) in results.items() if name == INVERNESS)
    last = max(times, key=times.get)
    moved[inverness] = moved[last]  # two seats share the last minute
    file = tmp_path / "tied.csv"
    lines = [f"{code},{t:%Y-%m-%d %H:%M}" for code, t in moved.items()]
    file.write_text("ONS ID,Time\n" + "\n".join(lines) + "\n", encoding="utf-8")
    _, _, seen = replay(build([*FULL_SOURCES, file]), "2024")
    assert not milestones(seen, "first_gain")
    assert not milestones(seen, "last_seat")
    (declaration, majority), *others = milestones(seen, "majority")
    assert not others and declaration.at == labour[325][0]
    assert f"at {labour[325][0]:%H:%M}" in majority.text and " with " not in majority.text
    assert [d.number for d in seen] == list(range(1, 651))


@needs_data
def test_without_times_a_replay_says_so_and_claims_no_first_or_last(full_kb):
    night, plan, seen = replay(full_kb, "2024")
    assert not plan.timed
    assert "no declaration times" in plan.note and "alphabetical" in plan.note
    assert all(d.at is None for d in seen)
    kinds = Counter(m.kind for d in seen for m in d.milestones)
    assert not (kinds["first_gain"] or kinds["last_seat"] or kinds["majority"])
    seats = dict(night.tally())
    firsts = [m for d in seen for m in d.milestones if not m.kind.startswith("exit_poll")]
    assert all(seats[m.party] == 1 for m in firsts)  # 'first' = only seat
    # the exit poll's own milestones count seats in, whatever their order: the first, half, all
    assert kinds["exit_poll"] == kinds["exit_poll_half"] == kinds["exit_poll_final"] == 1
    assert seats["Lab"] == 411


@needs_data
def test_replay_2024_from_the_command_line_with_the_librarys_times():
    args = [sys.executable, "-m", "bot", "replay", "2024", "--speed", "0"]
    for path in [*FULL_SOURCES, WORKBOOK]:
        args += ["--kb", str(path)]
    done = subprocess.run(args, capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "in the order the Commons Library recorded the results" in done.stdout
    assert "23:30 Houghton and Sunderland South (1 of 650): Lab hold" in done.stdout
    assert f"\n{INVERNESS} (650 of 650): LD gain from SNP" in done.stdout
    assert "07:10 South West Norfolk (" in done.stdout
    assert "Final tally (650 of 650 declared): Lab 411, Con 121, LD 72," in done.stdout


# 2010, once Parliament's header-less general-election files load as named results --------------

PARLIAMENT_2010 = DATA / "parliament" / "55" / "general-election"


@needs_data
def test_2010_replays_in_its_own_declaration_order():
    kb = build([SHIPPED_KNOWLEDGE, DATA / "historical", PARLIAMENT_2010])
    if not any(not c.party_level for c in kb.contests.get("2010", {}).values()):
        pytest.skip("2010 named results not loadable yet")
    with (PARLIAMENT_2010 / "constituencies.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))  # no header: 7 Declaration time, 2 name, 12 First party
    times = sorted(dt.datetime.strptime(r[7].strip(), "%d/%m/%Y %H:%M") for r in rows)
    night, plan, seen = replay(kb, "2010")
    assert plan.timed and "declaration order" in plan.note
    assert [d.at for d in seen] == times
    assert seen[0].facts.contest.name == "Houghton and Sunderland South"
    assert seen[-1].facts.contest.name == "Thirsk and Malton"  # the poll postponed to 27 May
    assert [m.seat for _, m in milestones(seen, "last_seat")] == ["Thirsk and Malton"]
    tally = dict(night.tally())
    assert tally == dict(Counter(r[12].strip() for r in rows))
    assert (tally["Con"], tally["Lab"], tally["LD"]) == (306, 258, 57)
    assert not milestones(seen, "majority")  # a hung parliament
