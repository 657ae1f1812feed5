"""`!ask`, `/ask`, `!help`, and plain questions: mentions, DMs, and messages that are only a question."""

from __future__ import annotations

import time

import discord
from discord import app_commands
from discord.ext import commands

from bot.commands import command
from bot.exts.common import (
    NO_PINGS,
    everywhere,
    prefix_cooldown,
    send_answer,
    slash_cooldown,
    with_prefix,
)
from bot.exts.permissions import Privilege, requires

UNDERSTOOD = {"result", "candidate", "national", "list", "fact"}


class Ask(commands.Cog):
    """Questions in plain English, through the same engine as every command."""

    def __init__(self, bot):
        self.bot = bot
        self.question_cooldowns = commands.CooldownMapping.from_cooldown(
            bot.settings.cooldown_rate, bot.settings.cooldown_seconds, commands.BucketType.user
        )
        self.told_until: dict[int, float] = {}  # user id: the end of the burst they were told of

    def _first_refusal(self, user_id: int, retry: float) -> bool:
        """True for the first question over the limit in a burst: that one is told to slow down,
        the rest of the burst is not (one reply per burst, never one per message)."""
        now = time.monotonic()
        if self.told_until.get(user_id, 0.0) > now:
            return False
        if len(self.told_until) > 10_000:  # forget bursts that are over
            self.told_until = {u: t for u, t in self.told_until.items() if t > now}
        self.told_until[user_id] = now + retry
        return True

    @requires(Privilege.EVERYONE)
    @commands.command(name="ask", aliases=list(command("ask").aliases), usage=command("ask").usage)
    @commands.dynamic_cooldown(prefix_cooldown, commands.BucketType.user)
    async def ask_prefix(self, ctx: commands.Context, *, question: str = "") -> None:
        """Ask anything: !ask who won Hendon?"""
        asker = f"{ctx.channel.id}:{ctx.author.id}"  # a reply to 'which constituency?'
        await send_answer(self.bot, self.bot.store.engine.understand(question, asker), ctx=ctx)

    @requires(Privilege.EVERYONE)
    @commands.command(name="help", aliases=list(command("help").aliases))
    async def help_prefix(self, ctx: commands.Context) -> None:
        """How to ask."""
        engine = self.bot.store.engine
        answer = with_prefix(engine.help(), engine.prefix, self.bot.prefix_for(ctx.guild))
        await send_answer(self.bot, answer, ctx=ctx)

    @requires(Privilege.EVERYONE)
    @everywhere()
    @app_commands.command(name="ask", description=command("ask").description)
    @app_commands.describe(question="e.g. Who won Hendon? How many seats did the Lib Dems win?")
    @app_commands.checks.dynamic_cooldown(slash_cooldown)
    async def ask_slash(self, interaction: discord.Interaction, question: str) -> None:
        asker = f"{interaction.channel_id}:{interaction.user.id}"
        await send_answer(
            self.bot, self.bot.store.engine.understand(question, asker), interaction=interaction
        )

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        """Answer a mention or a DM; in channels, a bare question only when it is understood."""
        if message.author.bot or not message.content.strip():
            return
        ctx = await self.bot.get_context(message)
        if ctx.valid or (ctx.prefix and ctx.prefix == self.bot.prefix_for(message.guild)):
            return  # a command: the command framework answers it
        mentioned = self.bot.user is not None and self.bot.user in message.mentions
        text = message.content
        if mentioned:
            for form in (f"<@{self.bot.user.id}>", f"<@!{self.bot.user.id}>"):
                text = text.replace(form, " ")
        direct = mentioned or message.guild is None
        plain = self.bot.plain_questions_in(message.guild)  # the server's choice, or the default
        asker = f"{message.channel.id}:{message.author.id}"
        engine = self.bot.store.engine
        reply = plain and engine.awaits_reply(asker)  # 'Hendon', after 'which constituency?'
        if not direct and not (plain and text.strip().endswith("?")) and not reply:
            return
        answer = engine.understand(text.strip(), asker)
        if not direct and answer.kind not in UNDERSTOOD:
            return  # chatter that merely ends in '?': stay quiet, and spend no one's cooldown
        bucket = self.question_cooldowns.get_bucket(message)
        retry = bucket.update_rate_limit() if bucket else None
        if retry:
            if self._first_refusal(message.author.id, retry):
                await message.reply(
                    f"Slow down a little: try again in {max(1, round(retry))} s.",
                    allowed_mentions=NO_PINGS,
                )
            return
        await send_answer(self.bot, answer, ctx=ctx)


async def setup(bot) -> None:
    await bot.add_cog(Ask(bot))
