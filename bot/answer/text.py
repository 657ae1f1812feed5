"""Render an Answer as plain text (command line, console, scripts)."""

from __future__ import annotations

from bot.answer.models import Answer, Table
from bot.text import quote


def table_text(table: Table, max_width: int = 30, cut_last: bool = True) -> list[str]:
    """Aligned columns; long cells are cut with an ellipsis (in the last column too unless
    `cut_last` is False: nothing is aligned after it)."""
    last = len(table.headers) - 1 if not cut_last else -1
    cells = [
        tuple(c if i == last else _cut(c, max_width) for i, c in enumerate(row))
        for row in (table.headers, *table.rows)
    ]
    widths = [max(len(row[i]) for row in cells) for i in range(len(table.headers))]
    numeric = table.numeric or (False,) * len(widths)
    lines = []
    for row in cells:
        parts = [
            cell.rjust(width) if is_number else cell.ljust(width)
            for cell, width, is_number in zip(row, widths, numeric, strict=True)
        ]
        lines.append("  ".join(parts).rstrip())
    return lines


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


LIST_SHOWN = 10  # items a list answer shows before "and N more"
LIST_SLACK = 2  # a list only this much longer is shown whole ("and 1 more" helps nobody)
LIST_CHARS = 1500  # and never more item text than this, so a list answer stays readable


ANSWER_CHARS = 2200  # a list answer, with all around its list, stays about 2,000 characters


def shown_items(
    items: tuple[str, ...], everything: bool = False, budget: int = LIST_CHARS
) -> tuple[tuple[str, ...], int]:
    """The first items of a long list, and how many are left out (none with `everything`);
    `budget` is the most item text to show."""
    budget = min(budget, LIST_CHARS)
    size = sum(len(item) + 3 for item in items)
    if everything or len(items) <= LIST_SHOWN + LIST_SLACK and size <= budget:
        return items, 0
    shown: list[str] = []
    size = 0
    for item in items[:LIST_SHOWN]:
        if shown and size + len(item) > budget:
            break
        shown.append(item)
        size += len(item) + 3
    return tuple(shown), len(items) - len(shown)


def more_line(left: int, hint: str = "") -> str:
    """'… and 242 more' (with a hint on how to see them)."""
    return f"… and {left:,} more" + (f" ({hint})" if hint else "")


def render_text(answer: Answer, everything: bool = False, more_hint: str = "") -> str:
    """The answer as plain text, source last; a long list shows its first items and says how
    many more there are, unless `everything` is asked for (the Answer always holds them all)."""
    out = [answer.title]
    out.extend(answer.lines)
    out.extend(f"{name}: {value}" for name, value in answer.fields)
    if answer.table:
        out.append("")
        out.extend(table_text(answer.table, cut_last=False))
    if answer.items:
        around = len(answer.title) + sum(len(x) + 1 for x in (*answer.lines, *answer.notes))
        around += len(answer.source or "") + 60  # and the 'and N more' line
        shown, left = shown_items(answer.items, everything, ANSWER_CHARS - around)
        out.extend(f"- {item}" for item in shown)
        if left:
            out.append(more_line(left, more_hint))
    if answer.choices:
        out.append("Did you mean: " + "; ".join(c.label for c in answer.choices) + "?")
        # A choice's command may carry what was typed: quoted like any echo, not a code span.
        out.append("Try: " + " or ".join(quote(c.command, 120) for c in answer.choices[:3]))
    if answer.notes:
        out.append("")
        out.extend(answer.notes)
    if answer.source:
        out.append(answer.source)
    return "\n".join(out)


DISCORD_MESSAGE = 2000  # characters in one Discord message


def split_message(text: str, limit: int = DISCORD_MESSAGE) -> list[str]:
    """Plain text as Discord messages of at most `limit` characters, split between lines where
    possible (a code block cut in two is closed and reopened so both halves render)."""
    budget = limit - 8 if "```" in text else limit  # room to close and reopen a code block
    chunks: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > budget:  # one line longer than a message: cut it hard
            if current:
                chunks.append(current)
                current = ""
            chunks.append(line[:budget])
            line = line[budget:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > budget:
            chunks.append(current)
            current = line
        else:
            current = candidate
    if current or not chunks:
        chunks.append(current)
    return _balance_code_blocks([c for c in chunks if c.strip()] or [""], limit)


def _balance_code_blocks(chunks: list[str], limit: int) -> list[str]:
    """Close a ``` block left open at the end of a chunk and reopen it in the next one."""
    fence = "```"
    balanced, carry = [], False
    for chunk in chunks:
        if carry:
            chunk = fence + "\n" + chunk
        carry = chunk.count(fence) % 2 == 1
        if carry:
            chunk += "\n" + fence
        balanced.append(chunk)
    if all(len(c) <= limit for c in balanced):
        return balanced
    return [c[:limit] for c in chunks]  # fences did not fit: plain cuts still fit the limit
