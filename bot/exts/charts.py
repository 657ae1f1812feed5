"""Charts in Discord: an answer's charts drawn off the event loop and attached to its message."""

from __future__ import annotations

import asyncio
import io
import logging

import discord
from discord.ext import commands

from bot.answer.embeds import cut
from bot.answer.models import Answer
from bot.charts import chart_png, filename

log = logging.getLogger(__name__)
ALT_TEXT = 1024  # Discord's limit on an attachment's description


async def chart_files(bot: commands.Bot, answer: Answer) -> list[discord.File]:
    """The answer's charts as files (none when CHARTS=false); a chart that fails is left out.

    Each file carries the answer's title as its alt text; the embed keeps every figure as text.
    """
    if not answer.charts or not getattr(bot.settings, "charts", True):
        return []
    kb = bot.store.current.kb
    files = []
    for request in answer.charts:
        try:
            png = await asyncio.to_thread(chart_png, kb, request)
        except Exception:  # a picture is a bonus: never lose the answer for it
            log.exception("could not draw chart %s", request)
            continue
        files.append(
            discord.File(
                io.BytesIO(png),
                filename=filename(request),
                description=cut(f"Chart: {answer.title}", ALT_TEXT),
            )
        )
    return files


async def attach_charts(
    bot: commands.Bot, answer: Answer, embeds: list[discord.Embed]
) -> tuple[list[discord.Embed], list[discord.File]]:
    """The embeds and files to send: the first chart shown in the first embed.

    Further charts get an image-only embed each; a paged answer (its pages replace the one
    embed) keeps one embed and so only its first chart. No charts: the first embed alone.
    """
    files = await chart_files(bot, answer)
    if not files:
        return embeds[:1], []
    if len(embeds) > 1:
        files = files[:1]
    embeds[0].set_image(url=f"attachment://{files[0].filename}")
    shown = [embeds[0]]
    for file in files[1:]:
        embed = discord.Embed(colour=embeds[0].colour)
        embed.set_image(url=f"attachment://{file.filename}")
        shown.append(embed)
    return shown, files
