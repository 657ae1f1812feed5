"""Answers about one person: their record, a number from one contest, held or lost."""

from __future__ import annotations

import re
from dataclasses import replace

from bot import format as fmt
from bot.answer import bio, merge
from bot.answer.byelection import SOURCE as BY_ELECTION_SOURCE
from bot.answer.common import candidate, fact, plural
from bot.answer.models import Answer
from bot.answer.result import outcome_text, party_shown
from bot.kb.knowledge import KnowledgeBase
from bot.models import Candidacy, Contest, Person, Precedent
from bot.text import fold

BY_ELECTIONS = "By-elections: Parliament's election results (electionresults.parliament.uk)."


def person(
    kb: KnowledgeBase, who: Person, precedents: list[Precedent], election: str | None = None
) -> Answer:
    """The computed biography first (the numbers), curated text on top, results as a table.

    With an election named (`/candidate name: election:`), that contest leads.
    """
    career = kb.careers.get(who.id, ())
    lines = bio.bio_lines(kb, who)
    by_elections = bio.by_elections_of(kb, who.id)
    if election and not career and by_elections:
        held = fmt.join_names(
            [f"the {s.contest.name} by-election ({bio.day(kb, s)})" for s in by_elections]
        )
        lines.insert(
            0,
            f"{who.name} did not stand at the {election} general election in the results I have; they stood at {held}.",
        )
    if election and career:
        then = [s for s in bio.record(kb, who) if s.election == election]
        if not then:
            stood = fmt.join_names(sorted({c.election for c, _ in career}))
            lines.insert(0, f"{who.name} did not stand in {election}; they stood in {stood}.")
        elif len(career) > 1:  # one contest: the biography already is that contest
            s = then[0]
            line = bio.won_line(kb, s) if s.won else bio.lost_line(kb, s, s.candidacy.sitting_mp)
            lines.insert(0, f"{s.contest.name}, {election}: {line}")
    # Computed and curated merged: each fact once (issue 19)
    lines, told = merge.merge_head(who, lines, {c.name for c, _ in career})
    if told:
        lines.append(" ".join(told))
    fields = ()
    if who.offices:
        fields = (("Offices", "\n".join(bio.office_phrase(h) for h in who.offices)),)
    table = bio.results_table(kb, who)
    said = " ".join(
        [*lines, *(v for _, v in fields), *(c for r in table.rows for c in r)]
        if table
        else [*lines, *(v for _, v in fields)]
    )
    lines.extend(merge.new_facts(who.facts, said))
    if not lines and not career and not kb.standing_for(who.id):
        lines.append(f"I have no results for {who.name} in the knowledge loaded.")
    notes = merge.precedent_notes(who, precedents, " ".join([said, *lines]))
    elections = sorted({c.election for c, _ in career})
    source = fmt.source_line(elections[-1]) if elections else None
    if kb.memberships.get(who.id):
        source = (source or "") + " With the Library's lists of MPs elected and defeated."
    if by_elections:
        source = f"{source} {BY_ELECTIONS}" if source else BY_ELECTION_SOURCE
    if who.source and (who.bio or who.offices):
        curated = "Biography and offices: Returning Officer's curated knowledge."
        source = f"{source} {curated}" if source else f"Source: {curated}"
    colour = kb.party(career[-1][1].party).colour if career else None
    return Answer(
        kind="candidate",
        title=who.name,
        lines=tuple(lines),
        fields=fields,
        table=table,
        notes=tuple(notes),
        source=source,
        colour=colour,
    )


def person_stat(
    kb: KnowledgeBase, who: Person, contest: Contest, candidacy: Candidacy, stat: str
) -> Answer:
    facts = kb.facts_for(contest)
    placed = next(p for p in facts.placed if p.candidacy is candidacy)
    where = f"in {contest.name} in {contest.election}"
    if stat == "votes":
        line = f"{who.name} won {fmt.votes(candidacy.votes)} votes {where} ({fmt.pct(placed.share)}, {fmt.ordinal(placed.position)} place)."
    elif stat == "share":
        line = f"{who.name}'s share of the vote {where} was {fmt.pct(placed.share)} ({fmt.votes(candidacy.votes)} votes, {fmt.ordinal(placed.position)} place)."
    elif stat == "party":
        standing = (
            "as an independent" if candidacy.party == "Ind" else f"for {candidacy.party_name}"
        )
        line = f"{who.name} stood {standing} {where}."
    elif stat == "position":
        line = f"{who.name} came {fmt.ordinal(placed.position)} of {len(facts.placed)} {where}, with {fmt.votes(candidacy.votes)} votes ({fmt.pct(placed.share)})."
    elif placed.position == 1:
        runner = facts.runner_up
        line = (
            f"{who.name}'s majority {where} was {fmt.votes(facts.majority)} ({fmt.pct(facts.majority_pct)})"
            + (f" over {candidate(kb, runner)}." if runner else ".")
        )
    else:
        gap = facts.winner.candidacy.votes - candidacy.votes
        line = (
            f"{who.name} did not win {where}: {fmt.ordinal(placed.position)}, {fmt.votes(gap)} votes behind "
            f"{candidate(kb, facts.winner)}, whose majority was {fmt.votes(facts.majority)}."
        )
    return fact(kb, f"{who.name}, {contest.election}", [line], contest.election)


def held_or_lost(
    kb: KnowledgeBase, who: Person, contest: Contest, candidacy: Candidacy, asked_lost: bool
) -> Answer:
    """Yes or no first, in the question's own terms, then the facts."""
    facts = kb.facts_for(contest)
    placed = next(p for p in facts.placed if p.candidacy is candidacy)
    where = f"{contest.name} in {contest.election}"
    standing = (
        "as an independent"
        if candidacy.party == "Ind"
        else f"as the {party_shown(kb, candidacy)} candidate"
    )
    if placed.position == 1:
        verb = "held" if candidacy.sitting_mp else "won"
        answer = "No" if asked_lost else "Yes"
        line = (
            f"{answer}: {who.name} {verb} {where} {standing} with a majority of "
            f"{fmt.votes(facts.majority)} ({fmt.pct(facts.majority_pct)})."
        )
    else:
        answer = "Yes" if asked_lost else "No"
        what = "was defeated" if candidacy.sitting_mp else "did not win"
        line = (
            f"{answer}: {who.name} {what} in {where}, finishing {fmt.ordinal(placed.position)} "
            f"{fmt.votes(facts.winner.candidacy.votes - candidacy.votes)} votes behind "
            f"{candidate(kb, facts.winner)}. Result: {outcome_text(kb, facts)}."
        )
    return fact(kb, f"{who.name}, {contest.election}", [line], contest.election)


def beat(kb: KnowledgeBase, who: Person, contest: Contest, candidacy: Candidacy) -> Answer:
    """'Who did X beat?': the runner-up of X's win, with the margin; if X lost, who beat them."""
    facts = kb.facts_for(contest)
    placed = next(p for p in facts.placed if p.candidacy is candidacy)
    where = f"{contest.name} in {contest.election}"
    majority = f"{fmt.votes(facts.majority)} votes ({fmt.pct(facts.majority_pct)})"
    runner = facts.runner_up
    if placed.position == 1 and runner is None:
        line = f"{who.name} won {where} unopposed."
    elif placed.position == 1:
        line = (
            f"{who.name} beat {candidate(kb, runner)} in {where}, by {majority}: "
            f"{fmt.votes(candidacy.votes)} votes ({fmt.pct(placed.share)}) to "
            f"{fmt.votes(runner.candidacy.votes)} ({fmt.pct(runner.share)})."
        )
    else:
        behind = facts.winner.candidacy.votes - candidacy.votes
        lost = "was defeated" if candidacy.sitting_mp else "did not win"
        line = (
            f"{who.name} {lost} in {where}: {candidate(kb, facts.winner)} won, by {majority}. "
            f"{who.name} came {fmt.ordinal(placed.position)} with {fmt.votes(candidacy.votes)} "
            f"votes ({fmt.pct(placed.share)})"
            + (f", {fmt.votes(behind)} behind the winner." if placed.position > 2 else ".")
        )
    return fact(kb, f"{who.name}, {contest.election}", [line], contest.election)


def gap(kb: KnowledgeBase, contest: Contest, first: Candidacy, second: Candidacy) -> Answer:
    ahead, behind = (first, second) if first.votes >= second.votes else (second, first)
    difference = ahead.votes - behind.votes
    line = (
        f"In {contest.name} in {contest.election}, {ahead.name} ({fmt.votes(ahead.votes)}) finished "
        f"{fmt.votes(difference)} votes ahead of {behind.name} ({fmt.votes(behind.votes)}), "
        f"{fmt.pct(100 * difference / contest.valid_votes)} of the valid vote."
    )
    return fact(kb, f"{contest.name}, {contest.election}", [line], contest.election)


def mp_record(kb: KnowledgeBase, who: Person, what: str) -> Answer:
    """'Is X a new MP?', 'Was X an MP before?', 'How long has X been an MP?', 'Who did X replace?'

    Answered from the same record as the biography: the latest contest, the Library's lists of
    MPs elected and defeated where loaded, else its Sitting MP and Former MP flags.
    """
    stood = bio.record(kb, who)
    every = bio.career(kb, who)
    if every and (
        not stood or (every[-1].by_election and what not in {"times_stood", "successor"})
    ):
        return _by_election_record(kb, who, every, what)
    last = stood[-1]
    member = kb.membership(who.id, last.election)
    since = bio.first_elected(kb, stood, member)
    latest = kb.latest_election()
    current = last.won and latest is not None and last.election == latest.id
    status = (member.status if member else bio.flag_status(last.candidacy)) if last.won else None
    listed = {
        "new": "the Commons Library lists them as a new member",
        "re-elected": "the Commons Library lists them as re-elected",
        "returning": "the Commons Library lists them as a former member returning",
    }
    source_note = f" ({listed[status]})" if member and status in listed else ""
    name, seat, year = who.name, last.contest.name, last.election
    notes: list[str] = []
    he = bio.pronoun(bio.gender_of(kb, who, stood), who)
    if what == "new_mp":
        if not last.won:
            line = f"No: {name} did not win in {year}. " + bio.lost_line(
                kb, last, last.candidacy.sitting_mp
            )
        elif status == "new":
            line = f"Yes: {name} is a new MP, first elected for {seat} in {year}{source_note}."
        elif status == "returning":
            line = f"Not quite: {name} won {seat} in {year} as a former MP returning to the Commons{source_note}."
        else:
            line = f"No: {name} was re-elected in {year}, for {seat}{source_note}; {he} {_verb(since, current)} {since}."
    elif what == "mp_before":
        before = since is not None and not since.startswith("first elected in " + year)
        if last.won and status == "new":
            line = f"No: {name} was first elected in {year}, for {seat}{source_note}."
        elif status == "returning":
            earlier = [s for s in stood[:-1] if s.won or s.candidacy.sitting_mp]
            line = f"Yes: {name} won {seat} in {year} as a former MP returning to the Commons{source_note}"
            if earlier:
                line += f"; {he} was the MP for {earlier[-1].contest.name} at the {earlier[-1].election} election"
            line += "."
        elif before:
            line = f"Yes: {name} {_verb(since, current)} {since}."
        elif since:
            line = f"{name} was {since}; the results we hold show no earlier time as an MP."
        else:
            line = f"Not in the results we hold: {name} has never won a seat in them."
    elif what == "mp_since":
        if since is None:
            line = f"{name} has not been an MP in the results we hold."
        elif current and since == f"first elected in {year}":
            line = f"{name} has been an MP since the {year} general election ({since}, for {seat})."
        elif current and since.startswith("first elected"):
            first = next(s for s in stood if s.won)
            line = (
                f"{name} was {since}, for {first.contest.name}, and has sat for {seat} "
                f"{bio.seat_since(kb, stood, len(stood) - 1)}."
            )
        elif current:
            line = f"{name} {_verb(since, current)} {since}, and has sat for {seat} {bio.seat_since(kb, stood, len(stood) - 1)}."
        elif last.won:
            line = f"{name} won {seat} in {year} ({since}); the results we hold do not show them standing after that."
        else:
            line = f"{name} {_verb(since, False)} {since}, and lost {seat} in {year}."
            won = [i for i, s in enumerate(stood) if s.won]
            if won and any(not s.won for s in stood[won[0] : -1]):  # out, then back, then out
                line = f"{name}: {since}. {bio.career_line(kb, stood)}"
    elif what == "times_stood":
        line = bio.times_stood_line(kb, who, stood)
        career = bio.career_line(kb, stood)
        notes = [career] if career else []
    elif what == "successor":
        line = _successor(kb, who, last, latest.id if latest else year)
        notes = _successors_in_office(kb, who)
    else:  # replaced
        if not last.won:
            line = f"{name} did not win in {year}. " + bio.lost_line(
                kb, last, last.candidacy.sitting_mp
            )
        elif status == "re-elected":
            line = f"{name} replaced nobody in {year}: {he} was re-elected, for {seat}; {name} {_verb(since, current)} {since}."
        else:
            took = bio.previous_holder(kb, last)
            line = (
                f"{name} won {seat} in {year}, {took}."
                if took
                else f"The results we hold do not show who held {seat} before {name}."
            )
            swing = bio.swing_phrase(kb, last.facts)
            if swing:
                line += f" The swing was {swing}."
    colour = kb.party(last.candidacy.party).colour
    answer = fact(kb, f"{name}, {year}", [line], year, notes=notes, colour=colour)
    if member is not None:
        lists = " With the Library's lists of MPs elected and defeated."
        answer = replace(answer, source=(answer.source or "") + lists)
    return answer


def _by_election_record(kb: KnowledgeBase, who: Person, every: list, what: str) -> Answer:
    """The member's record when their latest contest is a by-election: the biography's lead."""
    last = every[-1]
    lines = bio.bio_lines(kb, who)
    told = [line for line in lines if line.startswith(("Won the ", "Stood in the "))]
    lead = [lines[0], *told[-1:]] if last.won else told[-1:] or lines[:1]
    if what == "new_mp" and last.won:
        earlier = any(s.won or s.candidacy.sitting_mp for s in every[:-1])
        again = earlier or last.candidacy.former_mp
        lead.insert(0, "No: not a new MP." if again else "Yes: a new MP.")
    title = f"{who.name}, {last.contest.name} by-election"
    return Answer(
        kind="fact",
        title=title,
        lines=tuple(lead),
        source=BY_ELECTION_SOURCE,
        colour=kb.party(last.candidacy.party).colour,
    )


def _successors_in_office(kb: KnowledgeBase, who: Person) -> list[str]:
    """'As Prime Minister, Liz Truss succeeded them on ...': from the curated offices section."""
    notes = []
    names = {fold(n) for n in (who.name, *who.other_names)}
    for office in kb.offices:
        for tenure in office.holders:
            if fold(tenure.person) not in names or tenure.end is None:
                continue
            after = next((t for t in office.holders if t.start == tenure.end), None)
            if after is not None:
                notes.append(
                    f"As {office.title}, {who.name} was succeeded by {after.person} on "
                    f"{fmt.long_date(after.start)} (curated offices)."
                )
    return notes


def _successor(kb: KnowledgeBase, who: Person, last: bio.Stood, latest: str) -> str:
    """Who came after them in their seat: whoever beat them, or the next winner of the seat."""
    name, seat, year = who.name, last.contest.name, last.election
    if not last.won:
        winner = last.facts.winner.candidacy
        return (
            f"{winner.name} ({party_shown(kb, winner)}) took {seat} from {name} in {year}, by "
            f"{fmt.votes(last.facts.majority)} votes ({last.facts.outcome.text(kb.abbreviations())})."
        )
    if year == latest:
        return f"Nobody yet: {name} won {seat} in {year}, the latest election I hold."
    order = kb.election_order
    later = sorted(
        (c for e, c in kb.seat_history(seat).items() if order.get(e, -1) > order[year]),
        key=lambda contest: order[contest.election],
    )
    if later and not later[0].party_level:
        winner = later[0].candidacies[0]
        return (
            f"{name} did not stand in {seat} in {later[0].election}; {winner.name} "
            f"({party_shown(kb, winner)}) won {later[0].name} then."
        )
    return (
        f"{name} won {seat} in {year} and is not among the candidates of {latest}; the seat "
        "was redrawn or renamed, so I can't say who followed them there."
    )


def _verb(since: str, current: bool) -> str:
    """The verb before a first_elected phrase: 'has been an MP since', 'was first elected'."""
    if since.startswith("an MP"):
        return "has been" if current else "had been"
    return "was" if since.startswith("first") else ("is" if current else "was")


def ministers_defeated(kb: KnowledgeBase, election: str, context: list[Precedent]) -> Answer:
    """Cabinet ministers who lost their seats: from the curated offices, with what we know of."""
    day = kb.elections[election].date
    serving, former = [], []
    for who in kb.people.values():
        if not who.offices:
            continue
        lost = next(
            (
                s
                for s in bio.record(kb, who)
                if s.election == election and not s.won and s.candidacy.sitting_mp
            ),
            None,
        )
        if lost is None:
            continue
        winner = lost.facts.winner.candidacy
        gap = fmt.votes(winner.votes - lost.candidacy.votes)
        where = (
            f"{lost.contest.name}: lost to {winner.name} ({party_shown(kb, winner)}) by {gap} votes"
        )
        held = bio.minister_when(kb, who, election)
        if held:
            serving.append(f"{who.name}, {held.title}. {where}")
        else:
            past = [h for h in who.offices if h.cabinet and h.end and h.end < day]
            if past:
                posts = fmt.join_names([f"{h.title} ({h.start.year})" for h in past[-2:]])
                former.append(f"{who.name}, formerly {posts}. {where}")
    defeated = len(kb.national[election].defeated) if election in kb.national else 0
    lines = [
        f"Of the {plural(defeated, 'sitting MP')} defeated at the {election} general election, "
        f"I know of {len(serving)} who {'was' if len(serving) == 1 else 'were'} in the cabinet on "
        "polling day"
        + (
            f", and {plural(len(former), 'former cabinet minister')} "
            f"({fmt.join_names(sorted(f.split(',')[0] for f in former))})"
            if former
            else ""
        )
        + "."
    ]
    notes = [_other_count(p, len(serving), len(former)) for p in context]
    notes.append(
        "Cabinet posts come from Returning Officer's curated knowledge, which is not complete; "
        "the votes come from the Commons Library's results."
    )
    return Answer(
        kind="list",
        title=f"Ministers who lost their seats, {election}",
        lines=tuple(lines),
        items=tuple(sorted(serving) + sorted(former)),
        notes=tuple(notes),
        source=fmt.source_line(election),
    )


_COUNT_WORDS = {
    w: n
    for n, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
}


def _other_count(context: Precedent, serving: int, former: int) -> str:
    """Another account's count of defeated ministers, named, and why it differs from ours."""
    note = f"{context.title}: {context.answer}"
    first = re.search(r"\b(\d+|[A-Za-z]+) (?:cabinet )?ministers\b", context.answer)
    word = first.group(1).lower() if first else ""
    theirs = int(word) if word.isdigit() else _COUNT_WORDS.get(word)
    if theirs is None or theirs == serving:
        return note
    return (
        f"{note} That count ({theirs}) differs from my {serving} because I count only the cabinet "
        f"posts held on polling day that my curated offices record, and list the {former} former "
        "cabinet ministers apart."
        if former
        else f"{note} That count ({theirs}) differs from my {serving} because I count only the "
        "cabinet posts held on polling day that my curated offices record."
    )


def no_names(kb: KnowledgeBase, election: str, context: list[Precedent]) -> Answer:
    """Who lost cannot be said from results that name parties only; what we know instead."""
    first = bio.named_from(kb)
    since = f"; named results begin in {first}" if first else ""
    return Answer(
        kind="fact",
        title=f"Ministers who lost their seats, {election}",
        lines=(
            f"The {election} results I hold name parties, not candidates, so I can't say which "
            f"ministers lost their seats{since}.",
        ),
        notes=tuple(p.answer for p in context[:2]),
        source=fmt.source_line(election),
    )
