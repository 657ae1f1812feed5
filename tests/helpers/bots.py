"""Building the bot for offline tests: dpytest for prefix commands; for slash commands, real
Interactions dispatched by the tree (`slash`, recorded by `RecordingAdapter`) or spec'd mocks.
The fixtures built on these (`bot`, `adapter`, `sent`) are in tests/conftest.py."""

from __future__ import annotations

import asyncio
import itertools
import json
import tempfile
from pathlib import Path
from unittest.mock import AsyncMock, MagicMock

import discord
import discord.ext.test as dpytest
from discord.ext.test import backend

from bot.client import ReturningOfficer
from bot.engine import Engine
from bot.settings import Settings
from bot.store import KnowledgeStore


def make_settings(**overrides) -> Settings:
    # dpytest saves every attached file in the working directory: chart tests turn charts on.
    values = {"discord_token": None, "cooldown_rate": 50, "cooldown_seconds": 60.0, "charts": False}
    values["data_dir"] = Path(tempfile.mkdtemp(prefix="ro-data-"))  # the bot's own SQLite file
    values |= overrides
    return Settings(_env_file=None, **values)


async def make_bot(kb, paths, **overrides) -> ReturningOfficer:
    store = KnowledgeStore(paths, kb, Engine(kb))
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True  # dpytest makes members only with this intent
    bot = ReturningOfficer(make_settings(**overrides), store, intents=intents)
    await bot._async_setup_hook()
    await bot.setup_hook()
    dpytest.configure(bot, members=2)
    return bot


async def stop_bot(bot: ReturningOfficer) -> None:
    """What closing the bot does, without the gateway dpytest does not have: the election cog's
    feeds and replays stop, then the announcer and the database."""
    await bot.get_cog("Election").cog_unload()
    await bot.close_announcing()


def record_payloads(monkeypatch) -> list[dict]:
    """Every payload the bot sends, as Discord would receive it (dpytest drops some keys)."""
    sent: list[dict] = []
    original = backend.FakeHttp.send_message

    async def spy(self, channel_id, *, params):
        sent.append(dict(params.payload or {}))
        channel = self.state.get_channel(int(channel_id))  # noqa: F841 - dpytest reads its caller's `channel`
        return await original(self, channel_id, params=params)

    monkeypatch.setattr(backend.FakeHttp, "send_message", spy)
    return sent


def payload_of(params) -> dict:
    """The JSON Discord receives; with files it travels as the multipart 'payload_json'."""
    if params.payload is not None:
        return dict(params.payload)
    part = next(p for p in params.multipart if p["name"] == "payload_json")
    return json.loads(part["value"])


def read(file: discord.File) -> bytes:
    file.fp.seek(0)
    return file.fp.read()


def spy_on_sent_messages(monkeypatch) -> list[tuple[dict, dict[str, bytes]]]:
    """Every message the bot sends from now: its JSON (dpytest drops the embeds of a message with
    files) and its files by name."""
    messages: list[tuple[dict, dict[str, bytes]]] = []
    original = backend.FakeHttp.send_message

    async def spy(self, channel_id, *, params):
        messages.append((payload_of(params), {f.filename: read(f) for f in params.files or []}))
        channel = self.state.get_channel(int(channel_id))  # noqa: F841 - dpytest reads its caller's `channel`
        return await original(self, channel_id, params=params)

    monkeypatch.setattr(backend.FakeHttp, "send_message", spy)
    return messages


def interaction(bot, user=None) -> MagicMock:
    """A spec'd Interaction whose response has not been sent yet."""
    inter = MagicMock(spec=discord.Interaction)
    inter.client = bot
    inter.user = user or member()
    inter.permissions = inter.user.guild_permissions
    inter.response = MagicMock(spec=discord.InteractionResponse)
    inter.response.is_done.return_value = False
    inter.response.send_message = AsyncMock()

    async def defer(*args, **kwargs):
        inter.response.is_done.return_value = True

    inter.response.defer = AsyncMock(side_effect=defer)
    inter.followup = MagicMock(spec=discord.Webhook)
    inter.followup.send = AsyncMock()
    return inter


def member(user_id: int = 4242, role_ids=(), manage_guild: bool = False) -> MagicMock:
    user = MagicMock(spec=discord.Member)
    user.id = user_id
    user.roles = [MagicMock(spec=discord.Role, id=role_id) for role_id in role_ids]
    user.guild_permissions = discord.Permissions(manage_guild=manage_guild)
    user.__str__.return_value = f"user{user_id}"
    return user


# Real interactions, dispatched by the command tree -----------------------------------------

EPHEMERAL = 64
MANAGE_GUILD = 1 << 5
# Snowflakes from now: an interaction's age comes from its id, and discord.py treats one older than
# 15 minutes as expired (a hybrid command's ctx.send then posts to the channel instead of answering).
ids = itertools.count(discord.utils.time_snowflake(discord.utils.utcnow()))


def _message(payload: dict | None) -> dict:
    """The message Discord would return for a response or a follow-up."""
    channel = dpytest.get_config().channels[0]
    return {
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


class RecordingAdapter:
    """Stands in for Discord's webhook endpoints; keeps every payload, and the files each
    response carried."""

    def __init__(self) -> None:
        self.responses: list[dict] = []
        self.files: list[list[discord.File]] = []
        self.followups: list[dict] = []

    async def create_interaction_response(
        self, interaction_id, token, *, session, proxy=None, proxy_auth=None, params
    ):
        self.files.append(list(params.files or []))
        self.responses.append(payload_of(params))
        answer = {"interaction": {"id": str(interaction_id), "type": 2}}
        if self.responses[-1].get("type") == 4:  # a message: Discord returns it (with_response)
            answer["resource"] = {"type": 4, "message": _message(self.responses[-1].get("data"))}
        return answer

    async def execute_webhook(self, *args, payload=None, **kwargs):
        self.followups.append(payload)
        return _message(payload)


async def settled() -> None:
    """Let the tasks a command dispatched (a hybrid command's error handler) finish."""
    for _ in range(20):
        await asyncio.sleep(0)


def slash(
    bot,
    name: str,
    options: list[dict],
    permissions: int = 0,
    sub: str | None = None,
    resolved: dict | None = None,
    user_id: int | None = None,
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
        "data": {
            "id": str(next(ids)),
            "name": name,
            "type": 1,
            "options": options,
            "resolved": resolved or {},
        },
        "member": {
            "user": {
                "id": str(user_id or next(ids)),
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


async def make_moderator() -> discord.Member:
    """Give dpytest's first member a role with Manage Server in its first guild."""
    config = dpytest.get_config()
    guild, member = config.guilds[0], config.members[0]
    role = backend.make_role(
        "Moderators", guild, permissions=discord.Permissions(manage_guild=True).value
    )
    await dpytest.add_role(member, role)
    return member


async def press_choice(bot, command: str, label: str) -> dict:
    """Answer `command`, press its choice button `label`, and return what the button edited
    the message with (the keyword arguments of `edit_message`)."""
    from bot.answer.embeds import render_embeds
    from bot.exts.common import make_view

    answer = bot.store.engine.ask(command)
    view = make_view(bot, answer, render_embeds(answer))
    button = next(b for b in view.children if b.label == label)
    inter = interaction(bot)
    inter.response.edit_message = AsyncMock()
    await button.callback(inter)
    return inter.response.edit_message.call_args.kwargs
