"""Direct messages at scale: one person's DMs are gathered (one every DM_GATHER_SECONDS) and
capped (DMS_PER_HOUR); what comes meanwhile is folded into the next DM, which says so. Nothing
is dropped, nothing doubled, the order is kept; one person's cap never holds up another's."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from sqlalchemy import update

from bot.db.tables import Announcement
from bot.kb.build import SHIPPED_KNOWLEDGE
from bot.live.announcer import Announcer, dm_note
from bot.live.cli import start
from bot.live.fanout import DECLARATION, MILESTONE, Limits, Outbox
from bot.settings import Settings
from tests.helpers.bots import make_bot, slash, stop_bot
from tests.helpers.data import needs_data

GATHER = Limits(dm_window=60.0, dm_per_hour=3)


def _run(outbox: Outbox, arrivals: list[tuple[float, str, str]]) -> list[tuple[float, str, list]]:
    """Simulated time: items arrive at their moments; every message the outbox lets go is sent
    at once. Returns (when, destination, payloads) for each message."""
    arrivals = sorted(arrivals)
    sent, now, index = [], 0.0, 0
    while True:
        while index < len(arrivals) and arrivals[index][0] <= now:
            at, person, item = arrivals[index]
            priority = MILESTONE if item.startswith("milestone") else DECLARATION
            outbox.put(person, item, priority, at)
            index += 1
        batch = outbox.take(now)
        if batch is not None:
            sent.append((now, batch[0].payload.split("/")[0], [e.payload for e in batch]))
            continue
        upcoming = [t for t in (outbox.ready_at(),) if t is not None]
        if index < len(arrivals):
            upcoming.append(arrivals[index][0])
        if not upcoming:
            return sent
        now = max(now, min(upcoming))


def test_a_persons_dms_are_gathered_then_capped_an_hour_and_nothing_is_lost():
    outbox = Outbox(GATHER)
    for person in ("ann", "bob"):
        outbox.set_mode(person, "batched")
    # Ann follows a busy party: a result every 10 s for two hours. Bob follows one seat.
    arrivals = [(t * 10.0, "ann", f"ann/seat{t}") for t in range(720)]
    arrivals.append((95.0, "ann", "ann/milestone:majority"))
    arrivals.append((300.0, "bob", "bob/seat1"))
    sent = _run(outbox, arrivals)
    ann = [(at, items) for at, who, items in sent if who == "ann"]
    assert ann[0] == (0.0, ["ann/seat0"])  # the first goes at once
    assert ann[1][0] == 60.0 and ann[1][1] == [f"ann/seat{t}" for t in range(1, 7)]  # gathered
    times = [at for at, _ in ann]
    assert all(b - a >= GATHER.dm_window for a, b in zip(times, times[1:], strict=False))
    for at in times:  # never more than the cap in any hour
        assert sum(at <= t < at + 3600 for t in times) <= GATHER.dm_per_hour
    delivered = [item for _, items in ann for item in items]
    owed = [item for _, who, item in sorted(arrivals) if who == "ann"]
    assert delivered == owed  # every one, once, in order: over the cap is folded, not dropped
    assert len(ann) < len(owed) / 50  # some 720 results in a handful of DMs
    assert [(at, items) for at, who, items in sent if who == "bob"] == [(300.0, ["bob/seat1"])]


def test_without_a_cap_dms_go_one_by_one_as_before():
    outbox = Outbox(Limits())
    outbox.set_mode("ann", "batched")
    sent = _run(outbox, [(t * 10.0, "ann", f"ann/seat{t}") for t in range(5)])
    assert [items for _, _, items in sent] == [[f"ann/seat{t}"] for t in range(5)]


def test_the_fold_note_says_why_and_that_nothing_was_left_out():
    note = dm_note(7, GATHER)
    assert note == (
        "7 results folded into this one message (I send each person at most one every 60 s "
        "and 3 an hour); nothing was left out."
    )
    assert dm_note(2, Limits()) == "2 results folded into this one message; nothing was left out."


def test_the_dm_limits_are_settings_with_documented_defaults():
    settings = Settings(_env_file=None, discord_token=None)
    assert (settings.dms_per_hour, settings.dm_gather_seconds) == (10, 60.0)
    with pytest.raises(ValueError):
        Settings(_env_file=None, discord_token=None, dms_per_hour=0)


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@needs_data
async def test_a_followers_declarations_in_one_window_come_as_one_dm_recorded_each(
    database, full_kb
):
    """Through the real announcer and database: a party's DM follower gets the first result at
    once and the next ones folded into one DM with the note; each is recorded as posted."""
    night, plan = start(full_kb, "2019")
    declarations = [night.declare(key) for key in plan.keys[:8]]
    winners = {d.facts.winner.party for d in declarations}
    party = max(winners, key=lambda p: sum(d.facts.winner.party == p for d in declarations))
    await database.follow(42, "party", party, party, 0, 0)
    sent = []
    delivered = asyncio.Event()

    async def send(post) -> None:
        sent.append(post)
        delivered.set()

    clock = Clock()
    announcer = Announcer(database, send, limits=GATHER, clock=clock)
    announcer.start()
    try:
        for d in declarations:
            await announcer.announce(night.base, d)
        await asyncio.wait_for(delivered.wait(), 10)  # the first, at once
        assert len(sent) == 1 and not sent[0].covers
        clock.now = GATHER.dm_window  # a minute on: the rest may go, as one
        announcer.queue.poke()
        await asyncio.wait_for(announcer.drain(), 10)
    finally:
        await announcer.stop()
    owed = [f"seat:{d.key}" for d in declarations if d.facts.winner.party == party]
    owed += [
        f"milestone:{m.kind}:{m.party or ''}"
        for d in declarations
        for m in d.milestones
        if m.party == party and m.kind in ("first_seat", "first_gain", "majority")
    ]
    assert len(owed) >= 3
    first, folded = sent
    assert folded.covers and folded.lines[-1] == dm_note(len(folded.covers), GATHER)
    got = [first.item] + [c.item for c in folded.covers]
    assert sorted(got) == sorted(owed) and len(got) == len(set(got))  # all, once
    records = {r.item: r.status for r in await database.records("2019")}
    assert {records[item] for item in owed} == {"posted"}


async def test_following_by_dm_says_how_often_dms_come(shipped_kb, adapter):
    bot = await make_bot(shipped_kb, [SHIPPED_KNOWLEDGE], dms_per_hour=4)
    try:
        by_dm = [
            {"name": "name", "type": 3, "value": "Labour"},
            {"name": "dm", "type": 5, "value": True},
        ]
        await bot.tree._call(slash(bot, "follow", by_dm))
        assert adapter.responses[-1]["data"]["content"] == (
            "Following Labour (party): its results will be posted by direct message (at most 4 "
            "an hour: results close together come as one)."
        )
        await bot.tree._call(slash(bot, "follow", by_dm[:1]))  # in the channel: no such note
        assert "an hour" not in adapter.responses[-1]["data"]["content"]
    finally:
        await stop_bot(bot)


@needs_data
async def test_a_restart_does_not_give_anyone_a_fresh_hour_of_dms(database, full_kb):
    """Three DMs recorded as sent in the last hour (the cap): after a restart the next result for
    that person waits until an hour after the first of them, then goes; another's goes at once."""
    night, plan = start(full_kb, "2019")
    d = night.declare(plan.keys[0])
    party = d.facts.winner.party
    await database.follow(42, "party", party, party, 0, 0)
    await database.follow(43, "party", party, party, 0, 0)
    now = dt.datetime.now(dt.UTC)
    for n, minutes in enumerate((50, 30, 10)):  # the run before the restart sent person 42 three
        item = f"seat:earlier{n}"
        await database.claim("2019", item, "user:42", 0, "shards:all")
        await database.record_delivery("2019", item, "user:42", "posted")
        async with database.sessions.begin() as session:  # ... 50, 30 and 10 minutes ago
            await session.execute(
                update(Announcement)
                .where(Announcement.item == item)
                .values(sent_at=now - dt.timedelta(minutes=minutes))
            )
    sent = []
    clock = Clock()

    async def send(post) -> None:
        sent.append(post.destination)

    announcer = Announcer(database, send, limits=GATHER, clock=clock)
    announcer.start()
    try:
        await announcer.announce(night.base, d)
        for _ in range(50):  # the worker reads the record, then sends what may go
            await asyncio.sleep(0.02)
            if "user:43" in sent:
                break
        assert "user:43" in sent and "user:42" not in sent
        clock.now = GATHER.dm_window + 1  # person 43's next may go; 42's cap still holds
        announcer.queue.poke()
        await asyncio.sleep(0.1)
        assert "user:42" not in sent
        clock.now = 601.0  # an hour after the first of the three
        announcer.queue.poke()
        await asyncio.wait_for(announcer.drain(), 10)
    finally:
        await announcer.stop()
    assert sent.count("user:42") == 1


def test_messages_read_again_from_the_record_are_not_counted_twice():
    outbox = Outbox(GATHER)
    outbox.sent_before("ann", [-3000.0, -1800.0])
    outbox.sent_before("ann", [-3000.0004, -1799.9996, -600.0])  # a second read, a moment on
    outbox.put("ann", "ann/seat1", DECLARATION, 0.0)
    assert outbox.take(0.0) is None  # three in the hour: the cap
    assert outbox.ready_at() == pytest.approx(600.0, abs=0.01)  # an hour after the first


async def test_the_record_gives_one_time_per_message_whatever_the_zone_asked_in(database):
    """A DM carrying three results is recorded with one time; a later DM is another message; a
    'since' given in another time zone reads the same (SQLite keeps no zone)."""
    now = dt.datetime.now(dt.UTC)
    for n in range(4):
        await database.claim("2019", f"seat:{n}", "user:7", 0, "shards:all")
    for n in range(3):  # one message, three posts: recorded one after another
        await database.record_delivery("2019", f"seat:{n}", "user:7", "posted", "", now)
    later = now + dt.timedelta(seconds=61)
    await database.record_delivery("2019", "seat:3", "user:7", "posted", "", later)
    elsewhere = dt.timezone(dt.timedelta(hours=1))
    since = (now - dt.timedelta(minutes=5)).astimezone(elsewhere)
    sent = await database.direct_messages_since(since)
    assert [at.replace(microsecond=0) for at in sent["user:7"]] == [
        now.replace(microsecond=0),
        later.replace(microsecond=0),
    ]
