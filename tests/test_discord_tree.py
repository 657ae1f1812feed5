"""Slash commands through the whole path: a real Interaction dispatched by the command tree.

Option parsing, the moderator check and the tree's error handler all run as in production; a fake
webhook adapter records what would have been sent to Discord.
"""

from __future__ import annotations

import itertools

import discord
import discord.ext.test as dpytest
import pytest
from discord.webhook.async_ import async_context

from bot.kb.build import SHIPPED_KNOWLEDGE
from tests.conftest import FULL_SOURCES, needs_data
from tests.discord_helpers import make_bot

pytestmark = needs_data
EPHEMERAL = 64
MANAGE_GUILD = 1 << 5
ids = itertools.count(900_000_000_000_000_000)


class RecordingAdapter:
    """Stands in for Discord's webhook endpoints; keeps every payload."""

    def __init__(self) -> None:
        self.responses: list[dict] = []
        self.followups: list[dict] = []

    async def create_interaction_response(
        self, interaction_id, token, *, session, proxy=None, proxy_auth=None, params
    ):
        self.responses.append(params.payload)
        return {"interaction": {"id": str(interaction_id), "type": 2}}

    async def execute_webhook(self, *args, payload=None, **kwargs):
        self.followups.append(payload)
        channel = dpytest.get_config().channels[0]
        return {  # the message Discord would return for a follow-up
            "id": str(next(ids)),
            "channel_id": str(channel.id),
            "type": 0,
            "content": (payload or {}).get("content", ""),
            "author": {
                "id": str(next(ids)),
                "username": "bot",
                "discriminator": "0",
                "avatar": None,
            },
            "embeds": (payload or {}).get("embeds", []),
            "attachments": [],
            "mentions": [],
            "mention_roles": [],
            "pinned": False,
            "mention_everyone": False,
            "tts": False,
            "timestamp": "2024-07-05T05:48:00+00:00",
            "edited_timestamp": None,
            "flags": 0,
            "components": [],
        }


@pytest.fixture
async def bot(full_kb):
    bot = await make_bot(full_kb, FULL_SOURCES)
    yield bot
    await dpytest.empty_queue()


@pytest.fixture
def adapter():
    recorder = RecordingAdapter()
    token = async_context.set(recorder)
    yield recorder
    async_context.reset(token)


def slash(
    bot, name: str, options: list[dict], permissions: int = 0, sub: str | None = None
) -> discord.Interaction:
    """A real application-command Interaction, as Discord would send it."""
    guild = dpytest.get_config().guilds[0]
    channel = dpytest.get_config().channels[0]
    if sub:
        options = [{"name": sub, "type": 1, "options": options}]
    payload = {
        "id": str(next(ids)),
        "application_id": str(next(ids)),
        "type": 2,
        "token": "interaction-token",
        "version": 1,
        "guild_id": str(guild.id),
        "channel": {
            "id": str(channel.id),
            "type": 0,
            "guild_id": str(guild.id),
            "name": channel.name,
            "position": 0,
        },
        "channel_id": str(channel.id),
        "data": {"id": str(next(ids)), "name": name, "type": 1, "options": options},
        "member": {
            "user": {
                "id": str(next(ids)),
                "username": "voter",
                "discriminator": "0",
                "avatar": None,
                "global_name": None,
            },
            "roles": [],
            "joined_at": "2024-07-04T22:00:00+00:00",
            "deaf": False,
            "mute": False,
            "flags": 0,
            "permissions": str(permissions),
        },
        "app_permissions": "0",
        "locale": "en-GB",
        "guild_locale": "en-GB",
        "entitlements": [],
        "authorizing_integration_owners": {},
        "attachment_size_limit": 8_388_608,
    }
    return discord.Interaction(data=payload, state=bot._connection)


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
    call = slash(bot, "kb", [], sub="reload")
    bot.settings.owner_ids = [call.user.id]
    await bot.tree._call(call)
    assert adapter.responses[0]["type"] == 5  # deferred while the base is rebuilt
    [followup] = adapter.followups
    assert followup["embeds"][0]["title"] == "Knowledge base reloaded"
    assert bot.store.current.loaded_by.startswith("voter")
    await dpytest.empty_queue()


async def test_cooldown_is_answered_ephemerally(full_kb, adapter):
    bot = await make_bot(full_kb, FULL_SOURCES, cooldown_rate=1, cooldown_seconds=60)
    first = slash(bot, "ask", [{"name": "question", "type": 3, "value": "who won Poole?"}])
    await bot.tree._call(first)
    second = slash(bot, "ask", [{"name": "question", "type": 3, "value": "who won Poole?"}])
    second.user = first.user  # the same person, straight away
    await bot.tree._call(second)
    assert "Duncan-Jordan" in adapter.responses[0]["data"]["embeds"][0]["description"]
    assert adapter.responses[1]["data"]["flags"] & EPHEMERAL
    assert "try again in" in adapter.responses[1]["data"]["content"]
    await dpytest.empty_queue()


# Election night (issue 12) ---------------------------------------------------------------


def test_election_and_follow_slash_commands_upload_offline(bot):
    election = bot.tree.get_command("election").to_dict(bot.tree)
    assert {o["name"] for o in election["options"]} == {"channel", "status", "replay"}
    assert int(election["default_member_permissions"]) == MANAGE_GUILD
    for name in ("follow", "unfollow", "following"):
        assert bot.tree.get_command(name) is not None
