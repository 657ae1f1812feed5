"""The night: seats declared over time, stacked by party, with the majority line."""

from __future__ import annotations

import datetime as dt

from bot.charts.draw import INK, MARGIN, MUTED, RULE, SMALL, Canvas, rgb, source
from bot.charts.house import expected_seats
from bot.kb.knowledge import KnowledgeBase, NationalFacts
from bot.models import declared_time

PLOT = 380
AXIS = 42
FOOT = 34
LEFT = 56  # room for the seat-count axis labels
NBSP = "\u00a0"  # keeps a date on one line when the subtitle wraps


def when(text: str | None) -> dt.datetime | None:
    """The Library's '13/12/2019 04:47'; None when absent or unreadable."""
    return declared_time(text)


def declarations(national: NationalFacts) -> list[tuple[dt.datetime, str]]:
    """(time, winning party) for every seat with a declaration time, in order."""
    timed = [(when(f.contest.declared_at), f.winner.party) for f in national.contests]
    return sorted((t, p) for t, p in timed if t is not None)


def header_text(kb: KnowledgeBase, national: NationalFacts) -> tuple[str, str]:
    """The night chart's title and subtitle."""
    election = national.election
    events = declarations(national)
    expected = expected_seats(kb, national)
    majority = expected // 2 + 1
    title = f"{election.name}: the night, seat by seat"
    if len(national.contests) < expected:
        title = f"{election.name}: the night so far, {len(national.contests)} of {expected} seats"
    if not events:
        return title, "The results loaded do not say when each seat declared."
    first, last = events[0][0], events[-1][0]
    day = f"{last:%a %d %b}".replace(" ", NBSP)
    when_text = (
        f"1 seat declared at {first:%H:%M}"
        if len(events) == 1
        else f"{len(events)} seats declared from {first:%H:%M} to {last:%H:%M}"
    )
    return title, f"{when_text} ({day}), by winning party; {majority} for a majority"


def draw_night(kb: KnowledgeBase, national: NationalFacts) -> Canvas:
    election = national.election
    events = declarations(national)
    expected = expected_seats(kb, national)
    majority = expected // 2 + 1
    order = [p.party for p in national.parties if p.seats]
    title, subtitle = header_text(kb, national)
    legend = [(kb.party(code).label, rgb(kb.party(code).colour)) for code in order]
    probe = Canvas.new(10)
    top = probe.header(title, subtitle)
    legend_height = probe.legend(legend, 0)
    height = int(top + PLOT + AXIS + legend_height + FOOT)
    canvas = Canvas.new(height)
    top = canvas.header(title, subtitle)
    x0, x1 = MARGIN + LEFT, canvas.width - MARGIN
    y0, y1 = top + 8, top + PLOT
    ceiling = max(expected, len(events), 1) * 1.1  # headroom for the majority label

    def ypos(seats: float) -> float:
        return y1 - (y1 - y0) * seats / ceiling

    # Seat-count grid lines every 100 seats, and the majority line.
    for seats in range(0, int(ceiling) + 1, 100):
        y = ypos(seats)
        canvas.draw.line((x0, y, x1, y), fill=RULE)
        canvas.text((x0 - 8, y), str(seats), SMALL - 2, MUTED, "rm")
    if events:
        start = events[0][0].replace(minute=0)
        end = events[-1][0].replace(minute=0) + dt.timedelta(hours=1)
        span = (end - start).total_seconds()

        def xpos(moment: dt.datetime) -> float:
            return x0 + (x1 - x0) * (moment - start).total_seconds() / span

        hours = int(span // 3600)
        step = max(1, -(-hours // 8))  # at most about 8 hour labels
        for h in range(0, hours + 1, step):
            moment = start + dt.timedelta(hours=h)
            x = xpos(moment)
            canvas.draw.line((x, y1, x, y1 + 5), fill=MUTED)
            canvas.text((x, y1 + 8), f"{moment:%H:%M}", SMALL - 2, MUTED, "ma", width=80)
        # Cumulative seats by party at each declaration, stacked in the order of final seats.
        counts = {code: 0 for code in order}
        points: list[tuple[float, list[int]]] = [(xpos(start), [0] * len(order))]
        for moment, party in events:
            if party in counts:
                counts[party] += 1
            x = round(xpos(moment))
            if points[-1][0] == x:  # declarations in the same pixel column: one step
                points[-1] = (x, [counts[c] for c in order])
            else:
                points.append((x, [counts[c] for c in order]))
        points.append((x1, points[-1][1]))
        below = [0] * len(points)
        for index, code in enumerate(order):
            above = [b + p[1][index] for b, p in zip(below, points, strict=True)]
            upper, lower = [], []
            for i, (x, _) in enumerate(points):
                if i:  # steps: a declaration raises the band at its moment
                    upper.append((x, ypos(above[i - 1])))
                    lower.append((x, ypos(below[i - 1])))
                upper.append((x, ypos(above[i])))
                lower.append((x, ypos(below[i])))
            if above[-1] > below[-1] or any(a > b for a, b in zip(above, below, strict=True)):
                canvas.draw.polygon(upper + lower[::-1], fill=rgb(kb.party(code).colour))
            below = above
        # When the largest party reached a majority, if it did.
        leader = order[0] if order else None
        tally = 0
        for moment, party in events:
            tally += party == leader
            if tally == majority:
                x = xpos(moment)
                canvas.draw.line((x, y0, x, y1), fill=INK, width=2)
                label = f"{kb.party(leader).abbrev} majority {moment:%H:%M}"
                right = x + 6 + canvas.measure(label, SMALL) < x1
                canvas.text(
                    (x + 6 if right else x - 6, y0), label, SMALL, INK, "la" if right else "ra"
                )
                break
    y = ypos(majority)
    canvas.draw.line((x0, y, x1, y), fill=INK, width=1)
    canvas.text((x0 + 4, y - 3), f"{majority}", SMALL - 2, INK, "ls")
    canvas.draw.line((x0, y0, x0, y1), fill=MUTED)
    canvas.draw.line((x0, y1, x1, y1), fill=MUTED)
    canvas.legend(legend, y1 + AXIS)
    canvas.footer(source(election.id) + " (declaration times are indicative)")
    return canvas
