"""The hub announcement channel: milestones and hourly summaries posted there and published
within the publishing budget, once each; channels following the hub are not sent what Discord
delivers to them; a milestone the hub could not publish reaches them directly."""

from __future__ import annotations

import asyncio

from bot.live.announcer import Announcer
from bot.live.fanout import LIMITS, Limits
from bot.live.hub import Hub
from tests.helpers.data import needs_data

pytestmark = needs_data
HUB_FOLLOWER, DIRECT = 1, 2


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class FakeAnnouncementChannel:
    """Posts and crossposts; refuses a crosspost over 10 in an hour (Discord's 429) and, when
    told, the next one whatever the budget."""

    def __init__(self, clock: Clock):
        self.clock = clock
        self.published: list[tuple[float, str, tuple[str, ...]]] = []
        self.refuse_next = False

    async def publish(self, post) -> None:
        hour = [t for t, _, _ in self.published if t > self.clock() - 3600]
        if self.refuse_next or len(hour) >= LIMITS.publishes_per_hour:
            self.refuse_next = False
            raise RuntimeError("429 Too Many Requests (retry_after 412.0)")
        self.published.append((self.clock(), post.item, post.lines))


async def _run(database, kb, declarations, clock, channel, name="bot"):
    sent = []

    async def send(post) -> None:
        sent.append((post.destination, post.item))

    announcer = Announcer(database, send, name=name, limits=Limits(channel_messages=10**6))
    announcer.hub = Hub(555, channel.publish, clock)
    announcer.start()
    try:
        for d in declarations:
            clock.now = d.at.timestamp() - declarations[0].at.timestamp() if d.at else clock.now
            await announcer.announce(kb, d)
        await asyncio.wait_for(announcer.drain(), 60)
    finally:
        await announcer.stop()
    return sent


async def test_milestones_and_summaries_are_published_once_within_the_budget(database, night_2019):
    kb, declarations = night_2019
    await database.update_server(HUB_FOLLOWER, results_channel_id=77, follows_hub=True)
    await database.update_server(DIRECT, results_channel_id=88)
    clock = Clock()
    channel = FakeAnnouncementChannel(clock)
    channel.refuse_next = True  # the first publish meets a 429
    sent = await _run(database, kb, declarations, clock, channel)
    milestones = [f"milestone:{m.kind}:{m.party or ''}" for d in declarations for m in d.milestones]
    published = [item for _, item, _ in channel.published]
    assert len(published) == len(set(published))  # once each
    for at, _, _ in channel.published:  # never over the budget in any hour
        assert sum(at <= t < at + 3600 for t, _, _ in channel.published) <= 10
    summaries = [lines for _, item, lines in channel.published if item.startswith("summary:")]
    assert len(summaries) >= 5 and "declared. Tally:" in summaries[0][0]  # a 15-hour night
    direct = {item for dest, item in sent if dest == "channel:88"}
    follower = {item for dest, item in sent if dest == "channel:77"}
    assert set(milestones) <= direct  # the channel not following the hub gets them all itself
    hub_milestones = {i for i in published if i.startswith("milestone:")}
    assert hub_milestones and not (hub_milestones & follower)  # Discord delivered those
    assert set(milestones) <= follower | hub_milestones  # nothing lost: the rest came direct
    assert milestones[0] in follower  # the one the 429 refused came directly
    # A restart announcing the same night publishes nothing again.
    again = FakeAnnouncementChannel(clock)
    await _run(database, kb, declarations, Clock(), again)
    assert again.published == []
