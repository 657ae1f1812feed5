"""The declared seats against the exit poll: during the count, and once every seat is in.

The seats still to declare are not a sample (safe seats count fast, rural ones slowly), so the
comparison says what each party still needs to match the poll, never a forecast of its own.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from bot.answer.models import Answer
from bot.kb.exitpolls import OTHERS
from bot.kb.knowledge import KnowledgeBase, NationalFacts
from bot.models import ExitPoll


def majority_line(total: int) -> int:
    return total // 2 + 1


def grouped(poll: ExitPoll, seats: Mapping[str, int]) -> dict[str, int]:
    """Seats won, by the exit poll's parties: every party it does not name counts as 'Others'."""
    out = dict.fromkeys(poll.seats, 0)
    for party, won in seats.items():
        if party in out:
            out[party] += won
        elif OTHERS in out:
            out[OTHERS] += won
    return out


def _abbrev(kb: KnowledgeBase, party: str) -> str:
    return "Others" if party == OTHERS else kb.party(party).abbrev


def poll_line(kb: KnowledgeBase, poll: ExitPoll, total: int) -> str:
    """'Exit poll (Ipsos for ..., 22:00 ...): Lab 410, Con 131, ...; a Labour majority of 170.'"""
    when = f", {poll.published}" if poll.published else ""
    parts = ", ".join(f"{_abbrev(kb, p)} {n}" for p, n in _ordered(poll.seats))
    line = f"Exit poll ({poll.by}{when}): {parts}"
    leader, seats = _ordered(poll.seats)[0]
    if total and leader != OTHERS and seats >= majority_line(total):
        line += f"; a {kb.party(leader).label} majority of {seats - (total - seats)}"
    elif total and leader != OTHERS:
        line += f"; {kb.party(leader).label} short of a majority by {majority_line(total) - seats}"
    return line + "."


def _signed(n: int) -> str:
    return f"{n:+d}" if n else "0"


def _ordered(seats: Mapping[str, int]) -> list[tuple[str, int]]:
    """Most seats first; 'Others' last."""
    return sorted(seats.items(), key=lambda item: (item[0] == OTHERS, -item[1], item[0]))


def during(
    kb: KnowledgeBase, poll: ExitPoll, seats: Mapping[str, int], declared: int, total: int
) -> list[str]:
    """Mid-count: each party's seats so far against the poll, and what it still needs."""
    won = grouped(poll, seats)
    left = max(total - declared, 0)
    parts = []
    for party, expected in _ordered(poll.seats):
        have = won[party]
        name = _abbrev(kb, party)
        if have >= expected:
            gap = have - expected
            parts.append(
                f"{name} {have} of {expected} ({'already ' + str(gap) + ' above' if gap else 'matched'})"
            )
        elif expected - have > left:
            parts.append(f"{name} {have} of {expected} (cannot reach it now)")
        else:
            parts.append(f"{name} {have} of {expected} (needs {expected - have} more)")
    return [
        poll_line(kb, poll, total),
        f"Declared so far against it, {declared} of {total} in, {left} to come: "
        + ", ".join(parts)
        + ".",
    ]


def final(kb: KnowledgeBase, poll: ExitPoll, seats: Mapping[str, int]) -> list[str]:
    """Every seat in: each party's seats won against the poll ('Lab won 411 vs exit poll 410, +1')."""
    won = grouped(poll, seats)
    ordered = _ordered(poll.seats)
    leader, expected = ordered[0]
    head = (
        f"{_abbrev(kb, leader)} won {won[leader]} vs exit poll {expected}, "
        f"{_signed(won[leader] - expected)}."
    )
    rest = ", ".join(
        f"{_abbrev(kb, p)} {won[p]} vs {n} ({_signed(won[p] - n)})" for p, n in ordered
    )
    return [head, f"Against the exit poll ({poll.by}): {rest}."]


def with_exit_poll(
    kb: KnowledgeBase, answer: Answer, national: NationalFacts, poll: ExitPoll | None
) -> Answer:
    """`!national` with the exit poll for its election: so far during the count, final after."""
    if poll is None or poll.election != national.election.id or answer.is_error:
        return answer
    seats = {p.party: p.seats for p in national.parties}
    progress = kb.progress.get(poll.election)
    held, polled = len(national.contests), sum(poll.seats.values())
    if progress is not None and not progress.complete:
        lines = during(kb, poll, seats, held, progress.total)
    elif held < polled:  # a sample of the election, not all of it: nothing to compare
        lines = [
            poll_line(kb, poll, polled),
            f"The knowledge loaded holds only {held:,} of this election's seats, so the result is "
            "not compared with it.",
        ]
    else:
        lines = [poll_line(kb, poll, held), *final(kb, poll, seats)]
    source = f"Exit poll: {(poll.source or poll.by).rstrip('.')}."
    return dataclasses.replace(
        answer,
        lines=(*answer.lines, *lines),
        source=f"{answer.source} {source}" if answer.source else source,
    )


def exit_poll_answer(kb: KnowledgeBase, election: str | None) -> Answer:
    """'What did the exit poll say?', 'how accurate was the 2024 exit poll?': the poll, and the
    seats declared against it (so far, or in the end)."""
    latest = [e for e in kb.real_elections() if not e.by_election]
    election = election or (next(iter(kb.progress), None) or (latest[-1].id if latest else None))
    poll = kb.exit_polls.get(election or "")
    national = kb.national.get(election or "")
    if poll is None or national is None:
        held = ", ".join(sorted(kb.exit_polls)) or "none"
        return Answer(
            kind="fact",
            title=f"Exit poll, {election or 'no election'}: not held",
            lines=(
                f"I hold no exit poll for {election or 'that election'} (exit polls I hold: {held}).",
                "A server's moderators can enter one for their server: `/election exitpoll Lab 410 "
                "Con 131 ... Others 19`; the bot's own come from its curated knowledge.",
            ),
        )
    summary = Answer(kind="fact", title=f"{kb.elections[election].name}: the exit poll")
    return with_exit_poll(kb, summary, national, poll)
