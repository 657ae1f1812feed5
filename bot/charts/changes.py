"""Seats changing hands: gains and losses by party against the baseline, as diverging bars."""

from __future__ import annotations

from dataclasses import dataclass

from bot.charts.draw import (
    BODY,
    INK,
    MARGIN,
    MUTED,
    RULE,
    SMALL,
    WIDTH,
    Canvas,
    rgb,
    source,
    text_on,
)
from bot.kb.knowledge import KnowledgeBase, NationalFacts

ROW = 50
LABEL = 26
BAR = 22
FOOT = 40
AXIS = 24
PAD = 24  # between the longest bar (or its label) and the margin
LABEL_PAD = 6  # between a count and its bar's end


def gains_and_losses(national: NationalFacts) -> list[tuple[str, int, int]]:
    """(party, gained, lost) for every party that gained or lost a seat, biggest net gain first."""
    gained: dict[str, int] = {}
    lost: dict[str, int] = {}
    for facts in national.changed_hands:
        outcome = facts.outcome
        gained[outcome.winner] = gained.get(outcome.winner, 0) + 1
        if outcome.previous:
            lost[outcome.previous] = lost.get(outcome.previous, 0) + 1
    parties = set(gained) | set(lost)
    rows = [(p, gained.get(p, 0), lost.get(p, 0)) for p in parties]
    return sorted(rows, key=lambda row: (-(row[1] - row[2]), -row[1], row[0]))


@dataclass(frozen=True)
class Bar:
    """One party's gains or losses as drawn: the bar's ends and its label's place."""

    x0: float
    x1: float
    label: str
    label_x: float  # the label's anchor: its right end for losses, its left end for gains
    inside: bool  # drawn inside the bar (in the bar's text colour), else beyond its end


def layout(canvas: Canvas, rows: list[tuple[str, int, int]]) -> tuple[float, list[list[Bar]]]:
    """Where the zero line and every bar go. One scale for gains and losses, the axis running
    from the largest loss to the largest gain (not centred), so the long bars use the width;
    a count goes inside its bar when it fits, else just beyond it, and always inside the margins.
    """
    span = canvas.width - 2 * MARGIN - 2 * PAD
    left_min = canvas.measure("lost", SMALL) + 8
    right_min = canvas.measure("gained", SMALL) + 8

    def bars(scale: float, centre: float) -> list[list[Bar]]:
        out = []
        for _, gained, lost in rows:
            row = []
            for count, sign in ((lost, -1), (gained, 1)):
                if not count:
                    continue
                label = f"{'+' if sign > 0 else '-'}{count}"
                end = centre + sign * max(3, round(scale * count))  # 1 seat stays visible
                inside = canvas.measure(label, SMALL) + 2 * LABEL_PAD <= abs(end - centre)
                anchor = end - sign * LABEL_PAD if inside else end + sign * LABEL_PAD
                row.append(Bar(min(centre, end), max(centre, end), label, anchor, inside))
            out.append(row)
        return out

    def reach(scale: float) -> tuple[float, float]:
        """How far left and right of zero the bars and their labels go at this scale."""
        laid = bars(scale, 0.0)
        left = right = 0.0
        for row in laid:
            for bar in row:
                width = 0 if bar.inside else canvas.measure(bar.label, SMALL)
                if bar.x0 < 0:
                    left = max(left, -min(bar.x0, bar.label_x - width))
                else:
                    right = max(right, max(bar.x1, bar.label_x + width))
        return max(left, left_min), max(right, right_min)

    most = (
        sum(max([row[i] for row in rows] or [0]) for i in (1, 2)) or 1
    )  # the largest gain and the largest loss, end to end
    scale = span / most
    while scale > 0.01 and sum(reach(scale)) > span:
        scale *= 0.97
    left, right = reach(scale)
    centre = MARGIN + PAD + left + (span - left - right) / 2
    return centre, bars(scale, centre)


def draw_changes(kb: KnowledgeBase, national: NationalFacts) -> Canvas:
    election = national.election
    rows = gains_and_losses(national)
    baseline = election.baseline_label or "the previous election"
    title = f"{election.name}: {len(national.changed_hands)} of {len(national.contests)} seats changed hands"
    subtitle = f"Seats gained and lost by each party, vs {baseline}"
    probe = Canvas.new(10)
    top = probe.header(title, subtitle)
    height = top + AXIS + ROW * max(len(rows), 1) + FOOT
    canvas = Canvas.new(height)
    top = canvas.header(title, subtitle)
    centre, laid = layout(canvas, rows)
    canvas.text((centre - 8, top), "lost", SMALL, MUTED, "ra")
    canvas.text((centre + 8, top), "gained", SMALL, MUTED, "la")
    top += AXIS
    canvas.draw.line((centre, top, centre, top + ROW * len(rows)), fill=RULE, width=1)
    for i, ((party, gained, lost), bars) in enumerate(zip(rows, laid, strict=True)):
        colour = rgb(kb.party(party).colour)
        y0 = top + i * ROW + LABEL
        y1 = y0 + BAR
        base = y0 - 6
        net = gained - lost
        canvas.text((MARGIN, base), kb.party(party).label, BODY, INK, "ls", width=centre - MARGIN)
        canvas.text(
            (canvas.width - MARGIN, base), f"net {net:+d}" if net else "net 0", BODY, INK, "rs"
        )
        for bar in bars:
            canvas.bar((bar.x0, y0, bar.x1, y1), colour)
            gain = bar.label.startswith("+")
            if bar.inside:
                anchor, ink = ("rm" if gain else "lm"), text_on(colour)
            else:
                anchor, ink = ("lm" if gain else "rm"), (INK if gain else MUTED)
            canvas.text((bar.label_x, (y0 + y1) / 2), bar.label, SMALL, ink, anchor, width=WIDTH)
    canvas.footer(source(election.id))
    return canvas
