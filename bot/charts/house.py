"""The House: a hemicycle of seats by party, the majority line, and vote share against seat share."""

from __future__ import annotations

import math
from dataclasses import dataclass

from bot import format as fmt
from bot.charts.draw import (
    INK,
    MARGIN,
    MUTED,
    RULE,
    SMALL,
    Canvas,
    Fill,
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
LUMPED = "Oth"  # the older results' "others": many parties under one code


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


OWN_SLICE = 1.0  # % of the seats or of the votes that earns a party its own slice in the bars


@dataclass(frozen=True)
class Slice:
    """One segment of a 100% bar: a party (or the others, or the undeclared seats)."""

    name: str  # as in the legend: "SNP", "Others"
    abbrev: str  # in the bar's label: "SNP 8%"
    fill: Fill  # None: the others' stripes
    value: float  # seats, or % of the vote
    share: float  # % of the bar


def share_bars(
    kb: KnowledgeBase, national: NationalFacts, expected: int
) -> tuple[list[Slice], list[Slice]]:
    """The seats bar and the votes bar, in the same party order: a slice for each party with at
    least OWN_SLICE % of the seats or of the votes, the rest together as "Others"."""
    counts = seat_counts(national)
    own = [
        (code, seats, share)
        for code, seats, share in counts
        if code != LUMPED and (100 * seats / expected >= OWN_SLICE or share >= OWN_SLICE)
    ]
    # The older results' own "others" (a party code of their own) join the small parties, in
    # that party's colour, which the legend already shows; else the others are striped.
    lumped = kb.party(LUMPED)
    others: Fill = rgb(lumped.colour) if any(code == LUMPED for code, _, _ in counts) else None
    seats_bar, votes_bar = [], []
    for code, seats, share in own:
        party = kb.party(code)
        fill = rgb(party.colour)
        if seats:
            seats_bar.append(Slice(party.label, party.abbrev, fill, seats, 100 * seats / expected))
        votes_bar.append(Slice(party.label, party.abbrev, fill, share, share))
    other_seats = sum(seats for _, seats, _ in counts) - sum(seats for _, seats, _ in own)
    if other_seats:
        share = 100 * other_seats / expected
        seats_bar.append(Slice(lumped.label, lumped.abbrev, others, other_seats, share))
    other_votes = 100 - sum(share for _, _, share in own)
    if other_votes >= 0.05:
        votes_bar.append(Slice(lumped.label, lumped.abbrev, others, other_votes, other_votes))
    undeclared = expected - len(national.contests)
    if undeclared > 0:
        name = "Not yet declared"
        seats_bar.append(Slice(name, "", UNDECLARED, undeclared, 100 * undeclared / expected))
    return seats_bar, votes_bar


def slice_label(canvas: Canvas, piece: Slice, width: float) -> tuple[str, int] | None:
    """The label inside a slice and its size: "SNP 8%" if it fits, else "SNP", else none (the
    party's colour is in the legend); never a bare figure."""
    if not piece.abbrev:
        return None
    full = f"{piece.abbrev} {fmt.pct(piece.share, 0)}"
    for text, size in ((full, SMALL), (full, SMALL - 3), (piece.abbrev, SMALL - 3)):
        if canvas.measure(text, size) + 6 <= width:
            return text, size
    return None


def _share_bar(canvas: Canvas, y: float, label: str, slices: list[Slice]) -> None:
    """One 100% bar split into slices, each labelled when its label fits."""
    x0 = MARGIN + 70
    span = canvas.width - MARGIN - x0
    canvas.text((MARGIN, y + SHARE_BAR / 2), label, SMALL, INK, anchor="lm", width=66)
    total = sum(piece.share for piece in slices)
    x = float(x0)
    for piece in slices:
        width = span * piece.share / max(total, 100)
        if width <= 0:
            continue
        box = (x, y, x + width, y + SHARE_BAR)
        if piece.fill is None:
            canvas.hatch(box)
        else:
            canvas.draw.rectangle(box, fill=piece.fill)
            if edge(piece.fill) or piece.fill == UNDECLARED:
                canvas.draw.rectangle(box, outline=edge(piece.fill) or RULE)
        shown = slice_label(canvas, piece, width)
        if shown:
            ink = INK if piece.fill is None else text_on(piece.fill)
            canvas.text((x + width / 2, y + SHARE_BAR / 2), shown[0], shown[1], ink, anchor="mm")
        x += width


def legend_items(
    kb: KnowledgeBase, national: NationalFacts, bars: tuple[list[Slice], list[Slice]]
) -> list[tuple[str, Fill]]:
    """Every party with a seat (the hemicycle), then whatever else has a slice in the bars (a
    party with votes but no seats, the others, the seats not yet declared)."""
    items = [
        (f"{kb.party(code).label} {seats}", rgb(kb.party(code).colour))
        for code, seats, _ in seat_counts(national)
        if seats
    ]
    named = {kb.party(code).label for code, seats, _ in seat_counts(national) if seats}
    rest: dict[str, Slice] = {}
    for piece in [*bars[0], *bars[1]]:
        if piece.name not in named:
            rest[piece.name] = piece
    # Parties with votes but no seats first, then the others, then the undeclared seats.
    later = {kb.party(LUMPED).abbrev: 1, "": 2}
    for piece in sorted(rest.values(), key=lambda piece: later.get(piece.abbrev, 0)):
        items.append((piece.name if piece.abbrev in later else f"{piece.name} 0", piece.fill))
    return items


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
    if any(f.contest.seats > 1 for f in national.contests):
        subtitle += " (contests in the data: a multi-member seat counts once)"
    if national.turnout_pct and not partial:
        subtitle += f" · turnout {fmt.pct(national.turnout_pct)}"

    probe = Canvas.new(10)
    top = probe.header(title, subtitle)
    radius = (probe.width - 2 * MARGIN) / 2
    bars = share_bars(kb, national, expected)
    legend = legend_items(kb, national, bars)
    legend_probe = probe.legend(legend, 0)
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
    y = canvas.legend(legend, cy + 16)

    # Vote share against seat share: two 100% bars in the same party order.
    y += 10
    canvas.draw.line((MARGIN, y, canvas.width - MARGIN, y), fill=RULE)
    y += 12
    _share_bar(canvas, y, "Seats", bars[0])
    y += SHARE_BAR + 12
    _share_bar(canvas, y, "Votes" if not partial else "So far", bars[1])
    canvas.footer(source(election.id))
    return canvas
