"""The map: one equal hexagon per seat (Open Innovations' layouts), shaded by what was asked.

Modes: `winner` (each seat in its winner's colour, seats that changed hands against the baseline
ringed), `changed` (the same, seats held drawn pale), `won` (one party's seats), `second` (where a
party came second, in the colour of who beat it) and `share` (a party's share on a sequential,
colour-blind-safe scale: viridis). A place is cropped to fit; a named seat is outlined and
labelled; during a count, undeclared seats are empty outlines. Labels for orientation (nations,
London, a few cities) go in empty space beside their seats, never over a hex.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

from PIL import Image, ImageDraw

from bot import format as fmt
from bot.answer.models import ChartRequest
from bot.charts.draw import (
    BACKGROUND,
    FAINT,
    INK,
    MARGIN,
    MUTED,
    RULE,
    SMALL,
    Canvas,
    edge,
    length,
    metrics,
    plain,
    rgb,
    source,
    text_on,
)
from bot.facts import ContestFacts
from bot.hexlayout import (
    CITIES,
    Frame,
    Hex,
    Layout,
    corners,
    find_hex,
    fit,
    in_place,
    layout,
    layout_name,
    size_for,
)
from bot.kb.declare import night_order
from bot.kb.knowledge import KnowledgeBase

MODES = ("winner", "changed", "won", "second", "share")
MAP_WIDTH = 800 - 2 * MARGIN
MAP_HEIGHT = 900  # the whole UK is tall: at most this many pixels of map
TALLEST = 1400  # no map's picture is taller
LARGEST = 38.0  # hex radius (px) for a small place
GAP = 0.9  # a hex is drawn this much of its radius: white lines between seats
RING = (0.34, 0.64)  # the changed-hands ring, as fractions of the radius (inner, outer)
RING_BAND = 5.0  # ... at most this many pixels wide on large hexes
UNDECLARED = BACKGROUND
PALE = 0.28  # a held seat's colour on the changed-hands map: this much of the party colour
LABEL = 16  # orientation labels
HIGHLIGHT = (0, 0, 0)

# viridis (matplotlib), at 0, 0.1, ... 1: sequential, readable in grey and by colour-blind eyes
VIRIDIS = (
    (68, 1, 84),
    (72, 36, 117),
    (65, 68, 135),
    (53, 95, 141),
    (42, 120, 142),
    (33, 145, 140),
    (34, 168, 132),
    (68, 191, 112),
    (122, 209, 81),
    (189, 223, 38),
    (253, 231, 37),
)


class NoMap(LookupError):
    """No map can be drawn (an election before 2010, or one not loaded); says why in words."""


def viridis(t: float) -> tuple[int, int, int]:
    """The colour at t (0..1) on the viridis scale, interpolated between its eleven stops."""
    t = min(max(t, 0.0), 1.0) * (len(VIRIDIS) - 1)
    i = min(int(t), len(VIRIDIS) - 2)
    f = t - i
    a, b = VIRIDIS[i], VIRIDIS[i + 1]
    return tuple(round(a[k] + (b[k] - a[k]) * f) for k in range(3))


def pale(colour: tuple[int, int, int], amount: float = PALE) -> tuple[int, int, int]:
    return tuple(round(255 - (255 - c) * amount) for c in colour)


SHARE_STEP = 5.0  # the share scale's classes, in percentage points


def share_colour(share: float, top: float) -> tuple[int, int, int]:
    """A share's class colour: 0-5%, 5-10%, ... up to `top`, each a step along viridis (classes
    read more surely than a smooth blend, and their brightness always rises with the share)."""
    classes = max(1, round(top / SHARE_STEP))
    k = min(max(int(share // SHARE_STEP), 0), classes - 1)
    return viridis((k + 0.5) / classes)


def share_top(highest: float) -> float:
    """The top of the share scale: the highest share rounded up to ten points (at least 10)."""
    return max(10.0, math.ceil(highest / 10 - 1e-9) * 10)


@dataclass(frozen=True)
class Cell:
    """What one hex shows."""

    hex: Hex
    fill: tuple[int, int, int]
    ring: bool = False  # changed hands
    declared: bool = True


@dataclass(frozen=True)
class MapPlan:
    """Everything the picture needs, computed from the knowledge base (no pixels yet)."""

    request: ChartRequest
    layout: Layout
    cells: tuple[Cell, ...]
    title: str
    subtitle: str
    legend: tuple[tuple[str, tuple[int, int, int]], ...]
    ring_label: str | None  # the legend's words for a ringed seat, when any is ringed
    scale_top: float | None  # share maps: the top of the scale
    highlight: Hex | None
    declared: int
    expected: int
    footer: str
    counting: bool = False  # the election is being counted (hollow: not declared yet)


def contests_shown(kb: KnowledgeBase, request: ChartRequest) -> tuple[list[ContestFacts], bool]:
    """The election's declared seats (the first `declared` of a count), and whether it is still
    being counted at that point."""
    election = request.election
    progress = kb.progress.get(election)
    national = kb.national.get(election)
    if progress is not None:
        keys = progress.order[: request.declared] if request.declared else progress.order
        facts = [kb.facts[(election, k)] for k in keys if (election, k) in kb.facts]
        return facts, len(facts) < progress.total
    if national is None:
        return [], False
    if request.declared and request.declared < len(national.contests):
        # counted and complete, a milestone's map (drawn late, or a rehearsal's): the first
        # seats in the night's order, as the replay declares them (bot.kb.declare.night_order)
        timed, untimed = night_order(kb.contests.get(election, {}))
        if timed:
            keys = (timed + untimed)[: request.declared]
            return [kb.facts[(election, k)] for k in keys if (election, k) in kb.facts], True
    return list(national.contests), False


def map_layout(kb: KnowledgeBase, election_id: str) -> Layout:
    """The layout for an election, or NoMap saying why there is none."""
    election = kb.elections.get(election_id)
    if election is None or (election_id not in kb.national and election_id not in kb.progress):
        raise NoMap(f"no results for an election called {election_id!r}")
    name = layout_name(election.year, election.notional)
    if name is None:
        raise NoMap(
            f"there is no map for the {election.name}: its seats differ from both hex layouts "
            "I have (the 2010-2019 seats and the 2024 seats), and I would rather draw no map "
            "than put seats in the wrong place"
        )
    return layout(name)


def plan_map(kb: KnowledgeBase, request: ChartRequest) -> MapPlan:
    """What each hex shows, the title, the legend: everything but the pixels."""
    election = kb.elections.get(request.election)
    grid = map_layout(kb, request.election)
    mode = request.mode or "winner"
    if mode not in MODES:
        raise NoMap(f"unknown kind of map {mode!r}")
    party = request.party
    if mode in {"won", "second", "share"} and not party:
        raise NoMap(f"a {mode} map needs a party")
    kind, place_name = request.place or ("uk", "the UK")
    facts_list, counting = contests_shown(kb, request)
    by_hex: dict[str, ContestFacts] = {}
    for facts in facts_list:
        found = find_hex(grid, facts.contest.ons_id, facts.contest.name)
        if found is not None:
            by_hex[found.code] = facts
    hexes = [h for h in grid.hexes if in_place(h, kind, place_name)]
    if not hexes:
        raise NoMap(f"no seats of the map are in {place_name}")
    label = kb.party(party).label if party else ""
    shares: dict[str, float] = {}
    if mode == "share":
        for code, facts in by_hex.items():
            share = sum(p.share for p in facts.placed if p.party == party) if facts.placed else 0
            if any(p.party == party for p in facts.placed):
                shares[code] = share
    top = share_top(max((shares[h.code] for h in hexes if h.code in shares), default=0.0))

    cells: list[Cell] = []
    colours: dict[str, tuple[int, int, int]] = {}
    counts: dict[str, int] = {}
    rings = 0
    for h in hexes:
        facts = by_hex.get(h.code)
        if facts is None or not facts.placed:
            cells.append(Cell(h, UNDECLARED, declared=False))
            continue
        winner = facts.winner.party
        colour = colours.get(winner) or colours.setdefault(winner, rgb(kb.party(winner).colour))
        gain = bool(facts.outcome.gain and facts.outcome.previous)
        if mode == "winner":
            cell = Cell(h, colour, gain)
            counts[winner] = counts.get(winner, 0) + 1
        elif mode == "changed":
            cell = Cell(h, colour if gain else pale(colour), gain)
            if gain:
                counts[winner] = counts.get(winner, 0) + 1
        elif mode == "won":
            mine = winner == party
            cell = Cell(h, colour if mine else FAINT, gain and mine)
            if mine:
                counts[winner] = counts.get(winner, 0) + 1
        elif mode == "second":
            second = facts.runner_up is not None and facts.runner_up.party == party
            cell = Cell(h, colour if second else FAINT)
            if second:
                counts[winner] = counts.get(winner, 0) + 1
        else:  # share
            share = shares.get(h.code)
            cell = Cell(h, FAINT if share is None else share_colour(share, top))
        if request.seat and cell.declared:
            cell = Cell(h, pale(cell.fill, 0.45), False)  # the named seat stands out (set below)
        rings += cell.ring
        cells.append(cell)

    declared = sum(c.declared for c in cells)
    expected = len(cells)
    where = "" if kind == "uk" else f", {place_name}"
    baseline = election.baseline_label or "the previous election"
    highlight = None
    if request.seat:
        contest = kb.contests.get(request.election, {}).get(request.seat) or kb.nominations.get(
            request.election, {}
        ).get(request.seat)
        if contest is not None:
            highlight = find_hex(grid, contest.ons_id, contest.name)
        if highlight is not None:  # in full colour, ringed if it changed hands
            facts = by_hex.get(highlight.code)
            for i, cell in enumerate(cells):
                if cell.hex == highlight and facts is not None and facts.placed:
                    gain = bool(facts.outcome.gain and facts.outcome.previous)
                    colour = rgb(kb.party(facts.winner.party).colour)
                    cells[i] = Cell(highlight, colour, gain)
                    rings += gain
    n = sum(counts.values())
    if counting:
        title = f"{election.name}{where}: {declared} of {expected} declared"
    elif highlight is not None and mode == "winner":
        title = f"{highlight.name} on the map of the {election.name}"
    elif mode == "winner":
        title = f"{election.name}{where}: the winner in every seat"
    elif mode == "changed":
        title = f"{election.name}{where}: {n} of {expected} seats changed hands"
    elif mode == "won":
        title = f"{election.name}{where}: the {n} seats {label} won"
    elif mode == "second":
        title = f"{election.name}{where}: {label} came second in {n} seats"
    else:
        title = f"{election.name}{where}: {label} share of the vote"
    subtitle = f"One equal hexagon per seat, {grid.boundaries.removeprefix('the ')}"
    seat_facts = by_hex.get(highlight.code) if highlight is not None else None
    if seat_facts is not None and seat_facts.placed:
        where_seat = highlight.region or highlight.nation
        outcome = seat_facts.outcome.text(kb.abbreviations())
        subtitle = f"{highlight.name} ({where_seat}): {outcome}. {subtitle}"
    if mode == "second":
        subtitle += f"; coloured by who beat {label}"
    if mode == "share":
        subtitle += f"; grey where {label} did not stand"
    if counting:
        subtitle += "; hollow: not declared yet"
    elif declared < expected:  # a base with some seats' results only (the shipped sample)
        title = f"{election.name}{where}: results loaded for {declared} of {expected} seats"
        subtitle += "; hollow: no result loaded"
    legend = [
        (f"{kb.party(p).label} {c}", rgb(kb.party(p).colour))
        for p, c in sorted(counts.items(), key=lambda pc: (-pc[1], pc[0]))
    ]
    if mode in {"won", "second"}:
        legend.append(("other seats", FAINT))
    if mode == "changed":
        legend.append(("held: the winner's colour, pale", pale(MUTED)))
    if mode == "share":
        legend = [(f"{label} did not stand", FAINT)]
    ring_label = f"changed hands vs {baseline}" if rings and election.baseline else None
    return MapPlan(
        request=request,
        layout=grid,
        cells=tuple(cells),
        title=title,
        subtitle=subtitle,
        legend=tuple(legend),
        ring_label=ring_label,
        scale_top=top if mode == "share" else None,
        highlight=highlight,
        declared=declared,
        expected=expected,
        footer=_footer(election.id),
        counting=counting,
    )


def _footer(election: str) -> str:
    """The source and the layout's credit, shortened until it fits one line."""
    full = source(election)
    for text in (
        f"{full} · hex map: Open Innovations (MIT)",
        f"{full.removeprefix('Returning Officer · ')} · hex map: Open Innovations (MIT)",
        f"{full.removeprefix('Returning Officer · ')} · hexes: Open Innovations",
    ):
        if length(plain(text), SMALL - 2) <= 800 - 2 * MARGIN:
            return text
    return text


# Drawing ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Placed:
    """Where the map sits on its canvas, and its orientation labels (computed once per shape)."""

    frame: Frame
    height: int
    # text, left, top, and a leader line to the seats (None when the label is beside them)
    labels: tuple[tuple[str, float, float, tuple[float, float, float, float] | None], ...]


def _header_height(title: str, subtitle: str) -> int:
    return Canvas.new(10).header(title, subtitle)


def _orientation(hexes: tuple[Hex, ...], whole: bool) -> list[tuple[str, list[Hex]]]:
    """The groups labelled for orientation: nations and London on a whole map, cities in a crop."""
    groups: list[tuple[str, list[Hex]]] = []
    if whole:
        for nation in ("Scotland", "Wales", "Northern Ireland", "England"):
            members = [h for h in hexes if h.nation == nation]
            if members:
                groups.append((nation, members))
        london = [h for h in hexes if h.region == "London"]
        if london:
            groups.append(("London", london))
    for city in CITIES:
        members = [h for h in hexes if city in h.name.replace(",", " ").split()]
        if len(members) >= 2 and len(members) < len(hexes):
            groups.append((city, members))
    return groups


@cache
def placement(grid: str, codes: tuple[str, ...], top: int, whole: bool) -> Placed:
    """Fit the hexes below `top` and find each orientation label a place in empty space near its
    seats (the nearest spot where the text covers no hex and no other label)."""
    chosen = layout(grid)
    hexes = tuple(chosen.by_code[c] for c in codes)
    natural = size_for(hexes, MAP_WIDTH, LARGEST)
    height = int(min(natural, MAP_HEIGHT))
    frame = fit(hexes, (MARGIN, top, MARGIN + MAP_WIDTH, top + height), LARGEST)
    width = 800
    mask = Image.new("L", (width, top + height + 4), 0)
    draw = ImageDraw.Draw(mask)
    for h in hexes:
        draw.polygon(frame.corners(h, 1.15), fill=255)
    labels = []
    ascent, descent = metrics(LABEL)
    tall = ascent + descent
    step = max(4.0, frame.radius / 2)
    centres = [frame.centre(h) for h in hexes]
    for text, members in _orientation(hexes, whole):
        points = [frame.centre(h) for h in members]
        ax = sum(x for x, _ in points) / len(points)
        ay = sum(y for _, y in points) / len(points)
        wide = length(plain(text), LABEL) + 1
        spot = _free_spot(mask, ax, ay, wide, tall, step, top, width)
        if spot is None:
            continue
        left, upper = spot
        box = (left - 3, upper - 3, left + wide + 3, upper + tall + 3)
        line = _leader(box, points, centres, frame.radius)
        if line is False:  # too far from its seats to say which they are
            continue
        draw.rectangle(box, fill=255)
        labels.append((text, left, upper, line))
    return Placed(frame, height, tuple(labels))


def _leader(
    box: tuple[float, float, float, float],
    members: list[tuple[float, float]],
    centres: list[tuple[float, float]],
    radius: float,
    near: float = 1.6,
    far: float = 6.0,
):
    """A line from a label's box to the edge of its nearest seat: None when the label is right
    beside its seats, False when it is too far to tell (or the line would cross a seat's
    centre, where the seat's colour is read)."""
    left, upper, right, lower = box
    best = None
    for cx, cy in members:
        lx, ly = min(max(cx, left), right), min(max(cy, upper), lower)
        gap = math.hypot(cx - lx, cy - ly)
        if best is None or gap < best[0]:
            best = (gap, lx, ly, cx, cy)
    gap, lx, ly, cx, cy = best
    if gap <= near * radius:
        return None
    if gap > far * radius:
        return False
    ex, ey = cx - (cx - lx) / gap * radius * 0.5, cy - (cy - ly) / gap * radius * 0.5
    if any(_near_segment(c, (lx, ly), (ex, ey), 3) for c in centres if c != (cx, cy)):
        return False
    return (lx, ly, ex, ey)


def _free_spot(
    mask: Image.Image,
    ax: float,
    ay: float,
    wide: float,
    tall: float,
    step: float,
    top: int,
    width: int,
) -> tuple[float, float] | None:
    """The nearest box of this size, centred near (ax, ay), that covers nothing on the mask."""
    for ring in range(0, 40):
        spots = []
        for i in range(-ring, ring + 1):
            for j in (-ring, ring) if abs(i) != ring else range(-ring, ring + 1):
                spots.append((ax + i * step * 2, ay + j * step))
        spots.sort(key=lambda spot: (spot[0] - ax) ** 2 + (spot[1] - ay) ** 2)
        for cx, cy in spots:
            left, upper = cx - wide / 2, cy - tall / 2
            if left < MARGIN / 2 or left + wide > width - MARGIN / 2:
                continue
            if upper < top or upper + tall > mask.height:
                continue
            box = (int(left) - 2, int(upper) - 2, int(left + wide) + 3, int(upper + tall) + 3)
            if mask.crop(box).getbbox() is None:
                return left, upper
    return None


def ring_radii(radius: float) -> tuple[float, float]:
    """The ring's inner and outer radius (px) on a hex of this radius."""
    outer = radius * RING[1]
    return max(radius * RING[0], outer - RING_BAND), outer


def hex_marks(frame: Frame, h: Hex) -> tuple[tuple[int, int], tuple[int, int]]:
    """Two pixels that say what a hex shows: its centre (the fill) and a point on the middle of
    the changed-hands ring (its left side), for tests and for anyone reading the picture back."""
    cx, cy = frame.centre(h)
    across = sum(ring_radii(frame.radius)) / 2 * math.cos(math.radians(30))
    return (round(cx), round(cy)), (round(cx - across), round(cy))


def draw_map(kb: KnowledgeBase, plan: MapPlan) -> Canvas:
    # Drawn on a canvas taller than needed, then cut to what was drawn: the header and legend are
    # laid out once, not measured first (text is most of a map's drawing time).
    canvas = Canvas.new(TALLEST)
    header = canvas.header(plan.title, plan.subtitle)
    codes = tuple(c.hex.code for c in plan.cells)
    whole = (plan.request.place or ("uk",))[0] == "uk"
    placed = placement(plan.layout.name, codes, header, whole)
    frame = placed.frame
    legend_top = header + placed.height + 14
    draw = canvas.draw
    r = frame.radius
    for cell in plan.cells:
        cx, cy = frame.centre(cell.hex)
        if not cell.declared:
            draw.polygon(corners(cx, cy, r * GAP), fill=UNDECLARED, outline=RULE)
            continue
        draw.polygon(corners(cx, cy, r * GAP), fill=cell.fill, outline=edge(cell.fill))
        if cell.ring:
            inner, outer = ring_radii(r)
            draw.polygon(corners(cx, cy, outer), fill=text_on(cell.fill))
            draw.polygon(corners(cx, cy, inner), fill=cell.fill)
    for text, left, upper, line in placed.labels:
        if line is not None:
            draw.line(line, fill=MUTED, width=1)
        canvas.text((left, upper), text, LABEL, MUTED, anchor="la", width=800)
    if plan.highlight is not None:
        _highlight(canvas, frame, plan, header, legend_top)
    bottom = _legend(canvas, plan, legend_top, frame)
    image = canvas.image.crop((0, 0, canvas.width, min(int(bottom) + 30, TALLEST)))
    canvas = Canvas(image, ImageDraw.Draw(image))
    canvas.footer(plan.footer)
    return canvas


def _highlight(canvas: Canvas, frame: Frame, plan: MapPlan, top: int, bottom: int) -> None:
    """Outline the named seat in black, with its name in a callout just above it (below it when
    there is no room above)."""
    h = plan.highlight
    cx, cy = frame.centre(h)
    r = frame.radius
    outline = corners(cx, cy, r * 1.08)
    canvas.draw.line([*outline, outline[0]], fill=HIGHLIGHT, width=max(3, round(r / 4)))
    text = plain(h.name)
    wide = length(text, SMALL) + 2
    ascent, descent = metrics(SMALL)
    tall = ascent + descent + 6
    left = min(max(cx - wide / 2 - 5, MARGIN / 2), canvas.width - MARGIN / 2 - wide - 10)
    upper = cy - r * 1.1 - 14 - tall
    tip = cy - r * 1.1
    if upper < top:
        upper = cy + r * 1.1 + 14
        tip = cy + r * 1.1
    box = (left, upper, left + wide + 10, upper + tall)
    near = upper + tall if upper < cy else upper
    canvas.draw.line((cx, tip, cx, near), fill=HIGHLIGHT, width=2)
    canvas.draw.rectangle(box, fill=BACKGROUND, outline=HIGHLIGHT, width=2)
    canvas.text((left + 5, upper + 3), text, SMALL, INK, anchor="la", width=wide + 2)


def _near_segment(p, a, b, within: float) -> bool:
    (px, py), (ax, ay), (bx, by) = p, a, b
    vx, vy = bx - ax, by - ay
    span = vx * vx + vy * vy or 1.0
    t = min(max(((px - ax) * vx + (py - ay) * vy) / span, 0.0), 1.0)
    return math.hypot(px - (ax + t * vx), py - (ay + t * vy)) <= within


def _legend(canvas: Canvas, plan: MapPlan, y: float, frame: Frame) -> float:
    """The legend from y; returns the y below it."""
    items = list(plan.legend)
    if items:
        y = canvas.legend(items, y)
    x = MARGIN
    if plan.ring_label:
        fill = INK
        for cell in plan.cells:
            if cell.ring:
                fill = cell.fill
                break
        size = 11
        cx, cy = x + size, y + SMALL / 2 + 2
        canvas.draw.polygon(corners(cx, cy, size * GAP), fill=fill, outline=edge(fill))
        canvas.draw.polygon(corners(cx, cy, size * RING[1]), fill=text_on(fill))
        canvas.draw.polygon(corners(cx, cy, size * RING[0]), fill=fill)
        x += canvas.text((x + 2 * size + 6, y), f"ringed: {plan.ring_label}", SMALL) + 2 * size + 24
    if plan.declared < plan.expected:
        size = 11
        cx, cy = x + size, y + SMALL / 2 + 2
        canvas.draw.polygon(corners(cx, cy, size * GAP), fill=UNDECLARED, outline=MUTED)
        hollow = "not declared yet" if plan.counting else "no result loaded"
        canvas.text((x + 2 * size + 6, y), hollow, SMALL)
    if plan.ring_label or plan.declared < plan.expected:
        y += SMALL + 12
    if plan.scale_top is not None:
        _scale(canvas, plan.scale_top, y)
        y += 44
    return y


def _scale(canvas: Canvas, top: float, y: float) -> None:
    """The share scale: its classes from 0% to `top` as a bar of boxes, ticked every ten points."""
    x0, x1 = MARGIN, min(canvas.width - MARGIN, MARGIN + 500)
    bar = 16
    classes = max(1, round(top / SHARE_STEP))
    for k in range(classes):
        left = x0 + (x1 - 1 - x0) * k / classes
        right = x0 + (x1 - 1 - x0) * (k + 1) / classes
        canvas.draw.rectangle((left, y, right, y + bar), fill=share_colour(k * SHARE_STEP, top))
    canvas.draw.rectangle((x0, y, x1 - 1, y + bar), outline=RULE)
    ticks = int(top // 10)
    every = 1 if ticks <= 8 else 2
    for k in range(0, ticks + 1, every):
        x = x0 + (x1 - 1 - x0) * k * 10 / top
        canvas.draw.line((x, y + bar, x, y + bar + 4), fill=MUTED)
        canvas.text((x, y + bar + 6), fmt.pct(k * 10, 0), SMALL - 2, MUTED, anchor="ma", width=60)


def draw_plan(kb: KnowledgeBase, plan: MapPlan) -> Canvas:
    """The DRAWERS entry: a plan in, a canvas out."""
    return draw_map(kb, plan)


def locate(kb: KnowledgeBase, request: ChartRequest) -> dict[str, tuple[tuple[int, int], ...]]:
    """Where each seat's hex is drawn on this map, by GSS code of the layout: its centre (the
    fill) and a pixel on its changed-hands ring; for tests and anyone reading a map back."""
    plan = plan_map(kb, request)
    header = _header_height(plan.title, plan.subtitle)
    codes = tuple(c.hex.code for c in plan.cells)
    whole = (request.place or ("uk",))[0] == "uk"
    frame = placement(plan.layout.name, codes, header, whole).frame
    return {c.hex.code: hex_marks(frame, c.hex) for c in plan.cells}
