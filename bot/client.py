"""The Discord bot: owns the knowledge store, the database and the announcer (made before the cogs
load), loads the cogs, and handles slash-command errors."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
from dataclasses import replace
from pathlib import Path

import aiohttp
import discord
from discord import app_commands
from discord.ext import commands

from bot.db.database import Database
from bot.exts.common import NO_PINGS, error_message, send_text
from bot.exts.delivery import DiscordSender, HubPublisher
from bot.exts.webhooks import WebhookRoute
from bot.health import beat
from bot.kb.build import KnowledgeBaseError
from bot.kb.snapshot import folder_in
from bot.live.announcer import Announcer, owner_of
from bot.live.fanout import LIMITS
from bot.live.hub import Hub
from bot.live.supervise import Backoff, persist
from bot.settings import Settings, SettingsError, load_settings
from bot.store import KnowledgeStore

log = logging.getLogger(__name__)

# The bot never joins voice channels: no warnings about voice libraries it does not need.
discord.VoiceClient.warn_nacl = False
discord.VoiceClient.warn_dave = False

EXTENSIONS = (
    "bot.exts.results",
    "bot.exts.people",
    "bot.exts.maps",
    "bot.exts.ask",
    "bot.exts.projection",
    "bot.exts.admin",
    "bot.exts.election",
    "bot.exts.follows",
    "bot.exts.server",  # per-server settings: fills the caches below from the database
    "bot.exts.errors",
)


class AnswerTree(app_commands.CommandTree):
    """A command tree whose errors are answered ephemerally (or by follow-up if already answered)."""

    async def on_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        message = error_message(error)
        if message is None:
            log.error("slash command failed", exc_info=getattr(error, "original", error))
            message = "Something went wrong on my side; it has been logged. Please try again."
        await send_text(interaction, message, ephemeral=True)


def server_prefixes(bot: ReturningOfficer, message: discord.Message) -> list[str]:
    """The bot's `command_prefix`: a mention, or this server's own prefix (from memory, no query)."""
    return commands.when_mentioned_or(bot.prefix_for(message.guild))(bot, message)


def intents_for(settings: Settings) -> discord.Intents:
    """Default intents, plus message text unless MESSAGE_CONTENT=false."""
    intents = discord.Intents.default()
    intents.message_content = settings.message_content
    return intents


RATELIMIT_WAIT = 60.0  # seconds discord.py may wait out a 429; a longer one is raised


class ReturningOfficer(commands.Bot):
    """The bot; every cog reaches the knowledge base through `bot.store`, the database through
    `bot.database` and announcing through `bot.announcer`."""

    def __init__(
        self,
        settings: Settings,
        store: KnowledgeStore,
        intents: discord.Intents | None = None,
        database: Database | None = None,
        **options,
    ):
        # A 429 asking for a longer wait raises discord.RateLimited instead of holding the
        # caller (the hub's publishing limit answers in minutes): see bot/live/hub.py.
        options.setdefault("max_ratelimit_timeout", RATELIMIT_WAIT)
        super().__init__(
            command_prefix=server_prefixes,
            intents=intents or intents_for(settings),
            allowed_mentions=NO_PINGS,
            help_command=None,
            tree_cls=AnswerTree,
            **options,
        )
        self.settings = settings
        self.store = store
        self.application_owners: frozenset[int] | None = None  # fetched once, when first needed
        # Made before the cogs load (setup_hook), closed with the bot: cogs only use them.
        self.database: Database | None = database
        self.announcer: Announcer | None = None
        # Per-server choices (servers table), kept in memory: read for every message, written
        # by the server's moderators (bot.exts.server). A server's messages and commands all
        # reach the one process running its shard, so each process's copy stays current.
        self.prefixes: dict[int, str] = {}
        self.plain_questions: dict[int, bool] = {}

    def prefix_for(self, guild: discord.abc.Snowflake | None) -> str:
        """The command prefix in this server (COMMAND_PREFIX unless its moderators chose one)."""
        if guild is None:
            return self.settings.command_prefix
        return self.prefixes.get(guild.id, self.settings.command_prefix)

    def plain_questions_in(self, guild: discord.abc.Snowflake | None) -> bool:
        """Answer bare questions here? The server's choice, else PLAIN_QUESTIONS."""
        if guild is None:
            return self.settings.plain_questions
        return self.plain_questions.get(guild.id, self.settings.plain_questions)

    async def is_owner(self, user: discord.abc.User, /) -> bool:
        """OWNER_IDS, and the application's owner (or its team's admins and developers)."""
        if user.id in self.settings.owner_ids:
            return True
        if self.application_owners is None:
            try:
                app = await self.application_info()
            except discord.HTTPException:
                log.warning("could not fetch the application's owner; only OWNER_IDS are owners")
                return False
            if app.team:
                roles = (discord.TeamMemberRole.admin, discord.TeamMemberRole.developer)
                owners = {m.id for m in app.team.members if m.role in roles}
            else:
                owners = {app.owner.id}
            self.application_owners = frozenset(owners)
        return user.id in self.application_owners

    async def open_announcing(self) -> None:
        """The database (migrated) and the announcer, with its worker running."""
        settings = self.settings
        if self.database is None:  # a database still starting up is waited for, not fatal
            url = settings.database()
            self.database = await persist(
                lambda: Database.open(url), "opening the database", Backoff(first=1, cap=30)
            )
        if self.announcer is None:
            self.announcer = Announcer(
                self.database,
                DiscordSender(self, webhooks=WebhookRoute(self)),
                owner_of(settings.shard_ids, settings.shard_count or 1),
                name=f"shards:{','.join(map(str, settings.shard_ids)) or 'all'}",
                report=self.report,
                limits=replace(
                    LIMITS,
                    dm_per_hour=settings.dms_per_hour,
                    dm_window=settings.dm_gather_seconds,
                ),
            )
        if settings.hub_channel_id and self.announcer.hub is None:
            self.announcer.hub = Hub(
                settings.hub_channel_id,
                HubPublisher(self, settings.hub_channel_id),
                asyncio.get_running_loop().time,
            )
        self.announcer.start()

    async def close_announcing(self) -> None:
        if self.announcer is not None:
            await self.announcer.stop()
        if self.database is not None:
            await self.database.close()

    async def report(self, text: str) -> None:
        """Problems for the owners: the log always (by the caller), and LOG_CHANNEL_ID when set."""
        channel_id = self.settings.log_channel_id
        if channel_id:
            channel = self.get_channel(channel_id)
            if channel is not None:
                await channel.send(text[:2000], allowed_mentions=NO_PINGS)

    async def setup_hook(self) -> None:
        self.heartbeat = asyncio.create_task(beat(self), name="heartbeat")  # the HEALTHCHECK's
        await self.open_announcing()
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        if not self.intents.message_content:
            log.warning(
                "the Message Content intent is off (MESSAGE_CONTENT=false): slash commands, "
                "@-mentions and direct messages work; '%s' commands and plain questions in "
                "channels are not seen",
                self.settings.command_prefix,
            )
        if self.settings.test_guild_id:
            guild = discord.Object(id=self.settings.test_guild_id)
            self.tree.copy_global_to(guild=guild)
            await self.tree.sync(guild=guild)
            log.info("slash commands synced to test guild %s", self.settings.test_guild_id)

    async def on_ready(self) -> None:
        log.info("connected as %s to %d server(s)", self.user, len(self.guilds))

    async def close(self) -> None:
        """Leave Discord (the cogs unload), stop announcing (what is queued stays claimed, for the
        next start to send), close the database and whatever the store holds open."""
        log.info("closing")
        await super().close()
        await self.close_announcing()
        closer = getattr(self.store, "close", None)
        if closer is not None:
            await closer()


class ShardedReturningOfficer(ReturningOfficer, commands.AutoShardedBot):
    """The same bot run as some of SHARD_COUNT shards: several processes share one PostgreSQL,
    and each announces only to the servers on its own shards (bot.live.announcer.owner_of)."""


def make_bot(settings: Settings, store: KnowledgeStore) -> ReturningOfficer:
    """ReturningOfficer, or with SHARD_COUNT set, an AutoShardedBot running SHARD_IDS."""
    if not settings.shard_count:
        return ReturningOfficer(settings, store)
    if settings.shard_count > 1 and settings.database().startswith("sqlite"):
        log.warning(
            "SHARD_COUNT=%d with SQLite: processes on one machine can share the file, but use "
            "PostgreSQL (DATABASE_URL) for processes on several machines",
            settings.shard_count,
        )
    return ShardedReturningOfficer(
        settings, store, shard_count=settings.shard_count, shard_ids=settings.shard_ids or None
    )


def stop_on_signals(bot: commands.Bot, loop: asyncio.AbstractEventLoop) -> None:
    """SIGTERM (docker stop) and SIGINT (Ctrl-C) close the bot cleanly, even as PID 1."""
    for signum in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError):  # Windows; not main thread
            loop.add_signal_handler(signum, lambda sig=signum: _close_for(bot, sig))


_closing: set[asyncio.Task] = set()  # a reference, so the closing task is not collected


def _close_for(bot: commands.Bot, signum: int) -> None:
    log.info("received %s: closing", signal.Signals(signum).name)
    task = asyncio.get_running_loop().create_task(bot.close())
    _closing.add(task)
    task.add_done_callback(_closing.discard)


async def serve(bot: commands.Bot, token: str) -> None:
    """Connect and run until closed (by a signal, or by Discord)."""
    stop_on_signals(bot, asyncio.get_running_loop())
    async with bot:
        await bot.start(token)


def run_bot(paths: list[Path] | None) -> int:
    """`python -m bot run`: one clear line for any start-up problem, never a traceback."""
    try:
        settings = load_settings()
        token = settings.token()
    except SettingsError as error:
        print(f"Cannot start: {error}", file=sys.stderr)
        return 2
    logging.basicConfig(
        level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    try:
        store = KnowledgeStore.load(
            paths or settings.knowledge_paths,
            settings.command_prefix,
            folder_in(settings.data_dir),  # a restart with unchanged files loads the snapshot
        )
    except KnowledgeBaseError as error:
        print("Cannot start: the knowledge base did not load:", file=sys.stderr)
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    bot = make_bot(settings, store)
    try:
        asyncio.run(serve(bot, token))
    except discord.LoginFailure:
        print(
            "Cannot start: Discord rejected DISCORD_TOKEN; reset it in the developer portal and try again.",
            file=sys.stderr,
        )
        return 2
    except discord.PrivilegedIntentsRequired:
        print(
            "Cannot start: enable the Message Content intent on the Bot page of the developer "
            "portal, or set MESSAGE_CONTENT=false to run without it (slash commands and mentions).",
            file=sys.stderr,
        )
        return 2
    except (OSError, aiohttp.ClientError, discord.GatewayNotFound) as error:
        print(
            f"Cannot start: could not reach Discord ({error.__class__.__name__}: {error}).",
            file=sys.stderr,
        )
        return 3
    except KeyboardInterrupt:
        pass
    return 0
