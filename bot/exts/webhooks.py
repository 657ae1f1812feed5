"""Posting to a results channel through its webhook (made by /election channel when the bot may
manage webhooks there): Discord limits each webhook apart from the bot's global limit.

A webhook deleted mid-night is made again when the bot still may; otherwise the channel falls
back to bot messages. Either way the owners are told (the log and LOG_CHANNEL_ID), and
/election status says which. A 429 is waited out by discord.py's webhook adapter (retry_after),
like any other request.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable

import discord

from bot.exts.common import NO_PINGS
from bot.exts.results_channel import make_webhook

log = logging.getLogger(__name__)
FRESH_FOR = 60.0  # seconds a server's webhook, read from the database, is trusted


class WebhookRoute:
    """Sends a post's embed through the server's webhook for that channel, when it has one."""

    def __init__(
        self,
        bot,
        session=None,
        make: Callable[[int], Awaitable[tuple[int, str] | None]] | None = None,
    ):
        self.bot = bot
        self.session = session  # tests: a stand-in for Discord's HTTP; else the bot's client
        self.make = make or self._make
        self._known: dict[int, tuple[float, tuple[int, str] | None]] = {}  # channel -> hook

    def forget(self, channel_id: int) -> None:
        self._known.pop(channel_id, None)

    async def _hook(self, guild_id: int, channel_id: int) -> tuple[int, str] | None:
        looked, hook = self._known.get(channel_id, (0.0, None))
        if time.monotonic() - looked < FRESH_FOR:
            return hook
        server = await self.bot.database.server(guild_id)
        hook = None
        if (
            server is not None
            and server.results_channel_id == channel_id
            and server.webhook == "on"
            and server.webhook_id
            and server.webhook_token
        ):
            hook = (server.webhook_id, server.webhook_token)
        self._known[channel_id] = (time.monotonic(), hook)
        return hook

    def _webhook(self, hook: tuple[int, str]) -> discord.Webhook:
        if self.session is not None:
            return discord.Webhook.partial(hook[0], hook[1], session=self.session)
        return discord.Webhook.partial(hook[0], hook[1], client=self.bot)

    async def send(self, guild_id: int, channel_id: int, embed: discord.Embed) -> bool:
        """True once posted through the webhook; False when the channel has none (or lost it
        and no other could be made): the caller posts as the bot."""
        if not guild_id:
            return False
        hook = await self._hook(guild_id, channel_id)
        if hook is None:
            return False
        try:
            await self._webhook(hook).send(embed=embed, allowed_mentions=NO_PINGS, wait=True)
            return True
        except discord.NotFound:  # deleted mid-night
            pass
        replacement = await self.make(channel_id)
        database = self.bot.database
        if replacement is None:
            await database.update_server(
                guild_id, webhook="lost", webhook_id=None, webhook_token=None
            )
            self._known[channel_id] = (time.monotonic(), None)
            await self._tell(
                f"announcements: the webhook in channel {channel_id} was deleted and I may not "
                "make another; posting there as the bot"
            )
            return False
        await database.update_server(
            guild_id, webhook="on", webhook_id=replacement[0], webhook_token=replacement[1]
        )
        self._known[channel_id] = (time.monotonic(), replacement)
        await self._tell(
            f"announcements: the webhook in channel {channel_id} was deleted; made again"
        )
        await self._webhook(replacement).send(embed=embed, allowed_mentions=NO_PINGS, wait=True)
        return True

    async def _make(self, channel_id: int) -> tuple[int, str] | None:
        channel = self.bot.get_channel(channel_id)
        if not isinstance(channel, discord.TextChannel):
            return None
        return await make_webhook(channel)

    async def _tell(self, message: str) -> None:
        log.warning(message)
        try:
            await self.bot.report(message)
        except Exception:  # best effort: posting goes on
            log.exception("could not report a webhook problem")
