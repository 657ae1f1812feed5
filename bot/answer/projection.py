"""Projection answers: targets, what-ifs under a national swing, and what it would take.

Every answer names the election it starts from, says its method in one line and that it is a
projection, not a forecast. The arithmetic is in bot/projection.
"""

from __future__ import annotations

from collections import Counter

from bot import format as fmt
from bot.answer.common import plural
from bot.answer.models import Answer, ChartRequest, Table
from bot.facts import NON_PARTIES
from bot.kb.knowledge import KnowledgeBase
from bot.places import Place
from bot.projection.base import Baseline
from bot.projection.needed import LARGEST, Reached
from bot.projection.swing import PROPORTIONAL, Projection
from bot.projection.targets import Target

SHOWN_CHANGES = 10  # seats changing hands named before 'and N more'

UNIFORM_METHOD = (
    "Method: uniform national swing: each party's share moves by the same points in every seat it "
    "contested (never below zero), independents stand alone, and each seat goes to the highest share."
)
PROPORTIONAL_METHOD = (
    "Method: proportional swing: each party's share in every seat it contested is scaled by "
    "(its national share + the change) / its national share, and each seat goes to the highest share."
)
TARGET_METHOD = (
    "Method: a party's targets are the seats it contested and did not win, by the swing it needs "
    "from the winner: (winner's share - its share) / 2."
)


def not_forecast(base: Baseline) -> str:
    return f"A projection from the {base.election.name} results, not a forecast."


def label(kb: KnowledgeBase, party: str) -> str:
    return kb.party_label(party)


def abbrev(kb: KnowledgeBase, party: str) -> str:
    return kb.party(party).abbrev


def changes_text(kb: KnowledgeBase, changes: tuple[tuple[str, float], ...]) -> str:
    """'Labour -5, Reform UK +5' (one decimal only when one is asked)."""
    return ", ".join(f"{label(kb, p)} {_signed(v)}" for p, v in changes)


def _signed(value: float) -> str:
    """'+5', '-3.5': one decimal at most, none when it is zero."""
    return f"{round(value, 1):+g}"


def points(value: float) -> str:
    return f"{value:.1f} points" if value != 1 else "1 point"


def house_line(kb: KnowledgeBase, counts: Counter[str], total: int, line: int) -> str:
    """'Labour would win 355 of 650 seats, a majority of 60.' or a hung parliament's shortfall."""
    ordered = sorted(counts, key=lambda party: (-counts[party], party))
    leader = ordered[0]
    seats = counts[leader]
    name = fmt.party_noun(kb.party(leader))
    if seats >= line:
        return (
            f"{fmt.capital(name)} would win {seats} of {total} seats, "
            f"a majority of {2 * seats - total}."
        )
    tie = len(ordered) > 1 and counts[ordered[1]] == seats
    lead = (
        f"{name} and {fmt.party_noun(kb.party(ordered[1]))} tied on"
        if tie
        else f"{name} largest with"
    )
    return f"Hung parliament: {lead} {seats} seats, {line - seats} short of a majority ({line})."


def seats_table(kb: KnowledgeBase, counts: Counter[str], before: Counter[str], year: str) -> Table:
    parties = sorted(
        set(counts) | set(before), key=lambda party: (-counts[party], -before[party], party)
    )
    rows = tuple(
        (label(kb, p), str(counts[p]), _change(counts[p] - before[p]), str(before[p]))
        for p in parties
        if counts[p] or before[p]
    )
    return Table(
        ("Party", "Seats", "Change", year),
        rows,
        (False, True, True, True),
        caption="Projected seats",
    )


def _change(n: int) -> str:
    return f"{n:+d}" if n else "0"


def what_if(
    kb: KnowledgeBase,
    projection: Projection,
    said: str,
    chart: ChartRequest | None = None,
    notes: tuple[str, ...] = (),
) -> Answer:
    """Seats by party after national changes, majority or hung, and the seats changing hands."""
    base = projection.base
    where = (
        f" in {projection.place.label}"
        if projection.place and not projection.place.is_whole
        else ""
    )
    lines = [f"{said}{where}, from the {base.election.name} result:"]
    if where:
        leader = projection.order()[0]
        lines.append(
            f"{fmt.capital(fmt.party_noun(kb.party(leader)))} would win "
            f"{projection.counts[leader]} of the {projection.total} seats{where}."
        )
    else:
        lines.append(house_line(kb, projection.counts, projection.total, base.majority_line))
    changed = projection.changed
    if changed:
        named = ", ".join(
            f"{seat.name} ({abbrev(kb, seat.winner)} to {abbrev(kb, new)})"
            for seat, new in changed[:SHOWN_CHANGES]
        )
        more = f", and {len(changed) - SHOWN_CHANGES} more" if len(changed) > SHOWN_CHANGES else ""
        lines.append(f"{plural(len(changed), 'seat')} would change hands: {named}{more}.")
    else:
        lines.append("No seat would change hands.")
    method = PROPORTIONAL_METHOD if projection.method == PROPORTIONAL else UNIFORM_METHOD
    return Answer(
        kind="national",
        title=f"What if: {changes_text(kb, projection.changes)}",
        lines=tuple(lines),
        table=seats_table(kb, projection.counts, projection.before, base.election.id),
        notes=(method, not_forecast(base), *notes),
        source=fmt.source_line(base.election.id),
        colour=kb.party(projection.order()[0]).colour,
        charts=(chart,) if chart else (),
    )


def targets(
    kb: KnowledgeBase,
    base: Baseline,
    party: str,
    found: list[Target],
    total: int,
    place: Place | None,
    holder: str | None,
    chart: ChartRequest | None = None,
) -> Answer:
    """A party's targets, easiest first, with holder, majority and swing needed."""
    name = label(kb, party)
    where = f" in {place.label}" if place and not place.is_whole else ""
    held = f" held by {fmt.party_noun(kb.party(holder))}" if holder else ""
    if holder in NON_PARTIES:
        held = " held by independents"
    if not found:
        return Answer(
            kind="fact",
            title=f"{name} targets{where}",
            lines=(
                f"{fmt.capital(fmt.party_noun(kb.party(party)))} {fmt.has(fmt.party_noun(kb.party(party)))} no targets{held}{where} at the "
                f"{base.election.name}: no seat it contested there went to another party.",
            ),
            notes=(TARGET_METHOD, not_forecast(base)),
            source=fmt.source_line(base.election.id),
        )
    mine = abbrev(kb, party)
    items = tuple(
        f"{i}. {t.seat.name}: needs {t.swing_needed:.2f} points (held by {abbrev(kb, t.holder)}, "
        f"majority {fmt.votes(t.seat.facts.majority)} ({fmt.pct(t.seat.facts.majority_pct)}); "
        f"{mine} {fmt.ordinal(t.position)})"
        for i, t in enumerate(found, start=1)
    )
    first = found[0]
    lines = [
        f"{fmt.capital(fmt.possessive(fmt.party_noun(kb.party(party))))} {len(found)} most winnable seats{held}{where} "
        f"({total} in all), from the {base.election.name} result.",
        f"Top target: {first.seat.name}, held by {label(kb, first.holder)}, "
        f"needs a swing of {points(first.swing_needed)}.",
    ]
    return Answer(
        kind="list",
        title=f"{name} targets{held}{where}",
        lines=tuple(lines),
        items=items,
        notes=(TARGET_METHOD, not_forecast(base)),
        source=fmt.source_line(base.election.id),
        colour=kb.party(party).colour,
        charts=(chart,) if chart else (),
    )


def goal(
    kb: KnowledgeBase,
    base: Baseline,
    party: str,
    rival: str,
    wanted: str,
    reached: Reached,
    keep: bool,
    before: Counter[str],
    chart: ChartRequest | None = None,
) -> Answer:
    """The smallest swing to reach (or lose) a majority or largest-party status."""
    name = fmt.party_noun(kb.party(party))
    other = fmt.party_noun(kb.party(rival))
    line = base.majority_line
    aim = f"a majority ({line} seats)" if wanted != LARGEST else "the most seats"
    now = before[party]
    lines = []
    if keep:
        lines.append(
            f"{fmt.capital(name)} already {'won a majority' if wanted != LARGEST else 'won the most seats'} "
            f"at the {base.election.name}, with {now} of {base.size} seats."
        )
        if reached.swing is None:
            lines.append(f"No uniform swing to {other} of up to 50 points would take that away.")
        else:
            lines.append(
                f"{'That majority' if wanted != LARGEST else 'That lead'} would be lost on a uniform "
                f"swing of more than {points(reached.swing)} to {other}: "
                f"{reached.tipping.seat.name} would tip it, falling to "
                f"{label(kb, reached.tipping.after)}."
            )
    elif reached.swing is None:
        stood = sum(1 for s in base.seats if party in s.parties)
        why = (
            f"only {plural(stood, 'seat')} contested, fewer than the {line} a majority needs"
            if wanted != LARGEST and stood < line
            else f"{now} seats won, {plural(stood, 'seat')} contested"
        )
        lines.append(
            f"No uniform swing of up to 50 points from {other} would give {name} {aim}: {why}."
        )
    else:
        lines.append(
            f"{fmt.capital(name)} would need a uniform swing of more than {points(reached.swing)} "
            f"from {other} to win {aim}, from the {now} of {base.size} won at the {base.election.name}."
        )
        tip = reached.tipping
        lines.append(
            f"The seat that tips it: {tip.seat.name} ({abbrev(kb, tip.before)} to "
            f"{abbrev(kb, tip.after)})."
        )
    if reached.swing is not None and not reached.already:
        lines.append(house_line(kb, reached.counts, base.size, line))
    table = (
        seats_table(kb, reached.counts, before, base.election.id)
        if reached.swing is not None and not reached.already
        else None
    )
    return Answer(
        kind="national",
        title=f"What it would take: {label(kb, party)} and {aim}",
        lines=tuple(lines),
        table=table,
        notes=(
            f"Method: the smallest uniform national swing between {label(kb, rival)} and "
            f"{label(kb, party)} (Butler swing: one up, the other down by the same points in every seat "
            "they contested), found by an exact search of where seats change hands.",
            not_forecast(base),
        ),
        source=fmt.source_line(base.election.id),
        colour=kb.party(party).colour,
        charts=(chart,) if chart else (),
    )


def swingometer(
    kb: KnowledgeBase,
    base: Baseline,
    losing: str,
    gaining: str,
    marks: list[tuple[str, float | None]],
    chart: ChartRequest,
) -> Answer:
    """The swingometer's picture, with its landmarks in words."""
    lines = [
        f"Seats along the swing from {label(kb, losing)} to {label(kb, gaining)}, "
        f"from the {base.election.name} result:"
    ]
    for what, at in marks:
        lines.append(
            f"{what}: {'beyond 50 points' if at is None else _swing_at(at, losing, gaining, kb)}"
        )
    return Answer(
        kind="fact",
        title=f"Swingometer: {label(kb, losing)} to {label(kb, gaining)}",
        lines=tuple(lines),
        notes=(UNIFORM_METHOD, not_forecast(base)),
        source=fmt.source_line(base.election.id),
        charts=(chart,),
    )


def _swing_at(at: float, losing: str, gaining: str, kb: KnowledgeBase) -> str:
    if at == 0:
        return "already, at the result itself"
    if at > 0:
        return f"a swing of {points(at)} to {label(kb, gaining)}"
    return f"a swing of {points(-at)} to {label(kb, losing)}"


def ask_for(title: str, intro: str, examples: tuple[str, ...]) -> Answer:
    """A friendly request for what the question left out."""
    return Answer(kind="help", title=title, lines=(intro,), items=examples)
