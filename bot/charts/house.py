"""The House: a hemicycle of seats by party, the majority line, and vote share against seat share."""

from __future__ import annotations

import math

from bot import format as fmt
from bot.charts.draw import (
    FAINT,
    INK,
    MARGIN,
    MUTED,
    RULE,
    SMALL,
    Canvas,
    edge,
    hemicycle,
    rgb,
    source,
    text_on,
)
from bot.kb.knowledge import KnowledgeBase, NationalFacts

HOUSE_SINCE_2010 = 650  # seats in the Commons at every general election since 2010
UNDECLARED = (255, 255, 255)  # an empty seat: drawn hollow, outlined
SHARE_BAR = 34


def expected_seats(kb: KnowledgeBase, national: NationalFacts) -> int:
    """Seats to be filled: 650 since 2010, or the notional baseline's count; else those declared."""
    declared = len(national.contests)
    election = national.election
    expected = declared
    if election.year >= 2010:
        expected = max(expected, HOUSE_SINCE_2010)
    baseline = kb.elections.get(election.baseline or "")
    if baseline is not None and baseline.notional:
        expected = max(expected, len(kb.contests.get(baseline.id, {})))
    return expected


def seat_counts(national: NationalFacts) -> list[tuple[str, int, float]]:
    """(party, seats, vote share) for every party with a seat or a vote, most seats first."""
    return [(p.party, p.seats, p.share) for p in national.parties if p.seats or p.votes]


def _share_bar(
    canvas: Canvas,
    y: float,
    label: str,
    parts: list[tuple[tuple[int, int, int], float, str]],
    total: float,
) -> None:
    """One 100% bar split by party; each segment labelled when its label fits."""
    x0 = MARGIN + 70
    span = canvas.width - MARGIN - x0
    canvas.text((MARGIN, y + SHARE_BAR / 2), label, SMALL, INK, anchor="lm", width=66)
    x = float(x0)
    for colour, value, text in parts:
        width = span * value / total if total else 0
        if width <= 0:
            continue
        canvas.draw.rectangle((x, y, x + width, y + SHARE_BAR), fill=colour)
        if edge(colour) or colour == UNDECLARED:
            canvas.draw.rectangle((x, y, x + width, y + SHARE_BAR), outline=edge(colour) or RULE)
        for option in (text, text.split(" ")[-1]):
            if canvas.measure(option, SMALL) + 8 <= width:
                canvas.text(
                    (x + width / 2, y + SHARE_BAR / 2), option, SMALL, text_on(colour), anchor="mm"
                )
                break
        x += width


def draw_house(kb: KnowledgeBase, national: NationalFacts) -> Canvas:
    election = national.election
    declared = len(national.contests)
    expected = expected_seats(kb, national)
    majority = expected // 2 + 1
    partial = declared < expected
    counts = seat_counts(national)
    leader = counts[0] if counts else None
    if partial:
        title = f"{election.name}: {declared} of {expected} seats declared so far"
    elif leader:
        title = f"{election.name}: {kb.party(leader[0]).label} {leader[1]} seats"
        if leader[1] >= majority:
            title += f", a majority of {2 * leader[1] - expected}"
        else:
            title += f", {majority - leader[1]} short of a majority"
    else:
        title = election.name
    subtitle = f"Seats won by party; {majority} for a majority of {expected}"
    if partial:
        subtitle += " (hollow: not yet declared)"
    if any(f.contest.seats > 1 for f in national.contests):
        subtitle += " (contests in the data: a multi-member seat counts once)"
    if national.turnout_pct and not partial:
        subtitle += f" · turnout {fmt.pct(national.turnout_pct)}"

    probe = Canvas.new(10)
    top = probe.header(title, subtitle)
    radius = (probe.width - 2 * MARGIN) / 2
    legend_items = [
        (f"{kb.party(code).label} {seats}", rgb(kb.party(code).colour))
        for code, seats, _ in counts
        if seats
    ]
    legend_probe = probe.legend(legend_items, 0)
    height = int(top + radius + 16 + legend_probe + 22 + 2 * (SHARE_BAR + 12) + 30)
    canvas = Canvas.new(height)
    top = canvas.header(title, subtitle)

    # The hemicycle: seats ordered by party, most seats first, filling from the left.
    colours = []
    for code, seats, _ in counts:
        colours.extend([rgb(kb.party(code).colour)] * seats)
    colours.extend([UNDECLARED] * (expected - len(colours)))
    positions, rows = hemicycle(len(colours))
    cx, cy = canvas.width / 2, top + radius
    spacing = (1 - 0.4) * radius / max(rows, 1)
    dot = max(1.5, min(spacing * 0.42, 12))
    for (angle, r, _), colour in zip(positions, colours, strict=True):
        x = cx - r * radius * math.cos(angle)
        y = cy - r * radius * math.sin(angle)
        outline = RULE if colour == UNDECLARED else edge(colour)
        canvas.draw.ellipse((x - dot, y - dot, x + dot, y + dot), fill=colour, outline=outline)
    # The majority line: the seat that makes a majority sits at the top of the arc.
    canvas.draw.line((cx, cy - radius - 6, cx, cy - 0.4 * radius + 4), fill=INK, width=2)
    canvas.text((cx + 6, cy - 0.4 * radius + 4), f"{majority}", SMALL, INK, anchor="la")
    # In the middle of the arc: the leader's seats, large.
    if leader:
        canvas.text((cx, cy - 30), f"{leader[1]}", 44, INK, anchor="ms", bold=True)
        canvas.text((cx, cy - 4), f"{kb.party(leader[0]).label}", SMALL, MUTED, anchor="ms")
    y = canvas.legend(legend_items, cy + 16)

    # Vote share against seat share: two 100% bars in the same party order.
    y += 10
    canvas.draw.line((MARGIN, y, canvas.width - MARGIN, y), fill=RULE)
    y += 12
    shown = [(code, seats, share) for code, seats, share in counts if seats or share >= 0.5]
    seat_parts = [
        (
            rgb(kb.party(code).colour),
            seats,
            f"{kb.party(code).abbrev} {fmt.pct(100 * seats / expected, 0)}",
        )
        for code, seats, _ in shown
        if seats
    ]
    if partial:
        seat_parts.append((UNDECLARED, expected - declared, "not declared"))
    _share_bar(canvas, y, "Seats", seat_parts, expected)
    y += SHARE_BAR + 12
    vote_parts = [
        (rgb(kb.party(code).colour), share, f"{kb.party(code).abbrev} {fmt.pct(share, 0)}")
        for code, _, share in shown
    ]
    rest = 100 - sum(share for _, _, share in shown)
    if rest > 0.05:
        vote_parts.append((FAINT, rest, "other"))
    _share_bar(canvas, y, "Votes" if not partial else "So far", vote_parts, 100)
    canvas.footer(source(election.id))
    return canvas
