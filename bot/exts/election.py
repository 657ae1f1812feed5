"""`/election channel|status|replay [stop]`, `/follow`, `/unfollow`, `/following` (and `!` equivalents).

The database and the announcer are the bot's (made before the cogs load, bot/client.py); this cog
wires the result feeds to them, starts replay mode (bot/live/replay_mode.py) and moderators'
rehearsals (bot/live/rehearsal.py), and answers the commands.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import discord
from discord import app_commands
from discord.ext import commands

from bot.exts.common import send_text
from bot.live.count import live_apply
from bot.live.feeds import FolderFeed, UrlFeed, feed_file_name
from bot.live.rehearsal import Rehearsals, log_failure
from bot.live.replay_mode import WholeReplay
from bot.text import fold

log = logging.getLogger(__name__)


class Election(commands.Cog):
    """Election night: where results are announced, who follows what."""

    def __init__(self, bot):
        self.bot = bot
        self.rehearsals = Rehearsals(bot.announcer)
        self.whole_replay: asyncio.Task | None = None
        self.feeds: list[asyncio.Task] = []

    @property
    def database(self):
        return self.bot.database

    @property
    def announcer(self):
        return self.bot.announcer

    async def cog_load(self) -> None:
        self.feeds = self._start_feeds(self.bot.settings)

    def _start_feeds(self, settings) -> list[asyncio.Task]:
        """RESULTS_FOLDER and RESULTS_URL: validated like /kb reload, then counted and announced."""
        tasks = []
        store, report = self.bot.store, self.bot.report
        if settings.results_folder:
            folder = Path(settings.results_folder)
            feed = FolderFeed(folder, live_apply(store, folder, report, self.announcer))
            tasks.append(asyncio.create_task(feed.run(), name="results-folder"))
        if settings.results_url:
            folder = Path(settings.data_dir) / "feed"
            feed = UrlFeed(
                settings.results_url,
                folder / feed_file_name(settings.results_url),
                live_apply(store, folder, report, self.announcer),
                settings.results_poll_seconds,
                report=report,
            )
            tasks.append(asyncio.create_task(feed.run(), name="results-url"))
        return tasks

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        self.start_whole_replay()

    def start_whole_replay(self) -> None:
        """REPLAY_ELECTION (owners only, a setting): the whole bot replays a night, once."""
        settings = self.bot.settings
        if settings.replay_election and self.whole_replay is None:
            replay = WholeReplay(
                self.bot.store,
                self.database,
                self.announcer,
                settings.replay_election,
                settings.replay_speed,
                self.bot.store.engine.prefix,
            )
            self.whole_replay = asyncio.create_task(
                replay.run(), name=f"replay-{settings.replay_election}"
            )
            self.whole_replay.add_done_callback(log_failure)

    async def cog_unload(self) -> None:
        """Stop the feeds and replays; the database and the announcer close with the bot."""
        for task in self.feeds:
            task.cancel()
        if self.whole_replay is not None:
            self.whole_replay.cancel()
        self.rehearsals.stop_all()

    # /election ----------------------------------------------------------------------------

    @commands.hybrid_group(
        name="election", description="Election night: results channel, status, replay"
    )
    @app_commands.default_permissions(manage_guild=True)  # a hint; the checks below enforce
    @app_commands.guild_only()
    async def election(self, ctx: commands.Context) -> None:
        if ctx.invoked_subcommand is None:
            await self.status.callback(self, ctx)

    @election.command(
        name="channel", description="Post every declaration in this channel (moderators)"
    )
    @commands.guild_only()
    @commands.has_permissions(manage_guild=True)  # slash: as Discord resolved them
    @app_commands.describe(
        channel="where results go (empty: stop announcing)",
        only_followed="only seats, parties or people someone here follows",
    )
    async def channel(
        self,
        ctx: commands.Context,
        channel: discord.TextChannel | None = None,
        only_followed: bool = False,
    ) -> None:
        mode = "followed" if only_followed else "all"
        await self.database.update_server(
            ctx.guild.id, results_channel_id=channel.id if channel else None, announce=mode
        )
        if channel is None:
            await send_text(ctx, "Results will no longer be announced in this server.")
        else:
            which = "declarations someone here follows" if only_followed else "every declaration"
            await send_text(
                ctx,
                f"Results channel set: {which} will be posted in {channel.mention}, once each, in order.",
            )

    @election.command(name="status", description="The count so far and this server's announcements")
    async def status(self, ctx: commands.Context) -> None:
        kb = self.bot.store.current.kb
        counting = [
            f"{kb.elections[e].name}: {len(p.order)} of {p.total} declared"
            for e, p in kb.progress.items()
        ]
        lines = counting or ["No election is being counted; every election I hold is complete."]
        if ctx.guild is not None:
            server = await self.database.server(ctx.guild.id)
            if server and server.results_channel_id:
                which = "followed seats only" if server.announce == "followed" else "every seat"
                lines.append(f"Results channel: <#{server.results_channel_id}> ({which}).")
            else:
                lines.append(
                    "No results channel here (a moderator can set one: /election channel)."
                )
        if self.rehearsals.running(ctx.channel.id):
            lines.append("A replay is running in this channel.")
        await send_text(ctx, "\n".join(lines))

    @election.group(
        name="replay",
        description="Rehearse: replay a past night into this channel only (moderators)",
        fallback="start",
        invoke_without_command=True,
    )
    @commands.guild_only()
    @commands.has_permissions(manage_guild=True)
    @app_commands.describe(
        election="e.g. 2019",
        speed="times faster than real time (0: no waiting)",
        seats="stop after this many declarations",
    )
    async def replay(
        self,
        ctx: commands.Context,
        election: str = "2019",
        speed: commands.Range[float, 0, 100000] = 600.0,
        seats: commands.Range[int, 1, 650] = 650,
    ) -> None:
        channel_id = ctx.channel.id
        if self.rehearsals.running(channel_id):
            await send_text(ctx, "A replay is already running in this channel.")
            return
        if self.rehearsals.full():
            await send_text(ctx, "Too many replays are running right now; try again later.")
            return
        kb = self.bot.store.current.kb
        if election not in kb.contests or kb.elections[election].notional:
            await send_text(
                ctx, f"I have no results for an election called '{election[:12]}' to replay."
            )
            return
        await ctx.defer()  # a slash command: starting the night may take a moment
        night, plan = await self.rehearsals.prepare(kb, election, seats)
        await send_text(
            ctx,
            f"Replaying the {kb.elections[election].name} in this channel only ({len(plan.keys)} declarations, {plan.note}). Nothing changes for other servers. A moderator can stop it: /election replay stop.",
        )
        self.rehearsals.begin(night, plan, channel_id, ctx.guild.id, float(speed))

    @replay.command(name="stop", description="Stop the replay running in this channel (moderators)")
    @commands.guild_only()
    @commands.has_permissions(manage_guild=True)
    async def replay_stop(self, ctx: commands.Context) -> None:
        if not self.rehearsals.stop(ctx.channel.id):  # and what it queued
            await send_text(ctx, "No replay is running in this channel.")
            return
        await send_text(ctx, "Replay stopped in this channel.")

    # Follows ------------------------------------------------------------------------------

    def _resolve(self, text: str) -> tuple[str, str, str] | None:
        """(kind, target, label) for a seat, a party or a person named as typed."""
        engine = self.bot.store.engine
        kb = engine.kb
        match = engine.seats.resolve(text, None)
        if match.status == "found":
            key = match.item
            return "seat", key, engine.seats.display.get(key, text)[:100]
        parties = engine.understanding.finder.party_forms.get(fold(text))
        if parties:
            return "party", parties[0], kb.party_label(parties[0])
        wanted = fold(text)
        for person in kb.people.values():
            if wanted in {fold(person.name), *(fold(n) for n in person.other_names)}:
                return "person", person.id, person.name
        return None

    @commands.hybrid_command(
        name="follow", description="Get a seat's, party's or person's results as they declare"
    )
    @app_commands.describe(
        name="a seat, a party or a person", dm="send them to you by direct message"
    )
    async def follow(self, ctx: commands.Context, *, name: str, dm: bool = False) -> None:
        found = self._resolve(name)
        if found is None:
            await send_text(
                ctx,
                f"I couldn't find a seat, party or person called '{name[:60]}'.",
                ephemeral=True,
            )
            return
        kind, target, label = found
        personal = dm or ctx.guild is None
        guild_id = 0 if personal else ctx.guild.id
        channel_id = 0 if personal else ctx.channel.id
        added = await self.database.follow(ctx.author.id, kind, target, label, guild_id, channel_id)
        where = "by direct message" if personal else "in this channel"
        text = (
            f"Following {label} ({kind}): its results will be posted {where}."
            if added
            else f"You already follow {label} {where}."
        )
        await send_text(ctx, text, ephemeral=True)

    @commands.hybrid_command(name="unfollow", description="Stop following a seat, party or person")
    async def unfollow(self, ctx: commands.Context, *, name: str) -> None:
        found = self._resolve(name)
        removed = 0
        if found is not None:
            kind, target, label = found
            removed = await self.database.unfollow(
                ctx.author.id, kind, target, ctx.guild.id if ctx.guild else 0
            )
            removed += (
                await self.database.unfollow(ctx.author.id, kind, target, 0) if ctx.guild else 0
            )
        text = f"No longer following {found[2]}." if removed else f"You don't follow '{name[:60]}'."
        await send_text(ctx, text, ephemeral=True)

    @commands.hybrid_command(name="following", description="What you follow")
    async def following(self, ctx: commands.Context) -> None:
        follows = await self.database.following(ctx.author.id)
        if not follows:
            await send_text(
                ctx,
                "You don't follow anything yet: try /follow South West Norfolk.",
                ephemeral=True,
            )
            return
        lines = [
            f"- {f.label} ({f.kind}), "
            + ("by direct message" if f.channel_id == 0 else f"in <#{f.channel_id}>")
            for f in follows
        ]
        await send_text(ctx, "You follow:\n" + "\n".join(lines), ephemeral=True)


async def setup(bot) -> None:
    await bot.add_cog(Election(bot))
