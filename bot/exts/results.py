"""`!result`, `/result`, `!national` and `/national`: result cards and national totals."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.commands import command
from bot.exts.common import everywhere, prefix_cooldown, send_answer, slash_cooldown
from bot.exts.exitpoll import server_exit_polls
from bot.exts.permissions import Privilege, requires


def _choices(pairs: list[tuple[str, str]]) -> list[app_commands.Choice[str]]:
    return [app_commands.Choice(name=label, value=value) for label, value in pairs]


class Results(commands.Cog):
    """Constituency results and national totals."""

    def __init__(self, bot):
        self.bot = bot

    @requires(Privilege.EVERYONE)
    @commands.command(
        name="result", aliases=list(command("result").aliases), usage=command("result").usage
    )
    @commands.dynamic_cooldown(prefix_cooldown, commands.BucketType.user)
    async def result_prefix(self, ctx: commands.Context, *, query: str = "") -> None:
        """The full result in one constituency: !result South West Norfolk [2019]."""
        await send_answer(self.bot, self.bot.store.engine.result(query), ctx=ctx)

    @requires(Privilege.EVERYONE)
    @everywhere()
    @app_commands.command(name="result", description=command("result").description)
    @app_commands.describe(
        constituency="Constituency name (any spelling)",
        election="Election year (default: the latest)",
    )
    @app_commands.checks.dynamic_cooldown(slash_cooldown)
    async def result_slash(
        self, interaction: discord.Interaction, constituency: str, election: str | None = None
    ) -> None:
        # Autocomplete only suggests: whatever was submitted is resolved again here.
        text = f"{constituency} {election}" if election else constituency
        await send_answer(self.bot, self.bot.store.engine.result(text), interaction=interaction)

    @result_slash.autocomplete("constituency")
    async def constituency_autocomplete(self, interaction: discord.Interaction, current: str):
        return _choices(self.bot.store.engine.suggest("seat", current))

    @result_slash.autocomplete("election")
    async def result_election_autocomplete(self, interaction: discord.Interaction, current: str):
        return _choices(self.bot.store.engine.suggest("election", current))

    @requires(Privilege.EVERYONE)
    @commands.command(name="national", usage=command("national").usage)
    @commands.dynamic_cooldown(prefix_cooldown, commands.BucketType.user)
    async def national_prefix(self, ctx: commands.Context, *, election: str = "") -> None:
        """Seats, votes and share by party: !national [2019]."""
        polls = await server_exit_polls(self.bot, ctx.guild.id if ctx.guild else None)
        await send_answer(self.bot, self.bot.store.engine.national(election, polls), ctx=ctx)

    @requires(Privilege.EVERYONE)
    @everywhere()
    @app_commands.command(name="national", description=command("national").description)
    @app_commands.describe(election="Election year (default: the latest)")
    @app_commands.checks.dynamic_cooldown(slash_cooldown)
    async def national_slash(
        self, interaction: discord.Interaction, election: str | None = None
    ) -> None:
        polls = await server_exit_polls(self.bot, interaction.guild_id)
        answer = self.bot.store.engine.national(election or "", polls)
        await send_answer(self.bot, answer, interaction=interaction)

    @national_slash.autocomplete("election")
    async def national_election_autocomplete(self, interaction: discord.Interaction, current: str):
        return _choices(self.bot.store.engine.suggest("election", current))


async def setup(bot) -> None:
    await bot.add_cog(Results(bot))
