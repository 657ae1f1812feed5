"""A seat's history: one cell per general election, coloured by the winning party."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from bot import seat_history
from bot.charts.draw import INK, MARGIN, MUTED, RULE, SMALL, Canvas, edge, rgb, text_on
from bot.facts import ContestFacts
from bot.kb.calendar import election_label
from bot.kb.knowledge import KnowledgeBase
from bot.text import token_key

PER_ROW = 15
YEAR = 22
CELL = 46
GAP = 14
FOOT = 34
KEY = SMALL - 2  # the key's text size
BOUNDARY = "boundary"  # the key's markers: a boundary change, an empty cell, none
EMPTY = "empty"


def cells(kb: KnowledgeBase, line: list[ContestFacts]) -> list[tuple[str, ContestFacts | None]]:
    """Every general election in the knowledge base, with this seat's contest where it had one."""
    by_election = {f.contest.election: f for f in line}
    return [(e.id, by_election.get(e.id)) for e in kb.real_elections()]


def cell_boxes(top: float, count: int, width: int) -> list[tuple[float, float, float, float]]:
    """Where each election's cell goes: rows of PER_ROW, oldest first."""
    size = (width - 2 * MARGIN) / PER_ROW
    return [
        (
            MARGIN + (i % PER_ROW) * size + 2,
            top + (i // PER_ROW) * (YEAR + CELL + GAP) + YEAR,
            MARGIN + (i % PER_ROW + 1) * size - 2,
            top + (i // PER_ROW) * (YEAR + CELL + GAP) + YEAR + CELL,
        )
        for i in range(count)
    ]


def cell_label(election: str) -> str:
    """An election above its cell: '1918', and 'Feb 74' / 'Oct 74' where a year had two."""
    label = election_label(election)
    if " " not in label:
        return label
    month, year = label.split(" ", 1)
    return f"{month[:3]} {year[-2:]}"


def _spelling(name: str) -> str:
    """Spellings that differ only in case, accents, '&' or punctuation are one."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", bare.casefold().replace("&", " and ")).split())


@dataclass
class Name:
    """One name the seat was contested under, with the other ways the results wrote it."""

    name: str  # the latest spelling
    first: str  # election
    last: str
    spellings: list[str]  # distinct, in order of first use


def names(line: list[ContestFacts]) -> list[Name]:
    """The names the seat was contested under, oldest first. Word order and spelling variants
    ('Norfolk South Western', 'South West Norfolk') are one name; a rename ('Western Isles',
    'Na h-Eileanan an Iar') is another."""
    out: dict[str, Name] = {}
    for facts in line:
        name, election = facts.contest.name, facts.contest.election
        found = out.get(token_key(name))
        if found is None:
            out[token_key(name)] = Name(name, election, election, [name])
            continue
        found.name, found.last = name, election
        if all(_spelling(name) != _spelling(s) for s in found.spellings):
            found.spellings.append(name)
    return list(out.values())


def _span(first: str, last: str) -> str:
    return cell_label(first) if first == last else f"{cell_label(first)}-{cell_label(last)}"


def _under(called: list[Name]) -> str:
    if len(called) > 1:
        return f"under its {len(called)} names"
    if len(called[0].spellings) > 1:
        return "under this name or its older forms"
    return "under this name"


def subtitle_text(kb: KnowledgeBase, line: list[ContestFacts]) -> str:
    """Who holds it and since when, and which elections the cells cover, under which names."""
    latest = line[-1]
    run = seat_history.streak_at(kb, line, len(line) - 1)
    holder = kb.party(run.party).label
    if run.wins > 1:
        text = f"{holder} since {seat_history.when(run.first)} ({run.wins} wins in a row)"
    else:
        text = f"{holder} won it in {seat_history.when(latest)}"
    under = _under(names(line))
    if len(line) == 1:
        return text + f"; no earlier contest {under} in the records"
    first, last = seat_history.when(line[0]), seat_history.when(latest)
    every = "every general election" if not seat_history.gaps(kb, line) else "general elections"
    return text + f"; {every} {first}-{last} {under}"


def key_items(
    kb: KnowledgeBase, line: list[ContestFacts], grid: list[tuple[str, ContestFacts | None]]
) -> list[tuple[str | None, str]]:
    """The key below the legend: (marker, text) for each mark the cells use."""
    called = names(line)
    items: list[tuple[str | None, str]] = []
    if seat_history.boundary_changes(kb, line):
        items.append((BOUNDARY, "boundary change"))
    if any(f is None for _, f in grid):
        these = "this name" if len(called) == 1 else "any of these names"
        items.append((EMPTY, f"no contest under {these}"))
    if any(f is not None and f.winner.party == "Oth" for _, f in grid):
        items.append((None, "Oth: others, incl. Speaker and NI parties before 2019"))
    if len(called) > 1:
        listed = ", ".join(f"{n.name} {_span(n.first, n.last)}" for n in called)
        items.append((None, f"Names: {listed}"))
    elif len(called[0].spellings) > 1:
        now = _spelling(called[0].name)
        older = [s for s in called[0].spellings if _spelling(s) != now]
        items.append((None, "Also written: " + ", ".join(older)))
    return items


MARKER_WIDTH = {BOUNDARY: 14, EMPTY: 22, None: 0}


def _marker(canvas: Canvas, kind: str | None, x: float, y: float) -> float:
    """Draw a key's marker at (x, y), the top of its text line, as the cells show it (a heavy
    bar, an empty box); return its width."""
    if kind == BOUNDARY:
        canvas.draw.rectangle((x + 4, y - 2, x + 7, y + KEY + 2), fill=INK)
    elif kind == EMPTY:
        canvas.draw.rectangle((x, y + 1, x + 16, y + KEY - 1), outline=RULE)
    return MARKER_WIDTH[kind]


def _key(canvas: Canvas, items: list[tuple[str | None, str]], y: float) -> float:
    """The key's items in rows that wrap at the image edge (a long one on lines of its own);
    returns the y below them."""
    line = KEY + 10
    x = MARGIN
    right = canvas.width - MARGIN
    for kind, text in items:
        marker = MARKER_WIDTH[kind]
        width = marker + canvas.measure(text, KEY)
        if x > MARGIN and x + width > right:
            x, y = MARGIN, y + line
        if x + width <= right:
            x += _marker(canvas, kind, x, y)
            x += canvas.text((x, y), text, KEY, MUTED) + 24
            continue
        for part in canvas.wrap(text, right - MARGIN - marker, KEY, lines=3):
            canvas.text((MARGIN + marker, y), part, KEY, MUTED)
            y += line
        x = MARGIN
    return y + (line if x > MARGIN else 0)


def draw_history(kb: KnowledgeBase, facts: ContestFacts) -> Canvas:
    line = seat_history.seat_line(kb, facts.contest)
    title = f"History of {line[-1].contest.name}"
    subtitle = subtitle_text(kb, line)
    changes = set(seat_history.boundary_changes(kb, line))
    grid = cells(kb, line)
    rows = (len(grid) + PER_ROW - 1) // PER_ROW
    winners: dict[str, int] = {}
    for _, f in grid:
        if f is not None:
            winners[f.winner.party] = winners.get(f.winner.party, 0) + 1
    legend = [
        (f"{kb.party(code).label} {n}", rgb(kb.party(code).colour))
        for code, n in sorted(winners.items(), key=lambda kv: -kv[1])
    ]
    key = key_items(kb, line, grid)

    probe = Canvas.new(10)
    top = probe.header(title, subtitle)
    below = _key(probe, key, probe.legend(legend, top + rows * (YEAR + CELL + GAP) + 4))
    canvas = Canvas.new(int(below + FOOT))
    top = canvas.header(title, subtitle)
    boxes = cell_boxes(top, len(grid), canvas.width)
    for (election, f), (x0, y0, x1, y1) in zip(grid, boxes, strict=True):
        canvas.text(
            ((x0 + x1) / 2, y0 - 4), cell_label(election), SMALL - 3, MUTED, "ms", width=x1 - x0 + 2
        )
        if f is None:
            canvas.draw.rectangle((x0, y0, x1, y1), outline=RULE)
            continue
        colour = rgb(kb.party(f.winner.party).colour)
        canvas.draw.rectangle((x0, y0, x1, y1), fill=colour, outline=edge(colour))
        canvas.text(
            ((x0 + x1) / 2, (y0 + y1) / 2),
            kb.party(f.winner.party).abbrev,
            SMALL - 2,
            text_on(colour),
            "mm",
            width=x1 - x0 - 4,
        )
        if election in changes:
            # New boundaries: a heavy bar down the cell's left edge.
            canvas.draw.rectangle((x0 - 3, y0 - 4, x0, y1 + 4), fill=INK)
    y = canvas.legend(legend, top + rows * (YEAR + CELL + GAP) + 4)
    _key(canvas, key, y)
    canvas.footer("Returning Officer · House of Commons Library, CBP-8647, CBP-8749, CBP-10009")
    return canvas
