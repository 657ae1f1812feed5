"""The webhook, hub and follow paths through discord.py's own HTTP layer (dpytest for the
server's state, tests/helpers/fake_discord_api.py for the routes dpytest lacks): the hub's posts
published within Discord's limit, a 429 with retry_after waited out when short and honoured
without blocking when long; a webhook deleted mid-night made again or fallen back from, and
reported; a webhook post killed mid-send never posted twice after a restart; `/election channel
follow:hub` asking Discord to follow the hub, with friendly answers when it cannot."""

from __future__ import annotations

import asyncio

import discord
import discord.ext.test as dpytest
import discord.http
import discord.webhook.async_
import pytest
from discord.ext.test import backend
from discord.ext.test import factories as facts

from bot.client import RATELIMIT_WAIT
from bot.exts.delivery import DiscordSender
from bot.exts.webhooks import WebhookRoute
from bot.kb.build import SHIPPED_KNOWLEDGE
from bot.live.announcer import Announcer
from bot.live.cli import start
from tests.helpers.bots import make_bot, make_moderator, stop_bot
from tests.helpers.data import needs_data
from tests.helpers.fake_discord_api import FakeDiscordApi, RecordedSleeps, too_many, wire

HUB = 990_000_000_000_000_001  # the owners' announcement channel, in the owners' server


def _announcement_channel(guild: discord.Guild, channel_id: int) -> discord.TextChannel:
    data = facts.make_text_channel_dict("hub", channel_id, position=9, guild_id=guild.id)
    data["type"] = 5  # an announcement channel
    backend.get_state().parse_channel_create(data)
    return guild.get_channel(channel_id)


async def _grant_bot(**permissions: bool) -> None:
    guild = dpytest.get_config().guilds[0]
    role = backend.make_role("Bot", guild, permissions=discord.Permissions(**permissions).value)
    await dpytest.add_role(guild.me, role)


@pytest.fixture
def waits(monkeypatch) -> RecordedSleeps:
    """The waits discord.py's HTTP client and webhook adapter ask for, recorded, not slept."""
    recorded = RecordedSleeps()
    monkeypatch.setattr(discord.http, "asyncio", recorded)
    monkeypatch.setattr(discord.webhook.async_, "asyncio", recorded)
    return recorded


@pytest.fixture
async def hub_bot(shipped_kb):
    bot = await make_bot(shipped_kb, [SHIPPED_KNOWLEDGE], hub_channel_id=HUB)
    # dpytest swapped in its own HTTP client; ours is made with this (bot/client.py).
    bot.http.max_ratelimit_timeout = RATELIMIT_WAIT
    api = FakeDiscordApi(bot_id=bot.user.id, announcement_channels={HUB})
    wire(bot, api)  # routes dpytest lacks; announcing tests add "send_message", "logs_from"
    _announcement_channel(dpytest.get_config().guilds[0], HUB)
    told: list[str] = []

    async def report(text: str) -> None:
        told.append(text)

    bot.report = report
    yield bot, api, told
    await dpytest.empty_queue()
    await stop_bot(bot)


def test_the_bot_does_not_wait_out_a_long_429():
    from bot.client import ReturningOfficer
    from tests.helpers.bots import make_settings

    bot = ReturningOfficer(make_settings(), store=None, intents=discord.Intents.default())
    assert bot.http.max_ratelimit_timeout == RATELIMIT_WAIT


# The hub ------------------------------------------------------------------------------------


def _titles(messages: list[dict]) -> list[str]:
    return [e["title"] for m in messages for e in m["embeds"]]


@needs_data
async def test_the_hub_publishes_through_discords_http_within_the_limit(hub_bot, full_kb, waits):
    bot, api, _ = hub_bot
    wire(bot, api, "send_message", "logs_from")  # posts and history too
    guild, channel = dpytest.get_config().guilds[0], dpytest.get_config().channels[0]
    await bot.database.update_server(
        guild.id, results_channel_id=channel.id, announce="milestones", follows_hub=True
    )
    night, plan = start(full_kb, "2019")
    declarations = [night.declare(key) for key in plan.keys]
    first = declarations[0].at
    bot.announcer.hub.clock = lambda: api.clock[0]
    # Another process published 10 in the hour before ours started: Discord counts them.
    api.published[HUB] = [-600.0 + 10 * n for n in range(10)]
    # ... and a later crosspost meets a short 429 (another bucket): waited out, then published.
    pattern = rf"/channels/{HUB}/messages/\d+/crosspost"
    crossposts = 0
    for d in declarations:
        api.clock[0] = (d.at - first).total_seconds()
        if d.milestones and crossposts == 2:
            api.fail_next("POST", pattern, too_many(2.5))
        await bot.announcer.announce(night.base, d)
        crossposts = sum(1 for m, p, _ in api.requests if m == "POST" and p.endswith("crosspost"))
    await asyncio.wait_for(bot.announcer.drain(), 60)

    milestones = [m.text for d in declarations for m in d.milestones]
    in_hub = {m["embeds"][0]["title"]: m for m in api.posted(HUB)}
    published = {title for title, m in in_hub.items() if m["flags"] & 1}
    direct = _titles(api.posted(channel.id))
    assert len(direct) == len(set(direct))  # nothing twice
    for text in milestones:  # each reached the follower once: through Discord or from us
        assert (text in published) != (text in direct), text
    assert milestones[0] in direct  # Discord's 429 (its own count) sent the first one direct
    assert published and any(t.endswith("summary") for t in published)
    for at in api.published[HUB]:  # never over Discord's limit, which the fake enforces
        assert sum(at <= t < at + 3600 for t in api.published[HUB]) <= 10
    assert 2.5 in waits.waits  # the short 429 was waited out by discord.py ...
    assert all(w < RATELIMIT_WAIT for w in waits.waits)  # ... the long one was not: no hold-up
    refused = [p for m, p, _ in api.requests if p.endswith("crosspost")]
    assert len(refused) - len(api.published[HUB]) + 10 == 2  # the long 429 and the short one


@needs_data
async def test_a_hub_that_is_not_an_announcement_channel_never_loses_a_milestone(hub_bot, full_kb):
    bot, api, _ = hub_bot
    wire(bot, api, "send_message", "logs_from")  # posts and history too
    api.announcement_channels.clear()  # the owners set a plain channel: Discord says 400
    guild, channel = dpytest.get_config().guilds[0], dpytest.get_config().channels[0]
    await bot.database.update_server(
        guild.id, results_channel_id=channel.id, announce="milestones", follows_hub=True
    )
    night, plan = start(full_kb, "2019")
    d = night.declare(plan.keys[0])  # the first seat: milestones
    await bot.announcer.announce(night.base, d)
    await asyncio.wait_for(bot.announcer.drain(), 30)
    assert [m.text for m in d.milestones] == _titles(api.posted(channel.id))


# Webhooks -------------------------------------------------------------------------------------


async def _webhook_server(bot, api, name="Results (renamed by a moderator)") -> tuple[int, int]:
    guild, channel = dpytest.get_config().guilds[0], dpytest.get_config().channels[0]
    hook = api._make_webhook(channel.id, name)
    await bot.database.update_server(
        guild.id,
        results_channel_id=channel.id,
        webhook="on",
        webhook_id=int(hook["id"]),
        webhook_token=hook["token"],
    )
    return channel.id, int(hook["id"])


def _executions(api) -> list[str]:
    return [p for m, p, _ in api.requests if m == "POST" and p.startswith("/webhooks/")]


@needs_data
async def test_a_webhook_deleted_mid_night_is_made_again_through_discord(hub_bot, full_kb):
    bot, api, told = hub_bot
    wire(bot, api, "send_message", "logs_from")  # posts and history too
    await _grant_bot(manage_webhooks=True, view_channel=True, send_messages=True)
    channel, hook = await _webhook_server(bot, api)
    night, plan = start(full_kb, "2019")
    first, second = night.declare(plan.keys[0]), night.declare(plan.keys[1])
    await bot.announcer.announce(night.base, first)
    await asyncio.wait_for(bot.announcer.drain(), 30)
    api.delete_webhook(hook)  # a moderator deletes it
    await bot.announcer.announce(night.base, second)
    await asyncio.wait_for(bot.announcer.drain(), 30)
    posted = api.posted(channel)
    assert all(m.get("webhook_id") for m in posted)  # every post through a webhook
    assert second.facts.contest.name in _titles(posted)[-1]  # not lost, once
    assert len(_titles(posted)) == len(set(_titles(posted)))
    made = [p for m, p, _ in api.requests if m == "POST" and p == f"/channels/{channel}/webhooks"]
    assert len(made) == 1  # asked of Discord, once
    server = await bot.database.server(dpytest.get_config().guilds[0].id)
    assert (
        server.webhook == "on" and server.webhook_id != hook and server.webhook_id in api.webhooks
    )
    assert any("was deleted; made again" in line for line in told)


@needs_data
async def test_a_deleted_webhook_without_manage_webhooks_falls_back_to_the_bot(hub_bot, full_kb):
    bot, api, told = hub_bot
    wire(bot, api, "send_message", "logs_from")  # posts and history too
    channel, hook = await _webhook_server(bot, api)
    api.delete_webhook(hook)
    night, plan = start(full_kb, "2019")
    night.declare(plan.keys[0])
    d = night.declare(plan.keys[1])  # no milestones: one post
    await bot.announcer.announce(night.base, d)
    await asyncio.wait_for(bot.announcer.drain(), 30)
    [message] = api.posted(channel)
    assert "webhook_id" not in message and message["author"]["id"] == str(bot.user.id)
    assert message["nonce"]  # the bot's own post carries Discord's deduplication key
    assert (await bot.database.server(dpytest.get_config().guilds[0].id)).webhook == "lost"
    assert any("posting there as the bot" in line for line in told)


@needs_data
async def test_a_webhook_429_with_retry_after_is_waited_out_and_posted_once(
    hub_bot, full_kb, waits
):
    bot, api, told = hub_bot
    wire(bot, api, "send_message", "logs_from")  # posts and history too
    channel, hook = await _webhook_server(bot, api)
    api.fail_next("POST", rf"/webhooks/{hook}/.+", too_many(1.5))
    night, plan = start(full_kb, "2019")
    night.declare(plan.keys[0])
    await bot.announcer.announce(night.base, night.declare(plan.keys[1]))  # one post
    await asyncio.wait_for(bot.announcer.drain(), 30)
    assert waits.waits.count(1.5) == 1  # discord.py's webhook adapter waited as told
    assert len(_executions(api)) == 2 and len(api.posted(channel)) == 1
    assert told == []
    records = await bot.database.records("2019")
    assert [r.status for r in records if r.destination == f"channel:{channel}"] == ["posted"]


@needs_data
async def test_a_webhook_post_killed_mid_send_is_not_posted_again_after_a_restart(hub_bot, full_kb):
    """Webhooks take no nonce (discord.py's Webhook.send has none, nor has Discord's Execute
    Webhook): the footer's ref marker, looked for in the channel's history, is the guard."""
    bot, api, _ = hub_bot
    wire(bot, api, "send_message", "logs_from")  # posts and history too
    channel, _hook = await _webhook_server(bot, api)
    api.hold_webhook_replies = asyncio.Event()  # Discord posts it; the reply never comes back
    night, plan = start(full_kb, "2019")
    night.declare(plan.keys[0])
    d = night.declare(plan.keys[1])  # no milestones: one post
    await bot.announcer.announce(night.base, d)
    for _ in range(1000):
        if api.posted(channel):
            break
        await asyncio.sleep(0.01)
    assert len(api.posted(channel)) == 1
    await bot.announcer.stop()  # killed mid-send: the post stays claimed, unsettled
    api.hold_webhook_replies = None
    restarted = Announcer(
        bot.database, DiscordSender(bot, webhooks=WebhookRoute(bot)), name=bot.announcer.name
    )
    restarted.start()
    try:
        assert await restarted.recover(night.base, [d]) == 1  # owed: sent again, marked resent
        await asyncio.wait_for(restarted.drain(), 30)
    finally:
        await restarted.stop()
    assert len(api.posted(channel)) == 1  # found by its marker in the history: not doubled
    assert len(_executions(api)) == 1
    assert ("GET", f"/channels/{channel}/messages", {}) in api.requests
    records = await bot.database.records("2019")
    assert [r.status for r in records if r.destination == f"channel:{channel}"] == ["posted"]


@needs_data
async def test_a_long_429_on_a_bot_post_is_honoured_by_the_announcer(hub_bot, full_kb, monkeypatch):
    """Longer than discord.py waits (RATELIMIT_WAIT): raised as RateLimited, and the announcer
    waits the retry_after before its next try (not its short back-off), then posts once."""
    bot, api, told = hub_bot
    wire(bot, api, "send_message", "logs_from")  # posts and history too
    channel = dpytest.get_config().channels[0]
    await bot.database.update_server(channel.guild.id, results_channel_id=channel.id)
    api.fail_next("POST", rf"/channels/{channel.id}/messages", too_many(90.0))
    announcer_waits = RecordedSleeps()
    monkeypatch.setattr("bot.live.announcer.asyncio", announcer_waits)
    night, plan = start(full_kb, "2019")
    night.declare(plan.keys[0])
    await bot.announcer.announce(night.base, night.declare(plan.keys[1]))  # one post
    await asyncio.wait_for(bot.announcer.drain(), 30)
    assert announcer_waits.waits == [90.0]
    assert len(api.posted(channel.id)) == 1 and told == []
    records = await bot.database.records("2019")
    assert [r.status for r in records if r.destination == f"channel:{channel.id}"] == ["posted"]


# /election channel follow:hub ---------------------------------------------------------------


async def _set_channel(text: str) -> str:
    moderator = await make_moderator()
    channel = dpytest.get_config().channels[0]
    await dpytest.message(text.format(channel=channel.mention), channel=channel, member=moderator)
    return dpytest.get_message().content


def _follow_requests(api) -> list[dict]:
    return [
        body for m, p, body in api.requests if m == "POST" and p == f"/channels/{HUB}/followers"
    ]


async def test_follow_hub_asks_discord_to_follow_the_hub(hub_bot):
    bot, api, _ = hub_bot
    await _grant_bot(manage_webhooks=True, view_channel=True, send_messages=True)
    reply = await _set_channel("!election channel {channel} every follow:hub")
    channel = dpytest.get_config().channels[0]
    assert f"{channel.mention} now follows the hub" in reply
    assert _follow_requests(api) == [{"webhook_channel_id": str(channel.id)}]
    assert api.followers == [(HUB, channel.id)]
    assert (await bot.database.server(channel.guild.id)).follows_hub is True


async def test_follow_hub_without_manage_webhooks_says_what_to_grant(hub_bot):
    bot, api, _ = hub_bot
    reply = await _set_channel("!election channel {channel} every follow:hub")
    assert "To follow the hub, give me Manage Webhooks in <#" in reply
    assert _follow_requests(api) == []  # not asked of Discord: it would refuse
    assert (await bot.database.server(dpytest.get_config().guilds[0].id)).follows_hub is False


async def test_follow_hub_refused_by_discord_is_answered_kindly(hub_bot):
    bot, api, told = hub_bot
    await _grant_bot(manage_webhooks=True, view_channel=True, send_messages=True)
    api.forbidden.add(("POST", rf"/channels/{HUB}/followers"))  # Discord knows better: 403
    reply = await _set_channel("!election channel {channel} every follow:hub")
    assert "To follow the hub, give me Manage Webhooks" in reply and "Traceback" not in reply
    api.forbidden.clear()
    api.announcement_channels.clear()  # the owners' hub is not an announcement channel: 400
    reply = await _set_channel("!election channel {channel} every follow:hub")
    assert "the bot's owners have been told" in reply
    assert any("following the hub" in line for line in told)
    assert (await bot.database.server(dpytest.get_config().guilds[0].id)).follows_hub is False


async def test_follow_hub_with_no_hub_set_says_so_and_asks_nothing(shipped_kb):
    bot = await make_bot(shipped_kb, [SHIPPED_KNOWLEDGE])
    try:
        api = FakeDiscordApi(bot_id=bot.user.id)
        wire(bot, api)
        await _grant_bot(manage_webhooks=True, view_channel=True, send_messages=True)
        reply = await _set_channel("!election channel {channel} every follow:hub")
        assert "There is no hub channel to follow" in reply
        assert [p for _, p, _ in api.requests if "followers" in p] == []
    finally:
        await dpytest.empty_queue()
        await stop_bot(bot)
