"""Plain questions under load: chatter never spends anyone's cooldown, and an understood question
over the limit is told to slow down (once per burst), never dropped without a word."""

from __future__ import annotations

import discord.ext.test as dpytest
import pytest
from discord.ext.test import backend

pytestmark = pytest.mark.bot(cooldown_rate=3, cooldown_seconds=60)

QUESTION = "who won South West Norfolk?"
CHATTER = ["anyone watching?", "is this thing on?", "what time is it?"]


def _replies() -> list[str]:
    """What the bot sent since last asked: 'answer' for an answer, else the text."""
    seen = []
    while not dpytest.verify().message().nothing():
        message = dpytest.get_message()
        seen.append("answer" if message.embeds else message.content)
    return seen


async def test_chatter_does_not_spend_the_cooldown(bot):
    for _ in range(4):
        for line in CHATTER:
            await dpytest.message(line)
    assert _replies() == []  # chatter is left alone
    for _ in range(3):
        await dpytest.message(QUESTION)
    assert _replies() == ["answer"] * 3  # the whole allowance is still there


async def test_a_burst_of_questions_is_told_to_slow_down_once(bot):
    for _ in range(7):
        await dpytest.message(QUESTION)
    replies = _replies()
    assert replies[:3] == ["answer"] * 3
    [told] = replies[3:]  # one reply for the four over the limit, not four, not none
    assert told.startswith("Slow down a little: try again in ")


async def test_a_crowd_mixing_chatter_and_questions(bot):
    """Twenty people each chat and ask four questions, interleaved: every one of them gets three
    answers and one 'slow down'; nobody's question goes unanswered without a word."""
    guild = dpytest.get_config().guilds[0]
    people = [backend.make_member(backend.make_user(f"p{n}", n + 1), guild) for n in range(20)]
    script = [CHATTER[0], QUESTION, CHATTER[1], QUESTION, QUESTION, CHATTER[2], QUESTION]
    replies: dict[int, list[str]] = {}
    for line in script:
        for person in people:
            await dpytest.message(line, member=person)
            replies.setdefault(person.id, []).extend(_replies())
    for person in people:
        said = replies[person.id]
        assert said[:3] == ["answer"] * 3 and len(said) == 4, said
        assert said[3].startswith("Slow down a little")
