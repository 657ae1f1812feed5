"""Render an Answer as Discord embeds, within every Discord limit; long lists become pages."""

from __future__ import annotations

import discord

from bot.answer.models import Answer, Table
from bot.answer.text import LIST_SHOWN, more_line, table_text

TITLE = 256
DESCRIPTION = 4096
FIELDS = 25
FIELD_NAME = 256
FIELD_VALUE = 1024
FOOTER = 2048
TOTAL = 6000
MESSAGE = 2000
PAGE_CHARS = 3000  # an item page's description, leaving room for fields and footer
FALLBACK_COLOUR = discord.Colour.from_rgb(0x5B, 0x6A, 0x7A)


def cut(text: str, limit: int) -> str:
    """Shorten to the limit with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def embed_size(embed: discord.Embed) -> int:
    """Characters Discord counts towards the 6,000 total."""
    return len(embed)


def _colour(answer: Answer) -> discord.Colour:
    if answer.colour:
        return discord.Colour(int(answer.colour.lstrip("#"), 16))
    return FALLBACK_COLOUR


def _table_blocks(table: Table) -> list[str]:
    """The table as code blocks that each fit in a field value."""
    lines = table_text(table, max_width=22)
    blocks, current = [], []
    for line in lines:
        if current and sum(len(x) + 1 for x in current) + len(line) + 8 > FIELD_VALUE:
            blocks.append(current)
            current = [lines[0]]  # repeat the header on each block
        current.append(line)
    if current:
        blocks.append(current)
    return ["```\n" + "\n".join(block) + "\n```" for block in blocks]


def _pages(items: tuple[str, ...]) -> list[list[str]]:
    pages, current, size = [], [], 0
    for item in items:
        item = cut(item, 300)
        if current and (size + len(item) + 1 > PAGE_CHARS or len(current) >= LIST_SHOWN):
            pages.append(current)
            current, size = [], 0
        current.append(item)
        size += len(item) + 1
    if current:
        pages.append(current)
    return pages


def render_embeds(answer: Answer) -> list[discord.Embed]:
    """One embed, or several pages for long lists and long tables; each within Discord's limits."""
    description = "\n".join(line for line in answer.lines if line)
    item_pages = _pages(answer.items) if answer.items else [[]]
    blocks = _table_blocks(answer.table) if answer.table else []
    embeds = []
    listed = 0
    for number, page in enumerate(item_pages, start=1):
        text = description
        if page:
            text = (text + "\n\n" if text else "") + "\n".join(f"• {item}" for item in page)
            listed += len(page)
            if listed < len(answer.items):  # the buttons turn to the rest
                text += "\n" + more_line(len(answer.items) - listed)
        embed = discord.Embed(
            title=cut(answer.title, TITLE),
            description=cut(text, DESCRIPTION),
            colour=_colour(answer),
        )
        if number == 1:
            blocks = _add_fields(embed, answer, blocks)
        embeds.append(embed)
    while blocks:  # the rest of a long table, on pages of its own
        embed = discord.Embed(
            title=cut(f"{answer.title} (continued)", TITLE), colour=_colour(answer)
        )
        blocks = _add_blocks(embed, answer.table.caption, blocks, _kept(answer, False), True)
        embeds.append(embed)
    for number, embed in enumerate(embeds, start=1):
        footer = answer.source or ""
        if len(embeds) > 1:
            footer = (
                f"Page {number}/{len(embeds)} · {footer}"
                if footer
                else f"Page {number}/{len(embeds)}"
            )
        if footer:
            embed.set_footer(text=cut(footer, FOOTER))
        _fit(embed)
    return embeds


def _kept(answer: Answer, first: bool) -> int:
    """Room a page keeps for what is added after its table: the footer (the source and a page
    number) and, on the first page, the choices and notes."""
    room = len(cut(answer.source or "", FOOTER - 20)) + 20
    if first and answer.choices:
        room += len("Choose") + min(FIELD_VALUE, len(", ".join(c.label for c in answer.choices)))
    if first and answer.notes:
        room += len("Notes") + min(FIELD_VALUE, len("\n".join(answer.notes)))
    return room


def _add_fields(embed: discord.Embed, answer: Answer, blocks: list[str]) -> list[str]:
    """The answer's fields, as much of its table as fits, its choices and notes: the table's
    blocks left over, for pages of their own."""
    for name, value in answer.fields:
        if len(embed.fields) < FIELDS - 3:
            embed.add_field(
                name=cut(name, FIELD_NAME), value=cut(value, FIELD_VALUE), inline=len(value) < 40
            )
    if blocks:
        blocks = _add_blocks(embed, answer.table.caption, blocks, _kept(answer, True), False)
    if answer.choices:
        embed.add_field(
            name="Choose",
            value=cut(", ".join(c.label for c in answer.choices), FIELD_VALUE),
            inline=False,
        )
    if answer.notes:
        embed.add_field(name="Notes", value=cut("\n".join(answer.notes), FIELD_VALUE), inline=False)
    return blocks


def _add_blocks(
    embed: discord.Embed, caption: str, blocks: list[str], kept: int, continued: bool
) -> list[str]:
    """As many of the table's blocks as fit on this page (at least one on a page of its own);
    the blocks left."""
    shown = 0
    for block in blocks:
        name = cut(f"{caption} (continued)" if continued or shown else caption, FIELD_NAME)
        fits = len(embed) + len(name) + len(block) <= TOTAL - kept
        if (not fits or len(embed.fields) >= FIELDS - 3) and (shown or not continued):
            break
        embed.add_field(name=name, value=block, inline=False)
        shown += 1
    return blocks[shown:]


def _fit(embed: discord.Embed) -> None:
    """Drop trailing fields, then shorten the description, until the 6,000 total holds."""
    while len(embed) > TOTAL and embed.fields:
        embed.remove_field(len(embed.fields) - 1)
        embed.set_footer(
            text=cut(
                "Some details were left out to fit Discord's limits. " + (embed.footer.text or ""),
                FOOTER,
            )
        )
    if len(embed) > TOTAL and embed.description:
        excess = len(embed) - TOTAL
        embed.description = cut(embed.description, max(1, len(embed.description) - excess - 1))
