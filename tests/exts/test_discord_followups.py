"""'Who represents me?' in Discord: the bot asks which constituency, and the asker's next message
in that channel is read as the answer (issue 19)."""

from __future__ import annotations

import discord.ext.test as dpytest
import pytest

from tests.conftest import FULL_SOURCES, library_constituencies, needs_data
from tests.discord_helpers import make_bot

pytestmark = needs_data


@pytest.fixture
async def bot(full_kb):
    bot = await make_bot(full_kb, FULL_SOURCES)
    yield bot
    await dpytest.empty_queue()


def mp_of(seat: str) -> str:
    row = next(r for r in library_constituencies("2024") if r["Constituency name"] == seat)
    return f"{row['Member first name']} {row['Member surname']}"


async def test_who_represents_me_then_the_seat_in_a_channel(bot):
    await dpytest.message("who represents me?")
    asked = dpytest.get_embed()
    assert "Which constituency" in asked.title
    await dpytest.message("I live in Bolsover")  # no '?': read as the reply
    assert mp_of("Bolsover") in dpytest.get_embed().description
    await dpytest.message("Bolsover")  # the reply was taken: a bare name is chatter again
    assert dpytest.verify().message().nothing()


async def test_the_reply_through_ask(bot):
    await dpytest.message("!ask who is my mp")
    assert "Which constituency" in dpytest.get_embed().title
    await dpytest.message("!ask hendon")
    assert mp_of("Hendon") in dpytest.get_embed().description
