"""`!map` and `/map`: the hex map of an election, attached as a chart like every other.

(Its own module: bot.exts.common imports bot.exts.charts, so a cog there could not use the
common decorators.)
"""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.commands import command
from bot.exts.common import everywhere, prefix_cooldown, send_answer, slash_cooldown
from bot.exts.permissions import Privilege, requires


class Maps(commands.Cog):
    """The map: every seat an equal hexagon (a place, a seat, a party's share)."""

    def __init__(self, bot):
        self.bot = bot

    @requires(Privilege.EVERYONE)
    @commands.command(name="map", aliases=list(command("map").aliases), usage=command("map").usage)
    @commands.dynamic_cooldown(prefix_cooldown, commands.BucketType.user)
    async def map_prefix(self, ctx: commands.Context, *, query: str = "") -> None:
        """The map: !map [2019] [Scotland | Hendon | labour share | changed hands]."""
        await send_answer(self.bot, self.bot.store.engine.map(query), ctx=ctx)

    @requires(Privilege.EVERYONE)
    @everywhere()
    @app_commands.command(name="map", description=command("map").description)
    @app_commands.describe(
        election="Election year (default: the latest; maps from 2010)",
        show="A place, a seat, or what to shade: 'Scotland', 'Hendon', 'labour share'",
    )
    @app_commands.checks.dynamic_cooldown(slash_cooldown)
    async def map_slash(
        self, interaction: discord.Interaction, election: str | None = None, show: str | None = None
    ) -> None:
        # Autocomplete only suggests: whatever was submitted is read again by the engine.
        text = " ".join(part for part in (show, election) if part)
        await send_answer(self.bot, self.bot.store.engine.map(text), interaction=interaction)

    @map_slash.autocomplete("election")
    async def map_election_autocomplete(self, interaction: discord.Interaction, current: str):
        pairs = self.bot.store.engine.suggest("election", current)
        return [app_commands.Choice(name=label, value=value) for label, value in pairs]


async def setup(bot) -> None:
    await bot.add_cog(Maps(bot))
