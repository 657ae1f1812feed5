"""Corrected results that change a declared seat's winner: found, worded, handed to the announcer.

A correction that leaves the winner as announced is applied quietly; one that changes the winner
is posted once: "Correction: Hendon: David Pinto-Duschinsky (Labour) was announced as the winner;
now Ameet Jogia (Conservative) wins, Con gain from Lab".
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from bot.answer.result import outcome_text, who
from bot.facts import ContestFacts
from bot.kb.knowledge import KnowledgeBase
from bot.live.milestones import Milestone
from bot.live.night import Declaration, declared_time
from bot.text import fold


@dataclass(frozen=True)
class Correction:
    key: str
    before: ContestFacts
    after: ContestFacts


def _winner(facts: ContestFacts) -> tuple[str, str]:
    candidacy = facts.winner.candidacy
    return fold(candidacy.name or ""), candidacy.party


def winner_changes(old: KnowledgeBase, new: KnowledgeBase, election: str) -> list[Correction]:
    """Seats declared in both bases whose winner is not the one `old` declared."""
    found = []
    for key in old.contests.get(election, {}).keys() & new.contests.get(election, {}).keys():
        before, after = old.facts.get((election, key)), new.facts.get((election, key))
        if (
            before
            and after
            and before.placed
            and after.placed
            and _winner(before) != _winner(after)
        ):
            found.append(Correction(key, before, after))
    return sorted(found, key=lambda correction: correction.after.contest.name)


def correction_text(kb: KnowledgeBase, correction: Correction) -> str:
    before, after = correction.before, correction.after
    return (
        f"Correction: {after.contest.name}: {who(kb, before.winner.candidacy)} was announced as "
        f"the winner; now {who(kb, after.winner.candidacy)} wins, {outcome_text(kb, after)}."
    )


def tally(kb: KnowledgeBase, election: str) -> tuple[tuple[str, int], ...]:
    """Seats by party among the declared, most first (as a declaration's tally)."""
    national = kb.national.get(election)
    return national.tally if national is not None else ()


def _digest(facts: ContestFacts) -> str:
    given = sorted((fold(c.name or c.party), c.votes) for c in facts.contest.candidacies)
    return hashlib.sha1(repr(given).encode()).hexdigest()[:10]


async def announce_correction(announcer, kb: KnowledgeBase, correction: Correction, total: int):
    """Hand one correction to the announcer through its public `announce(kb, declaration)`.

    The declaration is the seat's corrected result under the seat's own key, so it is not posted
    again where the first result went (the record has it), and the correction rides on it as a
    milestone of its own kind, `correction:<seat>:<digest of the corrected votes>`, which the
    announcer posts once to every results channel, whatever later corrections say.
    """
    after = correction.after
    election = after.contest.election
    counted = tally(kb, election)
    milestone = Milestone(
        kind=f"correction:{correction.key}:{_digest(after)}",
        party=after.winner.party,
        seat=after.contest.name,
        text=correction_text(kb, correction),
    )
    declaration = Declaration(
        key=correction.key,
        facts=after,
        number=len(kb.contests.get(election, {})),
        total=total,
        at=declared_time(after.contest.declared_at),
        tally=counted,
        milestones=(milestone,),
    )
    return await announcer.announce(kb, declaration)
