"""Charts in Discord: every answer that promises a chart attaches one, shown in its embed.

dpytest saves attached files in the working directory, so these tests run in a temporary one.
"""

from __future__ import annotations

import io

import discord.ext.test as dpytest
import pytest
from PIL import Image

from bot.charts import chart_png, drawn
from tests.helpers.bots import make_bot, press_choice, read, slash, stop_bot
from tests.helpers.data import FULL_SOURCES, HISTORY_SOURCES, needs_data

pytestmark = [needs_data, pytest.mark.bot(knowledge="full", charts=True)]


def png_size(data: bytes) -> tuple[int, int]:
    return Image.open(io.BytesIO(data)).size


async def test_result_attaches_its_chart_in_the_embed(bot, sent):
    await dpytest.message("!result South West Norfolk")
    payload, files = sent[-1]
    assert list(files) == ["result-2024-E14001497.png"]
    assert png_size(files["result-2024-E14001497.png"])[0] == 800
    [embed] = payload["embeds"]
    assert embed["image"]["url"] == "attachment://result-2024-E14001497.png"
    assert "Terry Jermy (Labour) elected: Lab gain from Con." in embed["description"]  # text kept
    assert payload["attachments"][0]["description"].startswith("Chart: South West Norfolk")
    [attachment] = dpytest.get_message().attachments  # as the channel sees it
    assert attachment.filename == "result-2024-E14001497.png"


async def test_national_attaches_the_house_and_the_night(bot, sent):
    await dpytest.message("!national 2019")
    payload, files = sent[-1]
    assert list(files) == ["house-2019.png", "night-2019.png"]
    assert [e["image"]["url"] for e in payload["embeds"]] == [
        "attachment://house-2019.png",
        "attachment://night-2019.png",
    ]
    assert "Conservative" in payload["embeds"][0]["description"]


async def test_seats_changing_hands_attach_their_chart(bot, sent):
    await dpytest.message("!ask Which seats did Labour gain?")
    payload, files = sent[-1]
    assert list(files) == ["changes-2024.png"]
    assert payload["embeds"][0]["image"]["url"] == "attachment://changes-2024.png"
    assert len(payload["embeds"]) == 1  # a paged answer keeps one embed for its pages


async def test_history_attaches_its_chart(history_kb, tmp_path, monkeypatch, sent):
    monkeypatch.chdir(tmp_path)
    bot = await make_bot(history_kb, HISTORY_SOURCES, charts=True)
    try:
        await dpytest.message("!ask History of Bootle")
        payload, files = sent[-1]
        [name] = files
        assert name.startswith("history-2024-")
        assert payload["embeds"][0]["image"]["url"] == f"attachment://{name}"
        await dpytest.empty_queue()
    finally:
        await stop_bot(bot)


async def test_answers_without_charts_attach_nothing(bot, sent):
    await dpytest.message("!result Narnia")
    payload, files = sent[-1]
    assert files == {} and "image" not in payload["embeds"][0]


async def test_charts_can_be_turned_off(full_kb, tmp_path, monkeypatch, sent):
    monkeypatch.chdir(tmp_path)
    bot = await make_bot(full_kb, FULL_SOURCES, charts=False)
    try:
        await dpytest.message("!result South West Norfolk")
        payload, files = sent[-1]
        assert files == {} and "image" not in payload["embeds"][0]
        assert "Terry Jermy" in payload["embeds"][0]["description"]
        await dpytest.empty_queue()
    finally:
        await stop_bot(bot)


async def test_a_chart_that_fails_leaves_the_answer(bot, sent, monkeypatch):
    def broken(kb, request):
        raise RuntimeError("no ink")

    monkeypatch.setattr("bot.exts.charts.chart_png", broken)
    await dpytest.message("!result South West Norfolk")
    payload, files = sent[-1]
    assert files == {} and "Terry Jermy" in payload["embeds"][0]["description"]


async def test_the_same_chart_is_drawn_once(bot, sent):
    await dpytest.message("!result Hendon")
    before = drawn()
    await dpytest.message("!result Hendon")
    assert sent[-1][1] == sent[-2][1] and drawn() == before


# Slash commands through the tree ---------------------------------------------------------------


async def test_slash_result_attaches_its_chart(bot, adapter, full_kb):
    await bot.tree._call(
        slash(bot, "result", [{"name": "constituency", "type": 3, "value": "Chorley"}])
    )
    [response] = adapter.responses
    [files] = adapter.files
    [file] = files
    embed = response["data"]["embeds"][0]
    assert embed["image"]["url"] == f"attachment://{file.filename}"
    assert file.filename.startswith("result-2024-")
    assert read(file) == chart_png(full_kb, bot.store.engine.result("Chorley").charts[0])


async def test_slash_national_attaches_the_house(bot, adapter):
    await bot.tree._call(slash(bot, "national", []))
    [files] = adapter.files
    assert [f.filename for f in files] == ["house-2024.png"]
    assert (
        adapter.responses[0]["data"]["embeds"][0]["image"]["url"] == "attachment://house-2024.png"
    )


async def test_a_choice_button_answers_with_its_chart(bot):
    kwargs = await press_choice(bot, "!result Norwich", "Norwich South")
    [file] = kwargs["attachments"]
    assert kwargs["embed"].image.url == f"attachment://{file.filename}"
    assert file.filename.startswith("result-2024-")
