"""What each results channel gets next, under Discord's limits: the announcer's scheduling, in
plain Python with the clock passed in, so the live announcer and the capacity model
(bot/live/capacity.py) make the very same decisions.

- **Priority.** Milestones, then real declarations, then a digest-mode channel's digest, then
  rehearsals. The next message goes to the channel whose best waiting item is of the highest
  priority and, among equals, was queued first (one channel never starves the others: after a
  message, a channel waits its turn behind every item queued before its next one).
- **No backlog.** A channel whose oldest waiting item is older than `behind_after` (at most the
  digest interval) is behind: it gets one message with everything it is owed (of that priority)
  instead of a queue of them, so nothing older than the interval waits behind newer posts.
- **Digest mode.** A channel in digest mode gets the declarations of each interval in one message,
  cut at the interval's boundary (the interval is set by the load: `digest_interval`).
- **Per channel.** At most `Limits.channel_messages` per `channel_window` seconds to one channel.

Discord's limits (each documented where README "Delivery at scale" says) are the `Limits` here.
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections import Counter, deque
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field

MODES = ("every", "digest", "milestones", "followed")  # what a server chooses for #results
# A direct message's destination is 'batched': after every channel's declarations, one DM with
# all a person is owed when it goes; a person's next DM waits `dm_window` seconds after their last,
# and one person gets at most `dm_per_hour` DMs in any hour (what comes meanwhile is folded into
# the next: nothing is lost). The bot sets both from DM_GATHER_SECONDS and DMS_PER_HOUR.

# Priorities (lower first): "real declarations before digests before rehearsals".
MILESTONE, DECLARATION, DIGEST, REHEARSAL = 0, 1, 2, 3
MOST_LISTED = 40  # lines a digest lists; the rest it counts (an embed holds 4,096 characters)


@dataclass(frozen=True)
class Limits:
    """Discord's limits as the model and the scheduler assume them (see README for sources)."""

    global_per_second: float = 50.0  # requests a second, the whole bot (documented)
    channel_messages: int = 5  # messages to one channel ...
    channel_window: float = 5.0  # ... per this many seconds (observed bucket; not a fixed number)
    webhook_requests: int = 5  # executions of one webhook ...
    webhook_window: float = 2.0  # ... per this many seconds (observed bucket headers)
    webhook_per_second: float = 50.0  # webhook executions carry no bot token: per IP, not per bot
    publishes_per_hour: int = 10  # crossposts from one announcement channel an hour (documented)
    shortest_digest: float = 120.0  # seconds: a digest covers at least this long
    behind_after: float = 60.0  # a channel whose oldest waiting item is older is behind
    dm_share: float = 0.1  # direct messages take at most this share of the global rate
    dm_window: float = 0.0  # seconds between one person's DMs: what comes meanwhile is gathered
    dm_per_hour: int = 0  # DMs one person gets in any hour at most (0: no cap)
    on_time: float = 300.0  # a declaration later than this is late (issue 22's bar)
    milestone_on_time: float = 60.0


LIMITS = Limits()


def digest_interval(channels: int, limits: Limits = LIMITS, rate: float | None = None) -> float:
    """Seconds each digest covers at this many channels: one message to every channel per
    interval must fit the sending rate with a fifth to spare, rounded up to whole minutes."""
    rate = rate or limits.global_per_second
    needed = channels / rate * 1.2
    if needed <= limits.shortest_digest:
        return limits.shortest_digest
    return math.ceil(needed / 60) * 60


@dataclass
class Entry:
    priority: int
    seq: int
    at: float  # when it was queued (the declaration's time, for lag)
    payload: object
    coalesce: bool = True  # may share a message with others (a rehearsal's post never does)


@dataclass
class _Channel:
    mode: str = "every"
    queue: deque[Entry] = field(default_factory=deque)  # in the order queued: kept when sent
    counts: Counter = field(default_factory=Counter)  # waiting items by priority
    sent: deque[float] = field(default_factory=deque)  # times of its last few messages
    hour: deque[float] = field(default_factory=deque)  # a person's DMs in the last hour
    version: int = 0  # bumped when its place among the channels changes

    @property
    def priority(self) -> int:
        return min(p for p, n in self.counts.items() if n)


class Outbox:
    """Every channel's waiting items, and the choice of the next message to send.

    `put` queues an item for a destination; `take(now)` returns the next message (a list of one
    item, or a digest's several, all for one destination, in the order queued) or None when
    nothing may go before `ready_at()`. The caller sends it, and calls `take` again.

    A channel's turn comes by the best priority it has waiting and, among equals, by its oldest
    item; within a channel the order queued is kept (a milestone does not overtake the
    declaration it follows: they go together when the channel is behind).
    """

    def __init__(self, limits: Limits = LIMITS, interval: float | None = None):
        self.limits = limits
        self.interval = interval if interval is not None else limits.shortest_digest
        self._channels: dict[Hashable, _Channel] = {}
        self._ready: list[tuple[int, int, int, Hashable]] = []  # (priority, seq, version, dest)
        self._later: list[tuple[float, int, int, int, Hashable]] = []  # (not before, ...)
        self._seq = itertools.count()
        self.size = 0
        self._dms: deque[float] = deque()  # when the last direct messages went (their cap)

    def __len__(self) -> int:
        return self.size

    def set_mode(self, destination: Hashable, mode: str) -> None:
        self._channels.setdefault(destination, _Channel()).mode = mode

    def sent_before(self, destination: Hashable, times: list[float]) -> None:
        """A person's direct messages sent before this process began (on this clock, oldest
        first): their hour's cap and gathering hold across a restart."""
        channel = self._channels.setdefault(destination, _Channel())
        channel.mode = "batched"
        known = sorted(channel.hour)
        # read again (a worker started twice): the same messages, on a clock a moment later
        new = [t for t in times if all(abs(t - k) > 1.0 for k in known)]
        channel.hour = deque(sorted([*known, *new]))

    def mode(self, destination: Hashable) -> str:
        channel = self._channels.get(destination)
        return channel.mode if channel else "every"

    def put(
        self,
        destination: Hashable,
        payload: object,
        priority: int,
        now: float,
        *,
        coalesce: bool = True,
    ) -> Entry:
        channel = self._channels.setdefault(destination, _Channel())
        if channel.mode in ("digest", "batched") and priority == DECLARATION:
            priority = DIGEST  # a digest's item, or a direct message: after channels' posts
        entry = Entry(priority, next(self._seq), now, payload, coalesce)
        was = channel.priority if channel.queue else None
        channel.queue.append(entry)
        channel.counts[priority] += 1
        self.size += 1
        if was is None or priority < was:
            self._schedule(destination, channel, now)
        return entry

    def _schedule(self, destination: Hashable, channel: _Channel, now: float) -> None:
        channel.version += 1
        priority, seq = channel.priority, channel.queue[0].seq
        not_before = self._not_before(channel, now)
        if not_before > now:
            heapq.heappush(self._later, (not_before, priority, seq, channel.version, destination))
        else:
            heapq.heappush(self._ready, (priority, seq, channel.version, destination))

    def _not_before(self, channel: _Channel, now: float) -> float:
        at = now
        if channel.priority == DIGEST and channel.mode == "digest":  # cut at the boundary
            first = channel.queue[0].at
            at = max(at, (math.floor(first / self.interval) + 1) * self.interval)
        limits = self.limits
        if len(channel.sent) >= limits.channel_messages:
            at = max(at, channel.sent[-limits.channel_messages] + limits.channel_window)
        if channel.mode == "batched":  # a DM: gathered, capped per person, within the DMs' share
            while channel.hour and channel.hour[0] <= now - 3600:
                channel.hour.popleft()
            if channel.hour:  # the first goes at once; later ones gather behind it
                at = max(at, channel.hour[-1] + limits.dm_window)
            if limits.dm_per_hour and len(channel.hour) >= limits.dm_per_hour:
                at = max(at, channel.hour[-limits.dm_per_hour] + 3600)
            cap = max(1, int(limits.global_per_second * limits.dm_share))
            while self._dms and self._dms[0] <= now - 1:
                self._dms.popleft()
            if len(self._dms) >= cap:
                at = max(at, self._dms[0] + 1)
        return at

    def ready_at(self) -> float | None:
        """When the next message may go, if none may go now (None: nothing waits)."""
        while self._later:
            _, _, _, version, destination = self._later[0]
            if self._channels[destination].version == version:
                return self._later[0][0]
            heapq.heappop(self._later)
        return None

    def take(self, now: float) -> list[Entry] | None:
        """The next message: items for one destination, in the order they were queued."""
        while self._later and self._later[0][0] <= now:
            _, priority, seq, version, destination = heapq.heappop(self._later)
            heapq.heappush(self._ready, (priority, seq, version, destination))
        while self._ready:
            _, _, version, destination = heapq.heappop(self._ready)
            channel = self._channels[destination]
            if channel.version != version or not channel.queue:
                continue  # stale: its place changed since
            if self._not_before(channel, now) > now:
                self._schedule(destination, channel, now)
                continue
            batch = self._batch(channel, now)
            for entry in batch:
                channel.queue.popleft()
                channel.counts[entry.priority] -= 1
            self.size -= len(batch)
            channel.sent.append(now)
            if channel.mode == "batched":
                self._dms.append(now)
                channel.hour.append(now)
            while len(channel.sent) > self.limits.channel_messages:
                channel.sent.popleft()
            if channel.queue:
                self._schedule(destination, channel, now)
            else:
                channel.version += 1
            return batch
        return None

    def _batch(self, channel: _Channel, now: float) -> list[Entry]:
        head = channel.queue[0]
        behind = now - head.at > min(self.interval, self.limits.behind_after)
        limits = self.limits
        gathers = channel.mode == "digest" or (
            channel.mode == "batched" and (limits.dm_window > 0 or limits.dm_per_hour > 0)
        )  # a DM limited per person carries all the person is owed
        if not head.coalesce or not (behind or gathers):
            return [head]
        batch = []  # everything it is owed: nothing old stays queued behind the message
        for entry in channel.queue:
            if not entry.coalesce:
                break
            batch.append(entry)
        return batch

    def drop(self, keep: Callable[[Entry], bool]) -> int:
        """Remove the waiting items `keep` refuses (a stopped rehearsal's); how many."""
        dropped = 0
        for destination, channel in self._channels.items():
            kept = deque(e for e in channel.queue if keep(e))
            gone = len(channel.queue) - len(kept)
            if not gone:
                continue
            dropped += gone
            channel.queue = kept
            channel.counts = Counter(e.priority for e in kept)
            if kept:
                self._schedule(destination, channel, -math.inf)
            else:
                channel.version += 1
        self.size -= dropped
        return dropped

    def waiting(self, destination: Hashable) -> list[Entry]:
        channel = self._channels.get(destination)
        return list(channel.queue) if channel else []

    def entries(self) -> Iterator[Entry]:
        for channel in self._channels.values():
            yield from channel.queue


class Publisher:
    """The hub's publishing budget: at most `publishes_per_hour` crossposts in any hour.

    A milestone is published at once while the hour has room to spare (one is kept for the
    hourly summary); otherwise it waits for the summary, which names it."""

    def __init__(self, limits: Limits = LIMITS):
        self.limits = limits
        self.published: deque[float] = deque()

    def room(self, now: float) -> int:
        while self.published and self.published[0] <= now - 3600:
            self.published.popleft()
        return self.limits.publishes_per_hour - len(self.published)

    def may_publish(self, now: float, summary: bool = False) -> bool:
        return self.room(now) > (0 if summary else 1)

    def next_room(self, now: float) -> float:
        """When the budget next has room for a summary."""
        if self.room(now) > 0:
            return now
        return self.published[0] + 3600

    def publish(self, now: float) -> None:
        self.published.append(now)
