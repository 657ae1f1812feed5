"""Text helpers shared by the loaders and the name matching: folding and repairs."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_WORD = re.compile(r"[^a-z0-9]+")

# Compass abbreviations people type for constituency names ("SW Norfolk").
_EXPANSIONS = {
    "n": "north",
    "s": "south",
    "e": "east",
    "w": "west",
    "ne": "north east",
    "nw": "north west",
    "se": "south east",
    "sw": "south west",
    "st": "st",
    "saint": "st",
    "ctrl": "central",
    "cent": "central",
    "&": "and",
    # 1918 names: "Norfolk South Western" is today's "South West Norfolk"
    "northern": "north",
    "southern": "south",
    "eastern": "east",
    "western": "west",
}


def strip_accents(text: str) -> str:
    """'Ynys Môn' -> 'Ynys Mon'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lower case, no accents, '&' as 'and', punctuation as single spaces."""
    text = strip_accents(text).lower().replace("&", " and ").replace("'", "").replace("’", "")
    return _NON_WORD.sub(" ", text).strip()


@lru_cache(maxsize=1 << 16)
def fold_place(text: str) -> str:
    """fold() plus the abbreviations people use in seat names (SW, NE, St)."""
    return " ".join(_EXPANSIONS.get(token, token) for token in fold(text).split())


@lru_cache(maxsize=1 << 16)
def token_key(text: str) -> str:
    """Order-free key: 'Norfolk South West' and 'South West Norfolk' share one."""
    return " ".join(sorted(fold_place(text).split()))


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 read as Latin-1 ('Ã\\x81ine' -> 'Áine'); leave clean text alone."""
    if "Ã" not in text and "Â" not in text:
        return text
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def slug(text: str) -> str:
    """A stable identifier fragment: 'Liz Truss' -> 'liz-truss'."""
    return fold(text).replace(" ", "-")


ECHO_LIMIT = 60
_MARKDOWN = re.compile(r"([\\*_~`|\[\]])")  # mid-sentence, only these render
_ZWSP = "\u200b"


def quote(user_text: str, limit: int = ECHO_LIMIT) -> str:
    """User text safe to echo in an answer: one line, capped, markdown, mentions and links defused.

    Nothing pings anyway (AllowedMentions.none()), but an unescaped echo would still render as
    mention chips, masked links and code blocks inside the bot's own message.
    """
    text = " ".join((user_text or "").split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    text = _MARKDOWN.sub(r"\\\1", text)
    text = text.replace("@", "@" + _ZWSP).replace("<", "<" + _ZWSP)
    return text.replace("://", _ZWSP + "://")  # 'https​://' is no link scheme
