"""Render an Answer as plain text (command line, console, scripts)."""

from __future__ import annotations

from bot.answer.models import Answer, Table


def table_text(table: Table, max_width: int = 30) -> list[str]:
    """Aligned columns; long cells are cut with an ellipsis."""
    cells = [tuple(_cut(c, max_width) for c in row) for row in (table.headers, *table.rows)]
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


def render_text(answer: Answer) -> str:
    """The whole answer as plain text, source last."""
    out = [answer.title]
    out.extend(answer.lines)
    out.extend(f"{name}: {value}" for name, value in answer.fields)
    if answer.table:
        out.append("")
        out.extend(table_text(answer.table))
    if answer.items:
        out.extend(f"- {item}" for item in answer.items)
    if answer.choices:
        out.append("Did you mean: " + "; ".join(c.label for c in answer.choices) + "?")
        out.append("Try: " + " or ".join(f"`{c.command}`" for c in answer.choices[:3]))
    if answer.notes:
        out.append("")
        out.extend(answer.notes)
    if answer.source:
        out.append(answer.source)
    return "\n".join(out)
