"""One handler for every prefix-command error: a friendly line, never a traceback in the channel."""

from __future__ import annotations

import logging

from discord.ext import commands

from bot.exts.common import NO_PINGS, error_message

log = logging.getLogger(__name__)


class Errors(commands.Cog):
    """Central error handler for prefix commands."""

    def __init__(self, bot):
        self.bot = bot

    @commands.Cog.listener()
    async def on_command_error(self, ctx: commands.Context, error: commands.CommandError) -> None:
        if (
            isinstance(error, commands.CommandNotFound)
            and ctx.prefix != self.bot.settings.command_prefix
        ):
            return  # '@bot who won Hendon?': the question listener answers it
        message = error_message(error, self.bot.settings.command_prefix)
        if message is None:
            log.error("command %s failed", ctx.command, exc_info=getattr(error, "original", error))
            message = "Something went wrong on my side; it has been logged. Please try again."
        await ctx.send(message, allowed_mentions=NO_PINGS)


async def setup(bot) -> None:
    await bot.add_cog(Errors(bot))
