"""Every command that echoes what was typed, fed hostile text, prefix and slash: the echo is
escaped by the one quoting function (bot.text.quote), never a live link, mention or code span."""

from __future__ import annotations

import contextlib

import discord
import discord.ext.test as dpytest
import pytest
from discord.ext import commands
from discord.ext.test import backend

from bot.answer.text import render_text
from tests.helpers.bots import MANAGE_GUILD, settled, slash
from tests.helpers.data import needs_data

HOSTILE = "[click](https://evil.example) @everyone <@123456789012345678> `code`"
LIVE = ["[click](", "https://", "@everyone", "<@123456789012345678>", "`code`"]


def assert_escaped(text: str) -> None:
    assert text, "nothing was said"
    for live in LIVE:
        assert live not in text, f"{live!r} echoed unescaped in {text!r}"


@pytest.fixture
async def moderator_and_victim(bot):
    """dpytest's first member a moderator (their commands echo too), and the member that the
    mention in HOSTILE names."""
    config = dpytest.get_config()
    role = backend.make_role(
        "Mods", config.guilds[0], permissions=discord.Permissions(manage_guild=True).value
    )
    await dpytest.add_role(config.members[0], role)
    victim = backend.make_user("victim", 7, id_num=123456789012345678)
    backend.make_member(victim, config.guilds[0])


def _said() -> str:
    """Everything the bot sent since last asked, text and embeds alike."""
    parts = []
    while not dpytest.verify().message().nothing():
        message = dpytest.get_message()
        parts.append(message.content or "")
        parts.extend(str(embed.to_dict()) for embed in message.embeds)
    return "\n".join(parts)


PREFIX_ECHOES = [
    f"!result {HOSTILE}",
    f"!result South West Norfolk 1974 {HOSTILE}",
    f"!candidate {HOSTILE}",
    f"!ask who won {HOSTILE}?",
    f"!national {HOSTILE}",
    f"!follow {HOSTILE}",
    f"!unfollow {HOSTILE}",
    f"!election replay {HOSTILE}",
    f"!settings prefix {HOSTILE}",
    f"!follows clear {HOSTILE}",
    f"!follows list {HOSTILE}",
    f"!election channel {HOSTILE}",
]


@pytest.mark.parametrize("typed", PREFIX_ECHOES)
async def test_prefix_commands_escape_what_they_echo(bot, moderator_and_victim, typed):
    with contextlib.suppress(commands.CommandError):  # dpytest re-raises what was answered
        await dpytest.message(typed)
    assert_escaped(_said())


async def test_a_mention_and_a_plain_question_escape_what_they_echo(bot, moderator_and_victim):
    with contextlib.suppress(commands.CommandNotFound):  # dpytest re-raises; the listener answers
        await dpytest.message(f"<@{bot.user.id}> {HOSTILE}")
    assert_escaped(_said())


SLASH_ECHOES = [
    ("result", None, [{"name": "constituency", "type": 3, "value": HOSTILE}]),
    ("candidate", None, [{"name": "name", "type": 3, "value": HOSTILE}]),
    ("ask", None, [{"name": "question", "type": 3, "value": f"who won {HOSTILE}?"}]),
    ("national", None, [{"name": "election", "type": 3, "value": HOSTILE}]),
    ("follow", None, [{"name": "name", "type": 3, "value": HOSTILE}]),
    ("unfollow", None, [{"name": "name", "type": 3, "value": HOSTILE}]),
    ("settings", "prefix", [{"name": "prefix", "type": 3, "value": HOSTILE}]),
]


@pytest.mark.parametrize(("name", "sub", "options"), SLASH_ECHOES)
async def test_slash_commands_escape_what_they_echo(
    bot, moderator_and_victim, adapter, name, sub, options
):
    await bot.tree._call(slash(bot, name, options, permissions=MANAGE_GUILD, sub=sub))
    await settled()
    sent = [*adapter.responses, *adapter.followups]
    assert_escaped("\n".join(str(payload) for payload in sent))


async def test_a_replay_of_an_unknown_election_escapes_it(bot, moderator_and_victim, adapter):
    start = [{"name": "election", "type": 3, "value": HOSTILE}]
    replay = [
        {"name": "replay", "type": 2, "options": [{"name": "start", "type": 1, "options": start}]}
    ]
    await bot.tree._call(slash(bot, "election", replay, permissions=MANAGE_GUILD))
    await settled()
    [response] = adapter.responses
    assert "I have no results for an election called" in response["data"]["content"]
    assert_escaped(response["data"]["content"])


@needs_data
@pytest.mark.parametrize(
    "question", [f"!ask who won {HOSTILE} in 1974?", f"!result Hendon 1974 {HOSTILE}"]
)
def test_the_1974_try_hint_escapes_what_was_typed(history_engine, question):
    """1974 had two elections: the answer offers both, as commands built from what was typed."""
    text = render_text(history_engine.ask(question))
    assert_escaped(text)
    if "Which 1974 election?" in text:
        assert "Try: !ask who won \\[click\\]" in text


async def test_a_refused_prefix_names_its_characters_escaped(bot, moderator_and_victim):
    await dpytest.message("!settings prefix a`*")
    said = _said()
    assert said.startswith("A prefix cannot contain these characters")
    assert "\\* \\`" in said and " * `" not in said
