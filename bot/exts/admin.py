"""`/kb reload`, `/kb status` (and `!kb ...`): moderators reload the knowledge base live."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.answer.models import Answer
from bot.exts.common import moderator_only_prefix, moderator_only_slash, send_answer
from bot.kb.report import describe


def reload_answer(result, who: str) -> Answer:
    """What a reload did, for the moderator who asked."""
    if not result.ok:
        problems = [str(p) for p in result.problems[:10]]
        more = len(result.problems) - len(problems)
        return Answer(
            kind="not_found",
            title="Reload rejected: still serving the previous knowledge base",
            lines=("Nothing was changed. Fix these and reload again:",),
            items=tuple(problems + ([f"... and {more} more"] if more > 0 else [])),
        )
    notes = (f"{len(result.warnings)} warning(s); see /kb status.",) if result.warnings else ()
    return Answer(
        kind="fact",
        title="Knowledge base reloaded",
        lines=(
            f"Reloaded by {who} in {result.seconds:.2f} s.",
            "Changes: "
            + ("none" if result.difference.nothing else result.difference.summary())
            + ".",
        ),
        notes=notes,
    )


def status_answer(store) -> Answer:
    snapshot = store.current
    busy = " A reload is in progress." if store.reloading else ""
    return Answer(
        kind="fact",
        title="Knowledge base status",
        lines=(
            f"Loaded {snapshot.loaded_at:%Y-%m-%d %H:%M:%S} UTC by {snapshot.loaded_by}.{busy}",
            "```\n" + describe(snapshot.kb)[:3500] + "\n```",
        ),
    )


class Admin(commands.Cog):
    """Knowledge-base administration for moderators."""

    kb = app_commands.Group(
        name="kb",
        description="Knowledge base administration",
        default_permissions=discord.Permissions(
            manage_guild=True
        ),  # only hides it; the check enforces
        guild_only=True,
    )

    def __init__(self, bot):
        self.bot = bot

    async def _reload(self, user: discord.abc.User) -> Answer:
        who = f"{user} ({user.id})"
        result = await self.bot.store.reload(who)
        return reload_answer(result, str(user))

    @kb.command(name="reload", description="Reload the knowledge base from its files")
    @moderator_only_slash()
    async def reload_slash(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True)
        await send_answer(self.bot, await self._reload(interaction.user), interaction=interaction)

    @kb.command(name="status", description="What is loaded, from where, when and by whom")
    async def status_slash(self, interaction: discord.Interaction) -> None:
        await send_answer(
            self.bot, status_answer(self.bot.store), interaction=interaction, ephemeral=True
        )

    @commands.group(name="kb", invoke_without_command=True)
    async def kb_prefix(self, ctx: commands.Context) -> None:
        """Knowledge base status (moderators: !kb reload)."""
        await send_answer(self.bot, status_answer(self.bot.store), ctx=ctx)

    @kb_prefix.command(name="status")
    async def status_prefix(self, ctx: commands.Context) -> None:
        await send_answer(self.bot, status_answer(self.bot.store), ctx=ctx)

    @kb_prefix.command(name="reload")
    @moderator_only_prefix()
    async def reload_prefix(self, ctx: commands.Context) -> None:
        await send_answer(self.bot, await self._reload(ctx.author), ctx=ctx)


async def setup(bot) -> None:
    await bot.add_cog(Admin(bot))
