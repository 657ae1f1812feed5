"""`/election channel|status|replay [stop]|exitpoll` (and `!` equivalents); follows are
bot.exts.follows.

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

from bot.db.tables import Server
from bot.exts.common import send_text
from bot.exts.exitpoll import exit_poll_command
from bot.exts.permissions import Privilege, requires
from bot.exts.results_channel import (
    MODE_TEXT,
    follow_hub,
    hub_suggestion,
    make_webhook,
    parse_follow,
    parse_mode,
    webhook_line,
)
from bot.live.announcer import destination_mode
from bot.live.capacity import advice, server_mode
from bot.live.count import live_apply
from bot.live.fanout import MODES
from bot.live.feeds import FolderFeed, UrlFeed, feed_file_name
from bot.live.rehearsal import Rehearsals, log_failure
from bot.live.replay_mode import WholeReplay
from bot.text import quote

log = logging.getLogger(__name__)


POSTING = ("view_channel", "send_messages", "embed_links")  # what an announcement needs


def channel_problem(
    channel: discord.abc.GuildChannel, moderator: discord.Member, me: discord.Member
) -> str | None:
    """Why results cannot go to this channel: the moderator or the bot cannot post there."""
    theirs = channel.permissions_for(moderator)
    if not (theirs.view_channel and theirs.send_messages):
        return f"You can't post in {channel.mention} yourself, so I won't announce there for you."
    mine = channel.permissions_for(me)
    missing = [name for name in POSTING if not getattr(mine, name)]
    if missing:
        named = ", ".join(name.replace("_", " ").title() for name in missing)
        return (
            f"I can't post in {channel.mention}: give me {named} there, then set it again. "
            "Nothing was changed."
        )
    return None


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
            feed = FolderFeed(
                folder,
                live_apply(store, folder, report, self.announcer),
                settle=settings.results_settle_seconds,
            )
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

    @requires(Privilege.EVERYONE)
    @commands.hybrid_group(
        name="election", description="Election night: results channel, status, replay"
    )
    @app_commands.default_permissions(manage_guild=True)  # a hint; the checks below enforce
    @app_commands.guild_only()
    async def election(self, ctx: commands.Context) -> None:
        if ctx.invoked_subcommand is None:
            await self.status.callback(self, ctx)

    @requires(Privilege.MODERATOR)
    @election.command(
        name="channel", description="Post every declaration in this channel (moderators)"
    )
    @commands.guild_only()
    @app_commands.describe(
        channel="where results go (empty: stop announcing)",
        mode="every declaration, a digest every few minutes, milestones only, or followed seats",
        only_followed="only seats, parties or people someone here follows",
        follow="hub: this channel follows the bot's hub announcement channel",
    )
    @app_commands.choices(
        mode=[app_commands.Choice(name=m, value=m) for m in MODES],
        follow=[app_commands.Choice(name="hub", value="hub")],
    )
    async def channel(
        self,
        ctx: commands.Context,
        channel: discord.TextChannel | None = None,
        mode: str | None = None,
        follow: str | None = None,
        only_followed: bool = False,
    ) -> None:
        try:
            chosen, follows_hub = parse_mode(mode), parse_follow(follow)
        except ValueError as error:
            await send_text(
                ctx,
                f"'{quote(str(error), 20)}' is not a mode I know: choose every, digest, "
                "milestones or followed (and follow:hub to follow the hub channel).",
                ephemeral=True,
            )
            return
        if channel is not None:
            problem = channel_problem(channel, ctx.author, ctx.guild.me)
            if problem is not None:
                await send_text(ctx, problem, ephemeral=True)
                return
        if channel is None:
            await self.database.update_server(ctx.guild.id, results_channel_id=None)
            await send_text(ctx, "Results will no longer be announced in this server.")
            return
        server = await self.database.server(ctx.guild.id)
        announcing = server is not None and bool(server.results_channel_id)
        if chosen is None and only_followed:
            chosen = "followed"
        if chosen is None and announcing and server.announce:
            chosen = destination_mode(server.announce)
        outcome = None
        hub_set = bool(self.bot.settings.hub_channel_id)
        if chosen is None or hub_set:  # the model: a new server's mode, or the hub's advice
            if hub_set:
                await ctx.defer()  # a slash command: the model may take seconds the first time
            outcome = await self._advice(extra=0 if announcing else 1)
        if chosen is None:  # a new server: whatever the model says stays on time at our size
            chosen = server_mode(outcome)
        values = {"results_channel_id": channel.id, "announce": chosen}
        notes = []
        if (
            server is not None
            and server.webhook == "on"
            and server.results_channel_id == channel.id
        ):
            hook = (server.webhook_id, server.webhook_token)  # already there: not another
        else:
            hook = await make_webhook(channel)
        if hook is not None:
            values.update(webhook_id=hook[0], webhook_token=hook[1], webhook="on")
        else:
            values.update(webhook_id=None, webhook_token=None)
            if server is None or server.webhook == "":  # asked once; /election status explains
                values["webhook"] = "asked"
                notes.append(webhook_line(Server(webhook="asked")))
            elif server.webhook == "on":
                values["webhook"] = "asked"
        if follows_hub:
            values["follows_hub"], line = await follow_hub(self.bot, channel)
            notes.append(line)
        elif follows_hub is False:
            values["follows_hub"] = False
        following = values.get("follows_hub", server is not None and server.follows_hub)
        suggestion = hub_suggestion(self.bot, outcome, following, channel.name)
        if suggestion and follows_hub is None:  # asked for or refused: that line says it all
            notes.append(suggestion)
        await self.database.update_server(ctx.guild.id, **values)
        route = getattr(getattr(self.announcer, "send", None), "webhooks", None)
        if route is not None:
            route.forget(channel.id)
        how = " through its webhook" if hook is not None else ""
        await send_text(
            ctx,
            "\n".join(
                [
                    f"Results channel set: {MODE_TEXT[chosen]} will be posted in "
                    f"{channel.mention}{how}, once each, in order.",
                    *notes,
                ]
            ),
        )

    async def _advice(self, extra: int = 0):
        """What the capacity model recommends at the bot's size (its results channels, and
        `extra` more), in a thread: the first run at a size takes a few seconds."""
        count = len(await self.database.servers_announcing()) + extra
        return await asyncio.to_thread(advice, self.bot.store.current.kb, max(count, 1))

    @requires(Privilege.EVERYONE)
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
                which = MODE_TEXT[destination_mode(server.announce)]
                lines.append(f"Results channel: <#{server.results_channel_id}> ({which}).")
                lines.append(webhook_line(server))
                if server.follows_hub:
                    lines.append("It follows the hub channel: milestones and hourly summaries.")
                elif self.bot.settings.hub_channel_id:  # the only case a suggestion can show
                    await ctx.defer()
                    shown = ctx.guild.get_channel(server.results_channel_id)
                    name = shown.name if shown is not None else "results"
                    suggestion = hub_suggestion(self.bot, await self._advice(), False, name)
                    if suggestion:
                        lines.append(suggestion)
            else:
                lines.append(
                    "No results channel here (a moderator can set one: /election channel)."
                )
            polls = await self.database.exit_polls(ctx.guild.id)
            if polls:  # issue 21: what this server's !national compares with
                lines.append(f"This server's exit poll: {', '.join(sorted(polls))}.")
        if self.rehearsals.running(ctx.channel.id):
            lines.append("A replay is running in this channel.")
        await send_text(ctx, "\n".join(lines))

    @requires(Privilege.MODERATOR)
    @election.group(
        name="replay",
        description="Rehearse: replay a past night into this channel only (moderators)",
        fallback="start",
        invoke_without_command=True,
    )
    @commands.guild_only()
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
                ctx, f"I have no results for an election called '{quote(election, 12)}' to replay."
            )
            return
        await ctx.defer()  # a slash command: starting the night may take a moment
        night, plan = await self.rehearsals.prepare(kb, election, seats)
        await send_text(
            ctx,
            f"Replaying the {kb.elections[election].name} in this channel only ({len(plan.keys)} declarations, {plan.note}). Nothing changes for other servers. A moderator can stop it: /election replay stop.",
        )
        self.rehearsals.begin(night, plan, channel_id, ctx.guild.id, float(speed))

    @requires(Privilege.MODERATOR)
    @replay.command(name="stop", description="Stop the replay running in this channel (moderators)")
    @commands.guild_only()
    async def replay_stop(self, ctx: commands.Context) -> None:
        if not self.rehearsals.stop(ctx.channel.id):  # and what it queued
            await send_text(ctx, "No replay is running in this channel.")
            return
        await send_text(ctx, "Replay stopped in this channel.")

    @requires(Privilege.MODERATOR)
    @election.command(
        name="exitpoll",
        description="Enter the exit poll for this server: Lab 410 Con 131 ... (moderators)",
    )
    @commands.guild_only()
    @app_commands.describe(
        seats="e.g. Lab 410 Con 131 LD 61 Reform 13 SNP 10 PC 4 Green 2 Others 19 "
        "(a year first for another election; 'clear' removes it; empty shows it)"
    )
    async def exitpoll(self, ctx: commands.Context, *, seats: str = "") -> None:
        kb = self.bot.store.current.kb
        await send_text(
            ctx, await exit_poll_command(kb, self.database, ctx.guild.id, ctx.author.id, seats)
        )


async def setup(bot) -> None:
    await bot.add_cog(Election(bot))
