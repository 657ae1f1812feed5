"""A seat's result: one bar per candidate in party colours, the winner and majority marked."""

from __future__ import annotations

from PIL import Image, ImageDraw

from bot import format as fmt
from bot.charts.draw import (
    BODY,
    INK,
    MARGIN,
    MUTED,
    SMALL,
    Canvas,
    darker,
    rgb,
    source,
    text_on,
)
from bot.facts import NON_PARTIES, ContestFacts
from bot.kb.knowledge import KnowledgeBase

ROW = 56  # one candidate: a label line and a bar
LABEL = 26
BAR = 24
FOOT = 34
STRIPE = 7  # px between the majority's stripes


def bar_boxes(top: int, votes: list[int], width: int) -> list[tuple[int, int, int, int]]:
    """Where each candidate's bar goes: the longest spans the plot, the others in proportion."""
    most = max(votes) or 1
    span = width - 2 * MARGIN
    return [
        (
            MARGIN,
            top + i * ROW + LABEL,
            MARGIN + max(1, round(span * v / most)),
            top + i * ROW + LABEL + BAR,
        )
        for i, v in enumerate(votes)
    ]


def _majority(
    canvas: Canvas,
    box: tuple[int, int, int, int],
    split: int,
    colour: tuple[int, int, int],
    label: str,
) -> None:
    """The majority: the winner's bar beyond the runner-up's, striped in a darker shade of the
    party's colour (the bar stays the party's colour) behind a line at the runner-up's length,
    and labelled where the label fits."""
    x0, y0, x1, y1 = box
    if x1 - split >= 2:
        stripes = darker(colour, 0.72)
        segment = Image.new("RGB", (x1 - split, y1 - y0 + 1), colour)
        pen = ImageDraw.Draw(segment)
        for k in range(-segment.height, segment.width, STRIPE):
            pen.line((k, segment.height, k + segment.height, 0), fill=stripes, width=2)
        canvas.image.paste(segment, (split, y0))
        canvas.draw.line((split, y0 - 3, split, y1 + 3), fill=INK, width=2)
    width = canvas.measure(label, SMALL)
    if width + 16 <= x1 - split:
        centre = (split + x1) / 2
    elif width + 16 <= split - x0:
        centre = split - 8 - width / 2
    else:
        return
    # A plain patch under the label, so it reads against the stripes.
    canvas.draw.rectangle(
        (centre - width / 2 - 5, y0 + 2, centre + width / 2 + 5, y1 - 2), fill=colour
    )
    canvas.text((centre, (y0 + y1) / 2), label, SMALL, text_on(colour), anchor="mm")


def party_label(kb: KnowledgeBase, candidacy) -> str:
    """The curated short name ('SDLP'), else the party as printed; Lab Co-op stays visible."""
    known = kb.parties.get(candidacy.party)
    if not candidacy.name or (
        known and candidacy.party not in NON_PARTIES and "Co-operative" not in candidacy.party_name
    ):
        return kb.party(candidacy.party).label
    return candidacy.party_name


def _change(facts: ContestFacts, index: int) -> str:
    placed = facts.placed[index]
    if placed.change is None:
        return "" if placed.party in NON_PARTIES else "new"
    return fmt.pp(placed.change)


def draw_result(kb: KnowledgeBase, facts: ContestFacts) -> Canvas:
    contest = facts.contest
    election = kb.elections[contest.election]
    outcome = facts.outcome.text(kb.abbreviations())
    title = f"{contest.name} {contest.election}: {outcome}"
    parts = [f"Majority {fmt.votes(facts.majority)} ({fmt.pct(facts.majority_pct)})"]
    if facts.turnout_pct is not None:
        parts.append(f"turnout {fmt.pct(facts.turnout_pct)}")
    changes = any(p.change is not None for p in facts.placed)
    if changes:
        baseline = facts.baseline_label or election.baseline_label
        parts.append(f"change vs {baseline}" if baseline else "change vs previous election")
    if contest.seats > 1:
        parts.append(f"a {contest.seats}-member seat: votes are party totals")
    if contest.party_level:
        parts.append("votes by party group (candidates not named in the data)")

    # Measure the header on a scratch canvas, then draw on one of the right height.
    probe = Canvas.new(10)
    top = probe.header(title, " · ".join(parts))
    height = top + ROW * len(facts.placed) + FOOT
    canvas = Canvas.new(height)
    top = canvas.header(title, " · ".join(parts))

    votes = [p.candidacy.votes for p in facts.placed]
    boxes = bar_boxes(top, votes, canvas.width)
    runner_up = facts.runner_up
    for index, (placed, box) in enumerate(zip(facts.placed, boxes, strict=True)):
        colour = rgb(kb.party(placed.party).colour)
        candidacy = placed.candidacy
        x0, y0, x1, y1 = box
        figures = f"{fmt.votes(candidacy.votes)}   {fmt.pct(placed.share)}"
        change = _change(facts, index) if changes else ""
        change_width = canvas.measure("+00.0pp", SMALL) + 12 if changes else 0
        figures_width = canvas.measure(figures, BODY)
        right = canvas.width - MARGIN
        base = y0 - 6  # the label line's baseline, just above the bar
        if change:
            canvas.text((right, base), change, SMALL, MUTED, anchor="rs")
        canvas.text((right - change_width, base), figures, BODY, INK, anchor="rs")
        room = right - change_width - figures_width - 16 - MARGIN
        name = candidacy.name
        party = party_label(kb, candidacy)
        winner = index == 0 and not contest.unopposed
        if winner:
            tag = "ELECTED" if contest.seats == 1 else "TOP"
            tag_width = canvas.measure(tag, SMALL - 2) + 12
            room -= tag_width + 8
        if name:
            used = canvas.text((MARGIN, base), name, BODY, INK, "ls", width=room, bold=winner)
            if room - used > 60:
                used += 10
                used += canvas.text(
                    (MARGIN + used, base), party, SMALL, MUTED, "ls", width=room - used
                )
        else:
            used = canvas.text((MARGIN, base), party, BODY, INK, "ls", width=room, bold=winner)
        if winner:
            tx = MARGIN + used + 10
            canvas.draw.rounded_rectangle(
                (tx, base - 18, tx + tag_width, base + 3), radius=4, fill=colour
            )
            canvas.text(
                (tx + tag_width / 2, base - 7), tag, SMALL - 2, text_on(colour), anchor="mm"
            )
        canvas.bar(box, colour)
        if winner and runner_up is not None:
            _majority(canvas, box, boxes[1][2], colour, f"majority {fmt.votes(facts.majority)}")
    canvas.footer(source(contest.election))
    return canvas
