"""Swings between two named parties: seats ranked by it, and the swing a party needed in a seat.

Butler swing from A to B = ((B now - B before) - (A now - A before)) / 2, with 'before' the
election's baseline (notional 2019 for 2024). The swing a party needs to take a seat is
(winner's share - its share) / 2.
"""

from __future__ import annotations

from dataclasses import replace

from bot import format as fmt
from bot.answer.common import fact
from bot.answer.models import Answer
from bot.areas import Area
from bot.facts import ContestFacts, Placed
from bot.kb.knowledge import KnowledgeBase


def _line_of(kb: KnowledgeBase, code: str) -> set[str]:
    """A party and those it continues ('RUK' and the Brexit Party before it)."""
    line, seen = {code}, code
    while True:
        party = kb.parties.get(seen)
        before = getattr(party, "predecessor", None) if party else None
        if not before or before in line:
            return line
        line.add(before)
        seen = before


def _best(facts: ContestFacts, codes: set[str]) -> Placed | None:
    return next((p for p in facts.placed if p.party in codes), None)


def two_party_swing(facts: ContestFacts, first: str, second: str) -> float | None:
    """The Butler swing from `first` to `second` in one seat, when both stood both times."""
    a = next((p for p in facts.placed if p.party == first), None)
    b = next((p for p in facts.placed if p.party == second), None)
    if a is None or b is None or a.change is None or b.change is None:
        return None
    return (b.change - a.change) / 2


def ranked_swings(
    kb: KnowledgeBase, area: Area, first: str, second: str, largest: bool = True
) -> Answer:
    """Seats ranked by the swing from one named party to another, against the baseline."""
    election = area.election
    rows = [
        (swing, f)
        for f in area.facts.contests
        if (swing := two_party_swing(f, first, second)) is not None
    ]
    rows.sort(key=lambda pair: (-pair[0] if largest else pair[0], pair[1].contest.name))
    a, b = kb.party(first).label, kb.party(second).label
    title = f"Swing from {a} to {b}{area.suffix}, {election.id}"
    if not rows:
        return fact(
            kb,
            title,
            [
                f"No seat{area.where} had both {a} and {b} standing at the {election.name} and at "
                "its baseline, so there is no swing between them to rank."
            ],
            election.id,
        )
    label = rows[0][1].baseline_label or "the previous election"
    top_swing, top = rows[0]
    word = "largest" if largest else "smallest"
    lines = [
        f"The {word} swing from {a} to {b}{area.where} at the {election.name} was in "
        f"{top.contest.name}: {fmt.pct(abs(top_swing))} "
        f"{'from ' + a + ' to ' + b if top_swing >= 0 else 'from ' + b + ' to ' + a} "
        f"(Butler swing, vs {label}), won by {kb.party(top.winner.party).label}.",
        f"Ranked over the {len(rows)} seats where both stood then and at the baseline; "
        f"a negative figure is a swing the other way:",
    ]
    # every seat: the text cuts a long list the one way ('... and 47 more'), Discord pages it
    items = tuple(f"{f.contest.name}: {'+' if s >= 0 else '-'}{fmt.pct(abs(s))}" for s, f in rows)
    return Answer(
        kind="list",
        title=title,
        lines=tuple(lines),
        items=items,
        source=fmt.source_line(election.id),
    )


def needed(kb: KnowledgeBase, facts: ContestFacts, party: str, before: bool, preface: str | None):
    """The swing a party needed to take a seat: before the election (from its baseline, 'how big
    a swing did the lib dems need in X in 2024'), or on the election's own result."""
    contest = facts.contest
    name = fmt.the(kb.party(party).name)
    lines = [preface] if preface else []
    title = f"{contest.name}, {contest.election}: swing needed"
    base = _baseline_facts(kb, facts) if before else facts
    if before and base is None:  # nothing before it loaded: say so, and measure on the result
        answer = needed(kb, facts, party, False, preface)
        note = (
            f"I have no result for {contest.name} before {contest.election} loaded, so this is "
            f"measured on the {contest.election} result itself."
        )
        return replace(answer, notes=(note, *answer.notes))
    label = (facts.baseline_label or base.contest.election) if before else contest.election
    codes = _line_of(kb, party) if before else {party}
    mine = _best(base, codes)
    winner = base.winner
    when = f"on the {label} result" if before else f"at the {contest.election} election"
    if mine is None:
        lines.append(f"{fmt.capital(name)} did not stand in {contest.name} {when}.")
    elif mine is winner:
        held = (
            f"{fmt.capital(name)} already held {contest.name} {when} "
            f"(majority {fmt.pct(base.majority_pct)}): no swing was needed to take it."
        )
        lines.append(held)
    else:
        swing = (winner.share - mine.share) / 2
        holder = fmt.the(kb.party(winner.party).name)
        said = f"Before {contest.election}, {name} needed" if before else f"{name} would need"
        lines.append(
            f"{fmt.capital(said)} a swing of {fmt.pct(swing)} from {holder} to take "
            f"{contest.name}: {when} they had {fmt.pct(mine.share)} to "
            f"{fmt.possessive(holder)} {fmt.pct(winner.share)}, and "
            f"({fmt.pct(winner.share)} - {fmt.pct(mine.share)}) / 2 = {fmt.pct(swing)}."
        )
    if before:
        lines.append(_outcome(kb, facts, codes, name))
    return fact(kb, title, lines, contest.election)


def _outcome(kb: KnowledgeBase, facts: ContestFacts, codes: set[str], name: str) -> str:
    """What happened at the election itself."""
    contest = facts.contest
    if facts.winner.party in codes:
        return f"In {contest.election} {name} won it, by {fmt.pct(facts.majority_pct)}."
    mine = _best(facts, codes)
    came = f"; {name} came {fmt.ordinal(mine.position)} with {fmt.pct(mine.share)}" if mine else ""
    return f"In {contest.election} it went to {kb.party(facts.winner.party).label}{came}."


def _baseline_facts(kb: KnowledgeBase, facts: ContestFacts) -> ContestFacts | None:
    if facts.baseline is None:
        return None
    try:
        return kb.facts_for(facts.baseline)
    except KeyError:
        return None
