"""Answers about one person: their record, a number from one contest, held or lost."""

from __future__ import annotations

from bot import format as fmt
from bot.answer import bio
from bot.answer.common import candidate, fact
from bot.answer.models import Answer
from bot.answer.result import outcome_text
from bot.kb.knowledge import KnowledgeBase
from bot.models import Candidacy, Contest, Person, Precedent


def person(kb: KnowledgeBase, who: Person, precedents: list[Precedent]) -> Answer:
    """The computed biography first (the numbers), curated text on top, results as a table."""
    career = kb.careers.get(who.id, ())
    lines = bio.bio_lines(kb, who)
    if who.bio:
        lines.append(who.bio)
    lines.extend(who.facts)
    fields = ()
    if who.offices:
        fields = (("Offices", "\n".join(bio.office_phrase(h) for h in who.offices)),)
    notes = [p.answer for p in precedents if p.answer not in lines][:1]
    elections = sorted({c.election for c, _ in career})
    source = fmt.source_line(elections[-1]) if elections else None
    if kb.memberships.get(who.id):
        source = (source or "") + " With the Library's lists of MPs elected and defeated."
    if who.source and (who.bio or who.offices):
        curated = "Biography and offices: Returning Officer's curated knowledge."
        source = f"{source} {curated}" if source else f"Source: {curated}"
    colour = kb.party(career[-1][1].party).colour if career else None
    return Answer(
        kind="candidate",
        title=who.name,
        lines=tuple(lines),
        fields=fields,
        table=bio.results_table(kb, who),
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
        else f"as the {candidacy.party_name} candidate"
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


def gap(kb: KnowledgeBase, contest: Contest, first: Candidacy, second: Candidacy) -> Answer:
    ahead, behind = (first, second) if first.votes >= second.votes else (second, first)
    difference = ahead.votes - behind.votes
    line = (
        f"In {contest.name} in {contest.election}, {ahead.name} ({fmt.votes(ahead.votes)}) finished "
        f"{fmt.votes(difference)} votes ahead of {behind.name} ({fmt.votes(behind.votes)}), "
        f"{fmt.pct(100 * difference / contest.valid_votes)} of the valid vote."
    )
    return fact(kb, f"{contest.name}, {contest.election}", [line], contest.election)
