"""Election-night milestones against the exit poll: when the first seat declares (the poll
itself), at halfway, and when the last seat is in (each party's seats against it)."""

from __future__ import annotations

from collections.abc import Mapping

from bot.answer import exitpoll
from bot.kb.knowledge import KnowledgeBase
from bot.live.milestones import Milestone
from bot.models import ExitPoll

KINDS = frozenset({"exit_poll", "exit_poll_half", "exit_poll_final"})


def at_a_point(number: int, total: int) -> bool:
    """Is the `number`th of `total` declarations one the exit poll is told with?"""
    return bool(total) and number in {1, total // 2, total}


def exit_poll_milestones(
    kb: KnowledgeBase,
    election: str,
    number: int,
    total: int,
    seats: Mapping[str, int],
    seat: str,
    poll: ExitPoll | None = None,
) -> tuple[Milestone, ...]:
    """What the `number`th of `total` declarations says against the election's exit poll (the
    curated one, unless a server's own `poll` is given)."""
    poll = poll or kb.exit_polls.get(election)
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
