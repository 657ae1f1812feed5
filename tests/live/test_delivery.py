"""Announcements through faults: a process killed mid-night, the database stopped mid-night, a
sender and a database that fail. Nothing is lost, nothing is doubled, nothing stops announcing."""

from __future__ import annotations

import asyncio
import json
import os
import random
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from bot.db.database import Database
from bot.engine import Engine
from bot.live.announcer import PARTY_MILESTONES, Announcer
from bot.live.fanout import Limits
from bot.live.replay_mode import WholeReplay
from bot.live.supervise import Backoff
from bot.settings import default_url
from bot.store import KnowledgeStore
from tests.helpers.data import FULL_SOURCES, ROOT
from tests.helpers.postgres import create_database

CHILD = ROOT / "tests" / "helpers" / "replay_child.py"
QUICK = Backoff(first=0.01, cap=0.05)
NO_CHANNEL_LIMIT = Limits(channel_messages=10**6)  # the fake senders here have none


def expected_posts(declarations) -> set[tuple[str, str]]:
    """What replay_child.py's servers are owed: every seat and milestone in the results channel,
    and the Liberal Democrats' seats and own milestones by DM to their follower."""
    owed = set()
    for d in declarations:
        owed.add(("channel:77", f"seat:{d.key}"))
        if d.facts.winner.party == "LD":
            owed.add(("user:9", f"seat:{d.key}"))
        for m in d.milestones:
            item = f"milestone:{m.kind}:{m.party or ''}"
            owed.add(("channel:77", item))
            if m.party == "LD" and m.kind in PARTY_MILESTONES:
                owed.add(("user:9", item))
    return owed


def _posted(path: Path) -> list[tuple[str, str]]:
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [(post["destination"], post["item"]) for post in map(json.loads, lines)]


def test_kill_9_at_random_points_of_a_replay_loses_and_doubles_nothing(tmp_path, night_2019):
    _, declarations = night_2019
    url, posts = default_url(tmp_path), tmp_path / "discord.jsonl"
    seed = int(os.environ.get("KILL_SEED", random.randrange(10**6)))
    owed = expected_posts(declarations)
    kill_after = sorted(random.Random(seed).sample(range(1, len(owed) - 20), 3))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, str(CHILD), url, str(posts)]
    for threshold in kill_after:
        child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while len(_posted(posts)) < threshold and child.poll() is None:
            assert time.monotonic() < deadline, f"seed {seed}: the replay stalled"
            time.sleep(0.01)
        child.kill()  # SIGKILL: no clean-up of any kind
        child.wait()
    finished = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert finished.returncode == 0 and "done" in finished.stdout, finished.stderr[-2000:]
    got = _posted(posts)
    doubled = {post for post in got if got.count(post) > 1}
    assert not doubled, f"seed {seed}, kills after {kill_after}: doubled {sorted(doubled)[:5]}"
    lost = owed - set(got)
    assert not lost, f"seed {seed}, kills after {kill_after}: lost {len(lost)}"
    assert set(got) == owed and len(got) == len(owed)  # 650 seats, the milestones, the DMs
    seats = [item for destination, item in got if destination == "channel:77"]
    night_order = [f"seat:{d.key}" for d in declarations]
    assert [i for i in seats if i.startswith("seat:")] == night_order  # and in the night's order


async def test_postgresql_stopped_mid_night_delays_posts_and_loses_none(private_pg_server, full_kb):
    database = await Database.open(await create_database(private_pg_server.url))
    await database.update_server(1, results_channel_id=77, announce="all")
    sent: list[str] = []

    async def send(post) -> None:
        await asyncio.sleep(0)
        sent.append(post.item)

    # Discord without a per-channel limit; a bounded queue, so the replay waits on the sender
    announcer = Announcer(
        database, send, backoff=Backoff(first=0.2, cap=1.0), queue_size=100, limits=NO_CHANNEL_LIMIT
    )
    announcer.start()
    store = KnowledgeStore(FULL_SOURCES, full_kb, Engine(full_kb))
    replay = asyncio.create_task(WholeReplay(store, database, announcer, "2019", speed=0).run())
    try:
        while len(sent) < 150:
            assert not replay.done()
            await asyncio.sleep(0.01)
        await asyncio.to_thread(private_pg_server.stop)  # the database goes away mid-night
        during = len(sent)
        await asyncio.sleep(3)
        assert len(sent) <= during + 1 and not replay.done() and announcer.running  # waiting
        await asyncio.to_thread(private_pg_server.start)
        await asyncio.wait_for(replay, 120)  # and picks up by itself
        await asyncio.wait_for(announcer.drain(), 60)
    finally:
        replay.cancel()
        await announcer.stop()
    seats = [item for item in sent if item.startswith("seat:")]
    assert len(seats) == len(set(seats)) == 650
    assert len(sent) == len(set(sent))
    records = [r for r in await database.records("2019") if r.destination == "channel:77"]
    assert len(records) == len(sent) and {r.status for r in records} == {"posted"}
    assert "2019" not in store.current.kb.progress  # answers are no longer 'so far'
    await database.close()


async def test_the_worker_survives_a_failing_sender(database, night_2019):
    kb, declarations = night_2019
    await database.update_server(1, results_channel_id=77, announce="all")
    first, second, third = (f"seat:{d.key}" for d in declarations[:3])
    fails = {first: 2, second: 99}  # the first fails twice then goes; the second never does
    tries: list[tuple[str, bool]] = []
    sent: list[str] = []
    reports: list[str] = []

    async def send(post) -> None:
        tries.append((post.item, post.resent))
        if fails.get(post.item, 0) > 0:
            fails[post.item] -= 1
            raise ConnectionResetError("Discord went away")
        sent.append(post.item)

    async def report(text: str) -> None:
        reports.append(text)

    announcer = Announcer(database, send, report=report, backoff=QUICK, send_tries=4)
    announcer.start()
    try:
        for d in declarations[:3]:
            await announcer.announce(kb, d)
        await asyncio.wait_for(announcer.drain(), 30)
        assert announcer.running
        await announcer.announce(kb, declarations[3])  # still announcing afterwards
        await asyncio.wait_for(announcer.drain(), 30)
    finally:
        await announcer.stop()
    assert [item for item in sent if item.startswith("seat:")] == [
        first,
        third,
        f"seat:{declarations[3].key}",
    ]
    assert len(sent) == len(set(sent))
    assert [t for t in tries if t[0] == first] == [(first, False), (first, True), (first, True)]
    assert sum(1 for item, _ in tries if item == second) == 4  # tried, then given up
    assert len(reports) == 1 and second in reports[0]
    status = {r.item: r.status for r in await database.records("2019")}
    assert status[first] == status[third] == "posted" and status[second] == "failed"


async def test_the_worker_survives_database_errors(tmp_path, night_2019):
    kb, declarations = night_2019
    url = default_url(tmp_path)
    database = await Database.open(url)
    await database.update_server(1, results_channel_id=77, announce="all")
    gate = asyncio.Event()
    sent: list[str] = []

    async def send(post) -> None:
        await gate.wait()
        sent.append(post.item)

    announcer = Announcer(database, send, backoff=QUICK)
    announcer.start()
    file = url.split(":///", 1)[1]
    try:
        for d in declarations[:3]:
            await announcer.announce(kb, d)  # claimed and queued; Discord is slow
        with sqlite3.connect(file) as other:  # the record becomes unreadable
            other.execute("ALTER TABLE announcements RENAME TO announcements_away")
        gate.set()
        await asyncio.sleep(0.5)
        assert len(sent) == 1  # sent, but not recorded: waiting
        assert announcer.running
        with sqlite3.connect(file) as other:
            other.execute("ALTER TABLE announcements_away RENAME TO announcements")
        await asyncio.wait_for(announcer.drain(), 30)
    finally:
        await announcer.stop()
    seats = [item for item in sent if item.startswith("seat:")]
    assert seats == [f"seat:{d.key}" for d in declarations[:3]] and len(sent) == len(set(sent))
    records = await database.records("2019")
    assert len(records) == len(sent) and {r.status for r in records} == {"posted"}
    await database.close()


async def test_the_whole_bot_replay_goes_on_after_an_error(tmp_path, shipped_kb, caplog):
    """An unexpected error mid-night (here after a declaration was announced, before it was
    marked played) is logged; the night picks up from the record and ends, each post sent once."""
    from bot.kb.build import SHIPPED_KNOWLEDGE

    database = await Database.open(default_url(tmp_path))
    await database.update_server(1, results_channel_id=77, announce="all")
    sent: list[str] = []

    async def send(post) -> None:
        sent.append(post.item)

    announcer = Announcer(database, send)
    announcer.start()
    announce, calls = announcer.announce, []

    async def faulty(kb, declaration):
        calls.append(declaration.key)
        queued = await announce(kb, declaration)
        if len(calls) == 1:
            raise RuntimeError("a bug on the night")
        return queued

    announcer.announce = faulty
    store = KnowledgeStore([SHIPPED_KNOWLEDGE], shipped_kb, Engine(shipped_kb))
    try:
        await asyncio.wait_for(WholeReplay(store, database, announcer, "2019", 0).run(), 60)
        await asyncio.wait_for(announcer.drain(), 30)
    finally:
        await announcer.stop()
        await database.close()
    assert "a bug on the night" in caplog.text and "starting it again" in caplog.text
    assert len(calls) == 2 and calls[0] == calls[1]  # the same declaration, announced again
    assert sent.count(f"seat:{calls[0]}") == 1 and len(sent) == len(set(sent)) >= 2
    assert "2019" not in store.current.kb.progress  # the night (one seat here) is over
