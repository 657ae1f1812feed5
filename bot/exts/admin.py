"""`/kb reload`, `/kb status` (and `!kb ...`), `!sync`: the bot's owners and its admin server's
moderators look after the knowledge base every server shares."""

from __future__ import annotations

import logging

import discord
from discord import app_commands
from discord.ext import commands

from bot.answer.models import Answer
from bot.exts.common import send_answer, send_text
from bot.exts.permissions import Privilege, requires
from bot.kb.report import describe, without_folders

log = logging.getLogger(__name__)
STATUS_COOLDOWN = (1, 30.0)  # one status per person every 30 s: describing the base is not free


def reload_answer(result, who: str) -> Answer:
    """What a reload did, for the administrator who asked (file names, never host folders)."""
    if not result.ok:
        problems = [str(without_folders(p)) for p in result.problems[:10]]
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
            "```\n" + describe(snapshot.kb, names_only=True)[:3500] + "\n```",
        ),
    )


class Admin(commands.Cog):
    """Knowledge-base administration and slash-command sync."""

    kb = app_commands.Group(
        name="kb",
        description="Knowledge base administration (the bot's owners and admin moderators)",
        default_permissions=discord.Permissions(manage_guild=True),  # only hides it
        guild_only=True,
        allowed_contexts=app_commands.AppCommandContext(guild=True),
        allowed_installs=app_commands.AppInstallationType(guild=True),  # never a user install
    )

    def __init__(self, bot):
        self.bot = bot
        self.status_cooldowns = commands.CooldownMapping.from_cooldown(
            *STATUS_COOLDOWN, commands.BucketType.user
        )

    async def _reload(self, user: discord.abc.User) -> Answer:
        who = f"{user} ({user.id})"
        result = await self.bot.store.reload(who)
        return reload_answer(result, str(user))

    @requires(Privilege.KB_ADMIN)
    @kb.command(name="reload", description="Reload the knowledge base from its files")
    async def reload_slash(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True)
        await send_answer(self.bot, await self._reload(interaction.user), interaction=interaction)

    @requires(Privilege.KB_ADMIN)
    @kb.command(name="status", description="What is loaded, when and by whom")
    @app_commands.checks.cooldown(*STATUS_COOLDOWN)
    async def status_slash(self, interaction: discord.Interaction) -> None:
        await send_answer(
            self.bot, status_answer(self.bot.store), interaction=interaction, ephemeral=True
        )

    @requires(Privilege.KB_ADMIN)  # and on each subcommand: this one does not guard them
    @commands.group(name="kb", invoke_without_command=True)
    async def kb_prefix(self, ctx: commands.Context) -> None:
        """Knowledge base status (!kb reload to reload)."""
        await self._status_prefix(ctx)

    @requires(Privilege.KB_ADMIN)
    @kb_prefix.command(name="status")
    async def status_prefix(self, ctx: commands.Context) -> None:
        await self._status_prefix(ctx)

    async def _status_prefix(self, ctx: commands.Context) -> None:
        bucket = self.status_cooldowns.get_bucket(ctx.message)
        retry = bucket.update_rate_limit() if bucket else None
        if retry:
            raise commands.CommandOnCooldown(bucket, retry, commands.BucketType.user)
        await send_answer(self.bot, status_answer(self.bot.store), ctx=ctx)

    @requires(Privilege.KB_ADMIN)
    @kb_prefix.command(name="reload")
    async def reload_prefix(self, ctx: commands.Context) -> None:
        await send_answer(self.bot, await self._reload(ctx.author), ctx=ctx)

    @requires(Privilege.OWNER)
    @commands.command(name="sync", usage="[guild|global|clear]")
    async def sync_prefix(self, ctx: commands.Context, scope: str = "guild") -> None:
        """Owners: push slash commands to this server (at once), everywhere (up to an hour), or
        clear this server's copies (so only the global ones remain)."""
        tree = self.bot.tree
        scope = scope.lower()
        if scope == "global":
            synced = await tree.sync()
            done = f"Synced {len(synced)} slash command(s) globally; Discord may take up to an hour to show them everywhere."
        elif scope in {"guild", "here"} and ctx.guild is not None:
            tree.copy_global_to(guild=ctx.guild)
            synced = await tree.sync(guild=ctx.guild)
            done = f"Synced {len(synced)} slash command(s) to this server."
        elif scope == "clear" and ctx.guild is not None:
            tree.clear_commands(guild=ctx.guild)
            await tree.sync(guild=ctx.guild)
            done = "Cleared this server's own copies of the slash commands; the global ones remain."
        else:
            prefix = self.bot.prefix_for(ctx.guild)
            done = (
                f"Use `{prefix}sync` or `{prefix}sync clear` in a server, or `{prefix}sync global`."
            )
        log.info("%s (%s) ran sync %s: %s", ctx.author, ctx.author.id, scope, done)
        await send_text(ctx, done)


async def setup(bot) -> None:
    await bot.add_cog(Admin(bot))
