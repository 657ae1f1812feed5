"""The whole bot replaying a past night (REPLAY_ELECTION, for demos): every server's results
channel is announced to and every answer is 'so far', as on a real night.

Each declaration played is marked in the announcements record under a pseudo-destination of
this process (after it was announced). After a restart the marked ones are applied at once,
without waiting, the posts a stopped run had claimed and never sent are sent, and the night goes
on at its speed from the first unmarked declaration. The run is supervised: an error is logged
and the night picks up again from the record; a database outage only delays it.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from dataclasses import replace

from bot.db.database import Database, permanent
from bot.live.announcer import Announcer
from bot.live.cli import start
from bot.live.night import Declaration, Night
from bot.live.replay import play
from bot.live.supervise import persist, supervise

log = logging.getLogger(__name__)


def replay_marker(name: str) -> str:
    """The pseudo-destination under which replay mode records what this process has played."""
    marker = f"replay:{name}"
    if len(marker) > 40:  # the record's column
        marker = "replay:" + hashlib.sha1(name.encode()).hexdigest()[:20]
    return marker


class WholeReplay:
    """One past night played for the whole bot; `run` until it is over (cancel to stop)."""

    def __init__(
        self,
        store,
        database: Database,
        announcer: Announcer,
        election: str,
        speed: float,
        prefix: str = "!",
    ):
        self.store = store
        self.base = store.current.kb  # the night is replayed over the base as it was loaded
        self.database = database
        self.announcer = announcer
        self.election = election
        self.speed = speed
        self.prefix = prefix
        self.marker = replay_marker(announcer.name)

    async def run(self) -> None:
        await supervise(self.play, f"replay mode ({self.election})")

    async def play(self) -> None:
        """Resume from the record, then play the rest of the night."""
        election = self.election
        night, plan = await asyncio.to_thread(start, self.base, election, self.prefix)
        marked = await persist(
            lambda: self.database.items_sent_to(election, self.marker),
            "replay mode: reading what was played",
            permanent=permanent,
        )
        done = {item.removeprefix("seat:") for item in marked}
        resume = max((n + 1 for n, key in enumerate(plan.keys) if key in done), default=0)
        if resume:
            played = [night.declare(key) for key in plan.keys[:resume]]
            await self.announcer.recover(night.base, played)  # claimed by a stopped run, unsent
            for declaration in played:
                if declaration.key not in done:  # stopped between announcing it and marking it
                    await self.announcer.announce(night.base, declaration)
                    await self._mark(declaration.key)
            await self._serve(night)
            log.info(
                "replay mode: the %s night resumes after %d of %d declarations",
                election,
                resume,
                len(plan.keys),
            )
        else:
            log.info("replay mode: the %s night, %s", election, plan.note)

        async def emit(declaration: Declaration) -> None:
            await self._serve(night)
            await self.announcer.announce(night.base, declaration)
            await self._mark(declaration.key)

        await play(night, replace(plan, keys=plan.keys[resume:]), self.speed, emit)
        log.info("replay mode: the %s night is over", election)

    async def _serve(self, night: Night) -> None:
        view_kb, engine = await asyncio.to_thread(night.view)
        self.store.serve(view_kb, engine, f"replay of {self.election}")

    async def _mark(self, key: str) -> None:
        """Record that replay mode has played this declaration (not a post: nothing is sent)."""

        await persist(
            lambda: self.database.claim(
                self.election, f"seat:{key}", self.marker, 0, self.announcer.name, "replayed"
            ),
            f"replay mode: marking {key} played",
            permanent=permanent,
        )
