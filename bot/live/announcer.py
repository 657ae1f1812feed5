"""Announcing declarations: who gets each one, claimed in the database record, sent through a queue.

Every (item, destination) is claimed in the announcements record before it is sent, so a restarted
process (catching up on what it missed) or a second process sharing the database never posts the
same thing to the same place twice. A process only announces to its own servers (`owns`).
Sending goes through a bounded queue and one worker, in order; a destination that refuses us
(missing access, deleted channel, DMs closed) is recorded as failed, reported, and skipped from then on.
A moderator's rehearsal (a replay into one channel) goes through the same queue, unrecorded and
after any real announcement waiting.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.db.database import Database
from bot.db.tables import Follow
from bot.kb.knowledge import KnowledgeBase
from bot.live import announce
from bot.live.night import Declaration

log = logging.getLogger(__name__)
PARTY_MILESTONES = {"first_seat", "first_gain", "majority"}  # about the party: its followers hear


@dataclass(frozen=True)
class Post:
    """One message to one place: an embed's title, lines and colour (no mentions, ever)."""

    election: str
    item: str
    destination: str  # 'channel:ID' or 'user:ID'
    guild_id: int
    title: str
    lines: tuple[str, ...]
    colour: str | None = None
    rehearsal: str | None = None  # a rehearsal's name: not in the announcements record


ANNOUNCEMENT, REHEARSAL = 0, 1  # the queue's priorities: a rehearsal never delays a result


class Undeliverable(Exception):
    """The destination cannot take our posts any more (raised by a sender)."""


Sender = Callable[[Post], Awaitable[None]]


def shard_of(guild_id: int, shard_count: int) -> int:
    """Discord's rule: which shard a server's events arrive on."""
    return (guild_id >> 22) % shard_count


def owner_of(shard_ids: list[int] | None, shard_count: int) -> Callable[[int], bool]:
    """Does this process announce to a server? DMs (guild 0) belong to the process with shard 0."""
    if not shard_ids or shard_count <= 1:
        return lambda guild_id: True
    mine = set(shard_ids)
    return lambda guild_id: (
        (0 in mine) if guild_id == 0 else shard_of(guild_id, shard_count) in mine
    )


def declaration_post(kb: KnowledgeBase, d: Declaration, destination: str, guild_id: int) -> Post:
    return Post(
        election=d.election,
        item=f"seat:{d.key}",
        destination=destination,
        guild_id=guild_id,
        title=announce.headline(kb, d),
        lines=tuple(announce.lines(kb, d)),
        colour=kb.party(d.facts.winner.party).colour,
    )


class Announcer:
    def __init__(
        self,
        database: Database,
        send: Sender,
        owns: Callable[[int], bool] = lambda guild_id: True,
        name: str = "bot",
        queue_size: int = 100,
        report: Callable[[str], Awaitable[None]] | None = None,
    ):
        self.database = database
        self.send = send
        self.owns = owns
        self.name = name
        # Real announcements go first; rehearsals take what is left, and at most a tenth of it.
        self.queue: asyncio.PriorityQueue[tuple[int, int, Post]] = asyncio.PriorityQueue(
            maxsize=queue_size
        )
        self._order = itertools.count()
        self._rehearsal_room = asyncio.Semaphore(max(1, queue_size // 10))
        self.dead: set[str] = set()
        self.stopped: set[str] = set()  # rehearsals stopped by a moderator
        self.report = report
        # Set by the Discord layer: does a follow still reach its follower? (False drops it.)
        self.keep_follow: Callable[[Follow], Awaitable[bool]] | None = None
        self._worker: asyncio.Task | None = None

    # Who gets what ------------------------------------------------------------------------

    async def destinations(self, kb: KnowledgeBase, d: Declaration) -> list[tuple[str, int]]:
        """Results channels (all seats, or followed ones), then channel follows, then DM follows.

        A seat is followed by its line of history (what /follow stores: it outlives boundary
        changes) or by the declaration's own contest key.
        """
        facts = d.facts
        targets = [("seat", d.key), ("seat", kb.seat_key(facts.contest.name))]
        targets.append(("party", facts.winner.party))
        targets += [("person", c.person_id) for c in facts.contest.candidacies if c.person_id]
        follows = await self._reachable(await self.database.followers(targets))
        followed_in = {f.guild_id for f in follows}
        found: dict[str, int] = {}
        for server in await self.database.servers_announcing():
            if self.owns(server.guild_id) and (
                server.announce == "all" or server.guild_id in followed_in
            ):
                found.setdefault(f"channel:{server.results_channel_id}", server.guild_id)
        self._add_follows(found, follows)
        return list(found.items())

    # Announcing ---------------------------------------------------------------------------

    async def announce(self, kb: KnowledgeBase, d: Declaration) -> int:
        """Queue this declaration (and its milestones) for every destination not yet given it."""
        queued = 0
        for destination, guild_id in await self.destinations(kb, d):
            queued += await self._offer(declaration_post(kb, d, destination, guild_id))
        for milestone in d.milestones:
            lines = (f"Tally after {d.number} of {d.total}: {announce.tally_text(kb, d)}.",)
            where = await self.milestone_destinations(milestone.kind, milestone.party)
            for destination, guild_id in where:
                post = Post(
                    election=d.election,
                    item=f"milestone:{milestone.kind}:{milestone.party or ''}",
                    destination=destination,
                    guild_id=guild_id,
                    title=milestone.text,
                    lines=lines,
                )
                queued += await self._offer(post)
        return queued

    async def milestone_destinations(self, kind: str, party: str | None) -> list[tuple[str, int]]:
        """Every results channel, then the channels and DMs of the party's followers (when the
        milestone is that party's own: its first seat, the first gain, a majority)."""
        found: dict[str, int] = {}
        for server in await self.database.servers_announcing():
            if self.owns(server.guild_id):
                found.setdefault(f"channel:{server.results_channel_id}", server.guild_id)
        if party and kind in PARTY_MILESTONES:
            follows = await self.database.followers([("party", party)])
            self._add_follows(found, await self._reachable(follows))
        return list(found.items())

    async def _reachable(self, follows: list[Follow]) -> list[Follow]:
        """The follows that still reach their followers (all, unless keep_follow says)."""
        if self.keep_follow is None:
            return follows
        return [f for f in follows if self.owns(f.guild_id) and await self.keep_follow(f)]

    def _add_follows(self, found: dict[str, int], follows) -> None:
        """Each follow's channel, or the follower's DMs, when this process announces there."""
        for follow in follows:
            if not self.owns(follow.guild_id):
                continue
            if follow.guild_id == 0 or follow.channel_id == 0:
                found.setdefault(f"user:{follow.user_id}", 0)
            else:
                found.setdefault(f"channel:{follow.channel_id}", follow.guild_id)

    async def catch_up(self, kb: KnowledgeBase, declarations: list[Declaration]) -> int:
        """After a restart: announce, in order, whatever the record says was never claimed."""
        return sum([await self.announce(kb, d) for d in declarations])

    async def rehearse(self, post: Post) -> None:
        """Queue a rehearsal's post (post.rehearsal set): sent in turn with everything else, never
        claimed or settled in the announcements record, since a rehearsal announces nothing."""
        if post.rehearsal is None:
            raise ValueError("a rehearsal's post names its rehearsal")
        if post.rehearsal not in self.stopped:
            await self._rehearsal_room.acquire()
            await self.queue.put((REHEARSAL, next(self._order), post))

    def stop_rehearsal(self, name: str) -> None:
        """Posts of this rehearsal still queued are dropped, not sent."""
        self.stopped.add(name)

    async def _offer(self, post: Post) -> int:
        if post.destination in self.dead:
            return 0
        if not await self.database.claim(
            post.election, post.item, post.destination, post.guild_id, self.name
        ):
            return 0  # someone (this process before a restart, or another one) has it
        # bounded: a slow Discord slows announcing, never memory
        await self.queue.put((ANNOUNCEMENT, next(self._order), post))
        return 1

    # Sending ------------------------------------------------------------------------------

    def start(self) -> None:
        if self._worker is None or self._worker.done():
            self._worker = asyncio.create_task(self._work(), name=f"announcer-{self.name}")

    async def drain(self) -> None:
        await self.queue.join()

    async def stop(self) -> None:
        if self._worker is not None:
            self._worker.cancel()
            await asyncio.gather(self._worker, return_exceptions=True)

    async def _work(self) -> None:
        while True:
            _, _, post = await self.queue.get()
            try:
                await self._deliver(post)
            finally:
                if post.rehearsal is not None:
                    self._rehearsal_room.release()
                self.queue.task_done()

    async def _deliver(self, post: Post) -> None:
        if post.rehearsal is not None:
            await self._rehearse(post)
            return
        if post.destination in self.dead:
            await self.database.settle(
                post.election, post.item, post.destination, "failed", "skipped"
            )
            return
        try:
            await self.send(post)
        except Undeliverable as error:
            self.dead.add(post.destination)
            await self.database.settle(
                post.election, post.item, post.destination, "failed", str(error)
            )
            message = f"announcements: cannot post to {post.destination} ({error}); skipping it from now on"
            log.warning(message)
            if self.report is not None:
                try:
                    await self.report(message)
                except Exception:  # the report is best effort; announcing goes on
                    log.exception("could not report an undeliverable destination")
        except Exception as error:  # one failed post never stops the night
            log.exception("announcements: posting %s to %s failed", post.item, post.destination)
            await self.database.settle(
                post.election, post.item, post.destination, "failed", repr(error)
            )
        else:
            await self.database.settle(post.election, post.item, post.destination, "posted")

    async def _rehearse(self, post: Post) -> None:
        if post.rehearsal in self.stopped or post.destination in self.dead:
            return
        try:
            await self.send(post)
        except Undeliverable as error:
            self.dead.add(post.destination)
            log.warning("rehearsal: cannot post to %s (%s)", post.destination, error)
        except Exception:
            log.exception("rehearsal: posting %s to %s failed", post.item, post.destination)
