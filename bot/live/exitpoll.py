"""Election-night milestones against the exit poll: when the first seat declares (the poll
itself), at halfway, and when the last seat is in (each party's seats against it)."""

from __future__ import annotations

from collections.abc import Mapping

from bot.answer import exitpoll
from bot.kb.knowledge import KnowledgeBase
from bot.live.milestones import Milestone


def exit_poll_milestones(
    kb: KnowledgeBase, election: str, number: int, total: int, seats: Mapping[str, int], seat: str
) -> tuple[Milestone, ...]:
    """What the `number`th of `total` declarations says against the election's exit poll."""
    poll = kb.exit_polls.get(election)
    if poll is None or not total:
        return ()
    if number == total:
        head, *rest = exitpoll.final(kb, poll, seats)
        return (
            Milestone("exit_poll_final", None, seat, f"Every seat is in. {head} {' '.join(rest)}"),
        )
    if number == 1:
        return (Milestone("exit_poll", None, seat, exitpoll.poll_line(kb, poll, total)),)
    if number == total // 2:
        line = exitpoll.during(kb, poll, seats, number, total)[1]
        return (Milestone("exit_poll_half", None, seat, f"Halfway. {line}"),)
    return ()
