"""Posting announcements to Discord (the sender of bot.live.announcer): the embed, Discord's
nonce, and a look at the destination's recent messages before a post that may already be there.
"""

from __future__ import annotations

import asyncio
import io
import logging
import time

import discord

from bot.charts import chart_png, filename
from bot.exts.common import NO_PINGS
from bot.live.announcer import Post, Refused, Undeliverable

log = logging.getLogger(__name__)
RECENT = 50  # messages looked through for a resent post's marker
SEEN_FOR = 60.0  # seconds one look serves the resent posts that follow to the same place


def post_embed(post: Post) -> discord.Embed:
    colour = int(post.colour[1:], 16) if post.colour else None
    embed = discord.Embed(
        title=post.title[:256], description="\n".join(post.lines)[:4000], colour=colour
    )
    if post.marker:
        embed.set_footer(text=post.marker[:2048])
    return embed


class DiscordSender:
    """Sends a post to 'channel:ID' or 'user:ID'; returns once Discord has accepted it.

    Every post carries its nonce (discord.py sends `enforce_nonce` with it): Discord returns the
    earlier message instead of posting a second one for a few minutes. A post marked `resent`
    (a previous run claimed it, or a try failed) is first looked for among the destination's
    last RECENT messages, by the marker in its footer, which covers a longer gap.
    """

    def __init__(self, bot: discord.Client, recent: int = RECENT, webhooks=None):
        self.bot = bot
        self.recent = recent
        self.webhooks = webhooks  # a WebhookRoute (bot/exts/webhooks.py): results channels' hooks
        # destination -> (when looked, markers found): a restart may resend a hundred posts to
        # one channel; one read of its history serves them all
        self._seen: dict[str, tuple[float, set[str]]] = {}

    async def __call__(self, post: Post) -> None:
        try:
            target = await self._target(post.destination)
            if post.resent and post.refs <= await self.recent_markers(target, post.destination):
                log.info("announcements: %s is already in %s", post.item, post.destination)
                return
            embed = post_embed(post)
            files = await self.chart_files(post)
            kind, _, ident = post.destination.partition(":")
            if (
                self.webhooks is not None
                and not files  # a milestone's map goes with the bot's own message
                and kind == "channel"
                and await self.webhooks.send(post.guild_id, int(ident), embed)
            ):
                return
            if files:  # a milestone's map, shown in its embed
                embed.set_image(url=f"attachment://{files[0].filename}")
            extra = {"files": files} if files else {}
            await target.send(embed=embed, allowed_mentions=NO_PINGS, nonce=post.nonce, **extra)
        except (discord.Forbidden, discord.NotFound) as error:
            raise Undeliverable(f"{type(error).__name__}: {error.text or error.status}") from error
        except discord.HTTPException as error:
            if 400 <= error.status < 500 and error.status != 429:
                raise Refused(f"{error.status}: {error.text}") from error
            raise  # Discord's side or the network: the announcer tries again

    async def chart_files(self, post: Post) -> list[discord.File]:
        """The post's charts, drawn off the event loop from the base being served (none when
        CHARTS=false); a chart that fails is left out, never the post."""
        if not post.charts or not getattr(getattr(self.bot, "settings", None), "charts", True):
            return []
        files = []
        for request in post.charts:
            try:
                png = await asyncio.to_thread(chart_png, self.bot.store.current.kb, request)
            except Exception:
                log.exception("announcements: could not draw %s", request)
                continue
            files.append(discord.File(io.BytesIO(png), filename=filename(request)))
        return files

    async def _target(self, destination: str) -> discord.abc.Messageable:
        kind, _, ident = destination.partition(":")
        if kind == "channel":
            return self.bot.get_channel(int(ident)) or await self.bot.fetch_channel(int(ident))
        return self.bot.get_user(int(ident)) or await self.bot.fetch_user(int(ident))

    async def recent_markers(self, target: discord.abc.Messageable, destination: str) -> set[str]:
        """The markers of the bot's last `recent` messages there (read at most once a minute)."""
        looked, markers = self._seen.get(destination, (0.0, set()))
        if time.monotonic() - looked < SEEN_FOR:
            return markers
        markers = set()
        try:
            async for message in target.history(limit=self.recent):
                ours = self.bot.user is not None and message.author.id == self.bot.user.id
                # A webhook's post, whatever its name now (moderators rename webhooks): only
                # ours carry 'ref' markers of this destination's keys.
                if ours or message.webhook_id:
                    for embed in message.embeds:  # a digest's footer: 'ref a b c', one a post
                        refs = (embed.footer.text or "").removeprefix("ref ").split()
                        markers.update(f"ref {ref}" for ref in refs)
        except discord.HTTPException:  # no Read Message History: the nonce alone guards
            pass
        self._seen[destination] = (time.monotonic(), markers)
        return markers


class HubPublisher:
    """Posts a hub post in the owners' announcement channel and publishes (crossposts) it, so
    Discord delivers it to every channel following the hub."""

    def __init__(self, bot: discord.Client, channel_id: int):
        self.bot = bot
        self.channel_id = channel_id

    async def __call__(self, post: Post) -> None:
        channel = self.bot.get_channel(self.channel_id) or await self.bot.fetch_channel(
            self.channel_id
        )
        message = await channel.send(embed=post_embed(post), allowed_mentions=NO_PINGS)
        await message.publish()
