"""The results folder on the night: only complete files, only what can be true, one bad file
never blocking the next, reports that name files and never host paths."""

from __future__ import annotations

import asyncio
import csv
import io
import os

import pytest

from bot.answer.text import render_text
from bot.db.database import Database
from bot.engine import Engine
from bot.kb.build import SHIPPED_KNOWLEDGE, KnowledgeBaseError, build
from bot.live.announcer import Announcer
from bot.live.count import live_apply
from bot.live.feeds import FolderFeed
from bot.settings import default_url
from bot.store import KnowledgeStore
from tests.helpers.data import DATA, needs_data
from tests.helpers.nominations import CANDIDATES_2024, blank_votes, official

TEN = [
    "Hendon",
    "Chipping Barnet",
    "Finchley and Golders Green",
    "Harrow East",
    "Brent West",
    "Islington North",
    "Clacton",
    "Bootle",
    "Ynys Môn",
    "Waveney Valley",
]


@pytest.fixture(scope="module")
def counting(tmp_path_factory):
    """2019's results and who stands in every 2024 seat: the night before the count."""
    if not DATA.is_dir():
        pytest.skip("official data (../shared/data) is absent")
    folder = tmp_path_factory.mktemp("nominations")
    blank_votes(CANDIDATES_2024, folder / "HoC-GE2024-candidates.csv")
    paths = [SHIPPED_KNOWLEDGE, DATA / "ge2019", folder]
    kb = build(paths)
    return paths, kb, Engine(kb)


def _store(counting) -> KnowledgeStore:
    paths, kb, engine = counting
    return KnowledgeStore(paths, kb, engine)


def library_rows(seats, change=None, drop=(), rename=None) -> str:
    """The Library's 2024 candidate layout with only these seats' rows, as text."""
    with CANDIDATES_2024.open(encoding="utf-8-sig", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["Constituency name"] in seats]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        name = f"{row['Candidate first name']} {row['Candidate surname']}"
        if name in drop:
            continue
        row["Votes"] = str((change or {}).get(name, row["Votes"]))
        if rename:
            row["Constituency name"], row["ONS ID"] = rename
        writer.writerow(row)
    return out.getvalue()


async def _until(condition, seconds: float = 30.0) -> bool:
    for _ in range(int(seconds / 0.05)):
        if condition():
            return True
        await asyncio.sleep(0.05)
    return condition()


async def test_a_folder_file_is_handed_over_once_and_complete(tmp_path):
    folder, handed = tmp_path / "incoming", []

    async def apply(files):
        handed.extend((f.name, f.read_text(encoding="utf-8")) for f in files)

    feed = FolderFeed(folder, apply, debounce_ms=50, settle=1.0)
    task = asyncio.create_task(feed.run())
    whole = "".join(f"line {n}\n" for n in range(400))
    try:
        await asyncio.sleep(0.5)
        with (folder / "results.csv").open("w", encoding="utf-8") as out:
            for start in range(0, len(whole), len(whole) // 6):
                out.write(whole[start : start + len(whole) // 6])
                out.flush()
                await asyncio.sleep(0.3)  # a slow writer: more than the watcher's step
        (folder / ".next.csv").write_text("whole\n", encoding="utf-8")  # written, then renamed
        (folder / "partial.csv.part").write_text("half", encoding="utf-8")
        os.replace(folder / ".next.csv", folder / "next.csv")
        assert await _until(lambda: len(handed) >= 2)
        await asyncio.sleep(1.5)
        assert sorted(handed) == [("next.csv", "whole\n"), ("results.csv", whole)]
    finally:
        feed.stop.set()
        await asyncio.wait_for(task, 10)


async def _night(counting, tmp_path, folder, settle=None, pieces=None):
    """Apply the ten seats' file (whole, or written in pieces into a watched folder): the
    titles of every post and the live base's answers."""
    store = _store(counting)
    database = await Database.open(default_url(tmp_path))
    await database.update_server(1, results_channel_id=10)
    sent = []

    async def send(post):
        sent.append(post.title)

    announcer = Announcer(database, send)
    announcer.start()
    folder.mkdir()
    apply = live_apply(store, folder, None, announcer)
    text = library_rows(set(TEN))
    feed_file = folder / "HoC-GE2024-results-by-candidate.csv"
    try:
        if pieces is None:
            feed_file.write_text(text, encoding="utf-8")
            await apply([feed_file])
        else:
            feed = FolderFeed(folder, apply, debounce_ms=50, settle=settle)
            task = asyncio.create_task(feed.run())
            await asyncio.sleep(0.5)
            lines = text.splitlines(keepends=True)
            size = len(lines) // pieces + 1  # whole rows: every piece is a valid file
            with feed_file.open("w", encoding="utf-8") as out:
                for start in range(0, len(lines), size):
                    out.writelines(lines[start : start + size])
                    out.flush()
                    await asyncio.sleep(0.3)
            assert await _until(lambda: len(store.current.kb.contests["2024"]) == 11)
            await asyncio.sleep(1.0)  # nothing more arrives
            feed.stop.set()
            await asyncio.wait_for(task, 10)
        await announcer.drain()
        return sent, store
    finally:
        await announcer.stop()
        await database.close()


@needs_data
async def test_a_library_file_written_in_pieces_is_announced_once_complete_and_right(
    counting, tmp_path
):
    whole, _ = await _night(counting, tmp_path / "a", tmp_path / "whole")
    sent, store = await _night(counting, tmp_path / "b", tmp_path / "pieces", 1.0, pieces=8)
    assert sent == whole  # the same posts, in the same order, once each
    assert len([s for s in sent if " of 650): " in s]) == 10
    kb = store.current.kb
    winners = {
        facts.contest.name: (facts.winner.candidacy.name, facts.contest.valid_votes)
        for (election, _), facts in kb.facts.items()
        if election == "2024" and facts.contest.name in TEN
    }
    assert winners == {
        seat: (max(official(seat), key=lambda pair: pair[1])[0], sum(v for _, v in official(seat)))
        for seat in TEN
    }  # every seat whole: its official winner and all its votes


@needs_data
async def test_a_seat_waits_until_every_nominated_candidate_is_in(counting, tmp_path):
    store, folder = _store(counting), tmp_path / "incoming"
    folder.mkdir()
    apply = live_apply(store, folder)
    feed = folder / "HoC-GE2024-results-by-candidate.csv"
    last = official("Hendon")[-1][0]
    feed.write_text(library_rows({"Hendon", "Chipping Barnet"}, drop={last}), encoding="utf-8")
    assert (await apply([feed])).declared == 1  # Chipping Barnet; Hendon waits for its rows
    assert "has not declared yet" in render_text(store.engine.ask("!result Hendon"))
    feed.write_text(library_rows({"Hendon", "Chipping Barnet"}), encoding="utf-8")
    assert (await apply([feed])).declared == 1
    card = render_text(store.engine.ask("!result Hendon"))
    assert all(f"{votes:,}" in card for _, votes in official("Hendon"))


@needs_data
async def test_each_bad_file_is_refused_by_name_and_the_next_good_one_applied(counting, tmp_path):
    store, folder, reports = _store(counting), tmp_path / "incoming", []
    folder.mkdir()

    async def report(text):
        reports.append(text)

    apply = live_apply(store, folder, report)
    outside = tmp_path / "elsewhere.csv"
    outside.write_text(library_rows({"Bootle"}), encoding="utf-8")
    undecodable = library_rows({"Clacton"}).encode("utf-8").replace(b"Clacton", b"Cl\x81cton")
    bad_files = {
        "GE2024-atlantis.csv": library_rows({"Hendon"}, rename=("Atlantis", "E14009999")),
        "GE2024-huge.csv": library_rows({"Harrow East"}, change={"Bob Blackman": 9_999_999}),
        "GE2024-latin.csv": undecodable,
        "GE2024-link.csv": outside,
    }
    expected = {
        "GE2024-atlantis.csv": "Atlantis is not a seat nominated for the 2024 election",
        "GE2024-huge.csv": "Bob Blackman has 9,999,999 votes, more than Harrow East's last known "
        "electorate",
        "GE2024-latin.csv": "cannot be decoded: byte 0x81",
        "GE2024-link.csv": "is a symbolic link",
    }
    good = ["Chipping Barnet", "Brent West", "Islington North", "Waveney Valley"]
    for (name, content), seat in zip(bad_files.items(), good, strict=True):
        path = folder / name
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.symlink_to(content)
        before = len(reports)
        refused = await apply([path])
        assert not refused.ok and refused.declared == 0
        assert len(reports) == before + 1 and reports[-1].startswith(f"result feed: {name}")
        assert expected[name] in reports[-1]
        # the bad file stays in the folder; the next good file, alone or beside it, is applied
        good_file = folder / f"{seat}.csv"
        good_file.write_text(library_rows({seat}), encoding="utf-8")
        assert (
            await apply([good_file, path] if name == "GE2024-huge.csv" else [good_file])
        ).declared
        assert "has not declared yet" not in render_text(store.engine.ask(f"!result {seat}"))
    declared = {c.name for c in store.current.kb.contests["2024"].values()}
    assert declared == {"South West Norfolk", *good}  # nothing from a refused file
    assert "651" not in render_text(store.engine.ask("!national"))
    assert all(str(tmp_path) not in r and "/" not in r.split(": ")[1] for r in reports)


@needs_data
def test_a_hand_written_contest_for_an_unknown_seat_is_refused_by_kb_check(tmp_path, capsys):
    from bot.__main__ import main

    contest = (
        "contests:\n"
        "  - election: '2024'\n"
        "    constituency: Hendn\n"
        "{extra}"
        "    candidates:\n"
        "      - {{name: David Pinto-Duschinsky, party: Lab, votes: 15855}}\n"
        "      - {{name: Ameet Jogia, party: Con, votes: 15840}}\n"
    )
    (tmp_path / "fix.yaml").write_text(contest.format(extra=""), encoding="utf-8")
    paths = [SHIPPED_KNOWLEDGE, DATA / "ge2024", tmp_path]
    assert main(["kb", "check", *(a for p in paths for a in ("--kb", str(p)))]) != 0
    out = capsys.readouterr().out
    assert (
        "fix.yaml:2: Hendn (2024) is not a seat known at the 2024 election or the one before" in out
    )
    assert "did you mean Hendon" in out
    with pytest.raises(KnowledgeBaseError):
        build(paths)
    (tmp_path / "fix.yaml").write_text(contest.format(extra="    new_seat: true\n"), "utf-8")
    assert len(build(paths).contests["2024"]) == 651  # said on purpose: a seat of its own


@needs_data
async def test_a_file_only_a_build_can_refuse_is_set_aside_and_the_next_one_applied(
    counting, tmp_path
):
    """Two files with a result each for one seat: the second is refused (by the build, which
    alone sees both), its copy set aside, and the feed goes on."""
    store, folder, reports = _store(counting), tmp_path / "incoming", []
    folder.mkdir()

    async def report(text):
        reports.append(text)

    apply = live_apply(store, folder, report)
    first, second = folder / "GE2024-a.csv", folder / "GE2024-b.csv"
    first.write_text(library_rows({"Hendon"}), encoding="utf-8")
    assert (await apply([first])).declared == 1
    jogia = {"Ameet Jogia": 15_900}
    second.write_text(library_rows({"Hendon"}, change=jogia), encoding="utf-8")
    refused = await apply([second])
    assert not refused.ok and reports and "GE2024-b.csv" in reports[-1]
    assert "already has a result" in reports[-1] and str(tmp_path) not in reports[-1]
    assert "15,855" in render_text(store.engine.ask("!result Hendon"))  # the first result stands
    good = folder / "GE2024-c.csv"
    good.write_text(library_rows({"Chipping Barnet"}), encoding="utf-8")
    assert (await apply([good])).ok  # the refused file, still in the folder, blocks nothing
    assert "has not declared yet" not in render_text(store.engine.ask("!result Chipping Barnet"))
