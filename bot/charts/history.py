"""A seat's history: one cell per general election, coloured by the winning party."""

from __future__ import annotations

from bot import history
from bot.charts.draw import INK, MARGIN, MUTED, RULE, SMALL, Canvas, edge, rgb, text_on
from bot.facts import ContestFacts
from bot.kb.knowledge import KnowledgeBase

PER_ROW = 15
YEAR = 22
CELL = 46
GAP = 14
FOOT = 34


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


def draw_history(kb: KnowledgeBase, facts: ContestFacts) -> Canvas:
    line = history.seat_line(kb, facts.contest)
    latest = line[-1]
    seat = latest.contest.name
    run = history.streak_at(kb, line, len(line) - 1)
    holder = kb.party(run.party).label
    title = f"History of {seat}"
    if run.wins > 1:
        subtitle = f"{holder} since {run.first.contest.election} ({run.wins} wins in a row)"
    else:
        subtitle = f"{holder} won it in {latest.contest.election}"
    if len(line) == 1:
        subtitle += "; no earlier contest under this name in the records"
    else:
        first, last = line[0].contest.election, latest.contest.election
        subtitle += f"; every general election {first}-{last} under this name"
    changes = set(history.boundary_changes(kb, line))
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

    probe = Canvas.new(10)
    top = probe.header(title, subtitle)
    legend_height = probe.legend(legend, 0)
    height = int(top + rows * (YEAR + CELL + GAP) + legend_height + 30 + FOOT)
    canvas = Canvas.new(height)
    top = canvas.header(title, subtitle)
    boxes = cell_boxes(top, len(grid), canvas.width)
    for (election, f), (x0, y0, x1, y1) in zip(grid, boxes, strict=True):
        canvas.text(((x0 + x1) / 2, y0 - 4), election, SMALL - 3, MUTED, "ms", width=x1 - x0 + 2)
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
    y = top + rows * (YEAR + CELL + GAP) + 4
    y = canvas.legend(legend, y)
    notes = []
    if changes:
        notes.append("| new boundaries")
    if any(f is None for _, f in grid):
        notes.append("empty: no contest under this name")
    if "Oth" in winners:
        notes.append("Oth: others, incl. Speaker and NI parties before 2019")
    if notes:
        canvas.text((MARGIN, y), "   ".join(notes), SMALL - 2, MUTED)
    canvas.footer("Returning Officer · House of Commons Library, CBP-8647, CBP-8749, CBP-10009")
    return canvas
