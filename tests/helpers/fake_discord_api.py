"""Discord's REST API at the aiohttp level, for the routes dpytest does not reach: discord.py's own
HTTPClient (rate limits, retries, error mapping) and webhook adapter send their requests here.

`FakeDiscordApi.request(method, url, ...)` is what `aiohttp.ClientSession.request` is to them.
It keeps channels' messages (with their nonces, deduplicated as Discord does), webhooks, follows
of announcement channels and crossposts; it enforces the publishing limit (10 an hour per
channel, on a clock the test moves) with a 429 and `retry_after`, and answers faults a test
scripts: a 429 for the next request on a path, a deleted webhook (404 Unknown Webhook), a 403.
`wire(bot, api)` points a dpytest bot's HTTP at it for the routes named.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import types
from collections import defaultdict
from dataclasses import dataclass, field

import discord
from multidict import CIMultiDict

API = "/api/v10"
ids = itertools.count(1_100_000_000_000_000_000)
RATE_LIMITED = {"message": "You are being rate limited.", "global": False}


class Response:
    def __init__(self, status: int, body, headers: dict | None = None, hold=None):
        self.status, self.reason = status, "fake"
        self.body = body
        self.headers = CIMultiDict({"content-type": "application/json", **(headers or {})})
        self.hold = hold  # an Event the reply waits for (a process killed mid-request)

    async def text(self, encoding="utf-8") -> str:
        return json.dumps(self.body)

    async def __aenter__(self):
        if self.hold is not None:
            await self.hold.wait()
        return self

    async def __aexit__(self, *exc):
        return False


def too_many(retry_after: float) -> Response:
    # Discord's own 429s come through its proxy (Via); discord.py treats one without as a ban.
    return Response(429, {**RATE_LIMITED, "retry_after": retry_after}, {"Via": "1.1 google"})


@dataclass
class FakeDiscordApi:
    bot_id: int
    clock: list[float] = field(default_factory=lambda: [0.0])  # seconds; the test moves it
    messages: dict[int, list[dict]] = field(default_factory=lambda: defaultdict(list))
    webhooks: dict[int, tuple[str, int, str]] = field(
        default_factory=dict
    )  # id -> token, channel, name
    followers: list[tuple[int, int]] = field(default_factory=list)  # (hub, follower channel)
    published: dict[int, list[float]] = field(default_factory=lambda: defaultdict(list))
    requests: list[tuple[str, str, dict]] = field(default_factory=list)
    faults: list[tuple[str, str, Response]] = field(default_factory=list)  # once each
    forbidden: set[tuple[str, str]] = field(default_factory=set)  # (method, path regex): 403
    announcement_channels: set[int] = field(default_factory=set)
    publishes_per_hour: int = 10
    hold_webhook_replies: asyncio.Event | None = None  # set: executions hang after posting

    # What discord.py calls ----------------------------------------------------------------

    def request(self, method: str, url: str, data=None, params=None, **kwargs) -> Response:
        path = url.split(API, 1)[-1].split("?")[0]
        body = json.loads(data) if isinstance(data, str) else {}
        self.requests.append((method, path, body))
        for n, (m, pattern, response) in enumerate(self.faults):
            if m == method and re.fullmatch(pattern, path):
                del self.faults[n]
                return response
        if any(m == method and re.fullmatch(p, path) for m, p in self.forbidden):
            return Response(403, {"message": "Missing Permissions", "code": 50013})
        return self._route(method, path, body, params or {})

    def _route(self, method: str, path: str, body: dict, params: dict) -> Response:
        if m := re.fullmatch(r"/channels/(\d+)/messages", path):
            channel = int(m[1])
            if method == "GET":
                limit = int(params.get("limit", 50))
                return Response(200, list(reversed(self.messages[channel]))[:limit])
            return Response(200, self._post(channel, body, author=self._bot_user()))
        if m := re.fullmatch(r"/channels/(\d+)/messages/(\d+)/crosspost", path):
            return self._crosspost(int(m[1]), int(m[2]))
        if m := re.fullmatch(r"/channels/(\d+)/followers", path):
            return self._follow(int(m[1]), int(body["webhook_channel_id"]))
        if m := re.fullmatch(r"/channels/(\d+)/webhooks", path):
            return Response(200, self._make_webhook(int(m[1]), body.get("name") or "hook"))
        if m := re.fullmatch(r"/webhooks/(\d+)/([^/]+)", path):
            return self._execute(int(m[1]), m[2], body)
        return Response(404, {"message": "404: Not Found", "code": 0})

    # Discord's behaviour ------------------------------------------------------------------

    def _bot_user(self) -> dict:
        return {"id": str(self.bot_id), "username": "bot", "discriminator": "0", "avatar": None}

    def _post(self, channel: int, body: dict, author: dict, webhook_id: int | None = None):
        nonce = body.get("nonce")
        if nonce and body.get("enforce_nonce"):  # Discord: the same nonce, the same message
            for message in self.messages[channel]:
                if message.get("nonce") == nonce:
                    return message
        message = {
            "id": str(next(ids)),
            "channel_id": str(channel),
            "type": 0,
            "content": body.get("content") or "",
            "author": author,
            "embeds": body.get("embeds", []),
            "attachments": [],
            "mentions": [],
            "mention_roles": [],
            "pinned": False,
            "mention_everyone": False,
            "tts": False,
            "timestamp": "2019-12-13T03:00:00+00:00",
            "edited_timestamp": None,
            "flags": 0,
            "nonce": nonce,
        }
        if webhook_id is not None:
            message["webhook_id"] = str(webhook_id)
        self.messages[channel].append(message)
        return message

    def _crosspost(self, channel: int, message_id: int) -> Response:
        if channel not in self.announcement_channels:
            return Response(
                400, {"message": "Cannot execute action on this channel type", "code": 50024}
            )
        now = self.clock[0]
        hour = [t for t in self.published[channel] if t > now - 3600]
        if len(hour) >= self.publishes_per_hour:
            return too_many(round(hour[0] + 3600 - now, 3))
        message = next(m for m in self.messages[channel] if int(m["id"]) == message_id)
        message["flags"] |= 1  # CROSSPOSTED
        self.published[channel].append(now)
        return Response(200, message)

    def _follow(self, hub: int, channel: int) -> Response:
        if hub not in self.announcement_channels:
            return Response(
                400, {"message": "Cannot execute action on this channel type", "code": 50024}
            )
        self.followers.append((hub, channel))
        hook = self._make_webhook(channel, "hub")
        return Response(200, {"channel_id": str(hub), "webhook_id": hook["id"]})

    def _make_webhook(self, channel: int, name: str) -> dict:
        hook_id, token = next(ids), f"token{len(self.webhooks)}"
        self.webhooks[hook_id] = (token, channel, name)
        return {
            "id": str(hook_id),
            "type": 1,
            "token": token,
            "channel_id": str(channel),
            "guild_id": None,
            "name": name,
            "avatar": None,
        }

    def _execute(self, hook_id: int, token: str, body: dict) -> Response:
        known = self.webhooks.get(hook_id)
        if known is None or known[0] != token:
            return Response(404, {"message": "Unknown Webhook", "code": 10015})
        author = {"id": str(hook_id), "username": known[2], "discriminator": "0000", "avatar": None}
        message = self._post(known[1], body, author, webhook_id=hook_id)
        return Response(200, message, hold=self.hold_webhook_replies)

    # For tests ----------------------------------------------------------------------------

    def delete_webhook(self, hook_id: int) -> None:
        self.webhooks.pop(hook_id, None)

    def fail_next(self, method: str, pattern: str, response: Response) -> None:
        self.faults.append((method, pattern, response))

    def posted(self, channel: int) -> list[dict]:
        return list(self.messages[channel])


def wire(bot, api: FakeDiscordApi, *methods: str) -> None:
    """Send this dpytest bot's requests for these HTTPClient methods (and any route dpytest
    lacks) through discord.py's real HTTPClient to `api`; webhooks built with `client=bot` too."""
    http = bot.http
    http._HTTPClient__session = api
    http._global_over = asyncio.Event()
    http._global_over.set()
    http.request = types.MethodType(discord.http.HTTPClient.request, http)
    for name in methods:
        setattr(http, name, types.MethodType(getattr(discord.http.HTTPClient, name), http))


class RecordedSleeps:
    """A stand-in for the `asyncio` module inside discord.py's HTTP code: every wait it asks
    for (a 429's retry_after) is recorded and not slept, so tests take no time."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def __getattr__(self, name):
        return getattr(asyncio, name)

    async def sleep(self, delay, result=None):
        self.waits.append(delay)
        await asyncio.sleep(0)
        return result
