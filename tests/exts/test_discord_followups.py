"""'Who represents me?' in Discord: the bot asks which constituency, and the asker's next message
in that channel is read as the answer (issue 19)."""

from __future__ import annotations

import discord.ext.test as dpytest
import pytest

from tests.helpers.data import library_constituencies, needs_data

pytestmark = [needs_data, pytest.mark.bot(knowledge="full")]


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


async def test_how_close_was_it_after_a_seat(bot):
    await dpytest.message("who won hendon?")
    dpytest.get_embed()
    await dpytest.message("how close was it?")
    embed = dpytest.get_embed()
    row = next(r for r in library_constituencies("2024") if r["Constituency name"] == "Hendon")
    said = " ".join([embed.description or "", *(f.value for f in embed.fields)])
    assert f"{int(row['Majority']):,}" in said and "Hendon" in embed.title
