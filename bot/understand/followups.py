"""What an asker's next question may lean on: 'who represents me?' (the bot has no postcodes, so
it asks which constituency, and takes the next message as the answer), the election last named
('and the election before?'), and the seat last asked about ('how close was it?')."""

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
# A question that points back at the seat just asked about: 'how close was it', 'turnout there'
POINTS_BACK = re.compile(r"\b(it|there|that seat|this seat|the seat|that one)\b", re.I)
WAIT_SECONDS = 600  # a reply after ten minutes is a new question
_MOST = 10_000  # askers remembered at once; the oldest are forgotten first


class FollowUps:
    """Per asker (a channel and user, or the console): who was just asked 'which constituency?',
    and the election their last question named."""

    def __init__(self, clock=time.monotonic):
        self._clock = clock
        self._waiting: dict[str, float] = {}
        self._elections: dict[str, tuple[str, float]] = {}  # the election each asker last said
        self._seats: dict[str, tuple[tuple[str, str | None], float]] = {}  # seat, election

    def said(self, asker: str | None, election: str | None) -> None:
        """Remember the election an asker's question was about ('hendon 2017', then 'and the
        election before?')."""
        self._remember(self._elections, asker, election)

    def last_election(self, asker: str | None) -> str | None:
        return self._recall(self._elections, asker)

    def asked_about(self, asker: str | None, seat: str | None, election: str | None) -> None:
        """Remember the seat an asker's question was about, and the election when it named one
        ('who won hendon in 2017', then 'how close was it?')."""
        if seat:
            self._remember(self._seats, asker, (seat, election))

    def last_seat(self, asker: str | None) -> tuple[str, str | None] | None:
        return self._recall(self._seats, asker)

    def _remember(self, memory: dict, asker: str | None, value) -> None:
        if not asker or not value:
            return
        memory.pop(asker, None)  # the newest last, so the oldest is forgotten first
        if len(memory) >= _MOST:
            memory.pop(next(iter(memory)))
        memory[asker] = (value, self._clock())

    def _recall(self, memory: dict, asker: str | None):
        said = memory.get(asker) if asker else None
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


# 'is there a recount', 'how many seats are there': 'there' points at nothing
_THERE_IS = re.compile(r"\b(is|are|was|were|isn ?t|aren ?t)\s+there\b", re.I)


def about_seat(text: str, seat: str) -> str | None:
    """The question again with the seat it points back at named: 'how close was it' -> 'how
    close was Hendon', 'turnout there' -> 'turnout in Hendon'; None when it points at nothing."""
    found = POINTS_BACK.search(text)
    if found is None or (found.group(1).lower() == "there" and _THERE_IS.search(text)):
        return None
    named = f"in {seat}" if found.group(1).lower() == "there" else seat
    return f"{text[: found.start()]}{named}{text[found.end() :]}"


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
