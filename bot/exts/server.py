"""`/settings show|prefix|plain-questions` (and `!settings ...`): one server's own choices.

A server's moderators (Manage Server) may give the bot another command prefix there, and turn
plain questions (a message that is only a question) on or off. The choices live in the database
(the servers table) and in memory on the bot (`bot.prefixes`, `bot.plain_questions`), so no
message ever waits for a query. The database is the bot's, opened before the cogs load.
"""

from __future__ import annotations

import logging
from typing import Literal

from discord import app_commands
from discord.ext import commands

from bot.exts.common import send_text
from bot.exts.permissions import Privilege, requires
from bot.text import quote

log = logging.getLogger(__name__)
FORBIDDEN = set("@#<>*_~|`\\:/\"'")  # mentions, channels, emoji, markdown, slash commands, quotes


def prefix_problem(prefix: str) -> str | None:
    """Why this prefix cannot be used; None when it can."""
    if not 1 <= len(prefix) <= 5:
        return "A prefix is 1 to 5 characters long, such as `?` or `ro!`."
    if any(c.isspace() or not c.isprintable() for c in prefix):
        return "A prefix cannot contain spaces or invisible characters."
    bad = sorted({c for c in prefix if c in FORBIDDEN})
    if bad:
        shown = quote(" ".join(bad))
        return f"A prefix cannot contain these characters (mentions or formatting): {shown}"
    return None


class ServerSettings(commands.Cog, name="Server settings"):
    """A server's own prefix and plain-question choice, for its moderators."""

    def __init__(self, bot):
        self.bot = bot

    async def cog_load(self) -> None:
        database = self.bot.database
        if database is None:
            log.warning("no database: every server uses the default prefix and plain questions")
            return
        for server in await database.servers_with_choices():
            if server.prefix:
                self.bot.prefixes[server.guild_id] = server.prefix
            if server.plain_questions is not None:
                self.bot.plain_questions[server.guild_id] = server.plain_questions

    def _describe(self, ctx: commands.Context) -> str:
        prefix = self.bot.prefix_for(ctx.guild)
        default = self.bot.settings.command_prefix
        plain = self.bot.plain_questions_in(ctx.guild)
        chosen = ctx.guild is not None and ctx.guild.id in self.bot.plain_questions
        return "\n".join(
            [
                f"Command prefix here: `{prefix}`"
                + (" (the default)." if prefix == default else f" (the default is `{default}`)."),
                "Plain questions (a message that is only a question, such as 'who won Hendon?'): "
                + ("answered" if plain else "not answered")
                + (" (this server's choice)." if chosen else " (the default)."),
                "@-mentions and slash commands always work.",
            ]
        )

    @requires(Privilege.EVERYONE)
    @commands.hybrid_group(
        name="settings", description="This server's prefix and plain questions (moderators)"
    )
    @app_commands.default_permissions(manage_guild=True)  # a hint; the checks below enforce
    @app_commands.guild_only()
    @commands.guild_only()
    async def settings(self, ctx: commands.Context) -> None:
        if ctx.invoked_subcommand is None:
            await send_text(ctx, self._describe(ctx), ephemeral=True)

    @requires(Privilege.EVERYONE)
    @settings.command(name="show", description="This server's prefix and plain questions")
    @commands.guild_only()
    async def show(self, ctx: commands.Context) -> None:
        await send_text(ctx, self._describe(ctx), ephemeral=True)

    @requires(Privilege.MODERATOR)
    @settings.command(
        name="prefix", description="The command prefix in this server (empty: the default)"
    )
    @commands.guild_only()
    @app_commands.describe(prefix="1 to 5 characters, such as ? or ro! (empty: back to default)")
    async def prefix(self, ctx: commands.Context, prefix: str | None = None) -> None:
        default = self.bot.settings.command_prefix
        if prefix is None or prefix == default:
            await self.bot.database.update_server(ctx.guild.id, prefix=None)
            self.bot.prefixes.pop(ctx.guild.id, None)
            await send_text(ctx, f"Command prefix here: `{default}`, the default.")
            return
        problem = prefix_problem(prefix)
        if problem is not None:
            await send_text(ctx, problem, ephemeral=True)
            return
        await self.bot.database.update_server(ctx.guild.id, prefix=prefix)
        self.bot.prefixes[ctx.guild.id] = prefix
        await send_text(
            ctx,
            f"Command prefix here: `{prefix}` (for example `{prefix}result Hendon`). "
            f"`{default}` no longer works in this server; @-mentions and slash commands still do.",
        )

    @requires(Privilege.MODERATOR)
    @settings.command(
        name="plain-questions",
        description="Answer messages that are only a question, such as 'who won Hendon?'",
    )
    @commands.guild_only()
    @app_commands.describe(choice="on, off, or default (the bot's own setting)")
    async def plain_questions(
        self, ctx: commands.Context, choice: Literal["on", "off", "default"]
    ) -> None:
        value = None if choice == "default" else choice == "on"
        await self.bot.database.update_server(ctx.guild.id, plain_questions=value)
        if value is None:
            self.bot.plain_questions.pop(ctx.guild.id, None)
        else:
            self.bot.plain_questions[ctx.guild.id] = value
        answered = self.bot.plain_questions_in(ctx.guild)
        await send_text(
            ctx,
            "Plain questions here: "
            + ("answered" if answered else "not answered")
            + (" (the default)." if value is None else ".")
            + ("" if answered else " Ask with a command, an @-mention or a slash command."),
        )


async def setup(bot) -> None:
    await bot.add_cog(ServerSettings(bot))
