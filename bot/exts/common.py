"""What every cog shares: sending answers (pages, choice buttons), cooldowns, the moderator check."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.answer.embeds import render_embeds
from bot.answer.models import Answer
from bot.exts.charts import attach_charts

if TYPE_CHECKING:
    from bot.client import ReturningOfficer

NO_PINGS = discord.AllowedMentions.none()
VIEW_TIMEOUT = 300


class PageView(discord.ui.View):
    """Previous / next buttons over the pages of one long answer."""

    def __init__(self, pages: list[discord.Embed]):
        super().__init__(timeout=VIEW_TIMEOUT)
        self.pages = pages
        self.index = 0
        self._sync()

    def _sync(self) -> None:
        self.previous.disabled = self.index == 0
        self.next.disabled = self.index >= len(self.pages) - 1

    async def _show(self, interaction: discord.Interaction) -> None:
        self._sync()
        await interaction.response.edit_message(
            embed=self.pages[self.index], view=self, allowed_mentions=NO_PINGS
        )

    @discord.ui.button(label="Previous", style=discord.ButtonStyle.secondary)
    async def previous(self, interaction: discord.Interaction, _: discord.ui.Button) -> None:
        self.index = max(0, self.index - 1)
        await self._show(interaction)

    @discord.ui.button(label="Next", style=discord.ButtonStyle.secondary)
    async def next(self, interaction: discord.Interaction, _: discord.ui.Button) -> None:
        self.index = min(len(self.pages) - 1, self.index + 1)
        await self._show(interaction)


class ChoiceButton(discord.ui.Button):
    """One of several possible matches; pressing it answers that one in place."""

    def __init__(self, bot: ReturningOfficer, label: str, command: str):
        super().__init__(label=label[:80], style=discord.ButtonStyle.primary)
        self.bot = bot
        self.command = command

    async def callback(self, interaction: discord.Interaction) -> None:
        answer = self.bot.store.engine.ask(self.command, prefix="!")
        embeds = render_embeds(answer)
        view = make_view(self.bot, answer, embeds)
        _, files = await attach_charts(self.bot, answer, embeds)  # charts (issue 10): the first
        await interaction.response.edit_message(
            embed=embeds[0], view=view, allowed_mentions=NO_PINGS, attachments=files[:1]
        )


def make_view(
    bot: ReturningOfficer, answer: Answer, embeds: list[discord.Embed]
) -> discord.ui.View | None:
    """Buttons for an answer: a choice per possible match (up to 5), or page turning."""
    if answer.choices:
        view = discord.ui.View(timeout=VIEW_TIMEOUT)
        for choice in answer.choices[:5]:
            view.add_item(ChoiceButton(bot, choice.label, choice.command))
        return view
    if len(embeds) > 1:
        return PageView(embeds)
    return None


async def send_answer(
    bot: ReturningOfficer,
    answer: Answer,
    *,
    ctx: commands.Context | None = None,
    interaction: discord.Interaction | None = None,
    ephemeral: bool = False,
) -> None:
    """Send an answer as embeds with its buttons, never pinging anyone."""
    embeds = render_embeds(answer)
    view = make_view(bot, answer, embeds)
    kwargs: dict = {"embed": embeds[0], "allowed_mentions": NO_PINGS}
    if view is not None:
        kwargs["view"] = view
    # Charts (issue 10): drawn in a thread, the first shown in the first embed; text unchanged.
    shown, files = await attach_charts(bot, answer, embeds)
    if files:
        del kwargs["embed"]
        kwargs |= {"embeds": shown, "files": files}
    if interaction is not None:
        if interaction.response.is_done():
            await interaction.followup.send(ephemeral=ephemeral, **kwargs)
        else:
            await interaction.response.send_message(ephemeral=ephemeral, **kwargs)
    elif ctx is not None:
        await ctx.send(**kwargs)


# Errors -----------------------------------------------------------------------------------


def error_message(error: Exception, prefix: str = "!") -> str | None:
    """The sentence a user sees for a prefix- or slash-command error; None if it was unexpected."""
    error = getattr(error, "original", error)
    if isinstance(error, (commands.CommandOnCooldown, app_commands.CommandOnCooldown)):
        return f"Slow down a little: try again in {max(1, round(error.retry_after))} s."
    if isinstance(error, (commands.CheckFailure, app_commands.CheckFailure)):
        return str(error) or "You can't use that command here."
    if isinstance(error, app_commands.TransformerError):
        return f"I couldn't read that option: {error}"
    if isinstance(error, commands.UserInputError):
        return f"I couldn't read that command: {error}. Try `{prefix}help`."
    if isinstance(error, commands.CommandNotFound):
        return f"I don't know that command. Try `{prefix}help`, or just ask a question."
    return None


# Cooldowns --------------------------------------------------------------------------------


def _cooldown_for(bot: ReturningOfficer) -> commands.Cooldown:
    return commands.Cooldown(bot.settings.cooldown_rate, bot.settings.cooldown_seconds)


def prefix_cooldown(ctx: commands.Context) -> commands.Cooldown | None:
    """Per-user cooldown for prefix commands, from the settings."""
    return _cooldown_for(ctx.bot) if getattr(ctx.bot, "settings", None) else None


def slash_cooldown(interaction: discord.Interaction) -> app_commands.Cooldown | None:
    """Per-user cooldown for slash commands, from the settings."""
    bot = interaction.client
    if not getattr(bot, "settings", None):
        return None
    return app_commands.Cooldown(bot.settings.cooldown_rate, bot.settings.cooldown_seconds)


# Moderators -------------------------------------------------------------------------------


def is_moderator(
    bot: ReturningOfficer, user: discord.abc.User, permissions: discord.Permissions | None = None
) -> bool:
    """Owners; members with a configured moderator role; else, where none is set, Manage Server.

    `permissions` are the ones Discord resolved for an interaction; prefix commands use the cache.
    """
    settings = bot.settings
    if user.id in settings.owner_ids or (bot.owner_id is not None and user.id == bot.owner_id):
        return True
    if not isinstance(user, discord.Member):
        return False
    if settings.moderator_role_ids:
        return any(role.id in settings.moderator_role_ids for role in user.roles)
    return (permissions or user.guild_permissions).manage_guild


class NotModerator(commands.CheckFailure):
    """Raised by the moderator checks; the error handlers explain it politely."""


def moderator_only_prefix():
    async def predicate(ctx: commands.Context) -> bool:
        if is_moderator(ctx.bot, ctx.author):
            return True
        raise NotModerator("Only the bot's moderators can do that.")

    return commands.check(predicate)


def moderator_only_slash():
    async def predicate(interaction: discord.Interaction) -> bool:
        if is_moderator(interaction.client, interaction.user, interaction.permissions):
            return True
        raise app_commands.CheckFailure("Only the bot's moderators can do that.")

    return app_commands.check(predicate)
