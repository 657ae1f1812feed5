"""The capacity model: the 2019 night through the announcer's scheduling, under Discord's limits."""

from __future__ import annotations

import pytest

from bot.kb.build import SHIPPED_KNOWLEDGE, build
from bot.live.capacity import CASES, night_events, recommend, simulate
from bot.live.fanout import LIMITS, digest_interval
from tests.helpers.data import DATA, needs_data

pytestmark = needs_data


@pytest.fixture(scope="module")
def night():
    return night_events(build([SHIPPED_KNOWLEDGE, DATA / "ge2019"]), "2019")


def test_the_night_is_the_2019_night_in_its_declaration_times(night):
    assert len(night) == 650
    assert night[0].at == 0 and night[-1].at == pytest.approx(15.42 * 3600, abs=60)  # St Ives
    assert all(a.at <= b.at for a, b in zip(night, night[1:], strict=False))
    assert sum(e.milestones for e in night) >= 5  # first seats, first gain, majority, last seat


def test_with_ten_thousand_channels_the_recommended_mode_is_on_time(night):
    best = recommend(night, 10_000)
    assert best.worst <= LIMITS.on_time and best.milestone_worst <= LIMITS.milestone_on_time
    assert best.mode.endswith("+hub")  # 10,000 channels cannot each be sent a milestone in 60 s


def test_the_model_cannot_beat_the_global_limit(night):
    """A direct message to each of N channels takes N / 50 seconds at least: the model never
    claims better, and asking every channel for every seat costs at least a request a post."""
    for channels in (1_000, 100_000):
        every = simulate(night, "every", channels)
        assert every.milestone_worst >= channels / LIMITS.global_per_second - 1
        assert every.requests >= channels * 13  # a request per channel per milestone at least
    small = simulate(night, "every", 10)
    assert small.requests >= 650 * 10  # ten channels: every declaration posted to each
    assert small.worst <= 60  # and on time


def test_a_behind_channel_gets_digests_not_a_backlog(night):
    """At 10,000 channels, 'every' keeps within a round of sending plus the behind threshold,
    with far fewer requests than one per declaration per channel."""
    outcome = simulate(night, "every+hub", 10_000)
    round_trip = 10_000 / LIMITS.global_per_second
    assert outcome.worst <= round_trip + LIMITS.behind_after + 1
    assert outcome.requests < 650 * 10_000 / 4


def test_digest_interval_grows_with_the_load():
    assert digest_interval(10) == LIMITS.shortest_digest
    assert digest_interval(10_000) >= 10_000 / LIMITS.global_per_second
    assert digest_interval(100_000) > digest_interval(10_000)


def test_every_case_runs_for_every_size_quickly(night):
    for mode in CASES:
        outcome = simulate(night, mode, 100_000)
        assert outcome.requests > 0 and outcome.p50 <= outcome.worst
