"""Answers while an election is being counted: 'so far' figures, undeclared seats, the count's state."""

from __future__ import annotations

import dataclasses

from bot import format as fmt
from bot.answer.common import fact
from bot.answer.models import Answer, Table
from bot.answer.party_rows import others_cells, table_parties
from bot.answer.result import party_shown
from bot.areas import Area
from bot.facts import ContestFacts
from bot.format import plural
from bot.kb.declare import ballot_order, baseline_of
from bot.kb.knowledge import KnowledgeBase, NationalFacts
from bot.kb.sources.historical import OTHERS
from bot.models import Contest
from bot.places import Place, holds


def _subject(kb: KnowledgeBase, party: str) -> str:
    return fmt.capital(fmt.party_noun(kb.party(party)))


def declared_in_area(kb: KnowledgeBase, area: Area) -> tuple[int, int] | None:
    """(declared, seats) inside the area while its election is being counted; None when complete."""
    progress = kb.progress.get(area.election.id)
    if progress is None:
        return None
    election = area.election.id
    every = {**kb.nominations.get(election, {}), **kb.contests[election]}
    seats = (
        progress.total
        if area.place.is_whole
        else sum(1 for contest in every.values() if holds(area.place, contest))
    )
    return len(area.facts.contests), seats


def net_change(national: NationalFacts) -> dict[str, int]:
    """Seats gained minus seats lost by each party, among the contests counted in `national`."""
    change: dict[str, int] = {}
    for facts in national.contests:
        if facts.outcome.gain and facts.outcome.previous:
            change[facts.winner.party] = change.get(facts.winner.party, 0) + 1
            change[facts.outcome.previous] = change.get(facts.outcome.previous, 0) - 1
    return change


def so_far_summary(kb: KnowledgeBase, area: Area, declared: int, seats: int) -> Answer:
    """`!national` during the count: seats and votes so far, change for the declared seats only."""
    national, election = area.facts, area.election
    head = f"{declared} of {seats} seats{area.where} declared so far at the {election.name}."
    if not national.parties:
        lines = [head, "No seat has declared yet."]
        return fact(kb, f"{election.name}{area.suffix}: so far", lines, election.id)
    change = net_change(national)
    leader = national.parties[0]
    lines = [
        head,
        f"{_subject(kb, leader.party)} {fmt.verb_for(_subject(kb, leader.party), 'leads', 'lead')} with "
        f"{plural(leader.seats, 'seat')} so far and {fmt.pct(leader.share)} of the votes counted.",
        f"{seats - declared} {'seat is' if seats - declared == 1 else 'seats are'} still to declare.",
    ]
    named, rest = table_parties(national.parties)  # every party with a seat so far, then others
    rows = tuple(
        (
            kb.party_label(p.party),
            str(p.seats),
            f"{change.get(p.party, 0):+d}",
            fmt.votes(p.votes),
            fmt.pct(p.share),
        )
        for p in named
    )
    if rest:
        label, seats_, votes_, share = others_cells(rest)
        moved = sum(change.get(p.party, 0) for p in rest)
        rows += ((label, seats_, f"{moved:+d}", votes_, share),)
    table = Table(
        ("Party", "Seats", "Change", "Votes", "Share"),
        rows,
        (False, True, True, True, True),
        caption="So far, by party",
    )
    baseline = election.baseline_label or (f"{election.baseline}" if election.baseline else None)
    notes = (
        f"Seat changes are for the {declared} declared seats only"
        + (f", against {baseline}." if baseline else ".")
        + " Votes and shares are of the votes counted so far.",
    )
    return Answer(
        kind="national",
        title=f"{election.name}{area.suffix}: {declared} of {seats} declared",
        lines=tuple(lines),
        table=table,
        notes=notes,
        source=fmt.source_line(election.id),
        colour=kb.party(leader.party).colour,
    )


def none_declared(kb: KnowledgeBase, place: Place, election_id: str) -> Answer:
    """A place none of whose seats has declared yet, while the election is counted."""
    election = kb.elections[election_id]
    waiting = kb.nominations.get(election_id, {}).values()
    seats = sum(1 for contest in waiting if holds(place, contest))
    head = (
        f"None of the {plural(seats, 'seat')} in {place.name} has declared yet at the {election.name}."
        if seats
        else f"No seat in {place.name} has declared yet at the {election.name}."
    )
    return fact(kb, f"{place.name}, {election_id}: nothing declared yet", [head], election_id)


def declared_so_far(kb: KnowledgeBase, area: Area, left: bool, declared: int, seats: int) -> Answer:
    """'How many seats have declared?' / 'how many are left?' during the count."""
    election = area.election
    remaining = seats - declared
    if left:
        head = f"{remaining} of {seats} seats{area.where} still to declare at the {election.name}."
    else:
        head = (
            f"{declared} of {seats} seats{area.where} {'has' if declared == 1 else 'have'} "
            f"declared so far at the {election.name}."
        )
    tally = fmt.tally(area.facts.tally, kb.abbreviations())
    lines = [head, f"Results so far: {tally}." if tally else "No seat has declared yet."]
    progress = kb.progress.get(election.id)
    inside = {kb.contest_key(f.contest) for f in area.facts.contests}
    here = [key for key in (progress.order if progress else ()) if key in inside]
    if here:  # the latest declaration inside the area asked about
        last = kb.contests[election.id][here[-1]]
        lines.append(f"Latest: {last.name}.")
    return fact(kb, f"Declared{area.suffix}, {election.id}: so far", lines, election.id)


def undeclared(kb: KnowledgeBase, contest: Contest, preface: str | None = None) -> Answer:
    """A seat of an election being counted that has not declared: who stands, and last time.

    `contest` is the seat's nomination when the knowledge has one; nothing of its result is read.
    """
    nominated = kb.nominations.get(contest.election, {}).get(kb.contest_key(contest))
    election = kb.elections[contest.election]
    lines = [preface] if preface else []
    lines.append(f"{contest.name} has not declared yet at the {election.name}.")
    standing = standing_list(kb, nominated) if nominated is not None else []
    before, label = _previous(kb, contest)
    if before is None:
        lines.append("The previous result here is not in the knowledge loaded.")
    elif before.contest.party_level and before.winner.party == OTHERS:
        lines.append(
            f"Last time ({label}): the Commons Library's figures give votes by party group only, "
            "and here every vote is under 'others', so they name no winner."
        )
    else:
        winner = before.winner.candidacy
        name = (
            f"{winner.name} ({party_shown(kb, winner)})"
            if winner.name
            else kb.party_label(winner.party)
        )
        lines.append(
            f"Last time ({label}): {name} won with a majority of {fmt.votes(before.majority)} "
            f"({fmt.pct(before.majority_pct)})."
        )
    items: tuple[str, ...] = ()
    if standing:
        lines.append(f"Standing ({len(standing)}):")
        items = tuple(standing)
    else:
        lines.append("Who is standing here is not in the knowledge loaded.")
    sources = (
        [fmt.source_line(before.contest.election, before.contest.party_level)]
        if before is not None
        else []
    )
    if nominated is not None:
        files = [part.split(":")[0] for part in nominated.source.split("; ")]
        named = [f for f in files if "candida" in f.lower()] or files  # the file naming them
        sources.append(f"Who is standing: {named[0]}.")
    return Answer(
        kind="fact",
        title=f"{contest.name}, {contest.election}: not declared yet",
        lines=tuple(lines),
        items=items,
        source=" ".join(sources) or None,
    )


def with_standing(kb: KnowledgeBase, person_id: str, answer: Answer) -> Answer:
    """Any answer about a person standing in a seat still to declare says so first."""
    lines = [
        f"Standing in {contest.name} ({party_shown(kb, candidacy)}) at the "
        f"{kb.elections[contest.election].name}: the seat has not declared yet."
        for contest, candidacy in kb.standing_for(person_id)
    ]
    if not lines or answer.is_error:
        return answer
    return dataclasses.replace(answer, lines=(*lines, *answer.lines))


def standing_list(kb: KnowledgeBase, contest: Contest) -> list[str]:
    """'Name (Party)' for each candidate, in ballot-paper (surname) order."""
    return [
        f"{c.name} ({party_shown(kb, c)})" if c.name else kb.party_label(c.party)
        for c in sorted(contest.candidacies, key=ballot_order)
    ]


def _previous(kb: KnowledgeBase, contest: Contest) -> tuple[ContestFacts | None, str]:
    """The result this seat is measured against: the baseline, else the seat's last contest."""
    baseline = baseline_of(kb, contest)
    if baseline is not None:
        key = (baseline.election, kb.contest_key(baseline))
        if key in kb.facts:
            label = kb.elections[contest.election].baseline_label or baseline.election
            return kb.facts[key], label
    order = kb.election_order
    here = order.get(contest.election)
    earlier = [
        f
        for f in kb.seat_line(contest.name)
        if here is not None and order.get(f.contest.election, here) < here
    ]
    return (earlier[-1], earlier[-1].contest.election) if earlier else (None, "")


def mark_so_far(kb: KnowledgeBase, answer: Answer) -> Answer:
    """Any answer about an election still being counted says so: '(so far)' and how far."""
    for election, progress in kb.progress.items():
        if progress.complete or election not in answer.title:
            continue
        text = " ".join((answer.title, *answer.lines)).lower()
        if "so far" in text or "not declared" in text or "declared" in answer.title.lower():
            return answer
        done = len(progress.order)
        note = (
            f"So far: {done} of {progress.total} seats of the {kb.elections[election].name} "
            f"{'has' if done == 1 else 'have'} declared."
        )
        return dataclasses.replace(
            answer, title=f"{answer.title} (so far)", notes=(note, *answer.notes)
        )
    return answer
