"""The announcer's scheduling (bot/live/fanout.py) driven in simulated time against a fake
Discord that enforces the same limits and answers 429 with retry_after: nothing lost, nothing
doubled, order kept within each channel, digests complete, priorities kept under pressure."""

from __future__ import annotations

import random
from collections import defaultdict, deque

from bot.live.fanout import (
    DECLARATION,
    DIGEST,
    LIMITS,
    MILESTONE,
    REHEARSAL,
    Limits,
    Outbox,
    Publisher,
    digest_interval,
)


class FakeDiscord:
    """Counts requests against the global limit (per second) and each channel's (per window);
    a request over either is refused with 429 and a retry_after, as Discord does. Also refuses
    every `flaky`-th request once, whatever the limits (a 429 from elsewhere)."""

    def __init__(self, limits: Limits, flaky: int = 0):
        self.limits = limits
        self.flaky = flaky
        self.recent: deque[float] = deque()
        self.per_channel: dict[str, deque[float]] = defaultdict(deque)
        self.messages: list[tuple[float, str, list]] = []
        self.refused = self.over_channel_limit = 0
        self.requests = 0

    def post(self, now: float, channel: str, items: list) -> float | None:
        """None when accepted, else retry_after in seconds."""
        self.requests += 1
        while self.recent and self.recent[0] <= now - 1:
            self.recent.popleft()
        if len(self.recent) >= self.limits.global_per_second:
            self.refused += 1
            return max(0.001, self.recent[0] + 1 - now)
        sent = self.per_channel[channel]
        while sent and sent[0] <= now - self.limits.channel_window:
            sent.popleft()
        if len(sent) >= self.limits.channel_messages:
            self.refused += 1
            self.over_channel_limit += 1
            return max(0.001, sent[0] + self.limits.channel_window - now)
        if self.flaky and self.requests % self.flaky == 0:
            self.refused += 1
            return 0.5
        self.recent.append(now)
        sent.append(now)
        self.messages.append((now, channel, list(items)))
        return None


def drive(outbox: Outbox, arrivals: list[tuple[float, str, str, int]], discord: FakeDiscord):
    """The announcer's worker in simulated time: take, send (a request takes 1/rate s), and on
    429 wait retry_after and send the same message again. Returns each take's (time, channel,
    items, waiting-before) for checks."""
    rate = outbox.limits.global_per_second
    now, index, taken = 0.0, 0, []
    arrivals = sorted(arrivals, key=lambda a: a[0])
    while True:
        while index < len(arrivals) and arrivals[index][0] <= now:
            at, channel, item, priority = arrivals[index]
            outbox.put(channel, item, priority, at, coalesce=priority != REHEARSAL)
            index += 1
        batch = outbox.take(now)
        if batch is None:
            upcoming = [arrivals[index][0]] if index < len(arrivals) else []
            if outbox.ready_at() is not None:
                upcoming.append(outbox.ready_at())
            if not upcoming:
                return taken
            now = max(now, min(upcoming))
            continue
        channel = batch[0].payload.split("/")[0]
        items = [e.payload for e in batch]
        while (retry := discord.post(now, channel, items)) is not None:
            now += retry
        taken.append((now, channel, batch, outbox.waiting(channel)))
        now += 1 / rate


def night(channels: int, declarations: int, seed: int, modes=("every", "digest")):
    """Declarations in bursts (several in one minute, quiet spells), to every channel; a few
    milestones; a rehearsal in one channel."""
    rng = random.Random(seed)
    arrivals, at = [], 0.0
    for number in range(declarations):
        at += rng.choice([0, 0, 0, 5, 30, 60, 240])
        for c in range(channels):
            arrivals.append((at, f"c{c}", f"c{c}/seat{number}", DECLARATION))
        if number % 40 == 7:
            for c in range(channels):
                arrivals.append((at, f"c{c}", f"c{c}/milestone{number}", MILESTONE))
    for number in range(30):
        arrivals.append((number * 2.0, "c0", f"c0/rehearsal{number}", REHEARSAL))
    outbox = Outbox(LIMITS, digest_interval(channels))
    for c in range(channels):
        outbox.set_mode(f"c{c}", modes[c % len(modes)])
    return outbox, arrivals


def test_nothing_lost_nothing_doubled_order_kept_digests_complete():
    for seed in range(3):
        outbox, arrivals = night(channels=120, declarations=150, seed=seed)
        discord = FakeDiscord(LIMITS, flaky=37)
        taken = drive(outbox, arrivals, discord)
        delivered = [item for _, _, items in discord.messages for item in items]
        assert sorted(delivered) == sorted(item for _, _, item, _ in arrivals)  # all, once each
        assert len(outbox) == 0
        by_channel: dict[str, list[str]] = defaultdict(list)
        for _, channel, items in discord.messages:
            assert all(item.startswith(channel + "/") for item in items)  # to its own channel
            by_channel[channel] += items
        queued: dict[str, list[str]] = defaultdict(list)
        for _, channel, item, _ in sorted(arrivals, key=lambda a: a[0]):
            if "rehearsal" not in item:
                queued[channel].append(item)
        for channel, items in by_channel.items():
            assert [i for i in items if "rehearsal" not in i] == queued[channel]  # in order
        digests = 0
        for _, _, batch, left in taken:
            if len(batch) > 1:  # a digest: everything the channel was owed, up to a rehearsal
                digests += 1
                assert not left or not left[0].coalesce
        assert digests > 0
        assert discord.over_channel_limit == 0  # the scheduler keeps to each channel's limit
        assert discord.refused > 0  # and the injected 429s were waited out and sent again


def test_nothing_older_than_the_interval_waits_behind_newer_posts():
    """A channel behind gets a digest: an item's wait is bounded by the behind threshold plus one
    round of every channel (1/rate each) plus its channel's window, however long the night."""
    channels = 600
    outbox, arrivals = night(channels=channels, declarations=120, seed=7, modes=("every",))
    discord = FakeDiscord(LIMITS)
    taken = drive(outbox, arrivals, discord)
    bound = LIMITS.behind_after + channels / LIMITS.global_per_second + LIMITS.channel_window + 1
    worst = max(now - e.at for now, _, batch, _ in taken for e in batch if e.priority != REHEARSAL)
    assert worst <= bound
    assert len(discord.messages) < len(arrivals)  # bursts went out as digests
    assert any(len(items) > 1 for _, _, items in discord.messages)


def test_milestones_before_declarations_before_digests_before_rehearsals():
    outbox = Outbox(LIMITS, 120)
    outbox.set_mode("d", "digest")
    outbox.put("r", "r/rehearsal", REHEARSAL, 0, coalesce=False)
    outbox.put("d", "d/seat1", DECLARATION, 0)  # a digest-mode channel: a digest's item
    outbox.put("e", "e/seat1", DECLARATION, 1)
    outbox.put("m", "m/milestone", MILESTONE, 2)
    order = []
    now = 200.0  # past the digest's boundary
    while (batch := outbox.take(now)) is not None:
        order.append(batch[0].payload)
        now += 0.02
    assert order == ["m/milestone", "e/seat1", "d/seat1", "r/rehearsal"]
    assert [e.priority for e in [outbox.put("d", "x", DECLARATION, 0)]] == [DIGEST]


def test_a_digest_is_cut_at_its_interval_and_holds_the_whole_interval():
    outbox = Outbox(LIMITS, 120)
    outbox.set_mode("d", "digest")
    for second in (10, 50, 119):
        outbox.put("d", f"d/{second}", DECLARATION, second)
    assert outbox.take(119.5) is None and outbox.ready_at() == 120
    outbox.put("d", "d/121", DECLARATION, 121)
    assert [e.payload for e in outbox.take(121.5)] == ["d/10", "d/50", "d/119", "d/121"]


def test_stopping_a_rehearsal_drops_what_it_queued():
    outbox = Outbox(LIMITS)
    for number in range(5):
        outbox.put("c", f"r{number}", REHEARSAL, 0, coalesce=False)
    outbox.put("c", "seat", DECLARATION, 0)
    assert outbox.drop(lambda entry: entry.priority != REHEARSAL) == 5
    assert [e.payload for e in outbox.take(0)] == ["seat"] and outbox.take(1) is None


def test_the_hub_publishes_within_its_hourly_budget():
    publisher = Publisher(LIMITS)
    published = []
    for minute in range(0, 180):
        if publisher.may_publish(minute * 60):
            publisher.publish(minute * 60)
            published.append(minute * 60)
    for at in published:  # never more than 10 in any hour, one always left for the summary
        assert sum(at <= t < at + 3600 for t in published) <= LIMITS.publishes_per_hour - 1
    assert publisher.may_publish(179 * 60, summary=True)


def test_direct_messages_are_capped_and_batched():
    """A thousand followers' DMs never take more than their share of a second's requests, go
    after channels' posts, and a person owed several gets them in one DM when behind."""
    outbox = Outbox(LIMITS)
    for person in range(1000):
        outbox.set_mode(f"u{person}", "batched")
        for seat in range(3):
            outbox.put(f"u{person}", f"u{person}/seat{seat}", DECLARATION, 0)
    outbox.put("c", "c/seat0", DECLARATION, 0)
    cap = int(LIMITS.global_per_second * LIMITS.dm_share)
    now, sent = 0.0, []
    while True:
        batch = outbox.take(now)
        if batch is None:
            if outbox.ready_at() is None:
                break
            now = outbox.ready_at()
            continue
        sent.append((now, batch))
        now += 1 / LIMITS.global_per_second
    assert sent[0][1][0].payload == "c/seat0"  # the channel's post first
    dms = [at for at, batch in sent if batch[0].payload.startswith("u")]
    assert all(sum(at <= t < at + 1 for t in dms) <= cap for at in dms)
    late = [batch for at, batch in sent if at > LIMITS.behind_after + 1]
    assert late and all(len(batch) == 3 for batch in late)  # behind: one DM with all three
    assert sum(len(batch) for _, batch in sent) == 3001  # nothing lost
