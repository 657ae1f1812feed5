"""Building the bot for offline tests: dpytest for prefix commands, spec'd mocks for interactions."""

from __future__ import annotations

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
