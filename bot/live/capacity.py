"""The capacity model: a real night's declaration times replayed through the announcer's own
scheduling (bot/live/fanout.py) against Discord's limits, in simulated time (no sleeping).

Every results channel of a mode receives the same items at the same moments, so channels are
simulated in groups (at most GROUPS of them, each standing for channels/GROUPS channels): a
message to a group is that many requests, sent one after another at the bot's global rate. Each
group is one destination of a real `Outbox`, which decides what it gets next, exactly as it
does for one channel in the bot. A group's lag is counted for each of its channels (the last of
them waits the whole group's sending time: that is the worst lag).

`+hub` cases: the channels follow the hub announcement channel, so a milestone published there
reaches them all through Discord (two requests: post and crosspost), within the hub's
publishing budget; a milestone over budget is posted to each channel instead.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from bot.live.fanout import DECLARATION, LIMITS, MILESTONE, Limits, Outbox, Publisher
from bot.live.fanout import digest_interval as interval_for

GROUPS = 200
FOLLOWED_SEATS = 10  # a 'followed' server follows this many seats (an assumption)
CASES = ("every", "digest", "followed", "milestones", "every+hub", "digest+hub", "hub")
PREFERENCE = ("every", "every+hub", "digest", "digest+hub", "milestones", "hub")


@dataclass(frozen=True)
class Event:
    """One declaration of the night: seconds after the first, its seat, its milestones."""

    at: float
    seat: str
    milestones: int = 0


@dataclass(frozen=True)
class Outcome:
    mode: str
    channels: int
    worst: float  # seconds, declarations (and milestones) as the channel receives them
    p50: float
    requests: int
    milestone_worst: float
    interval: float

    @property
    def with_hub(self) -> bool:
        """Does this case need the channels to follow the hub (milestones through Discord)?"""
        return self.mode == "hub" or self.mode.endswith("+hub")

    def on_time(self, limits: Limits = LIMITS) -> bool:
        return self.worst <= limits.on_time and self.milestone_worst <= limits.milestone_on_time

    def line(self) -> str:
        return (
            f"announce {self.mode} {self.channels} channels: worst lag {self.worst:.0f} s, "
            f"p50 lag {self.p50:.0f} s, requests {self.requests}; "
            f"milestones worst {self.milestone_worst:.0f} s (digest interval {self.interval:.0f} s)"
        )


def night_events(kb, election: str = "2019") -> list[Event]:
    """The night's declarations in order, timed from its times (bot/live/replay.py's order)."""
    from bot.live.cli import start
    from bot.live.night import declared_time

    night, plan = start(kb, election)
    events, first = [], None
    last = 0.0
    for key in plan.keys:
        when = declared_time(night.contests[key].declared_at)
        declaration = night.declare(key)
        if when is not None:
            first = first or when
            last = (when - first).total_seconds()
        events.append(Event(last, key, len(declaration.milestones)))
    return events


def _follows(group: int, index: int) -> bool:
    """Does a 'followed' group follow the index-th seat? Each follows FOLLOWED_SEATS, spread."""
    return (index * 7919 + group * 104729) % 650 < FOLLOWED_SEATS


def simulate(events: list[Event], mode: str, channels: int, limits: Limits = LIMITS) -> Outcome:
    """Replay the night through the scheduler: lag of every item to every channel, requests."""
    base, _, hub = mode.partition("+")
    hubbed = bool(hub) or base == "hub"
    groups = min(channels, GROUPS)
    size = channels / groups  # channels a group stands for
    rate = limits.global_per_second
    interval = interval_for(channels, limits)
    outbox = Outbox(limits, interval)
    for group in range(groups):
        outbox.set_mode(group, "digest" if base == "digest" else "every")
    publisher = Publisher(limits)
    lags: list[tuple[float, float]] = []  # (lag at the middle of a group's sending, weight)
    worst = milestone_worst = 0.0
    requests = 0.0
    now = 0.0
    index = 0
    summary_due = 3600.0
    summary_items: list[float] = []  # declarations since the last hourly summary (hub only)

    def arrive(event: Event, number: int) -> None:
        nonlocal requests, milestone_worst
        if base in ("every", "digest", "followed"):
            for group in range(groups):
                if base == "followed" and not _follows(group, number):
                    continue
                outbox.put(group, "seat", DECLARATION, event.at)
        if base == "hub":
            summary_items.append(event.at)
        for _ in range(event.milestones):
            if hubbed and publisher.may_publish(now):
                publisher.publish(now)
                requests += 2  # the hub's post and its crosspost: Discord delivers the rest
                milestone_worst = max(milestone_worst, now + 2 / rate - event.at)
                lags.append((now + 2 / rate - event.at, channels))
                continue
            for group in range(groups):
                outbox.put(group, "milestone", MILESTONE, event.at)

    while True:
        while index < len(events) and events[index].at <= now:
            arrive(events[index], index)
            index += 1
        if base == "hub" and summary_items and now >= summary_due:
            at = publisher.next_room(now)
            if at <= now:
                publisher.publish(now)
                requests += 2
                for queued in summary_items:
                    worst = max(worst, now - queued)
                    lags.append((now - queued, channels))
                summary_items.clear()
                summary_due = now + 3600
            else:
                summary_due = at
        batch = outbox.take(now)
        if batch is None:
            upcoming = [events[index].at] if index < len(events) else []
            if outbox.ready_at() is not None:
                upcoming.append(outbox.ready_at())
            if base == "hub" and summary_items:
                upcoming.append(summary_due)
            if not upcoming:
                break
            now = max(now, min(upcoming))
            continue
        sending = size / rate
        requests += size
        for entry in batch:
            last = now + sending - entry.at
            worst = max(worst, last)
            lags.append((now + sending / 2 - entry.at, size))
            if entry.payload == "milestone":
                milestone_worst = max(milestone_worst, last)
        now += sending
    return Outcome(
        mode,
        channels,
        worst,
        _weighted_median(lags),
        math.ceil(requests),
        milestone_worst,
        interval,
    )


def _weighted_median(samples: Iterable[tuple[float, float]]) -> float:
    ordered = sorted(samples)
    total = sum(w for _, w in ordered)
    running = 0.0
    for value, weight in ordered:
        running += weight
        if running >= total / 2:
            return value
    return 0.0


def recommend(events: list[Event], channels: int, limits: Limits = LIMITS) -> Outcome:
    """The first mode, in order of preference, that keeps the night on time at this size (else
    the one with the smallest worst lag)."""
    return choose([simulate(events, mode, channels, limits) for mode in PREFERENCE], limits)


def choose(outcomes: list[Outcome], limits: Limits = LIMITS) -> Outcome:
    """Of these cases (of one size), the recommendation, by PREFERENCE."""
    ranked = sorted(
        (o for o in outcomes if o.mode in PREFERENCE), key=lambda o: PREFERENCE.index(o.mode)
    )
    for outcome in ranked:
        if outcome.on_time(limits):
            return outcome
    return min(ranked, key=lambda o: (o.worst, o.milestone_worst))


_defaults: dict[tuple[int, int], Outcome] = {}


def advice(kb, channels: int) -> Outcome | None:
    """What the model recommends at this many results channels, replaying the latest night the
    knowledge has times for (2019, else an earlier one); None when it has none. Cached by
    order of magnitude (a few seconds of simulation at most)."""
    timed = [
        e.id
        for e in kb.real_elections()
        if e.id in kb.contests and sum(1 for c in kb.contests[e.id].values() if c.declared_at) > 100
    ]
    if not timed:
        return None
    election = timed[-1]
    bucket = (id(kb), max(1, 10 ** math.ceil(math.log10(max(channels, 1)))))
    if bucket not in _defaults:
        _defaults.clear()
        _defaults[bucket] = recommend(night_events(kb, election), bucket[1])
    return _defaults[bucket]


def default_mode(kb, channels: int) -> str:
    """A new server's mode: the one the model says stays on time at the bot's size (its
    results channels, this one included), without the hub part, which is the server's to
    follow. 'every' when the knowledge holds no timed night to model."""
    return server_mode(advice(kb, channels))


def server_mode(outcome: Outcome | None) -> str:
    """The mode a server is given from the model's advice (its part without the hub)."""
    if outcome is None:
        return "every"
    mode = outcome.mode.partition("+")[0]
    return "milestones" if mode == "hub" else mode
