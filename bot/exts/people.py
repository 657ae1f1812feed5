"""`!candidate` and `/candidate`: a person's record and biography."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.commands import command
from bot.exts.common import everywhere, prefix_cooldown, send_answer, slash_cooldown
from bot.exts.permissions import Privilege, requires


class People(commands.Cog):
    """Candidates: every election they stood in, and curated biographies."""

    def __init__(self, bot):
        self.bot = bot

    @requires(Privilege.EVERYONE)
    @commands.command(
        name="candidate",
        aliases=list(command("candidate").aliases),
        usage=command("candidate").usage,
    )
    @commands.dynamic_cooldown(prefix_cooldown, commands.BucketType.user)
    async def candidate_prefix(self, ctx: commands.Context, *, name: str = "") -> None:
        """A candidate's record: !candidate Liz Truss."""
        await send_answer(self.bot, self.bot.store.engine.candidate(name), ctx=ctx)

    @requires(Privilege.EVERYONE)
    @everywhere()
    @app_commands.command(name="candidate", description=command("candidate").description)
    @app_commands.describe(name="Candidate name", election="Only this election (optional)")
    @app_commands.checks.dynamic_cooldown(slash_cooldown)
    async def candidate_slash(
        self, interaction: discord.Interaction, name: str, election: str | None = None
    ) -> None:
        text = f"{name} {election}" if election else name
        await send_answer(self.bot, self.bot.store.engine.candidate(text), interaction=interaction)

    @candidate_slash.autocomplete("name")
    async def name_autocomplete(self, interaction: discord.Interaction, current: str):
        pairs = self.bot.store.engine.suggest("person", current)
        return [app_commands.Choice(name=label, value=value) for label, value in pairs]

    @candidate_slash.autocomplete("election")
    async def election_autocomplete(self, interaction: discord.Interaction, current: str):
        pairs = self.bot.store.engine.suggest("election", current)
        return [app_commands.Choice(name=label, value=value) for label, value in pairs]


async def setup(bot) -> None:
    await bot.add_cog(People(bot))
