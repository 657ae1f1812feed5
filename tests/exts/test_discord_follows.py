"""Follows with limits: caps, a cooldown, one paged listing, moderators' pruning, follows dropped
when their follower left or lost the channel, and a results channel both sides can post in."""

from __future__ import annotations

import discord
import discord.ext.test as dpytest
import pytest
from discord.ext import commands
from discord.ext.test import backend

from bot.kb.build import SHIPPED_KNOWLEDGE
from bot.live.cli import start
from tests.helpers.bots import (
    MANAGE_GUILD,
    make_bot,
    make_moderator,
    record_payloads,
    slash,
    stop_bot,
)

pytestmark = pytest.mark.bot(follows_per_member=3, follow_rate=50)

TARGETS = ["South West Norfolk", "Labour", "Conservative", "Green", "Liz Truss"]


def _second_channel() -> discord.TextChannel:
    return backend.make_text_channel("results", dpytest.get_config().guilds[0])


def _deny(channel: discord.TextChannel, member: discord.abc.Snowflake, **permissions: bool) -> None:
    """A CHANNEL_UPDATE as Discord sends it: `member` refused these permissions in `channel`.
    (dpytest's set_permission_overrides sends an overwrite discord.py cannot match.)"""
    overwrite = {
        "id": str(member.id),
        "type": 1,
        "allow": "0",
        "deny": str(discord.Permissions(**permissions).value),
    }
    data = {
        "id": str(channel.id),
        "guild_id": str(channel.guild.id),
        "type": 0,
        "name": channel.name,
        "position": channel.position,
        "permission_overwrites": [overwrite],
        "parent_id": None,
    }
    backend.get_state().parse_channel_update(data)


async def _say(text: str, **where) -> str:
    await dpytest.message(text, **where)
    return dpytest.get_message().content


# The database, on SQLite and PostgreSQL ----------------------------------------------------


async def test_caps_pages_and_removal_in_the_database(database):
    for n in range(3):
        assert await database.follow(1, "seat", f"E{n}", f"Seat {n}", 10, 100, member_limit=3) == (
            "added"
        )
    assert await database.follow(1, "seat", "E9", "Seat 9", 10, 100, member_limit=3) == (
        "member_limit"
    )
    assert await database.follow(2, "seat", "E0", "Seat 0", 10, 100, server_limit=3) == (
        "server_limit"
    )
    assert await database.follow(2, "seat", "E0", "Seat 0", 0, 0, server_limit=3) == "added"  # DM
    page, total = await database.follows_page(guild_id=10, offset=1, limit=1)
    assert total == 3 and [f.label for f in page] == ["Seat 1"]
    assert await database.remove_follows(99, follow_id=page[0].id) == 0  # another server's
    assert await database.remove_follows(10, follow_id=page[0].id) == 1
    assert await database.remove_follows(10, user_id=1) == 2
    assert (await database.follows_page(user_id=2))[1] == 1  # the DM follow is untouched


# Caps and cooldown ---------------------------------------------------------------------------


async def test_a_member_has_a_cap(bot):
    for target in TARGETS[:3]:
        assert (await _say(f"!follow {target}")).startswith("Following")
    refused = await _say(f"!follow {TARGETS[3]}")
    assert "the most anyone may" in refused and "`!following`" in refused
    follows, total = await bot.database.follows_page(user_id=dpytest.get_config().members[0].id)
    assert total == 3


async def test_a_server_has_a_cap(shipped_kb):
    bot = await make_bot(shipped_kb, [SHIPPED_KNOWLEDGE], follows_per_server=2, follow_rate=50)
    try:
        first, second = dpytest.get_config().members[:2]
        await _say("!follow Labour", member=first)
        await _say("!follow Green", member=second)
        assert "This server holds 2 follows" in await _say("!follow Liz Truss", member=second)
        assert (await bot.database.follows_page(guild_id=dpytest.get_config().guilds[0].id))[1] == 2
    finally:
        await dpytest.empty_queue()
        await stop_bot(bot)  # its announcer and database


async def test_following_has_a_cooldown(shipped_kb):
    bot = await make_bot(shipped_kb, [SHIPPED_KNOWLEDGE], follow_rate=2, follow_seconds=60)
    try:
        await _say("!follow Labour")
        await _say("!follow Green")
        with pytest.raises(commands.CommandOnCooldown):
            await dpytest.message("!follow Liz Truss")
        assert "Slow down a little" in dpytest.get_message().content
        assert (await bot.database.follows_page())[1] == 2
    finally:
        await dpytest.empty_queue()
        await stop_bot(bot)  # its announcer and database


# One listing, paged ------------------------------------------------------------------------------


async def test_following_is_one_message_with_pages(bot, monkeypatch):
    """261 follows (made before the caps existed) list in one message, ten to a page."""
    member = dpytest.get_config().members[0]
    for n in range(261):
        await bot.database.follow(member.id, "seat", f"E{n}", f"Seat {n}", 0, 0)
    sent = record_payloads(monkeypatch)
    await dpytest.message("!following")
    message = dpytest.get_message()
    assert dpytest.verify().message().nothing()  # one message, not 261
    [embed] = message.embeds
    assert (
        embed.description.count("\n") == 9
        and "Seat 0 (seat), by direct message" in embed.description
    )
    assert embed.footer.text.startswith("Page 1/27 · 261 in all")
    [buttons] = sent[0]["components"]  # for the asker only (see PageView)
    assert [b["label"] for b in buttons["components"]] == ["Previous", "Next"]
    await dpytest.message("!following 27")
    last = dpytest.get_embed()
    assert last.footer.text.startswith("Page 27/27") and "Seat 260" in last.description


# Moderators -------------------------------------------------------------------------------------


async def test_moderators_list_and_remove_follows_in_their_server(bot):
    config = dpytest.get_config()
    moderator, other = await make_moderator(), config.members[1]
    await _say("!follow Labour", member=other)
    await _say("!follow Green", member=other)
    await bot.database.follow(other.id, "person", "liz-truss", "Liz Truss", 0, 0)  # by DM
    await dpytest.message("!follows list", member=moderator)
    listing = dpytest.get_embed().description
    [labour, _green], _ = await bot.database.follows_page(guild_id=config.guilds[0].id)
    assert f"`#{labour.id}` Labour (party), <@{other.id}> in <#" in listing
    assert "Liz Truss" not in listing
    assert (
        await _say(f"!follows remove {labour.id}", member=moderator)
        == f"Removed follow #{labour.id}."
    )
    assert "No follow #" in await _say(f"!follows remove {labour.id}", member=moderator)
    done = await _say(f"!follows clear {other.mention}", member=moderator)
    assert done == f"Removed 1 follow(s) of <@{other.id}> in this server."
    assert (await bot.database.follows_page(guild_id=config.guilds[0].id))[1] == 0


async def test_moderators_list_and_remove_through_the_tree(bot, adapter):
    other = dpytest.get_config().members[1]
    await _say("!follow Labour", member=other)
    [follow], _ = await bot.database.follows_page(user_id=other.id)
    await bot.tree._call(slash(bot, "follows", [], permissions=MANAGE_GUILD, sub="list"))
    assert "Labour (party)" in adapter.responses[-1]["data"]["embeds"][0]["description"]
    number = [{"name": "number", "type": 4, "value": follow.id}]
    await bot.tree._call(slash(bot, "follows", number, permissions=MANAGE_GUILD, sub="remove"))
    assert adapter.responses[-1]["data"]["content"] == f"Removed follow #{follow.id}."
    assert (await bot.database.follows_page(user_id=other.id))[1] == 0


# Delivery --------------------------------------------------------------------------------------


async def _announce_south_west_norfolk(bot, shipped_kb) -> int:
    night, plan = start(shipped_kb, "2019")
    queued = await bot.announcer.announce(night.base, night.declare(plan.keys[0]))
    await bot.announcer.drain()
    return queued


@pytest.fixture
def members_who_left(monkeypatch):
    """Discord answers 404 for a member who left (dpytest would fail on one it no longer has)."""
    original = backend.FakeHttp.get_member

    async def get_member(self, guild_id, member_id):
        guild = backend.get_state()._get_guild(int(guild_id))
        if guild is None or guild.get_member(int(member_id)) is None:
            raise discord.NotFound(_Response(404), {"message": "Unknown Member", "code": 10007})
        return await original(self, guild_id, member_id)

    monkeypatch.setattr(backend.FakeHttp, "get_member", get_member)


class _Response:
    def __init__(self, status: int):
        self.status, self.reason = status, "Not Found"


async def test_a_follow_of_someone_who_left_is_dropped_not_posted(
    bot, shipped_kb, members_who_left
):
    config = dpytest.get_config()
    leaver, stayer = config.members[1], config.members[0]
    await _say("!follow South West Norfolk", channel=_second_channel(), member=leaver)
    await _say("!follow South West Norfolk", channel=config.channels[0], member=stayer)
    backend.delete_member(leaver)
    assert await _announce_south_west_norfolk(bot, shipped_kb) == 1
    posted = dpytest.get_message()
    assert posted.channel.id == config.channels[0].id  # the stayer's; nothing where the leaver was
    assert dpytest.verify().message().nothing()
    assert (await bot.database.follows_page(user_id=leaver.id))[1] == 0  # dropped
    assert (await bot.database.follows_page(user_id=stayer.id))[1] == 1


async def test_a_follow_in_a_channel_the_follower_cannot_see_is_dropped(bot, shipped_kb):
    config = dpytest.get_config()
    member, channel = config.members[1], _second_channel()
    await _say("!follow South West Norfolk", channel=channel, member=member)
    _deny(channel, member, view_channel=True)
    assert await _announce_south_west_norfolk(bot, shipped_kb) == 0
    assert dpytest.verify().message().nothing()
    assert (await bot.database.follows_page(user_id=member.id))[1] == 0


# /election channel ------------------------------------------------------------------------------


async def test_a_results_channel_the_bot_cannot_post_in_is_refused(bot):
    config = dpytest.get_config()
    guild, channel = config.guilds[0], _second_channel()
    moderator = await make_moderator()
    _deny(channel, guild.me, send_messages=True)
    refused = await _say(f"!election channel {channel.mention}", member=moderator)
    assert refused.startswith(f"I can't post in <#{channel.id}>: give me Send Messages")
    assert refused.endswith("Nothing was changed.")
    assert await bot.database.server(guild.id) is None  # nothing was changed


async def test_a_results_channel_the_moderator_cannot_post_in_is_refused(bot):
    config = dpytest.get_config()
    guild, channel = config.guilds[0], _second_channel()
    moderator = await make_moderator()
    _deny(channel, moderator, view_channel=True)
    refused = await _say(f"!election channel {channel.mention}", member=moderator)
    assert (
        refused == f"You can't post in <#{channel.id}> yourself, so I won't announce there for you."
    )
    assert await bot.database.server(guild.id) is None
    allowed = await _say(f"!election channel {config.channels[0].mention}", member=moderator)
    assert allowed.startswith("Results channel set")
