"""Replaying a real night: the order seats declared in, and playing it N times faster than real time."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.kb.knowledge import KnowledgeBase
from bot.live.night import Declaration, Night, declared_time


@dataclass(frozen=True)
class Schedule:
    """Contest keys in the order they are replayed, and how that order was chosen."""

    election: str
    keys: tuple[str, ...]
    timed: bool
    note: str


def schedule(kb: KnowledgeBase, election: str) -> Schedule:
    """The Library's declaration order where it publishes times; otherwise alphabetical, said so."""
    contests = kb.contests[election]
    times = {key: declared_time(c.declared_at) for key, c in contests.items()}
    if all(times.values()):
        keys = sorted(
            contests, key=lambda k: times[k]
        )  # stable: the Library's own row order on ties
        return Schedule(election, tuple(keys), True, "in the Commons Library's declaration order")
    keys = sorted(contests, key=lambda k: (contests[k].name.casefold(), k))
    missing = sum(1 for t in times.values() if t is None)
    return Schedule(
        election,
        tuple(keys),
        False,
        f"{missing} of {len(keys)} seats of {election} have no declaration time in the data, so this "
        "replay plays them in alphabetical order of constituency, with no waiting between them; "
        "the order is not the night's",
    )


async def play(
    night: Night,
    plan: Schedule,
    speed: float,
    emit: Callable[[Declaration], Awaitable[None] | None],
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> None:
    """Declare every seat of the plan in order, waiting (real gap / speed) between timed ones."""
    previous = None
    started = time.monotonic()
    offset = 0.0
    for key in plan.keys:
        if night.is_declared(key):
            continue
        at = declared_time(night.contests[key].declared_at)
        if speed > 0 and plan.timed and previous is not None and at is not None:
            offset += (at - previous).total_seconds() / speed
            delay = offset - (time.monotonic() - started)
            if delay > 0:
                await sleep(delay)
        previous = at or previous
        declaration = night.declare(key)
        result = emit(declaration)
        if result is not None:
            await result
        await asyncio.sleep(0)  # let questions in between declarations
