"""Delivery modes a server chooses (/election channel ... mode), digests through the real
announcer and database, and a new server's default from the capacity model."""

from __future__ import annotations

import asyncio

import discord.ext.test as dpytest
import pytest

from bot.kb.build import SHIPPED_KNOWLEDGE, build
from bot.live.announcer import Announcer
from bot.live.capacity import default_mode
from bot.live.cli import start
from bot.live.fanout import Limits
from tests.helpers.bots import make_moderator
from tests.helpers.data import DATA, needs_data

pytestmark = pytest.mark.bot(database=True)


async def test_a_moderator_chooses_the_mode_and_status_explains_it(bot):
    config = dpytest.get_config()
    channel, guild = config.channels[0], config.guilds[0]
    await make_moderator()
    await dpytest.message(f"!election channel {channel.mention} digest", channel=channel)
    reply = dpytest.get_message().content
    assert reply.startswith("Results channel set: a digest of the declarations")
    assert "Manage Webhooks" in reply  # asked once, here
    server = await bot.database.server(guild.id)
    assert (server.announce, server.webhook) == ("digest", "asked")
    await dpytest.message(f"!election channel {channel.mention} mode:milestones", channel=channel)
    assert "Manage Webhooks" not in dpytest.get_message().content  # not asked twice
    assert (await bot.database.server(guild.id)).announce == "milestones"
    await dpytest.message("!election status", channel=channel)
    status = dpytest.get_message().content
    assert "(milestones only)" in status and "Posting as the bot" in status


async def test_an_unknown_mode_is_refused_kindly_and_changes_nothing(bot):
    config = dpytest.get_config()
    channel, guild = config.channels[0], config.guilds[0]
    await make_moderator()
    await dpytest.message(f"!election channel {channel.mention} everything", channel=channel)
    assert "'everything' is not a mode I know" in dpytest.get_message().content
    assert await bot.database.server(guild.id) is None
    await dpytest.message(f"!election channel {channel.mention} every follow:hub", channel=channel)
    reply = dpytest.get_message().content
    assert "no hub channel to follow" in reply  # no HUB_CHANNEL_ID set: said, not pretended
    assert (await bot.database.server(guild.id)).follows_hub is False


async def test_a_new_server_gets_the_mode_the_model_recommends(bot):
    config = dpytest.get_config()
    channel, guild = config.channels[0], config.guilds[0]
    await make_moderator()
    await dpytest.message(f"!election channel {channel.mention}", channel=channel)
    assert dpytest.get_message().content.startswith("Results channel set: every declaration")
    assert (await bot.database.server(guild.id)).announce == "every"


@needs_data
def test_the_model_keeps_every_declaration_at_the_sizes_it_keeps_on_time():
    kb = build([SHIPPED_KNOWLEDGE, DATA / "ge2019"])
    assert default_mode(kb, 10) == "every"
    assert default_mode(kb, 10_000) == "every"  # with the hub for milestones (the model says)
    assert default_mode(build([SHIPPED_KNOWLEDGE]), 10) == "every"  # no timed night: every


@needs_data
async def test_a_digest_channel_gets_one_complete_message_per_interval(database, full_kb):
    night, plan = start(full_kb, "2019")
    declarations = [night.declare(key) for key in plan.keys[:6]]
    await database.update_server(1, results_channel_id=77, announce="digest")
    await database.update_server(2, results_channel_id=88, announce="every")
    sent = []

    async def send(post) -> None:
        sent.append(post)

    limits = Limits(shortest_digest=0.5, behind_after=0.5, channel_messages=10**6)
    announcer = Announcer(database, send, limits=limits)
    announcer.start()
    try:
        for d in declarations:
            await announcer.announce(night.base, d)
        await asyncio.wait_for(announcer.drain(), 10)
    finally:
        await announcer.stop()
    digests = [p for p in sent if p.destination == "channel:77"]
    every = [p for p in sent if p.destination == "channel:88"]
    owed = [p.item for p in every]
    assert len(every) == len(owed) >= 6  # every declaration, each its own post, in order
    assert [c.item for d in digests for c in d.covers or (d,)] == owed  # complete, in order
    assert len(digests) < len(every)
    digest = next(d for d in digests if d.covers)
    assert digest.lines[-1].startswith("Tally after")  # with the running tally
    assert all(c.marker.removeprefix("ref ") in digest.marker for c in digest.covers)
    records = await database.records("2019")
    assert {r.status for r in records} == {"posted"}
    assert {r.item for r in records if r.destination == "channel:77"} == set(owed)


@needs_data
async def test_many_followers_in_one_server_get_one_post_that_counts_them(database, full_kb):
    night, plan = start(full_kb, "2019")
    d = night.declare(plan.keys[0])  # Newcastle upon Tyne Central
    seat = full_kb.seat_key(d.facts.contest.name)
    for user in range(30):  # thirty members in three channels of one server: 20, 7 and 3
        channel = 701 if user < 20 else 702 if user < 27 else 703
        await database.follow(user, "seat", seat, "Newcastle", 7, channel)
    for user in range(100, 105):  # five by DM
        await database.follow(user, "seat", seat, "Newcastle", 0, 0)
    sent = []

    async def send(post) -> None:
        sent.append(post)

    announcer = Announcer(database, send)
    announcer.start()
    try:
        await announcer.announce(night.base, d)
        await asyncio.wait_for(announcer.drain(), 10)
    finally:
        await announcer.stop()
    in_server = [p for p in sent if p.guild_id == 7]
    assert len(in_server) == 1 and in_server[0].lines[-1] == "30 people here follow this."
    assert in_server[0].destination == "channel:701"  # where most of them followed it
    assert sorted(p.destination for p in sent if p.guild_id == 0) == [
        f"user:{u}" for u in range(100, 105)
    ]
