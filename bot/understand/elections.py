"""Which elections a question is about: one, several, a comparison, or one we don't have."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.kb.calendar import parse_election

# A year-like number anywhere: 1066, 2031, 1974F, 'feb 1974'; not '1500 votes'.
_YEAR = re.compile(
    r"(?<![\w.,-])(?<!\bunder )(?<!\bbelow )(?<!\bover )(?<!\babove )((?:feb(?:ruary)?|oct(?:ober)?)\s+1974|1974\s*[fo]\b|[12]\d{3})(?![\w.,])"
    r"(?!\s*(?:votes|people|voters|%))",
    re.I,
)
_LAST = re.compile(
    r"\b(last|latest|most recent|recent|current|this)\s+(general\s+)?election\b", re.I
)
_PREVIOUS = re.compile(r"\b(previous|one before|penultimate)\s+(general\s+)?election\b", re.I)
_SINCE = re.compile(r"\bsince\s*$", re.I)
_CHANGE = re.compile(
    r"\b(chang\w*|compare\w*|rise|rose|fall|fell|grow|grew|increase\w*|decrease\w*|up or down)\b",
    re.I,
)


@dataclass(frozen=True)
class Elections:
    """The elections named in a question, in the order said, and what is left of the text."""

    ids: list[str] = field(default_factory=list)
    unknown: str | None = None
    said: bool = False
    compare: bool = False
    since: bool = False
    rest: str = ""  # the text without the years and election words read
    text: str = ""  # the text they were read from

    @property
    def one(self) -> str | None:
        return self.ids[-1] if self.ids else None


def find_elections(text: str, known: list[str]) -> Elections:
    """Years and election words in the text; `known` is every real election id, oldest first."""
    ids: list[str] = []
    unknown: str | None = None
    said = compare = since = False
    rest = text
    pieces = []
    last_end = 0
    for match in _YEAR.finditer(text):
        raw = re.sub(r"\s+", " ", match.group(1))
        election = parse_election(raw, known)
        between = text[last_end : match.start()]
        pieces.append(between)
        last_end = match.end()
        if election is None or election not in known:
            unknown = unknown or raw
            continue
        if _SINCE.search(between):
            since = compare = True
        if election not in ids:
            ids.append(election)
    if pieces:
        rest = "".join(pieces) + " " + text[last_end:]
        said = True
    if since and len(ids) == 1 and known and ids[0] != known[-1]:
        ids.append(known[-1])
    if len(ids) > 1:
        compare = True
    if not ids and not unknown:
        if _PREVIOUS.search(text) and len(known) > 1:
            ids, said = [known[-2]], True
            rest = _PREVIOUS.sub(" election ", text)
        elif _LAST.search(text) and known:
            ids, said = [known[-1]], True
            rest = _LAST.sub(" election ", text)
    return Elections(ids, unknown, said, compare, since, rest, text)


def asks_change(text: str) -> bool:
    """Words that ask how something moved between two elections."""
    return _CHANGE.search(text) is not None


def compared(elections: Elections, known: list[str]) -> list[str]:
    """The elections of a comparison, oldest first: those named, else the last two."""
    ids = list(elections.ids)
    if len(ids) == 1 and elections.since and ids[0] != known[-1]:
        ids.append(known[-1])  # 'compared to 2019', 'since 2019': then and now
    if len(ids) < 2:
        latest = ids[0] if ids else known[-1]
        position = known.index(latest)
        ids = [known[position - 1], latest] if position else [latest]
    return sorted(dict.fromkeys(ids), key=known.index)


def named_earlier_first(elections: Elections, known: list[str]) -> bool:
    """'More in 2019 than 2024': is the election asked about the earlier one?"""
    ids = elections.ids
    return len(ids) > 1 and known.index(ids[0]) < known.index(ids[1])
