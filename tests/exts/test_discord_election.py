"""Election night through the Discord layer, offline (dpytest), on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import dataclasses

import discord.ext.test as dpytest
import pytest

from bot.exts.permissions import NotAllowed
from bot.kb.build import SHIPPED_KNOWLEDGE
from bot.live.cli import start
from bot.live.fanout import Limits
from tests.helpers.bots import make_bot, make_moderator, stop_bot

pytestmark = pytest.mark.bot(database=True)


async def test_results_channel_announcements_once_and_after_a_restart(
    bot, shipped_kb, database_url
):
    config = dpytest.get_config()
    channel = config.channels[0]
    await make_moderator()
    await dpytest.message(f"!election channel {channel.mention}", channel=channel)
    assert "Results channel set" in dpytest.get_message().content
    server = await bot.database.server(config.guilds[0].id)
    assert server.results_channel_id == channel.id

    night, plan = start(shipped_kb, "2019")
    declaration = night.declare(plan.keys[0])  # South West Norfolk, the sample's one 2019 seat
    assert await bot.announcer.announce(night.base, declaration) >= 1
    await bot.announcer.drain()
    titles = []
    while not dpytest.verify().message().nothing():
        titles.append(dpytest.get_message().embeds[0].title)
    assert any("South West Norfolk (1 of 1): Con hold" in t for t in titles)
    assert any("last seat" in t for t in titles)  # the milestone has its own post
    # Announcing again (a restart catching up) posts nothing: the record decides.
    assert await bot.announcer.catch_up(night.base, [declaration]) == 0
    records = await bot.database.records("2019")
    assert records and {r.status for r in records} == {"posted"}


async def test_follow_and_following(bot):
    await dpytest.message("!follow South West Norfolk")
    assert "Following South West Norfolk (seat)" in dpytest.get_message().content
    await dpytest.message("!follow South West Norfolk")
    assert "already follow" in dpytest.get_message().content
    await dpytest.message("!following")
    assert "South West Norfolk (seat), in <#" in dpytest.get_embed().description
    await dpytest.message("!unfollow South West Norfolk")
    assert "No longer following" in dpytest.get_message().content
    await dpytest.message("!follow Narnia")
    assert "couldn't find" in dpytest.get_message().content


async def test_a_followed_seat_is_posted_where_it_was_followed(bot, shipped_kb):
    """No results channel: only the follow brings South West Norfolk's declaration here."""
    channel = dpytest.get_config().channels[1]
    await dpytest.message("!follow South West Norfolk", channel=channel)
    assert "Following South West Norfolk (seat)" in dpytest.get_message().content
    night, plan = start(shipped_kb, "2019")
    declaration = night.declare(plan.keys[0])
    assert await bot.announcer.announce(night.base, declaration) == 1
    await bot.announcer.drain()
    posted = dpytest.get_message()
    assert posted.channel.id == channel.id
    assert "South West Norfolk (1 of 1): Con hold" in posted.embeds[0].title
    assert not posted.mentions and "@" not in posted.embeds[0].description


async def test_status_and_channel_needs_a_moderator(bot):
    await dpytest.message("!election status")
    text = dpytest.get_message().content
    assert "No election is being counted" in text and "No results channel here" in text
    with pytest.raises(NotAllowed):  # dpytest re-raises the failed check
        await dpytest.message("!election channel")
    await dpytest.empty_queue()


async def test_whole_bot_replay_mode_answers_so_far_and_announces(full_kb, tmp_path):
    from tests.helpers.data import FULL_SOURCES

    bot = await make_bot(
        full_kb, FULL_SOURCES, replay_election="2019", replay_speed=0, data_dir=tmp_path
    )
    try:
        cog = bot.get_cog("Election")
        cog.start_whole_replay()  # what on_ready does
        await asyncio.wait_for(cog.whole_replay, 60)
        kb = bot.store.current.kb
        assert "2019" not in kb.progress and kb.latest_election().id == "2019"  # complete
        await dpytest.message("!national")
        embed = dpytest.get_embed()  # the final result, no longer 'so far'
        assert embed.title.startswith("2019 general election") and "so far" not in embed.title
        assert "365" in str(embed.to_dict())
    finally:
        await dpytest.empty_queue()
        await stop_bot(bot)


def test_shards_make_an_auto_sharded_bot(shipped_kb):
    from discord.ext.commands import AutoShardedBot

    from bot.client import make_bot as make_client
    from bot.engine import Engine
    from bot.store import KnowledgeStore
    from tests.helpers.bots import make_settings

    store = KnowledgeStore([SHIPPED_KNOWLEDGE], shipped_kb, Engine(shipped_kb))
    client = make_client(make_settings(shard_count=4, shard_ids=[1, 3]), store)
    assert isinstance(client, AutoShardedBot)
    assert (client.shard_count, client.shard_ids) == (4, [1, 3])


async def test_a_moderators_replay_goes_into_one_channel_only(full_kb, tmp_path):
    from tests.helpers.data import FULL_SOURCES

    bot = await make_bot(full_kb, FULL_SOURCES, data_dir=tmp_path)
    try:
        config = dpytest.get_config()
        await make_moderator()
        before = bot.store.current
        await dpytest.message("!election replay 2019 0 3")
        assert "in this channel only (3 declarations" in dpytest.get_message().content
        cog = bot.get_cog("Election")
        await asyncio.wait_for(cog.rehearsals.tasks[config.channels[0].id], 30)
        await bot.announcer.drain()  # sent through the announcer's queue, in turn
        titles = []
        while not dpytest.verify().message().nothing():
            titles.append(dpytest.get_message().embeds[0].title)
        assert titles[0].startswith("23:27 Newcastle upon Tyne Central (1 of 650): Lab hold")
        assert sum(" of 650): " in t for t in titles) == 3
        assert bot.store.current is before  # what every other server sees is unchanged
        assert await bot.database.records("2019") == []  # and nothing was announced anywhere
    finally:
        await dpytest.empty_queue()
        await stop_bot(bot)


def _texts() -> str:
    """Every message waiting in dpytest's queue (a replay's first post may come first)."""
    texts = []
    while not dpytest.verify().message().nothing():
        texts.append(dpytest.get_message().content)
    return "\n".join(texts)


async def test_a_rehearsal_can_be_stopped(full_kb, tmp_path):
    from tests.helpers.data import FULL_SOURCES

    bot = await make_bot(full_kb, FULL_SOURCES, data_dir=tmp_path)
    cog = bot.get_cog("Election")
    try:
        config = dpytest.get_config()
        channel = config.channels[0]
        await make_moderator()
        await dpytest.message("!election replay stop")
        assert "No replay is running" in dpytest.get_message().content
        await dpytest.message("!election replay 2019 1")  # real time: about 40 minutes to go
        assert "in this channel only (650 declarations" in dpytest.get_message().content
        await dpytest.message("!election status")
        assert "A replay is running in this channel." in _texts()
        task = cog.rehearsals.tasks[channel.id]
        await dpytest.message("!election replay stop")
        assert "Replay stopped in this channel." in _texts()
        await asyncio.gather(task, return_exceptions=True)
        await bot.announcer.drain()
        assert task.cancelled()
        await dpytest.empty_queue()
        assert await bot.database.records("2019") == []

        # At full speed the queue fills at once; stopping drops what is still queued.
        sent: list[str] = []
        original = cog.announcer.send

        async def slow_send(post):
            sent.append(post.item)
            await asyncio.sleep(0.01)
            await original(post)

        cog.announcer.send = slow_send
        await dpytest.message("!election replay 2019 0")
        assert "650 declarations" in dpytest.get_message().content
        while len(sent) < 3:
            await asyncio.sleep(0.01)
        await dpytest.message("!election replay stop")
        await bot.announcer.drain()
        assert 3 <= len(sent) < 200 and cog.announcer.queue.empty()  # not all 650 and more
    finally:
        await dpytest.empty_queue()
        await stop_bot(bot)


async def test_only_moderators_stop_a_rehearsal(bot):
    with pytest.raises(NotAllowed):
        await dpytest.message("!election replay stop")
    await dpytest.empty_queue()


async def test_replay_mode_resumes_after_a_restart_without_repeating(full_kb, tmp_path):
    """A first run stops after announcing its fifth declaration, before marking it played and
    with posts still queued; the restarted run sends what was claimed and never sent, marks the
    fifth, and plays on: every seat posted once."""
    from tests.helpers.data import FULL_SOURCES

    posted: list[tuple[str, str]] = []
    announced: list[list[str]] = [[], []]

    async def record(post) -> None:
        for one in post.covers or (post,):  # a digest carries several posts in one message
            posted.append((one.destination, one.item))

    async def run(number: int, stop_after: int | None) -> None:
        bot = await make_bot(
            full_kb, FULL_SOURCES, replay_election="2019", replay_speed=0, data_dir=tmp_path
        )
        cog = bot.get_cog("Election")
        gate = asyncio.Event()

        async def slow_record(post) -> None:
            await gate.wait()  # Discord is slow: the first run's posts are still queued
            await record(post)

        cog.announcer.send = slow_record if number == 0 else record
        cog.announcer.use_limits(Limits(channel_messages=10**6))  # this stand-in has no limit
        announce = cog.announcer.announce

        async def counting(kb, declaration):
            announced[number].append(declaration.key)
            queued = await announce(kb, declaration)
            if len(announced[number]) == stop_after:
                raise asyncio.CancelledError  # the process stops here, before marking it played
            return queued

        cog.announcer.announce = counting
        try:
            if number == 0:
                await bot.database.update_server(1, results_channel_id=77, announce="all")
            cog.start_whole_replay()
            await asyncio.gather(cog.whole_replay, return_exceptions=True)
            if number == 0:
                await cog.announcer.stop()  # killed with its queue full: nothing was sent
            else:
                await cog.announcer.drain()
                assert "2019" not in bot.store.current.kb.progress  # the count is complete
        finally:
            await dpytest.empty_queue()
            await stop_bot(bot)

    await run(0, stop_after=5)
    assert len(announced[0]) == 5 and posted == []
    await run(1, stop_after=None)
    assert announced[1][0] == announced[0][4]  # only the unmarked fifth is announced again
    assert set(announced[0][:4]).isdisjoint(announced[1])
    assert len(announced[1]) == 650 - 4
    assert len(posted) == len(set(posted))  # nothing posted twice
    seats = [item for destination, item in posted if item.startswith("seat:")]
    assert len(seats) == 650 and {d for d, _ in posted} == {"channel:77"}  # all posted
    first = [f"seat:{key}" for key in announced[0]]
    assert seats[:5] == first  # the stopped run's posts first, in the night's order


async def test_posts_carry_a_nonce_and_a_resent_post_already_there_is_not_posted(bot, monkeypatch):
    from bot.exts.delivery import DiscordSender
    from bot.live.announcer import Post
    from tests.helpers.bots import record_payloads

    payloads = record_payloads(monkeypatch)
    channel = dpytest.get_config().channels[0]
    send = DiscordSender(bot)
    post = Post("2019", "seat:E14000530", f"channel:{channel.id}", 1, "Hendon", ("Con hold",))
    await send(post)
    assert payloads[-1]["nonce"] == post.nonce and payloads[-1]["enforce_nonce"] is True
    assert dpytest.get_message().embeds[0].footer.text == post.marker
    await send(dataclasses.replace(post, resent=True))  # a restart: already in the channel
    assert len(payloads) == 1 and dpytest.verify().message().nothing()
    other = dataclasses.replace(post, item="seat:E14000531", resent=True)
    await send(other)  # claimed, never reached Discord: posted now
    assert len(payloads) == 2 and dpytest.get_message().embeds[0].footer.text == other.marker
