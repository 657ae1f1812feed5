"""`/election channel|status|replay [stop]`, `/follow`, `/unfollow`, `/following` (and `!` equivalents).

Thin: the database (bot/db) keeps the choices, bot/live announces. Opening the database and the
announcer belongs to this cog's load, closing them to its unload.
"""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import logging
from dataclasses import replace
from pathlib import Path

import discord
from discord import app_commands
from discord.ext import commands

from bot.db.database import Database
from bot.exts.common import NO_PINGS, send_text
from bot.live.announcer import Announcer, Post, Undeliverable, declaration_post, owner_of
from bot.live.cli import start
from bot.live.count import live_apply
from bot.live.feeds import FolderFeed, UrlFeed, feed_file_name
from bot.live.replay import play
from bot.text import fold

log = logging.getLogger(__name__)
MAX_REHEARSALS = 5  # replays running at once across every server


def log_failure(task: asyncio.Task) -> None:
    """A replay that failed says so in the log (a stopped one is not a failure)."""
    if not task.cancelled() and task.exception() is not None:
        log.error("%s failed", task.get_name(), exc_info=task.exception())


def replay_marker(name: str) -> str:
    """The pseudo-destination under which replay mode records what this process has played."""
    marker = f"replay:{name}"
    if len(marker) > 40:  # the record's column
        marker = "replay:" + hashlib.sha1(name.encode()).hexdigest()[:20]
    return marker


def post_embed(post: Post) -> discord.Embed:
    colour = int(post.colour[1:], 16) if post.colour else None
    return discord.Embed(
        title=post.title[:256], description="\n".join(post.lines)[:4000], colour=colour
    )


class Election(commands.Cog):
    """Election night: where results are announced, who follows what."""

    def __init__(self, bot):
        self.bot = bot
        self.database: Database | None = None
        self.announcer: Announcer | None = None
        self.rehearsals: dict[int, asyncio.Task] = {}  # channel id: the replay running there
        self.rehearsal_names: dict[int, str] = {}
        self.rehearsal_numbers = itertools.count(1)
        self.whole_replay: asyncio.Task | None = None
        self.feeds: list[asyncio.Task] = []

    async def cog_load(self) -> None:
        settings = self.bot.settings
        self.database = await Database.open(settings.database())
        self.announcer = Announcer(
            self.database,
            self.deliver,
            owner_of(settings.shard_ids, settings.shard_count or 1),
            name=f"shards:{','.join(map(str, settings.shard_ids)) or 'all'}",
            report=self.report,
        )
        self.announcer.start()
        self.bot.database, self.bot.announcer = self.database, self.announcer
        self.feeds = self._start_feeds(settings)

    def _start_feeds(self, settings) -> list[asyncio.Task]:
        """RESULTS_FOLDER and RESULTS_URL: validated like /kb reload, then counted and announced."""
        tasks = []
        store = self.bot.store
        if settings.results_folder:
            folder = Path(settings.results_folder)
            feed = FolderFeed(
                folder,
                live_apply(store, folder, self.report, self.announcer),
                settle=settings.results_settle_seconds,
            )
            tasks.append(asyncio.create_task(feed.run(), name="results-folder"))
        if settings.results_url:
            folder = Path(settings.data_dir) / "feed"
            feed = UrlFeed(
                settings.results_url,
                folder / feed_file_name(settings.results_url),
                live_apply(store, folder, self.report, self.announcer),
                settings.results_poll_seconds,
                report=self.report,
            )
            tasks.append(asyncio.create_task(feed.run(), name="results-url"))
        return tasks

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        self.start_whole_replay()

    def start_whole_replay(self) -> None:
        """REPLAY_ELECTION (owners only, a setting): the whole bot replays a night, once."""
        election = self.bot.settings.replay_election
        if election and self.whole_replay is None:
            self.whole_replay = asyncio.create_task(
                self.replay_everywhere(election), name=f"replay-{election}"
            )
            self.whole_replay.add_done_callback(log_failure)

    async def replay_everywhere(self, election: str) -> None:
        """Play a past night as if live: every server's results channel, answers 'so far'.

        Each declaration played is marked in the announcements record (under this process's
        name, after it was announced). After a restart the marked ones are applied at once,
        without waiting, and the night goes on at REPLAY_SPEED from the first unmarked one; the
        record's claims stop anything being posted twice.
        """
        store = self.bot.store
        kb = store.current.kb
        night, plan = await asyncio.to_thread(start, kb, election, store.engine.prefix)
        marker = replay_marker(self.announcer.name)
        done = {
            item.removeprefix("seat:")
            for item in await self.database.items_sent_to(election, marker)
        }
        resume = max((n + 1 for n, key in enumerate(plan.keys) if key in done), default=0)
        if resume:
            for key in plan.keys[:resume]:
                declaration = night.declare(key)
                if key not in done:  # stopped between announcing it and marking it
                    await self.announcer.announce(night.base, declaration)
                    await self._mark(election, key, marker)
            view_kb, engine = await asyncio.to_thread(night.view)
            store.serve(view_kb, engine, f"replay of {election}")
            log.info(
                "replay mode: the %s night resumes after %d of %d declarations",
                election,
                resume,
                len(plan.keys),
            )
        else:
            log.info("replay mode: the %s night, %s", election, plan.note)

        async def emit(declaration) -> None:
            view_kb, engine = await asyncio.to_thread(night.view)
            store.serve(view_kb, engine, f"replay of {election}")
            await self.announcer.announce(night.base, declaration)
            await self._mark(election, declaration.key, marker)

        rest = type(plan)(plan.election, plan.keys[resume:], plan.timed, plan.note)
        await play(night, rest, self.bot.settings.replay_speed, emit)
        log.info("replay mode: the %s night is over", election)

    async def _mark(self, election: str, key: str, marker: str) -> None:
        """Record that replay mode has played this declaration (not a post: nothing is sent)."""
        if await self.database.claim(election, f"seat:{key}", marker, 0, self.announcer.name):
            await self.database.settle(election, f"seat:{key}", marker, "replayed")

    async def cog_unload(self) -> None:
        for task in self.feeds:
            task.cancel()
        if self.whole_replay is not None:
            self.whole_replay.cancel()
        for task in self.rehearsals.values():
            task.cancel()
        if self.announcer is not None:
            await self.announcer.stop()
        if self.database is not None:
            await self.database.close()

    # Sending ------------------------------------------------------------------------------

    async def deliver(self, post: Post) -> None:
        kind, _, ident = post.destination.partition(":")
        try:
            if kind == "channel":
                target = self.bot.get_channel(int(ident)) or await self.bot.fetch_channel(
                    int(ident)
                )
            else:
                target = self.bot.get_user(int(ident)) or await self.bot.fetch_user(int(ident))
            await target.send(embed=post_embed(post), allowed_mentions=NO_PINGS)
        except (discord.Forbidden, discord.NotFound) as error:
            raise Undeliverable(f"{type(error).__name__}: {error.text or error.status}") from error

    async def report(self, text: str) -> None:
        """Problems for the owners: the log always, and LOG_CHANNEL_ID when set."""
        channel_id = self.bot.settings.log_channel_id
        if channel_id:
            channel = self.bot.get_channel(channel_id)
            if channel is not None:
                await channel.send(text[:2000], allowed_mentions=NO_PINGS)

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
        if self._rehearsing(ctx.channel.id):
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
        if self._rehearsing(channel_id):
            await send_text(ctx, "A replay is already running in this channel.")
            return
        if sum(1 for t in self.rehearsals.values() if not t.done()) >= MAX_REHEARSALS:
            await send_text(ctx, "Too many replays are running right now; try again later.")
            return
        kb = self.bot.store.current.kb
        if election not in kb.contests or kb.elections[election].notional:
            await send_text(
                ctx, f"I have no results for an election called '{election[:12]}' to replay."
            )
            return
        await ctx.defer()  # a slash command: starting the night may take a moment
        night, plan = await asyncio.to_thread(start, kb, election)
        keys = plan.keys[:seats]
        await send_text(
            ctx,
            f"Replaying the {kb.elections[election].name} in this channel only ({len(keys)} declarations, {plan.note}). Nothing changes for other servers. A moderator can stop it: /election replay stop.",
        )
        destination, guild_id = f"channel:{channel_id}", ctx.guild.id
        name = f"{destination}:{next(self.rehearsal_numbers)}"

        async def emit(declaration) -> None:
            # Through the announcer's queue, in turn with real announcements, but not recorded.
            post = declaration_post(night.base, declaration, destination, guild_id)
            await self.announcer.rehearse(replace(post, rehearsal=name))
            for milestone in declaration.milestones:
                await self.announcer.rehearse(
                    Post(
                        election=election,
                        item=f"milestone:{milestone.kind}:{milestone.party or ''}",
                        destination=destination,
                        guild_id=guild_id,
                        title=milestone.text,
                        lines=(),
                        rehearsal=name,
                    )
                )

        plan = type(plan)(plan.election, keys, plan.timed, plan.note)
        task = asyncio.create_task(play(night, plan, float(speed), emit), name=name)
        task.add_done_callback(log_failure)
        self.rehearsals[channel_id] = task
        self.rehearsal_names[channel_id] = name

    @replay.command(name="stop", description="Stop the replay running in this channel (moderators)")
    @commands.guild_only()
    @commands.has_permissions(manage_guild=True)
    async def replay_stop(self, ctx: commands.Context) -> None:
        channel_id = ctx.channel.id
        if not self._rehearsing(channel_id):
            await send_text(ctx, "No replay is running in this channel.")
            return
        self.rehearsals[channel_id].cancel()
        self.announcer.stop_rehearsal(self.rehearsal_names[channel_id])  # and what it queued
        await send_text(ctx, "Replay stopped in this channel.")

    def _rehearsing(self, channel_id: int) -> bool:
        task = self.rehearsals.get(channel_id)
        return task is not None and not task.done()

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
