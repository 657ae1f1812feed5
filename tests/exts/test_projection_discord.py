"""Projection answers in Discord (issue 21): asked in plain words, answered with the swingometer.

dpytest saves attached files in the working directory, so these tests run in a temporary one.
"""

from __future__ import annotations

import json

import discord.ext.test as dpytest
import pytest
from discord.ext.test import backend

from tests.conftest import FULL_SOURCES, needs_data
from tests.discord_helpers import make_bot, slash, stop_bot

pytestmark = needs_data


@pytest.fixture
async def bot(full_kb, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    bot = await make_bot(full_kb, FULL_SOURCES, charts=True)
    yield bot
    await dpytest.empty_queue()
    await stop_bot(bot)


@pytest.fixture
def sent(monkeypatch) -> list[tuple[dict, list[str]]]:
    """Every message the bot sends: its payload and the names of its files."""
    messages: list[tuple[dict, list[str]]] = []
    original = backend.FakeHttp.send_message

    async def spy(self, channel_id, *, params):
        if params.payload is not None:
            payload = dict(params.payload)
        else:
            part = next(p for p in params.multipart if p["name"] == "payload_json")
            payload = json.loads(part["value"])
        messages.append((payload, [f.filename for f in params.files or []]))
        channel = self.state.get_channel(int(channel_id))  # noqa: F841 - dpytest reads its caller's `channel`
        return await original(self, channel_id, params=params)

    monkeypatch.setattr(backend.FakeHttp, "send_message", spy)
    return messages


async def test_a_what_if_comes_with_its_swingometer(bot, sent):
    await dpytest.message("!ask swing of 3 points from labour to the conservatives")
    payload, files = sent[-1]
    assert files == ["swingometer-2024-Lab-Con-swing3.0.png"]
    [embed] = payload["embeds"][:1]
    assert embed["image"]["url"] == "attachment://swingometer-2024-Lab-Con-swing3.0.png"
    text = json.dumps(payload)
    assert "not a forecast" in text and "uniform national swing" in text


async def test_targets_in_discord(bot, sent):
    await dpytest.message("!ask reform's top 20 targets")
    payload, files = sent[-1]
    text = json.dumps(payload)
    assert "Sittingbourne and Sheppey" in text and "Basildon and Billericay" in text
    assert files and files[0].startswith("swingometer-2024-")


async def test_prefix_commands(bot, sent):
    await dpytest.message("!targets reform in wales")
    payload, _ = sent[-1]
    assert "Reform UK targets in Wales" in json.dumps(payload) and "Llanelli" in json.dumps(payload)
    await dpytest.message("!whatif labour -5 reform +5")
    payload, files = sent[-1]
    assert "What if: Labour -5, Reform UK +5" in json.dumps(payload)
    assert files == ["swingometer-2024-Lab-RUK-swing5.0.png"]
    await dpytest.message("!swing")
    payload, files = sent[-1]
    assert "Swingometer: Labour to Conservative" in json.dumps(payload)
    assert files == ["swingometer-2024-Lab-Con.png"]


@pytest.fixture
async def plain_bot(full_kb):
    bot = await make_bot(full_kb, FULL_SOURCES)
    yield bot
    await dpytest.empty_queue()
    await stop_bot(bot)


async def test_slash_commands_through_the_tree(plain_bot, adapter):
    bot = plain_bot
    options = [
        {"name": "party", "type": 3, "value": "lib dem"},
        {"name": "held_by", "type": 3, "value": "tories"},
    ]
    await bot.tree._call(slash(bot, "targets", options))
    await bot.tree._call(
        slash(
            bot, "swing", [{"name": "changes", "type": 3, "value": "3 from labour to conservative"}]
        )
    )
    first, second = adapter.responses
    assert first["data"]["embeds"][0]["title"] == (
        "Liberal Democrat targets held by the Conservative Party"
    )
    assert second["data"]["embeds"][0]["title"] == "What if: Conservative +3, Labour -3"
