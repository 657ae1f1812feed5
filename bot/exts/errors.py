"""One handler for every prefix-command error: a friendly line, never a traceback in the channel;
unknown commands are left alone (they may belong to another bot sharing the prefix)."""

from __future__ import annotations

import logging

from discord.ext import commands

from bot.exts.common import error_message, send_text

log = logging.getLogger(__name__)


class Errors(commands.Cog):
    """Central error handler for prefix commands."""

    def __init__(self, bot):
        self.bot = bot

    @commands.Cog.listener()
    async def on_command_error(self, ctx: commands.Context, error: commands.CommandError) -> None:
        if isinstance(error, commands.CommandNotFound):
            # Servers run several bots that share '!': another bot's command is not ours to
            # answer. ('@bot who won Hendon?' is answered by the question listener.)
            return
        message = error_message(error, self.bot.prefix_for(ctx.guild))
        if message is None:
            log.error("command %s failed", ctx.command, exc_info=getattr(error, "original", error))
            message = "Something went wrong on my side; it has been logged. Please try again."
        await send_text(ctx, message, ephemeral=ctx.interaction is not None)


async def setup(bot) -> None:
    await bot.add_cog(Errors(bot))
