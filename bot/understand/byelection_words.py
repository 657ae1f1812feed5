"""What a by-election question says, read once from its words: the seat it may name, the years
said, the period a list covers, and whether it asks for gains, losses, a count or the latest.

Read by the rules (a SLOTS row) into `Query.by_election`; the answers (byelections.py) match
the name against the snapshot's by-elections and read nothing else of the question.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from bot.kb.calendar import POLLING_DAYS
from bot.text import fold
from bot.understand.entities import Entities

BY = r"\bby ?elections?\b"  # on folded text: 'by-election' folds to 'by election'
_YEAR = r"\b(19\d\d|20\d\d)\b"
# Words that ask about by-elections, never name one ('who won the ...', 'how many ...')
QUESTION_WORDS = frozenset(
    ["who", "won", "win", "wins", "what", "was", "is", "the", "result", "results", "of", "in",
     "at", "for", "tell", "me", "about", "show", "which", "how", "many", "did", "list", "all", "a",
     "were", "there", "have", "has", "been", "give", "recent", "latest", "last", "most", "by"]
)  # fmt: skip
# Words that ask for a list of them ('seats that changed hands at by-elections')
_LIST_WORDS = frozenset(
    ["seats", "seat", "changed", "change", "changing", "hands", "gain", "gains", "gained", "lost",
     "loss", "losses", "flipped", "held", "holds", "since", "between", "before", "after", "until",
     "and", "number", "count", "party", "parties", "do", "does", "any", "where", "when", "date",
     "dates", "winner", "winners", "general", "election", "elections", "parliament"]
)  # fmt: skip
_ASKING = QUESTION_WORDS | _LIST_WORDS


@dataclass(frozen=True)
class ByElectionAsk:
    """A by-election question's slots."""

    said: tuple[str, ...] = ()  # the words where a seat may be named (years taken out)
    name: str = ""  # those words without question, list or party words: what is matched loosely
    years: tuple[int, ...] = ()  # every year said, in order
    start: dt.date = dt.date.min  # the period a list covers, both ends included
    end: dt.date = dt.date.max
    when: str = ""  # that period in words: 'since the 2019 general election'
    change: Literal["lost", "gained"] | None = None  # of the party named: its losses or gains
    changed_hands: bool = False  # with no party named: the seats that changed hands
    counting: bool = False  # 'how many'
    latest: bool = False  # 'the latest', 'the last'
    singular: bool = True  # 'the by-election', not 'by-elections'


def read(entities: Entities, spoken: str) -> ByElectionAsk:
    """The slots of a by-election question: `entities` as found in its words (years taken out),
    `spoken` the question as said, years in."""
    folded = fold(spoken)
    said, name = _name(entities)
    start, end, when = period(folded)
    change = None
    if re.search(r"\b(lost|lose|loses|losses|losing)\b", folded):
        change = "lost"
    elif re.search(r"\b(gain|gains|gained|won from|take|took|taken|captured|flipped)\b", folded):
        change = "gained"
    return ByElectionAsk(
        said=said,
        name=name,
        years=tuple(int(y) for y in re.findall(_YEAR, folded)),
        start=start,
        end=end,
        when=when,
        change=change,
        changed_hands=re.search(
            r"\b(gain|gains|gained|changed hands|change hands|flipped|lost)\b", folded
        )
        is not None,
        counting=re.search(r"\bhow many\b", folded) is not None,
        latest=re.search(r"\b(latest|last|most recent)\b", folded) is not None,
        singular=re.search(r"\bby elections\b|\bbyelections\b", folded) is None,
    )


def _name(entities: Entities) -> tuple[tuple[str, ...], str]:
    """The words before 'by-election' (or after it, when those before name nothing), and what
    is left of them once the words that ask or list are taken off both ends. Nothing is left
    when only a party or a place is named ('labour by-election losses', 'by-elections in wales')."""
    words = entities.words
    at = _marker(words)
    if at is None:
        return (), ""
    chosen = list(range(at))
    if _names_nothing(entities, chosen):
        chosen = list(range(_marker_end(words, at), len(words)))
    while chosen and _asking(words[chosen[-1]]):
        chosen.pop()
    kept = list(chosen)
    while kept and _asking(words[kept[0]]):
        kept.pop(0)
    if _names_nothing(entities, kept):
        kept = []
    return tuple(words[i] for i in chosen), " ".join(words[i] for i in kept)


def _names_nothing(entities: Entities, positions: list[int]) -> bool:
    """Every word at these positions asks, lists, or names a party or a place: none names a seat."""
    named = {*entities.party_words, *entities.place_words}
    return all(i in named or _asking(entities.words[i]) for i in positions)


def _asking(word: str) -> bool:
    """A word that asks or lists, or a number ('2019-2024' leaves '2024' in the words)."""
    return word in _ASKING or word.isdigit()


def _marker(words: tuple[str, ...]) -> int | None:
    for i, word in enumerate(words):
        if word in {"byelection", "byelections"}:
            return i
        if word == "by" and i + 1 < len(words) and words[i + 1] in {"election", "elections"}:
            return i
    return None


def _marker_end(words: tuple[str, ...], at: int) -> int:
    return at + 1 if words[at].startswith("byelection") else at + 2


def _boundary(year: int, start: bool) -> tuple[dt.date, str]:
    """A year as one end of a period, both ends included: the day after (or before) a general
    election's polling day, else the calendar year's first (or last) day."""
    polling = POLLING_DAYS.get(str(year))
    if polling:
        return polling + dt.timedelta(days=1 if start else -1), f"the {year} general election"
    return (dt.date(year, 1, 1) if start else dt.date(year, 12, 31)), str(year)


def period(folded: str) -> tuple[dt.date, dt.date, str]:
    """'since 2024', '2019-2024', 'between 2010 and 2015', 'in 2021': first and last day, in words."""
    years = [int(y) for y in re.findall(_YEAR, folded)]
    if not years:
        return dt.date.min, dt.date.max, ""
    if re.search(rf"\b(since|after|from) (the )?{_YEAR}", folded) and len(years) == 1:
        start, said = _boundary(years[0], True)
        return start, dt.date.max, f"since {said}"
    if re.search(rf"\b(before|until|up to) (the )?{_YEAR}", folded) and len(years) == 1:
        end, said = _boundary(years[0], False)
        return dt.date.min, end, f"before {said}"
    if len(years) >= 2:
        (start, first), (end, last) = _boundary(years[0], True), _boundary(years[1], False)
        if start > end:  # '2019-2019': the calendar year
            start, end, first, last = (
                dt.date(years[0], 1, 1),
                dt.date(years[1], 12, 31),
                *map(str, years[:2]),
            )
        return start, end, f"between {first} and {last}"
    year = years[0]
    return dt.date(year, 1, 1), dt.date(year, 12, 31), f"in {year}"
