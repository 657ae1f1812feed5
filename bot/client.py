"""The Discord bot: loads the cogs, owns the knowledge store, and handles slash-command errors."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import aiohttp
import discord
from discord import app_commands
from discord.ext import commands

from bot.exts.common import NO_PINGS, error_message
from bot.kb.build import KnowledgeBaseError
from bot.kb.store import KnowledgeStore
from bot.settings import Settings, SettingsError, load_settings

log = logging.getLogger(__name__)

# The bot never joins voice channels: no warnings about voice libraries it does not need.
discord.VoiceClient.warn_nacl = False
discord.VoiceClient.warn_dave = False

EXTENSIONS = (
    "bot.exts.results",
    "bot.exts.people",
    "bot.exts.ask",
    "bot.exts.admin",
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
        if interaction.response.is_done():
            await interaction.followup.send(message, ephemeral=True, allowed_mentions=NO_PINGS)
        else:
            await interaction.response.send_message(
                message, ephemeral=True, allowed_mentions=NO_PINGS
            )


class ReturningOfficer(commands.Bot):
    """The bot; every cog reaches the knowledge base through `bot.store`."""

    def __init__(
        self, settings: Settings, store: KnowledgeStore, intents: discord.Intents | None = None
    ):
        if intents is None:
            intents = discord.Intents.default()
            intents.message_content = True  # prefix commands and plain questions read message text
        super().__init__(
            command_prefix=commands.when_mentioned_or(settings.command_prefix),
            intents=intents,
            allowed_mentions=NO_PINGS,
            help_command=None,
            tree_cls=AnswerTree,
            owner_ids=set(settings.owner_ids) or None,
        )
        self.settings = settings
        self.store = store

    async def setup_hook(self) -> None:
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        if self.settings.test_guild_id:
            guild = discord.Object(id=self.settings.test_guild_id)
            self.tree.copy_global_to(guild=guild)
            await self.tree.sync(guild=guild)
            log.info("slash commands synced to test guild %s", self.settings.test_guild_id)

    async def on_ready(self) -> None:
        log.info("connected as %s to %d server(s)", self.user, len(self.guilds))


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
        store = KnowledgeStore.load(paths or settings.knowledge_paths, settings.command_prefix)
    except KnowledgeBaseError as error:
        print("Cannot start: the knowledge base did not load:", file=sys.stderr)
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    bot = ReturningOfficer(settings, store)
    try:
        bot.run(token, log_handler=None)
    except discord.LoginFailure:
        print(
            "Cannot start: Discord rejected DISCORD_TOKEN; reset it in the developer portal and try again.",
            file=sys.stderr,
        )
        return 2
    except (OSError, aiohttp.ClientError, discord.GatewayNotFound) as error:
        print(
            f"Cannot start: could not reach Discord ({error.__class__.__name__}: {error}).",
            file=sys.stderr,
        )
        return 3
    except discord.PrivilegedIntentsRequired:
        print(
            "Cannot start: enable the Message Content intent on the Bot page of the developer portal.",
            file=sys.stderr,
        )
        return 2
    return 0
