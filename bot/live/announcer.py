"""Announcing declarations: who gets each one, claimed in the database record, sent through a queue.

Delivery, as close to exactly once as Discord allows:

- Every (item, destination) is claimed in the announcements record ('claimed') before it is
  queued, so a second process sharing the database never posts it too; it is recorded as
  'posted' only after the sender returned, that is after Discord accepted it.
- A post claimed by this process's name and never settled (the process was killed, or stopped,
  with it queued or in flight) is sent again when its declaration is announced again or
  `recover`ed after a restart, marked `resent`: the sender looks for its marker in the
  destination's recent messages first, and every post carries a nonce derived from its key, which
  Discord deduplicates for a few minutes. Nothing recorded as posted is ever sent again.
- Nothing ends the worker: a database error is retried with a capped back-off until the
  database answers (posts wait, none is lost), a failed send is retried a few times, then
  recorded as failed and reported.

A process only announces to its own servers (`owns`). Sending goes through a bounded queue and
one worker, in order; a destination that refuses us (missing access, deleted channel, DMs closed)
is recorded as failed, reported, and skipped from then on. A moderator's rehearsal (a replay into
one channel) goes through the same queue, unrecorded and after any real announcement waiting.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hashlib
import logging
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, replace

from bot.answer.models import ChartRequest
from bot.db.database import Database, permanent
from bot.db.tables import Follow
from bot.kb.exitpolls import server_poll
from bot.kb.knowledge import KnowledgeBase
from bot.live import declaration_text, exitpoll
from bot.live.fanout import (
    DECLARATION,
    LIMITS,
    MILESTONE,
    MOST_LISTED,
    REHEARSAL,
    Entry,
    Limits,
    Outbox,
    digest_interval,
)
from bot.live.hub import Hub
from bot.live.milestones import Milestone
from bot.live.night import Declaration
from bot.live.supervise import Backoff, persist
from bot.models import ExitPoll

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
    resent: bool = False  # may have reached Discord already: look for its marker before sending
    charts: tuple[ChartRequest, ...] = ()  # pictures the sender draws and attaches (the map)
    covers: tuple[Post, ...] = ()  # a digest: the posts it stands for, each settled when it is

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.election, self.item, self.destination)

    @property
    def refs(self) -> set[str]:
        """The markers by which a resend finds this post (a digest: each post it covers)."""
        if self.covers:
            return {c.marker for c in self.covers if c.marker}
        return {self.marker} if self.marker else set()

    @property
    def nonce(self) -> str | None:
        """Discord's deduplication key (at most 25 characters): the same for every send of this
        item to this destination, so Discord keeps one message if it is sent twice within a few
        minutes. A rehearsal has none: rehearsing twice posts twice, as asked."""
        if self.rehearsal is not None:
            return None
        return hashlib.sha256("\x1f".join(self.key).encode()).hexdigest()[:25]

    @property
    def marker(self) -> str | None:
        """A short reference shown with the post, by which a resend finds it among recent messages
        (a digest shows the reference of every post it covers)."""
        if self.covers:
            return "ref " + " ".join(c.nonce[:12] for c in self.covers if c.nonce)
        return None if self.nonce is None else f"ref {self.nonce[:12]}"


def digest_post(posts: list[Post], note: str | None = None) -> Post:
    """One message for several posts to one place: each declaration's headline and each
    milestone in the order they came (the first MOST_LISTED; the rest counted), then the tally
    after the latest (and the note, if any). Complete: every post it covers is named or counted
    in it."""
    first = posts[0]
    seats = sum(p.item.startswith("seat:") for p in posts)
    lines = [("** " if p.item.startswith("milestone:") else "") + p.title for p in posts]
    if len(lines) > MOST_LISTED:
        rest = len(lines) - MOST_LISTED + 1
        lines = lines[: MOST_LISTED - 1] + [f"... and {rest} more (ask for any seat by name)."]
    tallies = [line for p in posts for line in p.lines if line.startswith("Tally after")]
    if tallies:
        lines.append(tallies[-1])
    if note:
        lines.append(note)
    keys = "\x1f".join(p.item for p in posts)
    return Post(
        election=first.election,
        item=f"digest:{hashlib.sha256(keys.encode()).hexdigest()[:16]}",
        destination=first.destination,
        guild_id=first.guild_id,
        title=f"{seats} declaration{'s' if seats != 1 else ''}"
        + (f" and {len(posts) - seats} more" if len(posts) > seats else "")
        + " since my last post",
        lines=tuple(lines),
        resent=any(p.resent for p in posts),
        covers=tuple(posts),
    )


def dm_note(count: int, limits: Limits) -> str:
    """What a direct message that folds several results says about why (DMS_PER_HOUR,
    DM_GATHER_SECONDS): nothing was dropped, they were gathered."""
    pace = []
    if limits.dm_window >= 1:
        pace.append(f"one every {limits.dm_window:.0f} s")
    if limits.dm_per_hour:
        pace.append(f"{limits.dm_per_hour} an hour")
    why = f" (I send each person at most {' and '.join(pace)})" if pace else ""
    return f"{count} results folded into this one message{why}; nothing was left out."


def destination_mode(announce_setting: str | None) -> str:
    """A server's stored choice as a delivery mode ('all', from before modes, is 'every')."""
    return "every" if announce_setting in (None, "", "all") else announce_setting


class PostQueue:
    """The announcer's queue: an Outbox (bot/live/fanout.py) on the event loop's clock, which
    decides what goes next; bounded (a slow Discord slows announcing, never memory)."""

    def __init__(self, limits: Limits, maxsize: int, clock: Callable[[], float] | None = None):
        self.outbox = Outbox(limits)
        self.maxsize = maxsize
        self.clock = clock or (lambda: asyncio.get_running_loop().time())
        self._wake = asyncio.Event()
        self._space = asyncio.Event()
        self._space.set()
        self._unfinished = 0
        self._finished = asyncio.Event()
        self._finished.set()

    def empty(self) -> bool:
        return len(self.outbox) == 0

    def qsize(self) -> int:
        return len(self.outbox)

    async def put(self, destination: str, post: Post, priority: int, coalesce: bool = True):
        while len(self.outbox) >= self.maxsize:
            self._space.clear()
            await self._space.wait()
        self.outbox.put(destination, post, priority, self.clock(), coalesce=coalesce)
        self._unfinished += 1
        self._finished.clear()
        self._wake.set()

    async def take(self) -> list[Entry]:
        while True:
            now = self.clock()
            batch = self.outbox.take(now)
            if batch:
                if len(self.outbox) < self.maxsize:
                    self._space.set()
                return batch
            self._wake.clear()
            ready = self.outbox.ready_at()
            with contextlib.suppress(TimeoutError):  # the next message's time has come
                await asyncio.wait_for(
                    self._wake.wait(), None if ready is None else max(0.0, ready - now)
                )

    def poke(self) -> None:
        """Look at the clock again now (a test's simulated clock moved on)."""
        self._wake.set()

    def done(self, count: int = 1) -> None:
        self._unfinished -= count
        if self._unfinished <= 0:
            self._unfinished = 0
            self._finished.set()

    async def join(self) -> None:
        await self._finished.wait()

    def drop(self, refuse: Callable[[Post], bool]) -> list[Post]:
        """Take out the waiting posts `refuse` says (a stopped rehearsal's)."""
        gone: list[Post] = []

        def keep(entry: Entry) -> bool:
            if refuse(entry.payload):
                gone.append(entry.payload)
                return False
            return True

        self.outbox.drop(keep)
        self.done(len(gone))
        self._space.set()
        return gone


class Undeliverable(Exception):
    """The destination cannot take our posts any more (raised by a sender)."""


class Refused(Exception):
    """Discord refused this one post for good (raised by a sender): not retried, recorded failed."""


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


MAP_MILESTONES = {"majority", "last_seat"}  # the map comes with these


def milestone_charts(d: Declaration) -> tuple[ChartRequest, ...]:
    """The map as the count stood at this declaration, when it reached a map milestone."""
    if any(m.kind in MAP_MILESTONES for m in d.milestones):
        return (ChartRequest("map", d.election, mode="winner", declared=d.number),)
    return ()


def milestone_post(
    kb: KnowledgeBase, d: Declaration, milestone: Milestone, destination: str, guild_id: int
) -> Post:
    return Post(
        charts=milestone_charts(d) if milestone.kind in MAP_MILESTONES else (),
        election=d.election,
        item=f"milestone:{milestone.kind}:{milestone.party or ''}",
        destination=destination,
        guild_id=guild_id,
        title=milestone.text,
        lines=(f"Tally after {d.number} of {d.total}: {declaration_text.tally_text(kb, d)}.",),
    )


def own_exit_poll_milestones(
    kb: KnowledgeBase, d: Declaration, poll: ExitPoll
) -> tuple[Milestone, ...]:
    """This declaration's exit-poll milestones against a server's own poll."""
    return exitpoll.exit_poll_milestones(
        kb, d.election, d.number, d.total, dict(d.tally), d.facts.contest.name, poll
    )


def declaration_post(kb: KnowledgeBase, d: Declaration, destination: str, guild_id: int) -> Post:
    return Post(
        election=d.election,
        item=f"seat:{d.key}",
        destination=destination,
        guild_id=guild_id,
        title=declaration_text.headline(kb, d),
        lines=tuple(declaration_text.lines(kb, d)),
        colour=kb.party(d.facts.winner.party).colour,
    )


class Announcer:
    def __init__(
        self,
        database: Database,
        send: Sender,
        owns: Callable[[int], bool] = lambda guild_id: True,
        name: str = "bot",
        queue_size: int = 200_000,
        report: Callable[[str], Awaitable[None]] | None = None,
        backoff: Backoff | None = None,
        send_tries: int = 6,
        limits: Limits = LIMITS,
        clock: Callable[[], float] | None = None,
    ):
        self.database = database
        self.send = send
        self.owns = owns
        self.name = name
        # Real announcements go first (bot/live/fanout.py); rehearsals take what is left, and at
        # most a tenth of the queue (50 posts at most).
        self.limits = limits
        self.queue = PostQueue(limits, queue_size, clock)
        self._rehearsal_room = asyncio.Semaphore(max(1, min(50, queue_size // 10)))
        self.dead: set[str] = set()
        self.stopped: set[str] = set()  # rehearsals stopped by a moderator
        self.report = report
        # Set by the Discord layer: does a follow still reach its follower? (False drops it.)
        self.keep_follow: Callable[[Follow], Awaitable[bool]] | None = None
        self.backoff = backoff or Backoff()  # between tries of a database call, or of a failed send
        self.send_tries = send_tries
        self._held: set[tuple[str, str, str]] = set()  # queued or being sent by this process
        self.hub: Hub | None = None  # the owners' announcement channel, when set (bot/live/hub.py)
        self._worker: asyncio.Task | None = None

    def use_limits(self, limits: Limits) -> None:
        """Schedule by these limits from now on (a stand-in for Discord may have others)."""
        self.limits = self.queue.outbox.limits = limits

    # Who gets what ------------------------------------------------------------------------

    async def destinations(
        self, kb: KnowledgeBase, d: Declaration, counts: dict[str, int] | None = None
    ) -> list[tuple[str, int]]:
        """Results channels (all seats, or followed ones), then channel follows, then DM follows.

        A seat is followed by its line of history (what /follow stores: it outlives boundary
        changes) or by the declaration's own contest key. `counts` is filled with how many
        people in a server follow it, for the one post there that names them.
        """
        facts = d.facts
        targets = [("seat", d.key), ("seat", kb.seat_key(facts.contest.name))]
        targets.append(("party", facts.winner.party))
        targets += [("person", c.person_id) for c in facts.contest.candidacies if c.person_id]
        follows = await self._reachable(
            await self._db(lambda: self.database.followers(targets), "reading follows")
        )
        followed_in = {f.guild_id for f in follows}
        found: dict[str, int] = {}
        for server in await self._servers():
            mode = destination_mode(server.announce)
            if self.owns(server.guild_id) and (
                mode in ("every", "digest") or mode == "followed" and server.guild_id in followed_in
            ):
                found.setdefault(f"channel:{server.results_channel_id}", server.guild_id)
        self._add_follows(found, follows, counts)
        return list(found.items())

    # Announcing ---------------------------------------------------------------------------

    async def announce(self, kb: KnowledgeBase, d: Declaration) -> int:
        """Queue this declaration (and its milestones) for every destination not yet given it."""
        queued = 0
        counts: dict[str, int] = {}
        own = await self._own_exit_polls(kb, d)
        for destination, guild_id in await self.destinations(kb, d, counts):
            post = declaration_post(kb, d, destination, guild_id)
            if counts.get(destination, 0) > 1:
                post = replace(
                    post, lines=(*post.lines, f"{counts[destination]} people here follow this.")
                )
            queued += await self._offer(post)
        for milestone in d.milestones:
            published = False
            if self.hub is not None:
                hub_post = milestone_post(kb, d, milestone, self.hub.destination, 0)
                published = await self._to_hub(hub_post)
                if not published:
                    self.hub.unpublished.append(milestone.text)
            where = await self.milestone_destinations(
                milestone.kind, milestone.party, hub_followers_served=published
            )
            for destination, guild_id in where:
                if milestone.kind in exitpoll.KINDS and guild_id in own:
                    continue  # that server hears its own exit poll instead
                queued += await self._offer(milestone_post(kb, d, milestone, destination, guild_id))
        for guild_id, (destination, poll) in own.items():
            for milestone in own_exit_poll_milestones(kb, d, poll):
                queued += await self._offer(milestone_post(kb, d, milestone, destination, guild_id))
        if self.hub is not None and self.hub.summary_due():
            summary = Post(
                election=d.election,
                item=f"summary:{d.number}",
                destination=self.hub.destination,
                guild_id=0,
                title=f"{d.at:%H:%M} summary" if d.at else "Hourly summary",
                lines=self.hub.summary_lines(d.number, d.total, declaration_text.tally_text(kb, d)),
            )
            if await self._to_hub(summary, summary=True):
                self.hub.summarised()
        return queued

    async def _own_exit_polls(
        self, kb: KnowledgeBase, d: Declaration
    ) -> dict[int, tuple[str, ExitPoll]]:
        """The servers (of this process) that entered their own exit poll for this election,
        with their results channel, when this declaration is one the exit poll is told with."""
        if not exitpoll.at_a_point(d.number, d.total):
            return {}
        polls = await self._db(
            lambda: self.database.exit_polls_for(d.election), "reading the servers' exit polls"
        )
        if not polls:
            return {}
        return {
            server.guild_id: (
                f"channel:{server.results_channel_id}",
                server_poll(d.election, polls[server.guild_id]),
            )
            for server in await self._servers()
            if server.guild_id in polls and self.owns(server.guild_id)
        }

    async def _to_hub(self, post: Post, summary: bool = False) -> bool:
        """Post and publish in the hub, once (claimed like any post), within its budget."""
        hub = self.hub
        if hub is None or not hub.may_publish(summary):
            return False
        claimed = await self._db(
            lambda: self.database.claim(post.election, post.item, post.destination, 0, self.name),
            f"claiming {post.item} for the hub",
        )
        if not claimed:  # published before this run (or by another process): not again
            state = await self._db(
                lambda: self.database.delivery(post.election, post.item, post.destination),
                f"reading the record of {post.item} for the hub",
            )
            return state is not None and state[0] == "posted"
        ok = await hub.send(post)
        await self._db(
            lambda: self.database.record_delivery(
                post.election, post.item, post.destination, "posted" if ok else "failed"
            ),
            f"recording {post.item} for the hub",
        )
        return ok

    async def milestone_destinations(
        self, kind: str, party: str | None, hub_followers_served: bool = False
    ) -> list[tuple[str, int]]:
        """Every results channel (but those following the hub, when the hub published it), then
        the channels and DMs of the party's followers (when the milestone is that party's own:
        its first seat, the first gain, a majority)."""
        found: dict[str, int] = {}
        for server in await self._servers():
            if hub_followers_served and server.follows_hub:
                continue  # Discord delivers the hub's post there
            if self.owns(server.guild_id):
                found.setdefault(f"channel:{server.results_channel_id}", server.guild_id)
        if party and kind in PARTY_MILESTONES:
            follows = await self._db(
                lambda: self.database.followers([("party", party)]), "reading follows"
            )
            self._add_follows(found, await self._reachable(follows))
        return list(found.items())

    async def _reachable(self, follows: list[Follow]) -> list[Follow]:
        """The follows that still reach their followers (all, unless keep_follow says)."""
        if self.keep_follow is None:
            return follows
        return [f for f in follows if self.owns(f.guild_id) and await self.keep_follow(f)]

    async def _servers(self):
        """The results channels, each with its server's delivery mode given to the queue; the
        digest interval follows how many channels there are (bot/live/fanout.py)."""
        servers = await self._db(self.database.servers_announcing, "reading the results channels")
        outbox = self.queue.outbox
        outbox.interval = digest_interval(len(servers), self.limits)
        for server in servers:
            outbox.set_mode(
                f"channel:{server.results_channel_id}", destination_mode(server.announce)
            )
        return servers

    async def _db(self, operation, what: str):
        """A database call, retried until the database answers: an outage delays, never loses.
        An error no retry mends (a bug) is raised: to the caller, or logged by the worker."""
        return await persist(operation, f"announcements: {what}", self.backoff, permanent=permanent)

    def _add_follows(
        self, found: dict[str, int], follows, counts: dict[str, int] | None = None
    ) -> None:
        """The follows' posts, when this process announces there: one post a server however many
        of its members follow, in the channel where most of them followed it (how many is put in
        `counts`); and each DM follower's DMs, batched (after channels' posts; one DM with all
        they are owed when behind)."""
        in_server: dict[int, Counter] = defaultdict(Counter)
        people: dict[int, set[int]] = defaultdict(set)
        for follow in follows:
            if not self.owns(follow.guild_id):
                continue
            if follow.guild_id == 0 or follow.channel_id == 0:
                destination = f"user:{follow.user_id}"
                self.queue.outbox.set_mode(destination, "batched")
                found.setdefault(destination, 0)
            else:
                in_server[follow.guild_id][follow.channel_id] += 1
                people[follow.guild_id].add(follow.user_id)
        for guild_id, channels in in_server.items():
            busiest = min(channels, key=lambda channel: (-channels[channel], channel))
            destination = f"channel:{busiest}"
            found.setdefault(destination, guild_id)
            if counts is not None:
                counts[destination] = len(people[guild_id])

    async def catch_up(self, kb: KnowledgeBase, declarations: list[Declaration]) -> int:
        """After a restart: announce, in order, whatever the record says was never posted."""
        return sum([await self.announce(kb, d) for d in declarations])

    async def recover(self, kb: KnowledgeBase, declarations: Iterable[Declaration]) -> int:
        """After a restart: queue again, in order, the posts of these declarations that this
        process's name claimed and never settled (and no others: nothing new is claimed)."""
        declarations = list(declarations)
        if not declarations:
            return 0
        election = declarations[0].election
        owed = await self._db(
            lambda: self.database.unsent(election, self.name), "reading unsent posts"
        )
        owed_to: dict[str, list[tuple[str, int]]] = {}
        for item, destination, guild_id in owed:
            if (election, item, destination) not in self._held:
                owed_to.setdefault(item, []).append((destination, guild_id))
        queued = 0
        for d in declarations:
            for destination, guild_id in owed_to.pop(f"seat:{d.key}", ()):
                queued += await self._resend(declaration_post(kb, d, destination, guild_id))
            for guild_id, (destination, poll) in (await self._own_exit_polls(kb, d)).items():
                for milestone in own_exit_poll_milestones(kb, d, poll):
                    item = f"milestone:{milestone.kind}:"
                    owed_here = owed_to.get(item, [])
                    if (destination, guild_id) in owed_here:
                        owed_here.remove((destination, guild_id))
                        post = milestone_post(kb, d, milestone, destination, guild_id)
                        queued += await self._resend(post)
            for milestone in d.milestones:
                item = f"milestone:{milestone.kind}:{milestone.party or ''}"
                for destination, guild_id in owed_to.pop(item, ()):
                    post = milestone_post(kb, d, milestone, destination, guild_id)
                    queued += await self._resend(post)
        return queued

    async def rehearse(self, post: Post) -> None:
        """Queue a rehearsal's post (post.rehearsal set): sent in turn with everything else, never
        claimed or settled in the announcements record, since a rehearsal announces nothing."""
        if post.rehearsal is None:
            raise ValueError("a rehearsal's post names its rehearsal")
        if post.rehearsal not in self.stopped:
            await self._rehearsal_room.acquire()
            await self.queue.put(post.destination, post, REHEARSAL, coalesce=False)

    def stop_rehearsal(self, name: str) -> None:
        """Posts of this rehearsal still queued are dropped, not sent."""
        self.stopped.add(name)
        for _ in self.queue.drop(lambda post: post.rehearsal == name):
            self._rehearsal_room.release()

    async def _offer(self, post: Post) -> int:
        """Claim and queue one post; 1 if queued. A post this process's name claimed before and
        never settled (a killed or stopped run) is queued again, marked as possibly sent."""
        if post.destination in self.dead or post.key in self._held:
            return 0
        claimed = await self._db(
            lambda: self.database.claim(
                post.election, post.item, post.destination, post.guild_id, self.name
            ),
            f"claiming {post.item} for {post.destination}",
        )
        if claimed:
            await self._put(post)
            return 1
        state = await self._db(
            lambda: self.database.delivery(post.election, post.item, post.destination),
            f"reading the record of {post.item} for {post.destination}",
        )
        if state is not None and state == ("claimed", self.name):
            return await self._resend(post)
        return 0  # posted or failed, or another process has it

    async def _resend(self, post: Post) -> int:
        if post.destination in self.dead or post.key in self._held:
            return 0
        await self._put(replace(post, resent=True))
        return 1

    async def _put(self, post: Post) -> None:
        self._held.add(post.key)
        priority = MILESTONE if post.item.startswith("milestone:") else DECLARATION
        # A post that may have reached Discord already goes alone, under its own nonce and
        # marker, so the checks against doubles see it as it was first sent.
        await self.queue.put(post.destination, post, priority, coalesce=not post.resent)

    # Sending ------------------------------------------------------------------------------

    def start(self) -> None:
        if self._worker is None or self._worker.done():
            self._worker = asyncio.create_task(self._work(), name=f"announcer-{self.name}")

    @property
    def running(self) -> bool:
        return self._worker is not None and not self._worker.done()

    async def drain(self) -> None:
        await self.queue.join()

    async def stop(self) -> None:
        """Stop sending; whatever is still queued stays claimed, for the next run to send."""
        if self._worker is not None:
            self._worker.cancel()
            await asyncio.gather(self._worker, return_exceptions=True)

    async def _work(self) -> None:
        await self._remember_direct_messages()
        while True:
            posts = [entry.payload for entry in await self.queue.take()]
            note = None
            if len(posts) > 1 and posts[0].destination.startswith("user:"):
                note = dm_note(len(posts), self.limits)
            post = posts[0] if len(posts) == 1 else digest_post(posts, note)
            try:
                await self._deliver(post)
            except asyncio.CancelledError:
                raise
            except Exception:  # not expected (every step handles its own): the worker goes on
                log.exception("announcements: delivering %s to %s", post.item, post.destination)
            finally:
                for one in posts:
                    if one.rehearsal is not None:
                        self._rehearsal_room.release()
                    else:
                        self._held.discard(one.key)
                self.queue.done(len(posts))

    async def _remember_direct_messages(self) -> None:
        """The direct messages sent in the last hour, from the record: a restart does not give
        anyone a fresh hour of messages (DMS_PER_HOUR)."""
        if not (self.limits.dm_per_hour or self.limits.dm_window):
            return
        wall, clock = dt.datetime.now(dt.UTC), self.queue.clock()
        since = wall - dt.timedelta(hours=1)
        sent = await self._db(
            lambda: self.database.direct_messages_since(since), "reading the last hour's DMs"
        )
        for destination, times in sent.items():
            self.queue.outbox.sent_before(
                destination, [clock - (wall - at).total_seconds() for at in times]
            )

    async def _deliver(self, post: Post) -> None:
        """Send one message (a post, or a digest of several) and record each post it carried."""
        if post.rehearsal is not None:
            await self._rehearse(post)
            return
        if post.destination in self.dead:
            status, detail = "failed", "skipped"
        else:
            status, detail = await self._send(post)
        sent_at = dt.datetime.now(dt.UTC)  # one message: one time for every post it carried
        for one in post.covers or (post,):
            await self._db(
                lambda one=one: self.database.record_delivery(
                    one.election, one.item, one.destination, status, detail, sent_at
                ),
                f"recording {one.item} for {one.destination} as {status}",
            )

    async def _send(self, post: Post) -> tuple[str, str]:
        """Send one post: ('posted', '') once Discord accepted it, else ('failed', why)."""
        delays = self.backoff.delays()
        for attempt in range(1, self.send_tries + 1):
            try:
                await self.send(post)
            except asyncio.CancelledError:
                raise
            except Undeliverable as error:
                self.dead.add(post.destination)
                await self._tell(
                    f"announcements: cannot post to {post.destination} ({error}); "
                    "skipping it from now on"
                )
                return "failed", str(error)
            except Refused as error:
                await self._tell(
                    f"announcements: {post.item} to {post.destination} refused ({error})"
                )
                return "failed", str(error)
            except Exception as error:
                if attempt == self.send_tries:
                    log.exception(
                        "announcements: posting %s to %s failed", post.item, post.destination
                    )
                    await self._tell(
                        f"announcements: {post.item} to {post.destination} failed "
                        f"{attempt} times ({type(error).__name__}); not sent"
                    )
                    return "failed", repr(error)
                # A 429 too long for discord.py to wait out (RATELIMIT_WAIT) says when: honoured.
                delay = max(next(delays), getattr(error, "retry_after", None) or 0.0)
                log.warning(
                    "announcements: posting %s to %s failed (%s: %s); try %d in %.1f s",
                    post.item,
                    post.destination,
                    type(error).__name__,
                    error,
                    attempt + 1,
                    delay,
                )
                # The request may have reached Discord before it failed: look before posting.
                post = replace(post, resent=True)
                await asyncio.sleep(delay)
            else:
                return "posted", ""
        raise AssertionError("unreachable: the last try returns")

    async def _tell(self, message: str) -> None:
        log.warning(message)
        if self.report is not None:
            try:
                await self.report(message)
            except Exception:  # the report is best effort; announcing goes on
                log.exception("could not report a problem with announcements")

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
