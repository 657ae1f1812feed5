"""`/follow`, `/unfollow`, `/following` for everyone, `/follows list|remove|clear` for a server's
moderators (and the `!` equivalents), and the check that a follow still reaches its follower.

Follows are capped per member (FOLLOWS_PER_MEMBER) and per server (FOLLOWS_PER_SERVER), and
adding them has its own cooldown (FOLLOW_RATE per FOLLOW_SECONDS). A follow in a channel is
dropped, not posted, once its follower has left the server or can no longer see the channel.
The database and the announcer are the bot's, made before the cogs load.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence

import discord
from discord import app_commands
from discord.ext import commands

from bot.db.tables import Follow
from bot.exts.common import NO_PINGS, PageView, send_text
from bot.exts.permissions import Privilege, requires
from bot.text import quote

log = logging.getLogger(__name__)
PAGE = 10  # follows on one page
LISTED = 5000  # follows fetched for one listing (the caps keep new ones far below)
# Without the privileged members intent a member is asked of Discord; the answer (or their
# absence) is trusted this many seconds, so a night of declarations costs one request per follower.
MEMBER_MEMORY = 900.0


def follow_cooldown(ctx: commands.Context) -> commands.Cooldown | None:
    """FOLLOW_RATE follows per FOLLOW_SECONDS, per person."""
    settings = ctx.bot.settings
    return commands.Cooldown(settings.follow_rate, settings.follow_seconds)


def where(follow: Follow) -> str:
    return "by direct message" if follow.channel_id == 0 else f"in <#{follow.channel_id}>"


class Pages(Sequence):
    """Embeds made as they are shown: a listing of thousands costs one page at a time."""

    def __init__(self, title: str, lines: list[str], total: int, hint: str = ""):
        self.title, self.lines, self.total, self.hint = title, lines, total, hint

    def __len__(self) -> int:
        return max(1, -(-len(self.lines) // PAGE))

    def __getitem__(self, index: int) -> discord.Embed:
        if not 0 <= index < len(self):
            raise IndexError(index)
        shown = self.lines[index * PAGE : (index + 1) * PAGE]
        embed = discord.Embed(title=self.title, description="\n".join(shown))
        more = f" (the first {len(self.lines)} shown)" if self.total > len(self.lines) else ""
        footer = f"Page {index + 1}/{len(self)} · {self.total} in all{more}. {self.hint}"
        embed.set_footer(text=footer.strip())
        return embed


async def send_pages(ctx: commands.Context, pages: Pages, page: int) -> None:
    """One message: the page asked for, with previous/next buttons for the asker only."""
    view = PageView(pages, ctx.author.id) if len(pages) > 1 else None
    embed = view.turn_to(page - 1) if view is not None else pages[0]
    kwargs = {"embed": embed, "allowed_mentions": NO_PINGS, "ephemeral": True}
    if view is not None:
        kwargs["view"] = view
    sent = await ctx.send(**kwargs)
    if view is not None:
        view.message = sent


class Follows(commands.Cog):
    """Who follows what, capped and cooled down; moderators see and prune their server's."""

    def __init__(self, bot):
        self.bot = bot
        self.members_seen: dict[tuple[int, int], tuple[float, discord.Member | None]] = {}

    @property
    def database(self):
        return self.bot.database

    async def cog_load(self) -> None:
        announcer = getattr(self.bot, "announcer", None)
        if announcer is not None:
            announcer.keep_follow = self.reaches

    # Delivery -----------------------------------------------------------------------------

    async def reaches(self, follow: Follow) -> bool:
        """Does this follow still reach its follower? If not, it is dropped (and not posted)."""
        if follow.guild_id == 0 or follow.channel_id == 0:
            return True  # by direct message: theirs wherever they are
        guild = self.bot.get_guild(follow.guild_id)
        if guild is None:
            return True  # a server this process does not see: the sender reports dead places
        try:
            member = await self._member(guild, follow.user_id)
        except discord.HTTPException:
            return True  # Discord is unsure: keep the follow, decide next time
        channel = guild.get_channel_or_thread(follow.channel_id)
        if member is None:
            why = "left the server"
        elif channel is None:
            why = "the channel is gone"
        elif not channel.permissions_for(member).view_channel:
            why = "can no longer see the channel"
        else:
            return True
        await self.database.drop_follow(follow.id)
        log.info(
            "dropped follow #%s of %s in server %s: %s", follow.id, follow.user_id, guild.id, why
        )
        return False

    async def _member(self, guild: discord.Guild, user_id: int) -> discord.Member | None:
        """The member (None if they left), from the cache or asked of Discord once a while."""
        member = guild.get_member(user_id)
        if member is not None:
            return member
        key = (guild.id, user_id)
        seen = self.members_seen.get(key)
        if seen is not None and time.monotonic() - seen[0] < MEMBER_MEMORY:
            return seen[1]
        try:
            member = await guild.fetch_member(user_id)
        except discord.NotFound:
            member = None
        now = time.monotonic()
        if len(self.members_seen) > 50_000:  # forget what is stale
            self.members_seen = {
                k: v for k, v in self.members_seen.items() if now - v[0] < MEMBER_MEMORY
            }
        self.members_seen[key] = (now, member)
        return member

    # Everyone -----------------------------------------------------------------------------

    def _resolve(self, text: str) -> tuple[str, str, str] | None:
        """(kind, target, label) for a seat, a party or a person named as typed."""
        return self.bot.store.engine.follow_target(text)

    @requires(Privilege.EVERYONE)
    @commands.hybrid_command(
        name="follow", description="Get a seat's, party's or person's results as they declare"
    )
    @commands.dynamic_cooldown(follow_cooldown, commands.BucketType.user)
    @app_commands.describe(
        name="a seat, a party or a person", dm="send them to you by direct message"
    )
    async def follow(self, ctx: commands.Context, *, name: str, dm: bool = False) -> None:
        found = self._resolve(name)
        if found is None:
            await send_text(
                ctx,
                f"I couldn't find a seat, party or person called '{quote(name)}'.",
                ephemeral=True,
            )
            return
        kind, target, label = found
        personal = dm or ctx.guild is None
        guild_id = 0 if personal else ctx.guild.id
        channel_id = 0 if personal else ctx.channel.id
        settings = self.bot.settings
        outcome = await self.database.follow(
            ctx.author.id,
            kind,
            target,
            label,
            guild_id,
            channel_id,
            member_limit=settings.follows_per_member,
            server_limit=settings.follows_per_server,
        )
        there = "by direct message" if personal else "in this channel"
        pace = (
            f" (at most {settings.dms_per_hour} an hour: results close together come as one)"
            if personal
            else ""
        )
        prefix = self.bot.prefix_for(ctx.guild)
        text = {
            "added": f"Following {label} ({kind}): its results will be posted {there}{pace}.",
            "exists": f"You already follow {label} {there}.",
            "member_limit": f"You follow {settings.follows_per_member} things already, the most "
            f"anyone may: unfollow one first (`{prefix}following` lists them).",
            "server_limit": f"This server holds {settings.follows_per_server} follows already, "
            "the most it may: follow by direct message instead (dm:True), or ask a moderator.",
        }[outcome]
        await send_text(ctx, text, ephemeral=True)

    @requires(Privilege.EVERYONE)
    @commands.hybrid_command(name="unfollow", description="Stop following a seat, party or person")
    async def unfollow(self, ctx: commands.Context, *, name: str) -> None:
        found = self._resolve(name)
        removed = 0
        if found is not None:
            kind, target, _ = found
            removed = await self.database.unfollow(
                ctx.author.id, kind, target, ctx.guild.id if ctx.guild else 0
            )
            removed += (
                await self.database.unfollow(ctx.author.id, kind, target, 0) if ctx.guild else 0
            )
        text = (
            f"No longer following {found[2]}." if removed else f"You don't follow '{quote(name)}'."
        )
        await send_text(ctx, text, ephemeral=True)

    @requires(Privilege.EVERYONE)
    @commands.hybrid_command(name="following", description="What you follow")
    @app_commands.describe(page="which page (10 to a page)")
    async def following(self, ctx: commands.Context, page: int = 1) -> None:
        follows, total = await self.database.follows_page(user_id=ctx.author.id, limit=LISTED)
        if not follows:
            await send_text(
                ctx,
                "You don't follow anything yet: try /follow South West Norfolk.",
                ephemeral=True,
            )
            return
        lines = [f"- {f.label} ({f.kind}), {where(f)}" for f in follows]
        await send_pages(ctx, Pages("You follow", lines, total), page)

    # Moderators ---------------------------------------------------------------------------

    @requires(Privilege.MODERATOR)
    @commands.hybrid_group(
        name="follows", description="The follows in this server: list or remove them (moderators)"
    )
    @app_commands.default_permissions(manage_guild=True)  # a hint; @requires enforces
    @app_commands.guild_only()
    @commands.guild_only()
    async def follows(self, ctx: commands.Context) -> None:
        if ctx.invoked_subcommand is None:
            await self.list_follows.callback(self, ctx)

    @requires(Privilege.MODERATOR)
    @follows.command(name="list", description="Every follow in this server, or one member's")
    @commands.guild_only()
    @app_commands.describe(member="only this member's follows", page="which page (10 to a page)")
    async def list_follows(
        self, ctx: commands.Context, member: discord.User | None = None, page: int = 1
    ) -> None:
        follows, total = await self.database.follows_page(
            guild_id=ctx.guild.id, user_id=member.id if member else None, limit=LISTED
        )
        if not follows:
            whose = f"<@{member.id}> has" if member else "Nobody here has"
            await send_text(ctx, f"{whose} no follows in this server.", ephemeral=True)
            return
        prefix = self.bot.prefix_for(ctx.guild)
        lines = [f"`#{f.id}` {f.label} ({f.kind}), <@{f.user_id}> {where(f)}" for f in follows]
        title = "Follows in this server" + (" of one member" if member else "")
        hint = f"Remove one with {prefix}follows remove NUMBER."
        await send_pages(ctx, Pages(title, lines, total, hint), page)

    @requires(Privilege.MODERATOR)
    @follows.command(name="remove", description="Remove one follow in this server by its number")
    @commands.guild_only()
    @app_commands.describe(number="the number /follows list shows, e.g. 12")
    async def remove_follow(
        self, ctx: commands.Context, number: commands.Range[int, 1, 2**31 - 1]
    ) -> None:
        removed = await self.database.remove_follows(ctx.guild.id, follow_id=number)
        text = f"Removed follow #{number}." if removed else f"No follow #{number} in this server."
        await send_text(ctx, text, ephemeral=True)

    @requires(Privilege.MODERATOR)
    @follows.command(name="clear", description="Remove every follow a member has in this server")
    @commands.guild_only()
    @app_commands.describe(member="whose follows to remove (they may have left)")
    async def clear_follows(self, ctx: commands.Context, member: discord.User) -> None:
        removed = await self.database.remove_follows(ctx.guild.id, user_id=member.id)
        await send_text(
            ctx, f"Removed {removed} follow(s) of <@{member.id}> in this server.", ephemeral=True
        )


async def setup(bot) -> None:
    await bot.add_cog(Follows(bot))
