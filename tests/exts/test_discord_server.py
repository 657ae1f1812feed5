"""Per-server settings through the Discord layer (dpytest): a server's own prefix and its choice of
plain questions, set by its moderators, kept in the database, used for every message."""

from __future__ import annotations

import discord.ext.test as dpytest
import pytest

from bot.exts.permissions import NotAllowed
from bot.exts.server import prefix_problem
from tests.helpers.bots import make_moderator
from tests.helpers.data import needs_data

pytestmark = [needs_data, pytest.mark.bot(knowledge="full", database=True)]


async def test_a_servers_own_prefix(bot):
    await make_moderator()
    await dpytest.message("!settings prefix ?")
    assert dpytest.get_message().content.startswith("Command prefix here: `?`")
    await dpytest.message("?result South West Norfolk")
    assert dpytest.get_embed().title.startswith("South West Norfolk")
    await dpytest.message("!result South West Norfolk")
    assert dpytest.verify().message().nothing()  # '!' is not this server's prefix any more
    guild_id = dpytest.get_config().guilds[0].id
    assert (await bot.database.server(guild_id)).prefix == "?"

    # After a restart the choice is read back from the database (into memory, once).
    bot.prefixes.clear()
    await bot.get_cog("Server settings").cog_load()
    assert bot.prefixes == {guild_id: "?"}
    await dpytest.message("?result South West Norfolk")
    assert dpytest.get_embed().title.startswith("South West Norfolk")
    await dpytest.message("?settings prefix")  # empty: back to the default
    assert "`!`, the default" in dpytest.get_message().content
    await dpytest.message("!result South West Norfolk")
    assert dpytest.get_embed().title.startswith("South West Norfolk")
    assert (await bot.database.server(guild_id)).prefix is None


async def test_help_shows_the_servers_prefix(bot):
    await make_moderator()
    await dpytest.message("!settings prefix ro!")
    await dpytest.empty_queue()
    await dpytest.message("ro!help")
    embed = dpytest.get_embed()
    text = (embed.description or "") + "".join(f.value for f in embed.fields)
    assert "`ro!result" in text and "`!result" not in text


async def test_bad_prefixes_are_refused(bot):
    await make_moderator()
    for bad in ("@here", "**", "<#1>", "`!"):
        await dpytest.message(f"!settings prefix {bad}")
        assert "cannot contain" in dpytest.get_message().content
    await dpytest.message("!settings prefix toolong")
    assert "1 to 5 characters" in dpytest.get_message().content
    assert bot.prefixes == {}
    assert prefix_problem("?") is None and prefix_problem("ro!") is None
    assert prefix_problem("a b") and prefix_problem("") and prefix_problem("\u200b")


async def test_plain_questions_off_and_on(bot):
    await dpytest.message("who won Hendon?")
    assert "Hendon" in dpytest.get_embed().title  # on by default
    await make_moderator()
    await dpytest.message("!settings plain-questions off")
    assert "not answered" in dpytest.get_message().content
    await dpytest.message("who won Hendon?")
    assert dpytest.verify().message().nothing()
    await dpytest.message("!ask who won Hendon?")  # commands still answer
    assert "Hendon" in dpytest.get_embed().title
    await dpytest.message("!settings plain-questions default")
    assert "answered (the default)" in dpytest.get_message().content
    await dpytest.message("who won Hendon?")
    assert "Hendon" in dpytest.get_embed().title
    await dpytest.message("!settings")
    assert "Command prefix here: `!` (the default)" in dpytest.get_message().content


async def test_only_moderators_change_settings(bot):
    with pytest.raises(NotAllowed):
        await dpytest.message("!settings prefix ?")
    with pytest.raises(NotAllowed):
        await dpytest.message("!settings plain-questions off")
    await dpytest.empty_queue()
    assert bot.prefixes == {} and bot.plain_questions == {}
