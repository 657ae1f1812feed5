"""Questions about the state of a count: the latest declaration, the race to a majority, who is
ahead, and the swing in the seats declared so far. Each also answers for a finished election."""

from __future__ import annotations

import datetime as dt

from bot import format as fmt
from bot.answer.common import fact, plural
from bot.answer.models import Answer
from bot.answer.result import outcome_text, times_note, who
from bot.areas import Area
from bot.facts import ContestFacts, butler_swing
from bot.kb.knowledge import KnowledgeBase, NationalFacts, national_facts

LATEST_LISTED = 5  # earlier declarations listed under the latest


def declared_in_election(kb: KnowledgeBase, area: Area) -> tuple[int, int] | None:
    """(declared, seats being fought) for the whole election while it is counted; else None."""
    progress = kb.progress.get(area.election.id)
    if progress is None or progress.complete:
        return None
    return len(progress.order), progress.total


def _when(kb: KnowledgeBase, facts: ContestFacts) -> str | None:
    annotation = kb.annotation(facts.contest)
    return (annotation.declared_at if annotation else None) or facts.contest.declared_at


def _moment(text: str | None) -> dt.datetime | None:
    try:
        return dt.datetime.strptime((text or "").strip(), "%d/%m/%Y %H:%M")
    except ValueError:
        return None


def declaration_order(kb: KnowledgeBase, area: Area) -> list[ContestFacts]:
    """The area's declared seats, first declaration first: the count's own order while it runs,
    else the declaration times the results carry (seats without a time are left out)."""
    progress = kb.progress.get(area.election.id)
    if progress is not None:
        inside = {kb.contest_key(f.contest): f for f in area.facts.contests}
        return [inside[key] for key in progress.order if key in inside]
    timed = [(m, f) for f in area.facts.contests if (m := _moment(_when(kb, f)))]
    return [f for _, f in sorted(timed, key=lambda pair: (pair[0], pair[1].contest.name))]


def _declared_line(kb: KnowledgeBase, facts: ContestFacts) -> str:
    when = fmt.declared(_when(kb, facts))
    return (
        f"{facts.contest.name}" + (f" at {when}" if when else "") + f": "
        f"{who(kb, facts.winner.candidacy)} won, {outcome_text(kb, facts)}, "
        f"majority {fmt.votes(facts.majority)}"
    )


def latest(kb: KnowledgeBase, area: Area, first: bool = False) -> Answer:
    """'What was the latest declaration?' (or the first): the seat, when, and its result."""
    election = area.election
    order = declaration_order(kb, area)
    state = declared_in_election(kb, area)
    word = "first" if first else "latest" if state else "last"
    title = f"{fmt.capital(word)} declaration{area.suffix}, {election.id}"
    if not order:
        line = (
            f"No seat{area.where} has declared yet at the {election.name}."
            if state
            else f"The results I have for the {election.name} carry no declaration times{area.where}."
        )
        return fact(kb, title, [line], election.id)
    facts = order[0] if first else order[-1]
    number = 1 if first else len(order)
    of = f"{fmt.ordinal(number)} of {len(area.facts.contests) if not state else state[1]}"
    if not area.place.is_whole:
        of = f"{fmt.ordinal(number)} declared{area.where}"
    lines = [f"The {word} seat to declare{area.where} ({of}) was {_declared_line(kb, facts)}."]
    if state:
        lines.append(f"{fmt.seats_declared(*state)} so far; {_left(state)}.")
    earlier = order[1 : 1 + LATEST_LISTED] if first else order[-1 - LATEST_LISTED : -1][::-1]
    items = tuple(_declared_line(kb, f) for f in earlier)
    if items:
        lines.append("Next to declare:" if first else "Before it:")
    return Answer(
        kind="fact",
        title=title,
        lines=tuple(lines),
        items=items,
        notes=times_note(kb, [f.contest for f in (facts, *earlier)]),
        source=fmt.source_line(election.id),
    )


def _left(state: tuple[int, int]) -> str:
    left = state[1] - state[0]
    return f"{left} {'is' if left == 1 else 'are'} still to declare"


def _name(kb: KnowledgeBase, party: str) -> str:
    return fmt.party_noun(kb.party(party))


def majority_race(kb: KnowledgeBase, area: Area, party: str | None) -> Answer:
    """'Does anyone have a majority yet?', 'how far are the Tories from a majority?'."""
    election = area.election
    national = kb.national[election.id]
    state = declared_in_election(kb, Area(national, area.place))
    seats = state[1] if state else len(national.contests)
    needed = seats // 2 + 1
    leader = national.parties[0] if national.parties else None
    asked = national.party(party) if party else leader
    title = f"Majority, {election.id}"
    if leader is None:
        return fact(kb, title, [f"No seat has declared yet at the {election.name}."], election.id)
    held = asked.seats if asked else 0
    subject = fmt.capital(_name(kb, party or leader.party))
    lines = []
    if state:
        left = seats - state[0]
        if held >= needed:
            lines.append(
                f"Yes: {_name(kb, party or leader.party)} {fmt.has(subject)} {held} seats so far, "
                f"a majority of the "
                f"{seats} ({needed} needed), with {left} still to declare."
            )
        else:
            can = held + left >= needed
            lines.append(
                f"{'No party has a majority yet' if not party else 'Not yet'}: "
                f"{_name(kb, party or leader.party)} "
                f"{fmt.has(subject)} {plural(held, 'seat')} of the {state[0]} declared so far, "
                f"{needed - held} short of the {needed} needed for a majority of the {seats} seats; "
                f"{left} {'is' if left == 1 else 'are'} still to declare"
                + ("." if can else f", too few for {_name(kb, party or leader.party)} to reach it.")
            )
            if not party and len(national.parties) > 1:
                second = national.parties[1]
                lines.append(
                    f"Next: {_name(kb, second.party)} with {plural(second.seats, 'seat')}, "
                    f"{needed - second.seats} short."
                )
    else:
        if held >= needed:
            lines.append(
                f"{subject} won {held} of {seats} seats at the {election.name}, an overall "
                f"majority of {2 * held - seats} ({needed} were needed)."
            )
        else:
            lines.append(
                f"{subject} won {plural(held, 'seat')} of {seats} at the {election.name}, "
                f"{needed - held} short of the {needed} needed for a majority"
                + ("." if party or not leader else ": no party had a majority (a hung parliament).")
            )
    return fact(kb, title, lines, election.id)


def ahead(kb: KnowledgeBase, area: Area) -> Answer:
    """'Who is ahead?': the party with the most seats so far (or that won), and by how much."""
    national, election = area.facts, area.election
    state = declared_in_election(kb, area)
    title = (
        f"Who is ahead{area.suffix}, {election.id}"
        if state
        else f"Who won{area.suffix}, {election.id}"
    )
    if not national.parties:
        return fact(
            kb,
            title,
            [f"No seat{area.where} has declared yet at the {election.name}."],
            election.id,
        )
    first = national.parties[0]
    second = national.parties[1] if len(national.parties) > 1 else None
    leader = fmt.capital(_name(kb, first.party))
    by_votes = max(national.parties, key=lambda total: total.votes)
    if state:
        declared = len(national.contests)
        line = (
            f"{leader} {'lead' if fmt.has(leader) == 'have' else 'leads'} with "
            f"{plural(first.seats, 'seat')} of the {declared} declared{area.where} so far"
        )
    else:
        line = f"{leader} won {plural(first.seats, 'seat')} of {len(national.contests)}{area.where}"
    if second is not None:
        gap = first.seats - second.seats
        line += (
            f", level with {_name(kb, second.party)}"
            if gap == 0
            else f", {gap} more than {_name(kb, second.party)} ({second.seats})"
        )
    lines = [line + "."]
    voter = fmt.capital(_name(kb, by_votes.party))
    lines.append(
        f"{voter} {('lead' if fmt.has(voter) == 'have' else 'leads') if state else 'led'} the vote"
        + (" counted so far" if state else "")
        + f" with {fmt.pct(by_votes.share)}."
    )
    if state and area.place.is_whole:
        lines.append(f"{fmt.seats_declared(*state)}; {_left(state)}.")
    return fact(kb, title, lines, election.id)


def declared_baseline(kb: KnowledgeBase, area: Area) -> NationalFacts | None:
    """The baseline election's results in the same seats as those declared so far, so shares are
    compared like with like; None when the election has no baseline loaded."""
    election = area.election
    if not election.baseline or election.baseline not in kb.national:
        return None
    seats = kb.contests.get(election.baseline, {})
    by_line = {kb.seat_key(c.name): c for c in seats.values()}
    before = []
    for facts in area.facts.contests:
        # The same seat before (party-level history too: both sides are shares of one seat's vote)
        contest = seats.get(kb.contest_key(facts.contest)) or by_line.get(
            kb.seat_key(facts.contest.name)
        )
        found = kb.facts.get((contest.election, kb.contest_key(contest))) if contest else None
        if found is not None:
            before.append(found)
    if not before:
        return None
    return national_facts(kb.elections[election.baseline], before)


def swing_so_far(kb: KnowledgeBase, area: Area, parties: list[str]) -> Answer:
    """Butler swing over the declared seats, against the baseline's result in those same seats."""
    election = area.election
    state = declared_in_election(kb, area)
    declared = len(area.facts.contests)
    title = f"Swing so far{area.suffix}, {election.id}"
    previous = declared_baseline(kb, area)
    if previous is None:
        return fact(
            kb,
            title,
            [f"I have no baseline to measure the {declared} declared seats{area.where} against."],
            election.id,
        )
    now = {p.party: p.share for p in area.facts.parties}
    before = {p.party: p.share for p in previous.parties}
    for code, party in kb.parties.items():  # Reform UK against the Brexit Party, and so on
        if party.predecessor and code not in before and party.predecessor in before:
            before[code] = before[party.predecessor]
    top = [p.party for p in sorted(area.facts.parties, key=lambda total: -total.share)[:2]]
    if len(parties) >= 2:
        a, b = parties[0], parties[1]
    elif parties:
        a, b = (top[0] if parties[0] != top[0] else top[1]), parties[0]
    else:
        a, b = top[1], top[0]
    points = butler_swing(a, b, now, before)
    label = election.baseline_label or election.baseline
    seats = (
        f"the {plural(declared, 'seat')} declared{area.where} so far"
        if state
        else f"its {plural(declared, 'seat')}"
    )
    if points is None:
        line = (
            f"I can't compute a swing between {kb.party_label(a)} and {kb.party_label(b)} in "
            f"{seats}: both must have stood there in {label} and {election.id}."
        )
    else:
        start, end = (a, b) if points >= 0 else (b, a)
        line = (
            f"In {seats}, the swing from {kb.party_label(start)} to {kb.party_label(end)} is "
            f"{fmt.pct(abs(points))} (Butler swing, vs {label} in the same seats): "
            f"{kb.party_label(a)} {fmt.pct(before[a])} to {fmt.pct(now[a])}, "
            f"{kb.party_label(b)} {fmt.pct(before[b])} to {fmt.pct(now[b])}."
        )
    lines = [line]
    if state:
        lines.append(f"{fmt.seats_declared(*state)}; {_left(state)}.")
    return fact(kb, title, lines, election.id)
