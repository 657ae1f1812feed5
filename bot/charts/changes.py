"""Seats changing hands: gains and losses by party against the baseline, as diverging bars."""

from __future__ import annotations

from bot.charts.draw import BODY, INK, MARGIN, MUTED, RULE, SMALL, Canvas, rgb, source
from bot.kb.knowledge import KnowledgeBase, NationalFacts

ROW = 50
LABEL = 26
BAR = 22
FOOT = 40
AXIS = 24


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
    return sorted(rows, key=lambda r: (-(r[1] - r[2]), -r[1], r[0]))


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
    centre = canvas.width / 2
    canvas.text((centre - 8, top), "lost", SMALL, MUTED, "ra")
    canvas.text((centre + 8, top), "gained", SMALL, MUTED, "la")
    top += AXIS
    most = max([max(gain, loss) for _, gain, loss in rows] or [1]) or 1
    number = canvas.measure("-000", SMALL) + 10
    half = centre - MARGIN - number
    canvas.draw.line((centre, top, centre, top + ROW * len(rows)), fill=RULE, width=1)
    for i, (party, gained, lost) in enumerate(rows):
        colour = rgb(kb.party(party).colour)
        y0 = top + i * ROW + LABEL
        y1 = y0 + BAR
        base = y0 - 6
        net = gained - lost
        canvas.text((MARGIN, base), kb.party(party).label, BODY, INK, "ls", width=centre - MARGIN)
        canvas.text(
            (canvas.width - MARGIN, base), f"net {net:+d}" if net else "net 0", BODY, INK, "rs"
        )
        if gained:
            x1 = centre + max(1, round(half * gained / most))
            canvas.bar((centre, y0, x1, y1), colour)
            canvas.text((x1 + 6, (y0 + y1) / 2), f"+{gained}", SMALL, INK, "lm")
        if lost:
            x0 = centre - max(1, round(half * lost / most))
            canvas.bar((x0, y0, centre, y1), colour)
            canvas.text((x0 - 6, (y0 + y1) / 2), f"-{lost}", SMALL, MUTED, "rm")
    canvas.footer(source(election.id))
    return canvas
