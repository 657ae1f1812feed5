"""Results through a channel's webhook, via discord.py's real webhook code over a stand-in for
Discord's HTTP: a 429 with retry_after waited out, a webhook deleted mid-night made again, or
the channel falling back to bot messages, reported either way."""

from __future__ import annotations

import json
from types import SimpleNamespace

import discord
from multidict import CIMultiDict

from bot.exts.webhooks import WebhookRoute

MESSAGE = {
    "id": "900",
    "channel_id": "77",
    "type": 0,
    "content": "",
    "author": {"id": "5", "username": "Returning Officer results", "discriminator": "0000"},
    "embeds": [],
    "attachments": [],
    "mentions": [],
    "mention_roles": [],
    "pinned": False,
    "mention_everyone": False,
    "tts": False,
    "timestamp": "2019-12-13T00:00:00+00:00",
    "edited_timestamp": None,
    "flags": 0,
    "webhook_id": "5",
}


class Response:
    def __init__(self, status: int, body: dict, headers: dict | None = None):
        self.status, self.reason = status, "stand-in"
        self.body = body
        self.headers = CIMultiDict({"content-type": "application/json", **(headers or {})})

    async def text(self, encoding="utf-8") -> str:
        return json.dumps(self.body)

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc):
        return False


class FakeDiscordHttp:
    """Discord's webhook endpoint: answers each request from a script (then 200s), records all."""

    def __init__(self, script: list[tuple[int, dict, dict]] | None = None):
        self.script = list(script or [])
        self.requests: list[tuple[str, dict]] = []
        self.deleted: set[str] = set()

    def request(self, method, url, data=None, **kwargs):
        self.requests.append((url, json.loads(data) if isinstance(data, str) else {}))
        if any(url.split("?")[0].endswith(f"/webhooks/{hook}") for hook in self.deleted):
            return Response(404, {"message": "Unknown Webhook", "code": 10015})
        if self.script:
            return Response(*self.script.pop(0))
        return Response(200, MESSAGE)


async def _route(database, http, make=None):
    told: list[str] = []

    async def report(text: str) -> None:
        told.append(text)

    bot = SimpleNamespace(database=database, report=report)
    return WebhookRoute(bot, session=http, make=make), told


async def test_a_429_with_retry_after_is_waited_out_and_posted_once(database):
    await database.update_server(
        1, results_channel_id=77, webhook="on", webhook_id=5, webhook_token="tok"
    )
    too_many = (429, {"message": "slow down", "retry_after": 0.05, "global": False}, {"Via": "1"})
    http = FakeDiscordHttp([too_many])
    route, told = await _route(database, http)
    assert await route.send(1, 77, discord.Embed(title="Blyth Valley: Con gain from Lab"))
    assert len(http.requests) == 2  # the refused try, then the same post again
    assert [body["embeds"][0]["title"] for _, body in http.requests] == [
        "Blyth Valley: Con gain from Lab"
    ] * 2
    assert all("/webhooks/5/tok" in url for url, _ in http.requests) and told == []


async def test_a_webhook_deleted_mid_night_is_made_again_and_reported(database):
    await database.update_server(
        1, results_channel_id=77, webhook="on", webhook_id=5, webhook_token="tok"
    )
    http = FakeDiscordHttp()
    made: list[int] = []

    async def make(channel_id):
        made.append(channel_id)
        return (6, "new")

    route, told = await _route(database, http, make)
    assert await route.send(1, 77, discord.Embed(title="first"))
    http.deleted.add("5/tok")  # a moderator deletes the webhook
    route.forget(77)
    assert await route.send(1, 77, discord.Embed(title="second"))
    assert made == [77] and "made again" in told[0]
    assert "/webhooks/6/new" in http.requests[-1][0]
    assert http.requests[-1][1]["embeds"][0]["title"] == "second"  # not lost
    server = await database.server(1)
    assert (server.webhook, server.webhook_id, server.webhook_token) == ("on", 6, "new")


async def test_a_deleted_webhook_that_cannot_be_replaced_falls_back_to_bot_messages(database):
    await database.update_server(
        1, results_channel_id=77, webhook="on", webhook_id=5, webhook_token="tok"
    )
    http = FakeDiscordHttp()
    http.deleted.add("5/tok")

    async def cannot(channel_id):
        return None  # the bot lost Manage Webhooks there

    route, told = await _route(database, http, cannot)
    assert not await route.send(1, 77, discord.Embed(title="x"))  # the caller posts as the bot
    assert "posting there as the bot" in told[0]
    assert (await database.server(1)).webhook == "lost"
    assert not await route.send(1, 77, discord.Embed(title="y"))  # and from then on
    assert len(http.requests) == 1


async def test_a_channel_without_a_webhook_is_posted_by_the_bot(database):
    await database.update_server(1, results_channel_id=77, webhook="asked")
    http = FakeDiscordHttp()
    route, _ = await _route(database, http)
    assert not await route.send(1, 77, discord.Embed(title="x")) and http.requests == []
