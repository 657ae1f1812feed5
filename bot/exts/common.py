"""What every cog shares: sending answers (pages, choice buttons), errors, cooldowns.

Who may run what lives in bot.exts.permissions."""

from __future__ import annotations

import dataclasses
import logging
import re

import discord
from discord import app_commands
from discord.ext import commands

from bot.answer.embeds import render_embeds
from bot.answer.models import Answer
from bot.answer.text import split_message
from bot.exts.charts import attach_charts
from bot.text import quote

log = logging.getLogger(__name__)
NO_PINGS = discord.AllowedMentions.none()
VIEW_TIMEOUT = 300


class AnswerView(discord.ui.View):
    """Buttons under one answer: only the person who asked may press them; they go grey when
    the view times out, and a failing button answers with an ephemeral apology."""

    def __init__(self, owner_id: int | None):
        super().__init__(timeout=VIEW_TIMEOUT)
        self.owner_id = owner_id
        self.message: discord.Message | None = None
        self.interaction: discord.Interaction | None = None  # when sent as an interaction response

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if self.owner_id is None or interaction.user.id == self.owner_id:
            return True
        await interaction.response.send_message(
            "These buttons belong to whoever asked; ask your own question to get yours.",
            ephemeral=True,
            allowed_mentions=NO_PINGS,
        )
        return False

    async def on_timeout(self) -> None:
        for item in self.children:
            if isinstance(item, discord.ui.Button):
                item.disabled = True
        try:
            if self.message is not None:
                await self.message.edit(view=self)
            elif self.interaction is not None:
                await self.interaction.edit_original_response(view=self)
        except discord.HTTPException:
            log.info("could not disable the buttons of a timed-out answer (message deleted?)")

    async def on_error(
        self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item
    ) -> None:
        log.error("button %r failed", getattr(item, "label", item), exc_info=error)
        text = "Something went wrong with that button; it has been logged. Please ask again."
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True, allowed_mentions=NO_PINGS)
        else:
            await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_PINGS)


class PageView(AnswerView):
    """Previous / next buttons over the pages of one long answer."""

    def __init__(self, pages: list[discord.Embed], owner_id: int | None = None):
        super().__init__(owner_id)
        self.pages = pages
        self.index = 0
        self._sync()

    def turn_to(self, index: int) -> discord.Embed:
        """Open at this page (clamped); its embed."""
        self.index = min(max(index, 0), len(self.pages) - 1)
        self._sync()
        return self.pages[self.index]

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

    def __init__(self, bot: commands.Bot, label: str, command: str):
        super().__init__(label=label[:80], style=discord.ButtonStyle.primary)
        self.bot = bot
        self.command = command

    async def callback(self, interaction: discord.Interaction) -> None:
        answer = self.bot.store.engine.ask(self.command, prefix="!")
        embeds = render_embeds(answer)
        owner = self.view.owner_id if isinstance(self.view, AnswerView) else None
        view = make_view(self.bot, answer, embeds, owner)
        if view is not None:
            view.interaction = interaction
        if isinstance(self.view, AnswerView):
            self.view.stop()  # replaced in place: the old view no longer needs a timeout
        _, files = await attach_charts(self.bot, answer, embeds)  # the first chart, if any
        await interaction.response.edit_message(
            embed=embeds[0], view=view, allowed_mentions=NO_PINGS, attachments=files[:1]
        )


def make_view(
    bot: commands.Bot,
    answer: Answer,
    embeds: list[discord.Embed],
    owner_id: int | None = None,
) -> AnswerView | None:
    """Buttons for an answer: a choice per possible match (up to 5), or page turning."""
    if answer.choices:
        view = AnswerView(owner_id)
        for choice in answer.choices[:5]:
            view.add_item(ChoiceButton(bot, choice.label, choice.command))
        return view
    if len(embeds) > 1:
        return PageView(embeds, owner_id)
    return None


async def send_answer(
    bot: commands.Bot,
    answer: Answer,
    *,
    ctx: commands.Context | None = None,
    interaction: discord.Interaction | None = None,
    ephemeral: bool = False,
) -> None:
    """Send an answer as embeds with its buttons (for the asker only), never pinging anyone."""
    embeds = render_embeds(answer)
    asker = interaction.user if interaction is not None else ctx.author if ctx else None
    view = make_view(bot, answer, embeds, asker.id if asker else None)
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
            sent = await interaction.followup.send(ephemeral=ephemeral, wait=True, **kwargs)
            if view is not None:
                view.message = sent
        else:
            await interaction.response.send_message(ephemeral=ephemeral, **kwargs)
            if view is not None:
                view.interaction = interaction
    elif ctx is not None:
        sent = await ctx.send(**kwargs)
        if view is not None:
            view.message = sent


async def send_text(
    target: discord.abc.Messageable | discord.Interaction | commands.Context,
    text: str,
    *,
    ephemeral: bool = False,
) -> None:
    """Plain text to Discord, split into messages of at most 2,000 characters."""
    for chunk in split_message(text):
        if isinstance(target, discord.Interaction):
            if target.response.is_done():
                await target.followup.send(chunk, ephemeral=ephemeral, allowed_mentions=NO_PINGS)
            else:
                await target.response.send_message(
                    chunk, ephemeral=ephemeral, allowed_mentions=NO_PINGS
                )
        elif isinstance(target, commands.Context):
            # A hybrid command run as a slash command answers its interaction: ephemeral there
            # (a prefix command ignores the flag).
            await target.send(chunk, ephemeral=ephemeral, allowed_mentions=NO_PINGS)
        else:
            await target.send(chunk, allowed_mentions=NO_PINGS)


def with_prefix(answer: Answer, default: str, prefix: str) -> Answer:
    """The help answer written with this server's prefix (the engine writes its own, `default`)."""
    if answer.kind != "help" or prefix == default:
        return answer
    pattern = re.compile(rf"(?<=[`\s(]){re.escape(default)}(?=\w)")
    return dataclasses.replace(
        answer,
        items=tuple(pattern.sub(lambda _: prefix, item) for item in answer.items),
        lines=tuple(pattern.sub(lambda _: prefix, line) for line in answer.lines),
    )


def everywhere():
    """A pure look-up: usable in servers, DMs and group DMs, and when installed by a user."""

    def decorate(command):
        command = app_commands.allowed_installs(guilds=True, users=True)(command)
        return app_commands.allowed_contexts(guilds=True, dms=True, private_channels=True)(command)

    return decorate


# Errors -----------------------------------------------------------------------------------


def error_message(error: Exception, prefix: str = "!") -> str | None:
    """The sentence a user sees for a prefix- or slash-command error; None if it was unexpected."""
    error = getattr(error, "original", error)
    if isinstance(error, (commands.CommandOnCooldown, app_commands.CommandOnCooldown)):
        return f"Slow down a little: try again in {max(1, round(error.retry_after))} s."
    if isinstance(error, (commands.CheckFailure, app_commands.CheckFailure)):
        return str(error) or "You can't use that command here."
    # discord.py's own messages for these quote what was typed ('User "x" not found').
    if isinstance(error, app_commands.TransformerError):
        return f"I couldn't read that option: {quote(str(error), 200)}"
    if isinstance(error, commands.UserInputError):
        return f"I couldn't read that command: {quote(str(error), 200)}. Try `{prefix}help`."
    return None


# Cooldowns --------------------------------------------------------------------------------


def _cooldown_for(bot: commands.Bot) -> commands.Cooldown:
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
