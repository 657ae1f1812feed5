"""`!targets`, `/targets`, `!swing` (`!whatif`) and `/swing`: projections from an election's results.

Thin: each reads its words into a question for the engine (bot/understand/ask_projection.py).
"""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.commands import command
from bot.exts.common import everywhere, prefix_cooldown, send_answer, slash_cooldown
from bot.exts.permissions import Privilege, requires


class Projection(commands.Cog):
    """Targets and uniform swing: projections, not forecasts."""

    def __init__(self, bot):
        self.bot = bot

    @requires(Privilege.EVERYONE)
    @commands.command(name="targets", usage=command("targets").usage)
    @commands.dynamic_cooldown(prefix_cooldown, commands.BucketType.user)
    async def targets_prefix(self, ctx: commands.Context, *, text: str = "") -> None:
        """A party's target seats: !targets reform in wales."""
        await send_answer(self.bot, self.bot.store.engine.targets(text), ctx=ctx)

    @requires(Privilege.EVERYONE)
    @everywhere()
    @app_commands.command(name="targets", description=command("targets").description)
    @app_commands.describe(
        party="The party whose targets, e.g. Reform UK",
        place="A nation or region, e.g. Scotland (default: the UK)",
        held_by="Only seats held by this party",
        election="Election year (default: the latest)",
    )
    @app_commands.checks.dynamic_cooldown(slash_cooldown)
    async def targets_slash(
        self,
        interaction: discord.Interaction,
        party: str,
        place: str | None = None,
        held_by: str | None = None,
        election: str | None = None,
    ) -> None:
        words = [party]
        words += [f"in {place}"] if place else []
        words += [f"held by {held_by}"] if held_by else []
        words += [election] if election else []
        answer = self.bot.store.engine.targets(" ".join(words))
        await send_answer(self.bot, answer, interaction=interaction)

    @requires(Privilege.EVERYONE)
    @commands.command(
        name="swing", aliases=list(command("swing").aliases), usage=command("swing").usage
    )
    @commands.dynamic_cooldown(prefix_cooldown, commands.BucketType.user)
    async def swing_prefix(self, ctx: commands.Context, *, text: str = "") -> None:
        """Seats on a uniform swing: !swing 3 from labour to conservative; alone, the swingometer."""
        await send_answer(self.bot, self.bot.store.engine.swing(text), ctx=ctx)

    @requires(Privilege.EVERYONE)
    @everywhere()
    @app_commands.command(name="swing", description=command("swing").description[:100])
    @app_commands.describe(
        changes="e.g. '3 from labour to conservative' or 'labour -5 reform +5' (empty: the swingometer)"
    )
    @app_commands.checks.dynamic_cooldown(slash_cooldown)
    async def swing_slash(self, interaction: discord.Interaction, changes: str = "") -> None:
        answer = self.bot.store.engine.swing(changes)
        await send_answer(self.bot, answer, interaction=interaction)


async def setup(bot) -> None:
    await bot.add_cog(Projection(bot))
