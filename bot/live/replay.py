"""Replaying a real night: the order seats declared in, and playing it N times faster than real time."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass

from bot.kb.declare import night_order
from bot.kb.knowledge import KnowledgeBase
from bot.kb.sources.times import LIBRARY, said_of
from bot.live.milestones import KnownOrder
from bot.live.night import Declaration, Night, declared_time
from bot.models import Contest

LONGEST_WAIT = dt.timedelta(hours=12)


@dataclass(frozen=True)
class Schedule:
    """Contest keys in the order they are replayed, and how that order was chosen."""

    election: str
    keys: tuple[str, ...]
    timed: bool  # in the night's order (as far as its times go)
    note: str
    order: KnownOrder | None = None  # what the times say of the order, for the milestones


def schedule(kb: KnowledgeBase, election: str) -> Schedule:
    """Any election's seats in the order of their declaration times, wherever those came from
    (the results themselves, as the Library's 2010-2019 files give them, or a times file loaded
    beside them). Seats recorded in the same minute keep the source's row order; seats with no
    time play after every timed one, alphabetically. With no times at all: alphabetical, said so.
    """
    contests = kb.contests[election]
    times = {key: declared_time(c.declared_at) for key, c in contests.items()}
    order = KnownOrder(times)
    timed, untimed = night_order(contests)  # as a milestone's map draws it (bot.charts.hexmap)
    if not timed:
        return Schedule(
            election,
            tuple(untimed),
            False,
            f"the data loaded has no declaration times for {election}, so this replay plays its "
            f"{len(untimed)} seats in alphabetical order of constituency, not the night's order, "
            "with no waiting between them, and says nothing about which seat was first or last, "
            "the first gain or when a majority was reached (load a declaration times file with "
            "--kb to replay the night in order)",
            order,
        )
    note = f"in {said(contests[k] for k in timed)}"
    if untimed:
        names = ", ".join(contests[k].name for k in untimed[:3]) + (
            ", ..." if len(untimed) > 3 else ""
        )
        note += (
            f"; {len(untimed)} seat{'s' if len(untimed) > 1 else ''} with no time ({names}) "
            f"{'play' if len(untimed) > 1 else 'plays'} after the rest, and no seat is called "
            "the last to declare"
        )
    return Schedule(election, tuple(timed + untimed), True, note, order)


def said(contests: Iterable[Contest]) -> str:
    """Whose order this is: the times' own source, as the most seats have it."""
    counts = Counter(said_of(c) for c in contests)
    source = counts.most_common(1)[0][0]
    if source is None:
        return "the Commons Library's declaration order"
    if source == LIBRARY:
        return (
            "the order the Commons Library recorded the results (its times are when each "
            "result was recorded, usually a few minutes after the declaration)"
        )
    return f"the order of the declaration times {source}"


async def play(
    night: Night,
    plan: Schedule,
    speed: float,
    emit: Callable[[Declaration], Awaitable[None] | None],
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> None:
    """Declare every seat of the plan in order, waiting (real gap / speed) between timed ones.

    A gap of more than LONGEST_WAIT (a poll postponed for weeks, as Thirsk and Malton's in 2010,
    or a result on the next day) is not part of the night: the next seat follows at once."""
    previous = None
    started = time.monotonic()
    offset = 0.0
    for key in plan.keys:
        if night.is_declared(key):
            continue
        at = declared_time(night.contests[key].declared_at)
        if speed > 0 and plan.timed and previous is not None and at is not None:
            gap = (at - previous).total_seconds()
            offset += gap / speed if gap <= LONGEST_WAIT.total_seconds() else 0
            delay = offset - (time.monotonic() - started)
            if delay > 0:
                await sleep(delay)
        previous = at or previous
        declaration = night.declare(key)
        result = emit(declaration)
        if result is not None:
            await result
        await asyncio.sleep(0)  # let questions in between declarations
