"""Slash commands through the whole path: a real Interaction dispatched by the command tree.

Option parsing, the moderator check and the tree's error handler all run as in production; a fake
webhook adapter records what would have been sent to Discord.
"""

from __future__ import annotations

import discord.ext.test as dpytest
import pytest

from bot.kb.build import SHIPPED_KNOWLEDGE
from tests.helpers.bots import EPHEMERAL, MANAGE_GUILD, ids, make_bot, settled, slash, stop_bot
from tests.helpers.data import FULL_SOURCES, needs_data

pytestmark = [needs_data, pytest.mark.bot(knowledge="full")]


async def test_result_through_the_tree(bot, adapter):
    await bot.tree._call(
        slash(bot, "result", [{"name": "constituency", "type": 3, "value": "hendn"}])
    )
    [response] = adapter.responses
    data = response["data"]
    assert response["type"] == 4 and data["allowed_mentions"] == {"parse": []}
    assert data["embeds"][0]["title"].startswith("Hendon: 2024 general election")


async def test_reload_refused_ephemerally_to_non_moderators(bot, adapter):
    before = bot.store.current
    await bot.tree._call(slash(bot, "kb", [], permissions=0, sub="reload"))
    [response] = adapter.responses
    assert response["data"]["flags"] & EPHEMERAL
    assert response["data"]["content"] == (
        "Only the bot's owners and its admin server's moderators can do that."
    )
    assert bot.store.current is before


async def test_manage_server_alone_may_not_reload(bot, adapter):
    before = bot.store.current
    await bot.tree._call(slash(bot, "kb", [], permissions=MANAGE_GUILD, sub="reload"))
    assert adapter.responses[0]["data"]["flags"] & EPHEMERAL
    assert bot.store.current is before


async def test_reload_by_an_owner(shipped_kb, adapter):
    bot = await make_bot(shipped_kb, [SHIPPED_KNOWLEDGE])  # small: the reload is what is tested
    try:
        call = slash(bot, "kb", [], sub="reload")
        bot.settings.owner_ids = [call.user.id]
        await bot.tree._call(call)
        assert adapter.responses[0]["type"] == 5  # deferred while the base is rebuilt
        [followup] = adapter.followups
        assert followup["embeds"][0]["title"] == "Knowledge base reloaded"
        assert bot.store.current.loaded_by.startswith("voter")
        await dpytest.empty_queue()
    finally:
        await stop_bot(bot)


async def test_cooldown_is_answered_ephemerally(full_kb, adapter):
    bot = await make_bot(full_kb, FULL_SOURCES, cooldown_rate=1, cooldown_seconds=60)
    try:
        first = slash(bot, "ask", [{"name": "question", "type": 3, "value": "who won Poole?"}])
        await bot.tree._call(first)
        second = slash(bot, "ask", [{"name": "question", "type": 3, "value": "who won Poole?"}])
        second.user = first.user  # the same person, straight away
        await bot.tree._call(second)
        assert "Duncan-Jordan" in adapter.responses[0]["data"]["embeds"][0]["description"]
        assert adapter.responses[1]["data"]["flags"] & EPHEMERAL
        assert "try again in" in adapter.responses[1]["data"]["content"]
        await dpytest.empty_queue()
    finally:
        await stop_bot(bot)


# Election night (issue 12) ---------------------------------------------------------------


def test_election_and_follow_slash_commands_upload_offline(bot):
    election = bot.tree.get_command("election").to_dict(bot.tree)
    assert {o["name"] for o in election["options"]} == {"channel", "status", "replay", "exitpoll"}
    assert int(election["default_member_permissions"]) == MANAGE_GUILD
    [replay] = [o for o in election["options"] if o["name"] == "replay"]
    assert {o["name"] for o in replay["options"]} == {"start", "stop"}  # /election replay stop
    for name in ("follow", "unfollow", "following"):
        assert bot.tree.get_command(name) is not None


def _channel_option(channel) -> tuple[list[dict], dict]:
    """A channel option as Discord sends it: its id, and the channel in `resolved`."""
    option = [{"name": "channel", "type": 7, "value": str(channel.id)}]
    resolved = {
        "channels": {
            str(channel.id): {
                "id": str(channel.id),
                "type": 0,
                "name": channel.name,
                "permissions": "0",
                "guild_id": str(channel.guild.id),
            }
        }
    }
    return option, resolved


# The bot on SQLite and on PostgreSQL: what these commands store is what they are about.
stored = pytest.mark.bot(knowledge="full", database=True)


@stored
async def test_election_channel_through_the_tree_needs_a_moderator(bot, adapter):
    guild, channel = dpytest.get_config().guilds[0], dpytest.get_config().channels[0]
    options, resolved = _channel_option(channel)
    await bot.tree._call(slash(bot, "election", options, sub="channel", resolved=resolved))
    await settled()
    [refusal] = adapter.responses
    assert refusal["type"] == 4 and refusal["data"]["flags"] & EPHEMERAL
    assert "Manage Server" in refusal["data"]["content"]
    assert await bot.database.server(guild.id) is None  # nothing was changed

    moderator = slash(
        bot, "election", options, permissions=MANAGE_GUILD, sub="channel", resolved=resolved
    )
    await bot.tree._call(moderator)
    answer = adapter.responses[1]
    assert answer["type"] == 4 and answer["data"]["allowed_mentions"] == {"parse": []}
    assert answer["data"]["content"].startswith("Results channel set: every declaration")
    assert (await bot.database.server(guild.id)).results_channel_id == channel.id

    await bot.tree._call(slash(bot, "election", [], sub="status"))
    status = adapter.responses[2]["data"]["content"]
    assert "every election I hold is complete" in status
    assert f"Results channel: <#{channel.id}> (every declaration)." in status


@stored
async def test_election_status_through_the_tree(bot, adapter):
    await bot.tree._call(slash(bot, "election", [], sub="status"))
    [response] = adapter.responses
    assert response["type"] == 4
    assert "No results channel here" in response["data"]["content"]


@stored
async def test_follow_unfollow_following_through_the_tree(bot, adapter):
    voter = next(ids)

    async def call(name, options=()):
        await bot.tree._call(slash(bot, name, list(options), user_id=voter))
        response = adapter.responses[-1]
        assert response["type"] == 4 and response["data"]["flags"] & EPHEMERAL
        data = response["data"]
        return data.get("content") or data["embeds"][0]["description"]

    hendon = [{"name": "name", "type": 3, "value": "Hendon"}]
    assert (await call("follow", hendon)).startswith("Following Hendon (seat)")
    assert "already follow" in await call("follow", hendon)
    by_dm = [*hendon, {"name": "dm", "type": 5, "value": True}]
    assert "by direct message" in await call("follow", by_dm)
    listed = await call("following")
    assert "Hendon (seat), in <#" in listed and "Hendon (seat), by direct message" in listed
    assert (await call("unfollow", hendon)) == "No longer following Hendon."
    assert "don't follow anything" in await call("following")
    assert "couldn't find" in await call("follow", [{"name": "name", "type": 3, "value": "Narnia"}])
    assert await bot.database.following(voter) == []


@stored
async def test_settings_through_the_tree(bot, adapter):
    guild = dpytest.get_config().guilds[0]
    off = [{"name": "choice", "type": 3, "value": "off"}]
    await bot.tree._call(slash(bot, "settings", off, sub="plain-questions"))
    await settled()
    assert adapter.responses[0]["data"]["flags"] & EPHEMERAL  # refused: not a moderator
    assert bot.plain_questions == {}
    await bot.tree._call(
        slash(bot, "settings", off, permissions=MANAGE_GUILD, sub="plain-questions")
    )
    assert adapter.responses[1]["data"]["content"].startswith("Plain questions here: not answered")
    assert bot.plain_questions == {guild.id: False}
    prefix = [{"name": "prefix", "type": 3, "value": "?"}]
    await bot.tree._call(slash(bot, "settings", prefix, permissions=MANAGE_GUILD, sub="prefix"))
    assert adapter.responses[2]["data"]["content"].startswith("Command prefix here: `?`")
    assert (await bot.database.server(guild.id)).prefix == "?"
    settings = bot.tree.get_command("settings").to_dict(bot.tree)
    assert {o["name"] for o in settings["options"]} == {"show", "prefix", "plain-questions"}


@stored
async def test_election_replay_stop_through_the_tree(bot, adapter):
    stop = [{"name": "replay", "type": 2, "options": [{"name": "stop", "type": 1, "options": []}]}]
    await bot.tree._call(slash(bot, "election", stop))
    await settled()
    assert "Manage Server" in adapter.responses[0]["data"]["content"]  # not a moderator
    await bot.tree._call(slash(bot, "election", stop, permissions=MANAGE_GUILD))
    assert adapter.responses[1]["data"]["content"] == "No replay is running in this channel."
