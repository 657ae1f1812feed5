"""Announcements against a real database (SQLite and PostgreSQL): once, in order, divided by shard."""

from __future__ import annotations

import asyncio

import pytest

from bot.db.database import Database
from bot.kb.build import build
from bot.live.announcer import Announcer, Post, Undeliverable, owner_of, shard_of
from bot.live.cli import start
from bot.live.fanout import Limits
from tests.helpers.data import DATA, FULL_SOURCES

GUILDS = [n << 22 for n in (1, 2, 3, 4)]  # shards 1, 0, 1, 0 of 2
# For tests of who sends what, once and in order: a channel's pace (5 messages in 5 s) is tested
# in simulated time (tests/live/test_fanout.py); here it would only make each test wait 20-45 s.
UNPACED = Limits(channel_messages=1_000)


@pytest.fixture(scope="module")
def declarations(full_kb):
    night, plan = start(full_kb, "2019")
    return night.base, [night.declare(key) for key in plan.keys[:40]]


async def _servers(db: Database) -> None:
    for number, guild in enumerate(GUILDS):
        await db.update_server(guild, results_channel_id=100 + number, announce="all")
    await db.follow(9, "party", "LD", "Liberal Democrats", 0, 0)  # by DM
    await db.follow(8, "party", "SNP", "SNP", GUILDS[0], 555)  # in a channel of shard 1's server


def _recorder(name: str, sent: list):
    async def send(post):
        sent.append((name, post.destination, post.item))

    return send


async def test_two_processes_divide_the_announcements(database_url, declarations):
    kb, items = declarations
    first, second = await Database.open(database_url), await Database.open(database_url)
    await _servers(first)
    sent: list = []
    a = Announcer(first, _recorder("a", sent), owner_of([0], 2), "a", limits=UNPACED)
    b = Announcer(second, _recorder("b", sent), owner_of([1], 2), "b", limits=UNPACED)
    a.start(), b.start()

    async def run(announcer):
        for d in items:
            await announcer.announce(kb, d)
            await asyncio.sleep(0)

    try:
        await asyncio.gather(run(a), run(b))
        await a.drain(), await b.drain()
        keys = [(dest, item) for _, dest, item in sent]
        assert len(keys) == len(set(keys))  # none doubled
        seats = {f"seat:{d.key}" for d in items}
        for number, guild in enumerate(GUILDS):  # none lost: every seat reached every server
            channel = f"channel:{100 + number}"
            assert {i for _, dest, i in sent if dest == channel and i.startswith("seat:")} == seats
            owner = {name for name, dest, _ in sent if dest == channel}
            assert owner == {"b" if shard_of(guild, 2) == 1 else "a"}  # its own shard's process
        ld = {f"seat:{d.key}" for d in items if d.facts.winner.party == "LD"}
        seat_posts = [(n, dest, i) for n, dest, i in sent if i.startswith("seat:")]
        assert {i for n, dest, i in seat_posts if dest == "user:9"} == ld
        assert {n for n, dest, _ in sent if dest == "user:9"} <= {"a"}  # DMs: shard 0's process
        snp = {f"seat:{d.key}" for d in items if d.facts.winner.party == "SNP"}
        assert {i for n, dest, i in seat_posts if dest == "channel:555"} == snp
        assert ("channel:555", "milestone:first_seat:SNP") in {(d, i) for _, d, i in sent}
        records = await first.records("2019")
        assert len(records) == len(keys) and {r.status for r in records} == {"posted"}
        # Order: each destination received its seats in declaration order.
        order = [f"seat:{d.key}" for d in items]
        got = [i for _, dest, i in sent if dest == "channel:100" and i.startswith("seat:")]
        assert got == order
    finally:
        await a.stop(), await b.stop()
        await first.close(), await second.close()


async def test_a_restart_posts_what_it_missed_once(database_url, declarations):
    kb, items = declarations
    before = await Database.open(database_url)
    await _servers(before)
    sent: list = []
    first = Announcer(before, _recorder("before", sent), name="before", limits=UNPACED)
    first.start()
    for d in items[:10]:
        await first.announce(kb, d)
    await first.drain()
    await first.stop()
    await before.close()  # the process stops in the middle of the night

    after = await Database.open(database_url)
    again = Announcer(after, _recorder("after", sent), name="after", limits=UNPACED)
    again.start()
    try:
        assert await again.catch_up(kb, items[:20]) > 0  # the night so far, from the start
        await again.drain()
        assert await again.catch_up(kb, items[:20]) == 0  # a second catch-up posts nothing
        channel = [(n, i) for n, dest, i in sent if dest == "channel:100" and i.startswith("seat:")]
        assert [i for _, i in channel] == [f"seat:{d.key}" for d in items[:20]]
        assert {n for n, _ in channel[:10]} == {"before"} and {n for n, _ in channel[10:]} == {
            "after"
        }
    finally:
        await again.stop()
        await after.close()


async def test_a_channel_we_cannot_post_in_is_reported_and_skipped(database, declarations):
    kb, items = declarations
    await database.update_server(GUILDS[0], results_channel_id=100)
    await database.update_server(GUILDS[1], results_channel_id=101)
    tried: list = []
    reports: list = []

    async def send(post):
        tried.append(post.destination)
        if post.destination == "channel:100":
            raise Undeliverable("Missing Access")

    async def report(text):
        reports.append(text)

    announcer = Announcer(database, send, report=report)
    announcer.start()
    try:
        for d in items[:5]:
            await announcer.announce(kb, d)
        await announcer.drain()
    finally:
        await announcer.stop()
    assert tried.count("channel:100") == 1  # tried once, never again
    assert tried.count("channel:101") >= 5
    assert len(reports) == 1 and "channel:100" in reports[0]
    failed = [r for r in await database.records("2019") if r.status == "failed"]
    assert failed and all(r.destination == "channel:100" for r in failed)


@pytest.fixture(scope="module")
def night_2024(full_kb):
    """The 2024 night in the Library's recorded order (without times a replay claims no
    majority moment), declared up to Labour's majority: (kb, declarations with milestones)."""
    times = DATA / "declaration-times-2024" / "Winning-members-(Friday-1720).csv"
    night, plan = start(build([*FULL_SOURCES, times]), "2024")
    with_milestones = []
    for key in plan.keys:
        d = night.declare(key)
        if d.milestones:
            with_milestones.append(d)
        if any(m.kind == "majority" for m in d.milestones):
            break
    return night.base, with_milestones


async def test_milestones_reach_the_partys_followers_once(database, night_2024):
    kb, items = night_2024
    await database.update_server(GUILDS[1], results_channel_id=100)
    await database.follow(9, "party", "Lab", "Labour", 0, 0)  # by DM
    await database.follow(8, "party", "Lab", "Labour", GUILDS[0], 555)  # in a channel
    await database.follow(7, "party", "Con", "Conservative", 0, 0)
    sent: list = []
    announcer = Announcer(database, _recorder("a", sent), limits=UNPACED)
    announcer.start()
    try:
        for d in items:
            await announcer.announce(kb, d)
        await announcer.drain()
        assert sum([await announcer.announce(kb, d) for d in items]) == 0  # again: nothing
    finally:
        await announcer.stop()
    milestones = [(dest, item) for _, dest, item in sent if item.startswith("milestone:")]
    assert len(milestones) == len(set(milestones))  # once each
    for destination in ("user:9", "channel:555", "channel:100"):
        assert (destination, "milestone:majority:Lab") in milestones
        assert (destination, "milestone:first_seat:Lab") in milestones
    assert ("user:7", "milestone:majority:Lab") not in milestones  # not Labour's follower
    assert ("user:7", "milestone:first_seat:Con") in milestones
    followers = {d for d, i in milestones if d != "channel:100"}
    assert all(
        i.split(":")[2] == {"user:9": "Lab", "channel:555": "Lab", "user:7": "Con"}[d]
        for d, i in milestones
        if d in followers
    )  # a follower hears only their party's milestones
    records = {(r.destination, r.item): r.status for r in await database.records("2024")}
    assert records[("user:9", "milestone:majority:Lab")] == "posted"


async def test_a_rehearsal_never_holds_up_a_real_result(database, declarations):
    kb, items = declarations
    await database.update_server(GUILDS[0], results_channel_id=100, announce="all")
    sent: list[str] = []
    gate = asyncio.Event()

    async def send(post):
        await gate.wait()  # Discord is slow: the first post is still being sent
        sent.append(post.rehearsal or post.item)

    announcer = Announcer(database, send, queue_size=40)  # room for 4 rehearsal posts
    announcer.start()
    try:
        for number in range(3):  # a moderator's rehearsal fills its share of the queue first
            rehearsal = Post("2019", f"r{number}", "channel:555", GUILDS[0], "t", (), None, "r")
            await announcer.rehearse(rehearsal)
        await asyncio.sleep(0)
        assert await announcer.announce(kb, items[0]) >= 1  # then a real declaration arrives
        gate.set()
        await announcer.drain()
        assert sent[0] == "r"  # the post already being sent
        assert (
            sent[1] == f"seat:{items[0].key}"
        )  # the real result, before the rest of the rehearsal
        assert sent.count("r") == 3
    finally:
        await announcer.stop()


async def test_a_stopped_runs_claimed_posts_are_sent_again_by_its_successor_only(
    database, declarations
):
    """Claimed and queued, never sent (the process stopped): the next run of the same name sends
    them, marked as possibly sent already; a process of another name leaves them to their owner."""
    kb, items = declarations
    await database.update_server(GUILDS[0], results_channel_id=100, announce="all")
    gate = asyncio.Event()

    async def stuck(post):
        await gate.wait()

    before = Announcer(database, stuck, name="shards:all")
    before.start()
    for d in items[:3]:
        await before.announce(kb, d)
    await before.stop()  # killed with three declarations queued
    assert {r.status for r in await database.records("2019")} == {"claimed"}

    sent: list = []

    async def record(post):
        sent.append((post.item, post.resent, post.nonce))

    other = Announcer(database, record, name="shards:1")
    other.start()
    again = Announcer(database, record, name="shards:all")
    again.start()
    try:
        assert sum([await other.announce(kb, d) for d in items[:3]]) == 0
        assert await again.recover(kb, items[:2]) >= 2  # what replay mode does after a restart
        assert await again.announce(kb, items[2]) >= 1  # what a feed catching up does
        assert await again.announce(kb, items[0]) == 0  # queued already: not twice
        await again.drain()
        assert await again.recover(kb, items[:3]) == 0  # all posted now
    finally:
        await other.stop(), await again.stop()
    seats = [(item, resent) for item, resent, _ in sent if item.startswith("seat:")]
    assert seats == [(f"seat:{d.key}", True) for d in items[:3]]
    assert len({nonce for _, _, nonce in sent}) == len(sent)  # one nonce per item and place
    assert {r.status for r in await database.records("2019")} == {"posted"}


def test_a_posts_nonce_is_stable_and_fits_discord():
    post = Post("2019", "seat:E14000530", "channel:100", 1, "t", ())
    same = Post("2019", "seat:E14000530", "channel:100", 1, "another title", ("x",))
    assert post.nonce == same.nonce and len(post.nonce) <= 25  # Discord's limit
    assert post.nonce != Post("2019", "seat:E14000530", "channel:101", 1, "t", ()).nonce
    assert post.marker and post.nonce.startswith(post.marker.removeprefix("ref "))
    rehearsal = Post("2019", "seat:E14000530", "channel:100", 1, "t", (), rehearsal="r")
    assert rehearsal.nonce is None and rehearsal.marker is None  # a rehearsal may repeat


async def test_a_rehearsal_posts_into_one_channel_unrecorded(database, full_kb):
    from bot.live.rehearsal import Rehearsals

    sent: list = []

    async def record(post):
        sent.append(post)

    announcer = Announcer(database, record)
    announcer.start()
    rehearsals = Rehearsals(announcer, limit=1)
    try:
        night, plan = await rehearsals.prepare(full_kb, "2019", 3)
        task = rehearsals.begin(night, plan, 555, GUILDS[0], 0)
        assert rehearsals.running(555) and rehearsals.full()  # one at a time here
        await asyncio.wait_for(task, 30)
        await announcer.drain()
        assert not rehearsals.running(555) and not rehearsals.stop(555)  # over
    finally:
        await announcer.stop()
    seats = [post for post in sent if post.item.startswith("seat:")]
    assert [post.item for post in seats] == [f"seat:{key}" for key in plan.keys]
    assert seats[0].title.startswith("23:27 Newcastle upon Tyne Central (1 of 650): Lab hold")
    assert {(post.destination, post.nonce) for post in sent} == {("channel:555", None)}
    assert await database.records("2019") == []  # a rehearsal announces nothing


async def test_a_servers_own_exit_poll_is_announced_and_sent_again_after_a_restart(
    database, declarations
):
    """2019 has no curated exit poll: a server that entered its own hears it with the first
    declaration, the others nothing; killed before sending, the next run sends that server's."""
    kb, items = declarations
    assert "2019" not in kb.exit_polls and items[0].number == 1
    await database.update_server(GUILDS[0], results_channel_id=100, announce="all")
    await database.update_server(GUILDS[1], results_channel_id=101, announce="all")
    await database.set_exit_poll(GUILDS[0], "2019", {"Con": 368, "Lab": 191, "Oth": 91}, 1)
    gate = asyncio.Event()

    async def stuck(post):
        await gate.wait()

    before = Announcer(database, stuck, name="shards:all", limits=UNPACED)
    before.start()
    await before.announce(kb, items[0])
    await before.stop()  # killed with the first declaration queued

    sent: list = []

    async def record(post):
        sent.append((post.destination, post.item, post.title, post.resent))

    again = Announcer(database, record, name="shards:all", limits=UNPACED)
    again.start()
    try:
        assert await again.recover(kb, items[:1]) >= 3
        await again.drain()
    finally:
        await again.stop()
    polls = [(dest, title, resent) for dest, item, title, resent in sent if "exit_poll" in item]
    assert len(polls) == 1
    destination, title, resent = polls[0]
    assert destination == "channel:100" and resent
    assert title.startswith("Exit poll (as entered by this server's moderators): Con 368, Lab 191")
