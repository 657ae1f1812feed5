"""Running in many servers: buttons for the asker only, !sync, user installs, the Message Content
intent turned off, /kb status for administrators, clean stops, plain text within 2,000."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
from unittest.mock import AsyncMock

import discord.ext.test as dpytest
import pytest
from discord.ext.test import backend

from bot.answer.text import split_message
from bot.client import ReturningOfficer, intents_for, stop_on_signals
from bot.engine import Engine
from bot.exts import common
from bot.exts.common import AnswerView, make_view, send_text
from bot.store import KnowledgeStore
from tests.helpers.bots import (
    EPHEMERAL,
    interaction,
    make_settings,
    member,
    slash,
)
from tests.helpers.data import FULL_SOURCES, ROOT, needs_data

pytestmark = [needs_data, pytest.mark.bot(knowledge="full")]


def edits(monkeypatch) -> list[dict]:
    """Every message edit the bot makes, as Discord would receive it."""
    seen: list[dict] = []
    original = backend.FakeHttp.edit_message

    async def spy(self, channel_id, message_id, **fields):
        params = fields.get("params")
        seen.append(dict(params.payload or {}) if params is not None else fields)
        message = self.state._get_message(int(message_id))  # noqa: F841 - dpytest reads it
        return await original(self, channel_id, message_id, **fields)

    monkeypatch.setattr(backend.FakeHttp, "edit_message", spy)
    return seen


# Buttons ----------------------------------------------------------------------------------


async def test_buttons_answer_only_the_person_who_asked(bot):
    answer = bot.store.engine.ask("!result Norwich")
    view = make_view(bot, answer, common.render_embeds(answer), owner_id=1)
    button = next(b for b in view.children if b.label == "Norwich South")
    stranger = interaction(bot, member(2))
    stranger.response.edit_message = AsyncMock()
    await view._scheduled_task(button, stranger)  # as discord.py dispatches a press
    stranger.response.edit_message.assert_not_awaited()
    assert stranger.response.send_message.call_args.kwargs["ephemeral"] is True
    asker = interaction(bot, member(1))
    asker.response.edit_message = AsyncMock()
    await view._scheduled_task(button, asker)
    assert asker.response.edit_message.call_args.kwargs["embed"].title.startswith("Norwich South")


async def test_a_failing_button_apologises_ephemerally(bot, monkeypatch, caplog):
    answer = bot.store.engine.ask("!result Norwich")
    view = make_view(bot, answer, common.render_embeds(answer), owner_id=1)
    button = view.children[0]

    def broken(self, text, prefix="!"):
        raise RuntimeError("the engine broke")

    monkeypatch.setattr(Engine, "ask", broken)
    pressed = interaction(bot, member(1))
    with caplog.at_level(logging.ERROR):
        await view._scheduled_task(button, pressed)
    args, kwargs = pressed.response.send_message.call_args
    assert kwargs["ephemeral"] is True and "Something went wrong with that button" in args[0]
    assert "the engine broke" in caplog.text


async def test_buttons_go_grey_when_the_view_times_out(bot, monkeypatch):
    monkeypatch.setattr(common, "VIEW_TIMEOUT", 0.05)
    edited = edits(monkeypatch)
    await dpytest.message("!result Norwich")
    await asyncio.sleep(0.3)
    assert edited, "the message was not edited when its buttons timed out"
    buttons = [c for row in edited[-1]["components"] for c in row["components"]]
    assert [b["label"] for b in buttons] == ["Norwich North", "Norwich South"]
    assert all(b["disabled"] for b in buttons)


def test_views_are_answer_views():
    assert issubclass(common.PageView, AnswerView)


# Slash-command reach ------------------------------------------------------------------------


async def test_pure_look_ups_work_in_dms_and_user_installs(bot):
    for name in ("result", "candidate", "national", "ask"):
        data = bot.tree.get_command(name).to_dict(bot.tree)
        assert sorted(data["integration_types"]) == [0, 1], name  # guild and user installs
        assert sorted(data["contexts"]) == [0, 1, 2], name  # servers, DMs, group DMs
    kb = bot.tree.get_command("kb").to_dict(bot.tree)
    assert kb["contexts"] == [0] and kb["integration_types"] == [0]  # server-only


async def test_sync_is_for_owners(bot, monkeypatch):
    uploads: list[tuple[str, list]] = []

    async def guild_upload(application_id, guild_id, payload):
        uploads.append((f"guild {guild_id}", payload))
        return [
            dict(p, id=str(n + 1), application_id="1", version="1") for n, p in enumerate(payload)
        ]

    async def global_upload(application_id, payload):
        uploads.append(("global", payload))
        return [
            dict(p, id=str(n + 1), application_id="1", version="1") for n, p in enumerate(payload)
        ]

    bot._connection.application_id = bot.user.id  # set by Discord on login
    monkeypatch.setattr(bot.tree._http, "bulk_upsert_guild_commands", guild_upload)
    monkeypatch.setattr(bot.tree._http, "bulk_upsert_global_commands", global_upload)
    with pytest.raises(Exception, match="owners"):
        await dpytest.message("!sync global")
    assert "Only the bot's owners" in dpytest.get_message().content and not uploads
    owner = dpytest.get_config().members[0]
    bot.settings.owner_ids = [owner.id]
    guild = dpytest.get_config().guilds[0]
    await dpytest.message("!sync", member=owner)
    assert "to this server" in dpytest.get_message().content
    await dpytest.message("!sync global", member=owner)
    assert "globally" in dpytest.get_message().content
    await dpytest.message("!sync clear", member=owner)
    assert "Cleared" in dpytest.get_message().content
    [(here, copied), (everywhere, published), (cleared_here, cleared)] = uploads
    assert here == cleared_here == f"guild {guild.id}" and everywhere == "global"
    names = {c["name"] for c in published}
    assert {"result", "candidate", "national", "ask", "kb"} <= names
    assert {c["name"] for c in copied} == names and cleared == []


async def test_slash_commands_sync_at_start_only_to_the_test_guild(full_kb, monkeypatch):
    calls = []

    async def fake_sync(*, guild=None):
        calls.append(guild)
        return []

    store = KnowledgeStore(FULL_SOURCES, full_kb, Engine(full_kb))
    bot = ReturningOfficer(make_settings(test_guild_id=123), store)
    monkeypatch.setattr(bot.tree, "sync", fake_sync)
    await bot.setup_hook()
    assert [g.id for g in calls] == [123]
    bot = ReturningOfficer(make_settings(), store)
    calls.clear()
    monkeypatch.setattr(bot.tree, "sync", fake_sync)
    await bot.setup_hook()
    assert calls == []  # global sync is an owner's deliberate !sync global


# Without the Message Content intent --------------------------------------------------------


async def test_runs_without_the_message_content_intent(full_kb, caplog):
    settings = make_settings(message_content=False)
    assert not intents_for(settings).message_content
    assert intents_for(make_settings()).message_content
    store = KnowledgeStore(FULL_SOURCES, full_kb, Engine(full_kb))
    bot = ReturningOfficer(settings, store)
    with caplog.at_level(logging.WARNING):
        await bot.setup_hook()
    assert not bot.intents.message_content
    assert "Message Content intent is off" in caplog.text
    assert bot.tree.get_command("result") is not None  # slash commands are still served


# /kb status -------------------------------------------------------------------------------


async def test_kb_status_is_for_administrators_with_a_cooldown_and_no_host_paths(bot, adapter):
    stranger = slash(bot, "kb", [], sub="status")
    await bot.tree._call(stranger)
    assert adapter.responses[0]["data"]["flags"] & EPHEMERAL
    assert "owners" in adapter.responses[0]["data"]["content"]
    first = slash(bot, "kb", [], sub="status")
    bot.settings.owner_ids = [first.user.id]
    await bot.tree._call(first)
    status = adapter.responses[1]["data"]["embeds"][0]["description"]
    assert adapter.responses[1]["data"]["embeds"][0]["title"] == "Knowledge base status"
    assert "HoC-GE2024-results-by-candidate.csv" in status
    assert str(ROOT.parent) not in status and "/" not in status.split("```")[1]
    again = slash(bot, "kb", [], sub="status")
    again.user = first.user
    await bot.tree._call(again)
    assert "try again in" in adapter.responses[2]["data"]["content"]


async def test_prefix_kb_status_is_refused_to_others(bot):
    with pytest.raises(Exception, match="owners"):
        await dpytest.message("!kb")
    assert "Only the bot's owners" in dpytest.get_message().content


# Stopping ---------------------------------------------------------------------------------


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
async def test_a_stop_signal_closes_the_bot(full_kb, signum):
    store = KnowledgeStore(FULL_SOURCES, full_kb, Engine(full_kb))
    bot = ReturningOfficer(make_settings(), store)
    loop = asyncio.get_running_loop()
    stop_on_signals(bot, loop)
    try:
        os.kill(os.getpid(), signum)  # a real signal, as docker stop or Ctrl-C sends
        for _ in range(100):
            await asyncio.sleep(0.02)
            if bot.is_closed():
                break
        assert bot.is_closed()
    finally:
        loop.remove_signal_handler(signal.SIGTERM)
        loop.remove_signal_handler(signal.SIGINT)


def test_docker_runs_the_bot_as_pid_1_in_exec_form():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert 'CMD ["python", "-m", "bot", "run"]' in dockerfile  # exec form: python gets SIGTERM


# Plain text -------------------------------------------------------------------------------


async def test_long_plain_text_is_split_into_discord_messages(bot):
    channel = dpytest.get_config().channels[0]
    text = "\n".join(f"{year}: a line of history about one seat" for year in range(1000, 1200))
    await send_text(channel, text)
    sent = []
    while not dpytest.sent_queue.empty():
        sent.append((await dpytest.sent_queue.get()).content)
    assert len(sent) > 1 and all(len(m) <= 2000 for m in sent)
    assert "\n".join(sent) == text


def test_every_long_history_answer_splits_within_the_limit(history_engine, history_kb):
    from bot.answer.text import render_text

    long_answers = 0
    for contest in history_kb.contests["2024"].values():
        text = render_text(history_engine.ask(f"History of {contest.name}"))
        if len(text) <= 2000:
            continue
        long_answers += 1
        chunks = split_message(text)
        assert all(len(c) <= 2000 for c in chunks)
        assert "".join(c.replace("\n", "") for c in chunks).replace("```", "") == text.replace(
            "\n", ""
        ).replace("```", "")
    assert long_answers >= 1


def test_split_message_keeps_code_blocks_whole():
    text = "Title\n```\n" + "\n".join(f"row {n:04d} " + "x" * 60 for n in range(80)) + "\n```"
    chunks = split_message(text)
    assert len(chunks) > 1 and all(len(c) <= 2000 for c in chunks)
    assert all(c.count("```") % 2 == 0 for c in chunks)
    assert split_message("short") == ["short"] and split_message("x" * 4500)[2] == "x" * 500
