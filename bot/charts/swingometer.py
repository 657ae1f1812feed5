"""The swingometer: seats laid along the swing between two parties, where the last result stands,
the majority lines, and the swing a projection points at.

Each dot is a seat, placed at the uniform swing at which it would change hands and coloured by the
party that would take it; to the right the swing runs to the second party, to the left to the first.
"""

from __future__ import annotations

import math
from collections import Counter

from bot.charts.draw import BACKGROUND, INK, MARGIN, MUTED, SMALL, Canvas, darker, rgb, source
from bot.kb.knowledge import KnowledgeBase, NationalFacts
from bot.projection.base import baseline
from bot.projection.needed import LARGEST, MAJORITY, landmarks, sweep

BIN = 0.5  # points of swing per column of dots
PLOT = 260  # pixels of dots above the axis, at most
ROW = SMALL + 8


def axis_range(swing: float | None, marks: list[float]) -> float:
    """Half the axis, in points: room for the pointer and the nearer landmarks, 10 to 25."""
    wanted = [abs(swing) * 1.2] if swing is not None else []
    wanted += [abs(m) + 1.5 for m in marks if abs(m) <= 22]
    half = max([10.0, *wanted])
    return float(min(25, 5 * math.ceil(half / 5)))


def draw_swingometer(
    kb: KnowledgeBase, subject: tuple[NationalFacts, tuple[str, ...], float | None]
) -> Canvas:
    national, (losing, gaining), swing = subject
    base = baseline(kb, national)
    election = national.election
    name = {p: kb.party_label(p) for p in (losing, gaining)}
    marks = landmarks(base, losing, gaining)
    half = axis_range(swing, [m.at for m in marks if m.at is not None])
    _, right = sweep(base, losing, gaining, half)
    _, left = sweep(base, gaining, losing, half)
    dots = [(f.at, f.after) for f in right] + [(-f.at, f.after) for f in left]
    columns: dict[int, list[str]] = {}
    for at, party in sorted(dots, key=lambda dot: abs(dot[0])):
        columns.setdefault(math.floor(at / BIN), []).append(party)
    tallest = max((len(c) for c in columns.values()), default=1)

    title = f"Swingometer: {name[losing]} to {name[gaining]}"
    subtitle = (
        f"Each dot is a seat, at the uniform swing where it would change hands, coloured by who "
        f"would take it. From the {election.name} result; a projection, not a forecast."
    )
    probe = Canvas.new(10)
    head = probe.header(title, subtitle)
    x0, x1 = MARGIN + 8, probe.width - MARGIN - 8

    def x_of(at: float) -> float:
        return x0 + (at + half) / (2 * half) * (x1 - x0)

    # Vertical lines: the result itself, the landmarks, and the swing asked about; their labels
    # go in rows above the plot, as many rows as it takes for none to overlap.
    lines = [(0.0, f"{election.id} result", INK, 2)]
    if swing is not None and abs(swing) <= half:
        lines.append((swing, f"this projection: {abs(swing):.1f}", INK, 3))
    words = {MAJORITY: "majority", LARGEST: "largest", "loses majority": "loses majority"}
    for mark in marks:
        if mark.at is None or abs(mark.at) > half:
            continue
        colour = darker(rgb(kb.party(mark.party).colour), 0.8)
        text = f"{name[mark.party]} {words[mark.what]} {abs(mark.at):.1f}"
        lines.append((mark.at, text, colour, 1))
    rows: list[list[tuple[float, float]]] = []
    placed = []
    for at, text, colour, width in lines:
        x = x_of(at)
        wide = probe.measure(text, SMALL)
        span = (x - wide / 2 - 4, x + wide / 2 + 4)
        row = next(
            (r for r, used in enumerate(rows) if all(span[1] < a or span[0] > b for a, b in used)),
            None,
        )
        if row is None:
            rows.append([])
            row = len(rows) - 1
        rows[row].append(span)
        placed.append((x, row, text, colour, width, span))

    top = head + len(rows) * ROW
    canvas = Canvas.new(top + PLOT + 110 + 4 * ROW)
    canvas.header(title, subtitle)
    axis_y = top + PLOT
    column_px = (x1 - x0) * BIN / (2 * half)
    size = max(3.0, min(column_px - 1, 12.0))
    step = min(size + 1, PLOT / max(tallest, 1))
    for column, parties in columns.items():
        cx = x_of((column + 0.5) * BIN)
        for i, party in enumerate(parties):
            cy = axis_y - 2 - i * step - size / 2
            fill = rgb(kb.party(party).colour)
            canvas.draw.ellipse(
                (cx - size / 2, cy - size / 2, cx + size / 2, cy + size / 2),
                fill=fill,
                outline=darker(fill),
            )
    canvas.draw.line((x0, axis_y, x1, axis_y), fill=INK, width=2)
    tick = 5 if half > 10 else 2
    for k in range(-int(half // tick), int(half // tick) + 1):
        at = k * tick
        x = x_of(at)
        canvas.draw.line((x, axis_y, x, axis_y + 6), fill=INK, width=1)
        canvas.text((x, axis_y + 8), f"{abs(at):g}", SMALL, MUTED, "ma")
    under = axis_y + 8 + ROW
    canvas.text((x0, under), f"< swing to {name[losing]}", SMALL, INK, "la", width=(x1 - x0) / 2)
    canvas.text((x1, under), f"swing to {name[gaining]} >", SMALL, INK, "ra", width=(x1 - x0) / 2)
    for x, row, _, colour, width, _ in placed:
        label_y = head + row * ROW
        _dashed(canvas, x, label_y + ROW - 2, axis_y, colour, width, solid=width > 1)
    for x, row, text, colour, _, span in placed:  # over the lines, on white
        label_y = head + row * ROW
        canvas.draw.rectangle((span[0], label_y - 2, span[1], label_y + ROW - 4), fill=BACKGROUND)
        canvas.text((x, label_y), text, SMALL, colour, "ma")

    # Seats at the swing pointed at (or at the result itself).
    counts = _counts_at(base, losing, gaining, swing or 0.0)
    shown = ", ".join(f"{kb.party(p).abbrev} {n}" for p, n in counts.most_common(6))
    said = (
        f"At a swing of {abs(swing):.1f} to {name[gaining if swing >= 0 else losing]}"
        if swing
        else "At the result"
    )
    canvas.text((MARGIN, under + ROW + 6), f"{said}: {shown}", SMALL, INK)
    takers = Counter(party for _, party in dots)
    legend = [
        (f"{kb.party_label(p)} takes", rgb(kb.party(p).colour)) for p, _ in takers.most_common(6)
    ]
    canvas.legend(legend, under + 2 * ROW + 14)
    canvas.footer(source(election.id))
    return canvas


def _counts_at(base, losing: str, gaining: str, swing: float) -> Counter[str]:
    if swing >= 0:
        counts, flips = sweep(base, losing, gaining, swing)
    else:
        counts, flips = sweep(base, gaining, losing, -swing)
    for flip in flips:
        counts[flip.before] -= 1
        counts[flip.after] += 1
    return +counts


def _dashed(
    canvas: Canvas, x: float, y0: float, y1: float, colour, width: int, solid: bool
) -> None:
    if solid:
        canvas.draw.line((x, y0, x, y1), fill=colour, width=width)
        return
    y = y0
    while y < y1:
        canvas.draw.line((x, y, x, min(y + 6, y1)), fill=colour, width=width)
        y += 10
