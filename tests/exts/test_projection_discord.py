"""Projection answers in Discord (issue 21): asked in plain words, answered with the swingometer.

dpytest saves attached files in the working directory, so these tests run in a temporary one.
"""

from __future__ import annotations

import json

import discord.ext.test as dpytest
import pytest

from tests.helpers.bots import slash
from tests.helpers.data import needs_data

pytestmark = [needs_data, pytest.mark.bot(knowledge="full", charts=True)]


async def test_a_what_if_comes_with_its_swingometer(bot, sent):
    await dpytest.message("!ask swing of 3 points from labour to the conservatives")
    payload, files = sent[-1]
    assert list(files) == ["swingometer-2024-Lab-Con-swing3.0.png"]
    [embed] = payload["embeds"][:1]
    assert embed["image"]["url"] == "attachment://swingometer-2024-Lab-Con-swing3.0.png"
    text = json.dumps(payload)
    assert "not a forecast" in text and "uniform national swing" in text


async def test_targets_in_discord(bot, sent):
    await dpytest.message("!ask reform's top 20 targets")
    payload, files = sent[-1]
    text = json.dumps(payload)
    assert "Sittingbourne and Sheppey" in text and "Basildon and Billericay" in text
    assert files and next(iter(files)).startswith("swingometer-2024-")


async def test_prefix_commands(bot, sent):
    await dpytest.message("!targets reform in wales")
    payload, _ = sent[-1]
    assert "Reform UK targets in Wales" in json.dumps(payload) and "Llanelli" in json.dumps(payload)
    await dpytest.message("!whatif labour -5 reform +5")
    payload, files = sent[-1]
    assert "What if: Labour -5, Reform UK +5" in json.dumps(payload)
    assert list(files) == ["swingometer-2024-Lab-RUK-swing5.0.png"]
    await dpytest.message("!swing")
    payload, files = sent[-1]
    assert "Swingometer: Labour to Conservative" in json.dumps(payload)
    assert list(files) == ["swingometer-2024-Lab-Con.png"]


@pytest.mark.bot(knowledge="full")  # no charts: the titles are what is tested
async def test_slash_commands_through_the_tree(bot, adapter):
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
        "Liberal Democrat targets held by the Conservatives"
    )
    assert second["data"]["embeds"][0]["title"] == "What if: Conservative +3, Labour -3"
