"""`/election channel` and `/election status` suggest following the hub when the capacity model
keeps the bot's size on time only with it (the 2019 night replayed: `every+hub` from a hundred
and one results channels, `every` at ten), and only when the owners have set a hub."""

from __future__ import annotations

import discord.ext.test as dpytest
import pytest

from bot.kb.build import SHIPPED_KNOWLEDGE
from bot.live.capacity import advice
from tests.helpers.bots import make_bot, make_moderator, stop_bot
from tests.helpers.data import DATA, needs_data

pytestmark = needs_data
HUB = 990_000_000_000_000_001
SUGGESTION = "add follow:hub"


@pytest.fixture
async def make(full_kb):
    made = []

    async def make_one(**settings):
        bot = await make_bot(full_kb, [SHIPPED_KNOWLEDGE, DATA / "ge2019"], **settings)
        made.append(bot)
        return bot

    yield make_one
    await dpytest.empty_queue()
    for bot in made:
        await stop_bot(bot)


async def _other_servers(bot, count: int) -> None:
    for n in range(count):
        await bot.database.update_server(10_000 + n, results_channel_id=20_000 + n)


async def _say(text: str) -> str:
    channel = dpytest.get_config().channels[0]
    moderator = await make_moderator()
    await dpytest.message(text.format(channel=channel.mention), channel=channel, member=moderator)
    return dpytest.get_message().content


def test_the_model_wants_the_hub_from_a_hundred_and_one_channels(full_kb):
    assert not advice(full_kb, 10).with_hub
    assert advice(full_kb, 101).with_hub and advice(full_kb, 101).mode == "every+hub"


async def test_at_a_size_that_needs_the_hub_the_reply_and_status_suggest_it(make):
    bot = await make(hub_channel_id=HUB)
    await _other_servers(bot, 100)
    reply = await _say("!election channel {channel}")
    assert reply.startswith("Results channel set: every declaration")  # the model's mode
    name = dpytest.get_config().channels[0].name
    assert SUGGESTION in reply and f"(`/election channel #{name} follow:hub`)" in reply
    assert "up to 1,000 results channels" in reply
    status = await _say("!election status")
    assert "(every declaration)" in status and SUGGESTION in status


async def test_no_suggestion_when_small_when_following_or_without_a_hub(make):
    bot = await make(hub_channel_id=HUB)
    assert SUGGESTION not in await _say("!election channel {channel}")  # one channel: no need
    await _other_servers(bot, 100)
    # Asked to follow (here refused: no Manage Webhooks): that answer alone, not a suggestion.
    reply = await _say("!election channel {channel} every follow:hub")
    assert "give me Manage Webhooks" in reply and SUGGESTION not in reply
    guild = dpytest.get_config().guilds[0]
    await bot.database.update_server(guild.id, follows_hub=True)
    assert SUGGESTION not in await _say("!election status")  # already following
    unset = await make()  # no HUB_CHANNEL_ID: nothing to follow, nothing suggested
    await _other_servers(unset, 100)
    assert SUGGESTION not in await _say("!election channel {channel}")
    assert SUGGESTION not in await _say("!election status")
