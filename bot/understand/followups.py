"""'Who represents me?': the bot has no postcodes, so it asks which constituency, and takes the
asker's next message as the answer to that (a seat's name, or 'I live in Hendon')."""

from __future__ import annotations

import re
import time

from bot.answer.models import Answer

# 'who is my mp', 'who represents me', 'my constituency'
MY_MP = (
    r"\bmy (local )?(mp|member of parliament|member|constituency|seat|representative)\b|"
    r"\bwho represents (me|us|my area|where i live)\b|\bour (local )?mp\b|\bthe mp (here|round here|where i live)\b"
)
# 'i live in hendon', 'im in bolsover', 'my constituency is hendon'
LIVE_IN = r"\bi (live|am|m|vote) in\b|\bim in\b|\bmy (constituency|seat) is\b|\bwe live in\b"
_REPLY_LEAD = re.compile(
    r"^\s*(?:(?:i|we)\s+(?:live|am|m|vote)\s+in|i'?m\s+in|it'?s|its|in|my (?:constituency|seat) is)\s+",
    re.I,
)
WAIT_SECONDS = 600  # a reply after ten minutes is a new question
_MOST = 10_000  # askers remembered at once; the oldest are forgotten first


class FollowUps:
    """Per asker (a channel and user, or the console): who was just asked 'which constituency?',
    and the election their last question named."""

    def __init__(self, clock=time.monotonic):
        self._clock = clock
        self._waiting: dict[str, float] = {}
        self._elections: dict[str, tuple[str, float]] = {}  # the election each asker last said

    def said(self, asker: str | None, election: str | None) -> None:
        """Remember the election an asker's question was about ('hendon 2017', then 'and the
        election before?')."""
        if not asker or not election:
            return
        if len(self._elections) >= _MOST:
            self._elections.pop(next(iter(self._elections)))
        self._elections[asker] = (election, self._clock())

    def last_election(self, asker: str | None) -> str | None:
        said = self._elections.get(asker) if asker else None
        return said[0] if said and self._clock() - said[1] <= WAIT_SECONDS else None

    def expect(self, asker: str | None) -> None:
        if not asker:
            return
        if len(self._waiting) >= _MOST:
            self._waiting.pop(next(iter(self._waiting)))
        self._waiting[asker] = self._clock()

    def waiting(self, asker: str | None) -> bool:
        """Is this asker's next message a reply (without taking it)?"""
        since = self._waiting.get(asker) if asker else None
        return since is not None and self._clock() - since <= WAIT_SECONDS

    def take(self, asker: str | None) -> bool:
        """True (once) when this asker was asked which constituency, recently."""
        since = self._waiting.pop(asker, None) if asker else None
        return since is not None and self._clock() - since <= WAIT_SECONDS


def reply_as_question(reply: str) -> str:
    """A reply to 'which constituency?' asked as a question: 'I live in Hendon' -> 'who is the MP
    for Hendon'."""
    name = _REPLY_LEAD.sub("", reply.strip()).strip(" .!?")
    return f"who is the mp for {name}"


def which_constituency() -> Answer:
    """The question back: the bot holds no postcodes or addresses."""
    return Answer(
        kind="fact",
        title="Which constituency are you in?",
        lines=(
            "I don't have postcodes or addresses, so I can't tell where you live. Tell me your "
            "constituency (reply with its name, e.g. 'Hendon', or 'I live in Hendon') and I'll "
            "say who represents it.",
            "If you don't know its name, the UK Parliament's 'Find your MP' page finds it from a "
            "postcode.",
        ),
    )
