"""Moderators' rehearsals: a past night replayed into one channel only.

Each rehearsal's posts go through the announcer's queue, in turn with real announcements and
after them, and are never recorded as announced: nothing changes for other servers.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
from dataclasses import replace

from bot.kb.knowledge import KnowledgeBase
from bot.live.announcer import Announcer, declaration_post, milestone_post
from bot.live.cli import start
from bot.live.night import Declaration, Night
from bot.live.replay import Schedule, play

log = logging.getLogger(__name__)
MAX_REHEARSALS = 5  # replays running at once across every server


def log_failure(task: asyncio.Task) -> None:
    """A replay that failed says so in the log (a stopped one is not a failure)."""
    if not task.cancelled() and task.exception() is not None:
        log.error("%s failed", task.get_name(), exc_info=task.exception())


class Rehearsals:
    """The rehearsals running, one per channel at most, `limit` at once."""

    def __init__(self, announcer: Announcer, limit: int = MAX_REHEARSALS):
        self.announcer = announcer
        self.limit = limit
        self.tasks: dict[int, asyncio.Task] = {}  # channel id: the replay running there
        self.names: dict[int, str] = {}
        self._numbers = itertools.count(1)

    def running(self, channel_id: int) -> bool:
        task = self.tasks.get(channel_id)
        return task is not None and not task.done()

    def full(self) -> bool:
        return sum(1 for task in self.tasks.values() if not task.done()) >= self.limit

    async def prepare(self, kb: KnowledgeBase, election: str, seats: int) -> tuple[Night, Schedule]:
        """The night before `election` (built in a thread) and its first `seats` declarations."""
        night, plan = await asyncio.to_thread(start, kb, election)
        return night, replace(plan, keys=plan.keys[:seats])

    def begin(
        self, night: Night, plan: Schedule, channel_id: int, guild_id: int, speed: float
    ) -> asyncio.Task:
        destination = f"channel:{channel_id}"
        name = f"{destination}:{next(self._numbers)}"

        async def emit(declaration: Declaration) -> None:
            kb = night.base
            await self.announcer.rehearse(
                replace(declaration_post(kb, declaration, destination, guild_id), rehearsal=name)
            )
            for milestone in declaration.milestones:
                post = milestone_post(kb, declaration, milestone, destination, guild_id)
                # Its map (majority, last seat) is drawn from the base being served, where this
                # past election is complete: the map then shows the first seats in the night's
                # order, as this replay declared them (bot.charts.hexmap.contests_shown).
                await self.announcer.rehearse(replace(post, rehearsal=name))

        task = asyncio.create_task(play(night, plan, speed, emit), name=name)
        task.add_done_callback(log_failure)
        self.tasks[channel_id], self.names[channel_id] = task, name
        return task

    def stop(self, channel_id: int) -> bool:
        """Stop this channel's rehearsal and drop what it queued; False if none is running."""
        if not self.running(channel_id):
            return False
        self.tasks[channel_id].cancel()
        self.announcer.stop_rehearsal(self.names[channel_id])
        return True

    def stop_all(self) -> None:
        for task in self.tasks.values():
            task.cancel()
