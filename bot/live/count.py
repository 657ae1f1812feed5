"""A real night from a feed: after each validated reload, what newly declared, served and announced.

The feed's files hold the results declared so far. After a reload, the seats of the newest
election that the previous base did not have are that many new declarations, in the order of
their declaration times (then file order); the election counts as in progress until it has as
many seats as the one before it (650), and the store serves the 'so far' view of it.
"""

from __future__ import annotations

import asyncio
import logging

from bot.engine import Engine
from bot.kb.knowledge import KnowledgeBase
from bot.live.feeds import Apply, Report, reload_apply
from bot.live.night import Declaration, Night, declared_time

log = logging.getLogger(__name__)


def expected_seats(kb: KnowledgeBase, election: str) -> int:
    """Seats the election will fill: as many as the previous election's (its own if more)."""
    elections = [e.id for e in kb.real_elections()]
    index = elections.index(election)
    before = len(kb.contests[elections[index - 1]]) if index else 0
    return max(before, len(kb.contests[election]))


def _in_time_order(kb: KnowledgeBase, election: str, keys) -> list[str]:
    contests = kb.contests[election]
    far = declared_time("31/12/9999 23:59")
    return sorted(keys, key=lambda k: declared_time(contests[k].declared_at) or far)


def new_declarations(
    old: KnowledgeBase, new: KnowledgeBase, engine: Engine
) -> tuple[Night, list[Declaration]]:
    """The newest election's count in `new`, and the declarations `old` did not have yet."""
    election = new.latest_election().id
    before = old.contests.get(election, {})
    known = _in_time_order(new, election, [k for k in new.contests[election] if k in before])
    fresh = _in_time_order(new, election, [k for k in new.contests[election] if k not in before])
    night = Night(new, engine, election, known, expected_seats(new, election))
    return night, [night.declare(key) for key in fresh]


def live_apply(store, folder, report: Report | None = None, announcer=None) -> Apply:
    """The feeds' apply: reload (validated), then serve 'so far' and announce what is new."""
    reload = reload_apply(store, folder, report)

    async def apply(files):
        old = store.current.kb
        result = await reload(files)
        if not getattr(result, "ok", False):
            return result
        new, engine = store.current.kb, store.current.engine
        election = new.latest_election()
        if election is None:
            return result
        # Off the event loop: replaying the known seats and deriving the view take milliseconds each.
        night, fresh = await asyncio.to_thread(new_declarations, old, new, engine)
        if not night.complete:
            view, served = await asyncio.to_thread(night.view)
            store.serve(view, served, f"count of {election.id}")
        if announcer is not None:
            for declaration in fresh:
                await announcer.announce(new, declaration)
        log.info(
            "result feed: %d new declaration(s); %d of %d declared",
            len(fresh),
            night.declared,
            night.total,
        )
        return result

    return apply
