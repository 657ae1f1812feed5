"""Reading projection questions: which kind, which parties move by how much, whose targets.

'what if labour fell 5 points and reform rose 5', 'on a 5 point swing', 'swing of 3 points from
labour to the conservatives', 'reform's top 20 targets', 'lib dem targets held by the tories',
'what swing do the tories need for a majority', 'swingometer'. The rules (bot/understand/rules.py)
use the patterns here on the folded question; the numbers are read from the question as typed, so
that '-5' and '3.5' keep their sign and decimals.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.text import strip_accents

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "half": 0.5,
}  # fmt: skip
_NUM = r"(?:\d+|" + "|".join(_NUMBER_WORDS) + r")"

SWINGOMETER = r"\bswing ?o ?meters?\b"
TARGETS = (
    r"\btargets?\b|\btarget (seats?|list)\b|\bmost winnable\b|\bwinnable\b|"
    r"\beasiest (seats?|gains|pick ?ups)\b"
)
_GOAL = r"\bmajority\b|\b(largest|biggest) (single )?party\b|\bmost seats\b|\bhung\b"
_NEED = (
    r"\bneeds?\b|\bneeded\b|\brequired?\b|\bwould it take\b|\bwould take\b|\bhow far\b|"
    r"\bhow close\b|\bshort of\b|\bdistance\b"
)
_WHAT_IF = r"\bwhat if\b|\bsuppose\b|\bimagine\b|\bhypothetical\w*|\bprojection\b|\bproject(ed)?\b"
_SWING_NUMBER = (
    rf"\bswing of (about |around )?{_NUM}\b|\b{_NUM}( point| pt| percent| per cent| pc)?s? swing\b|"
    r"\b(uniform|proportional) (national )?swing\b"
)
_MOVES = (
    r"\b(fell|falls?|drops?|dropped|los[et]s?|losing|down|minus|declines?|declined|sank|sinks?|"
    r"slump\w*|shed|less|lower|decrease\w*|dip\w*|rose|rises?|rising|gain\w*|up|plus|increase\w*|"
    r"more|higher|grew|grows?|climb\w*|jump\w*|surge\w*|add\w*|points?|pts|pp)\b"
)
_HYPOTHETICAL = r"\bwould\b|\bcould\b|^if\b|\bif\b|\bwere to\b"
_LOOKING_BACK = r"^(which|where|list|name|show)\b|\bseats? (had|with|saw)\b|\b(was|were) there\b"


def asks_swingometer(text: str) -> bool:
    return re.search(SWINGOMETER, text) is not None


def asks_targets(text: str) -> bool:
    return re.search(TARGETS, text) is not None


def asks_goal(text: str) -> bool:
    """'what swing do the tories need for a majority', 'how far is reform from largest party'."""
    if not re.search(_GOAL, text) or re.search(_LOOKING_BACK, text):
        return False
    if re.search(_SWING_NUMBER, text):
        return False  # 'would labour keep its majority on a 6 point swing': a what-if
    if re.search(r"\bswing\b", text):
        return True
    return bool(
        re.search(_NEED, text) and re.search(r"\bhow far\b|\bhow close\b|\bwould it take\b", text)
    )


def asks_what_if(text: str, party: bool = False) -> bool:
    """A national change to project: 'what if ... fell 5', 'on a 5 point swing', 'if labour lost
    4% to the tories, how many seats would they have' (a party and a number, said as if)."""
    hypothetical = re.search(_HYPOTHETICAL, text) is not None
    if re.search(_LOOKING_BACK, text) and not hypothetical:
        return False
    if re.search(_SWING_NUMBER, text):
        return True
    if re.search(r"^(what if|suppose|imagine)$", text):
        return True  # asked with nothing else: the answer says how to ask
    if re.search(_WHAT_IF, text):
        return bool(re.search(rf"\b{_NUM}\b", text) or re.search(r"\bswing\b|" + _MOVES, text))
    if hypothetical and party and re.search(rf"\b{_NUM}\b", text):
        return bool(re.search(_MOVES + rf"|\b(with|on|at|got|gets|get|polled)\s+{_NUM}\b", text))
    return False


# Reading the numbers ----------------------------------------------------------------------

_TOKEN = re.compile(r"[+-]?\d+(?:\.\d+)?|[a-z0-9]+|%|[,;]")
_DOWN = frozenset(
    [
        "fell",
        "fall",
        "falls",
        "falling",
        "drop",
        "drops",
        "dropped",
        "dropping",
        "lost",
        "lose",
        "loses",
        "losing",
        "down",
        "minus",
        "decline",
        "declines",
        "declined",
        "sank",
        "sink",
        "sinks",
        "slump",
        "slumps",
        "slumped",
        "shed",
        "sheds",
        "less",
        "lower",
        "decrease",
        "decreased",
        "decreases",
        "dip",
        "dips",
        "dipped",
        "collapse",
        "collapses",
        "collapsed",
        "worse",
        "fewer",
    ]
)
_UP = frozenset(
    [
        "rose",
        "rise",
        "rises",
        "rising",
        "gain",
        "gains",
        "gained",
        "gaining",
        "up",
        "plus",
        "increase",
        "increased",
        "increases",
        "more",
        "higher",
        "grew",
        "grow",
        "grows",
        "climb",
        "climbs",
        "climbed",
        "jump",
        "jumps",
        "jumped",
        "surge",
        "surges",
        "surged",
        "add",
        "adds",
        "added",
        "better",
        "took",
        "takes",
    ]
)
_CLAUSE = frozenset({"and", "while", "whilst", "but", "with", ",", ";", "if"})
_ABSOLUTE_BEFORE = frozenset(
    {"on", "at", "to", "got", "gets", "get", "reached", "reaches", "polls", "won", "wins", "win"}
)
_PERCENT = frozenset({"%", "percent", "pc"})
_HOLDER = frozenset({"held", "from", "against", "holds", "hold", "by", "won"})


def tokens(text: str) -> list[str]:
    """The question's words and signed numbers, lower case ('-5', '3.5', 'reform')."""
    text = strip_accents(text).lower().replace("&", " and ")
    text = re.sub(r"(?<=[a-z])['’]s?\b", "", text).replace("per cent", "percent")
    return _TOKEN.findall(text)


@dataclass
class Mention:
    kind: str  # "party" | "number" | "word"
    start: int
    end: int
    party: str = ""
    value: float = 0.0
    signed: bool = False
    word: str = ""


def mentions(words: list[str], party_forms: Mapping[str, list[str]]) -> list[Mention]:
    """Parties (longest names first), numbers and other words, in the order said."""
    found: list[Mention] = []
    taken = [False] * len(words)
    for size in range(4, 0, -1):
        for start in range(len(words) - size + 1):
            if any(taken[start : start + size]):
                continue
            phrase = " ".join(words[start : start + size])
            codes = party_forms.get(phrase) or (
                party_forms.get(phrase[:-1]) if phrase.endswith("s") and len(phrase) > 4 else None
            )
            if codes:
                found.append(Mention("party", start, start + size, party=codes[0]))
                taken[start : start + size] = [True] * size
    for i, word in enumerate(words):
        if taken[i]:
            continue
        number = _number(word)
        if number is not None:
            found.append(Mention("number", i, i + 1, value=number, signed=word[0] in "+-"))
        else:
            found.append(Mention("word", i, i + 1, word=word))
    return sorted(found, key=lambda mention: mention.start)


def _number(word: str) -> float | None:
    if word in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[word])
    try:
        return float(word)
    except ValueError:
        return None


@dataclass
class Reading:
    """What a projection question says: changes by party, or a swing between two parties."""

    changes: dict[str, float] = field(default_factory=dict)  # party -> points
    absolute: dict[str, float] = field(default_factory=dict)  # party -> national share asked for
    swing: float | None = None  # a Butler swing, 'from' -> 'to'
    from_party: str | None = None
    to_party: str | None = None
    parties: list[str] = field(default_factory=list)  # every party named, in order
    holder: str | None = None  # 'held by the tories'
    proportional: bool = False
    seats_number: bool = False  # 'gained 40 seats': a number of seats, not points


def read(
    text: str, party_forms: Mapping[str, list[str]], known: list[str] | None = None
) -> Reading:
    """Read changes, a swing and the parties from the question as typed.

    `known` lists the parties the entity finder found, used when none is found here (a slip).
    """
    words = tokens(text)
    found = mentions(words, party_forms)
    reading = Reading(proportional="proportional" in words or "proportionally" in words)
    reading.parties = list(dict.fromkeys(m.party for m in found if m.kind == "party"))
    if not reading.parties and known:
        reading.parties = list(known)
    _swing_parties(found, reading)
    _holder(found, reading)
    numbers = [m for m in found if m.kind == "number" and not _is_year(m)]
    if any(_after(found, m, {"seats", "seat", "mps"}) for m in numbers):
        reading.seats_number = True
    if "swing" in words or "swings" in words:
        if numbers:
            reading.swing = numbers[0].value
        return reading
    _changes(found, reading)
    return reading


def _is_year(m: Mention) -> bool:
    return m.value >= 1900 and m.value == int(m.value)


def _after(found: list[Mention], m: Mention, words: set[str]) -> bool:
    later = [x for x in found if x.start >= m.end][:1]
    return bool(later and later[0].kind == "word" and later[0].word in words)


def _word_before(found: list[Mention], m: Mention, back: int = 1) -> str:
    earlier = [x for x in found if x.end <= m.start]
    if len(earlier) < back:
        return ""
    x = earlier[-back]
    return x.word if x.kind == "word" else ""


def _swing_parties(found: list[Mention], reading: Reading) -> None:
    """'from labour to the tories', 'labour to conservative swing', 'a swing to reform'."""
    for m in found:
        if m.kind != "party":
            continue
        before = (
            _word_before(found, m) if _word_before(found, m) != "the" else _word_before(found, m, 2)
        )
        if before in {"from", "against"} and reading.from_party is None:
            reading.from_party = m.party
        elif before in {"to", "towards"} and reading.to_party is None:
            reading.to_party = m.party
    parties = [m for m in found if m.kind == "party"]
    if reading.from_party is None and reading.to_party is None and len(parties) >= 2:
        first, second = parties[0], parties[1]
        between = [x for x in found if first.end <= x.start < second.start]
        if any(x.kind == "word" and x.word in {"to", "towards"} for x in between):
            reading.from_party, reading.to_party = first.party, second.party


def _holder(found: list[Mention], reading: Reading) -> None:
    """The holder in 'lib dem targets held by the tories', 'reform targets from labour'."""
    parties = [m for m in found if m.kind == "party"]
    for m in parties[1:]:
        words = {_word_before(found, m, k) for k in (1, 2, 3)}
        if words & _HOLDER:
            reading.holder = m.party
            return


def _changes(found: list[Mention], reading: Reading) -> None:
    """Per-party changes, clause by clause: 'labour fell 5 points and reform rose 5'."""
    clauses: list[list[Mention]] = [[]]
    for m in found:
        if m.kind == "word" and m.word in _CLAUSE:
            clauses.append([])
        else:
            clauses[-1].append(m)
    pending: list[str] = []
    last_party: str | None = None
    for clause in clauses:
        parties = [m.party for m in clause if m.kind == "party"]
        numbers = [
            m
            for m in clause
            if m.kind == "number" and not _is_year(m) and not _after(clause, m, {"seats", "seat"})
        ]
        words = {m.word for m in clause if m.kind == "word"}
        if parties and not numbers:
            pending.extend(parties)
            continue
        if not numbers:
            continue
        if not parties:
            parties = pending or ([last_party] if last_party else [])
        elif pending:
            parties = pending + parties
        pending = []
        transfer = _transfer(clause, numbers)
        if transfer:  # 'labour lost 5 points to reform': one down, the other up
            giver, taker, value = transfer
            reading.changes[giver], reading.changes[taker] = -value, value
            last_party = taker
            continue
        for party, number in _pairs(parties, numbers):
            absolute = (
                not number.signed
                and not (words & (_DOWN | _UP))
                and (
                    _after(clause, number, _PERCENT)
                    or _word_before(clause, number) in _ABSOLUTE_BEFORE
                )
            )
            if absolute:
                reading.absolute[party] = number.value
                continue
            value = number.value
            if not number.signed and _direction(clause, number) < 0:
                value = -value
            reading.changes[party] = value
        last_party = parties[-1] if parties else last_party


def _transfer(clause: list[Mention], numbers: list[Mention]) -> tuple[str, str, float] | None:
    """'X lost 5 to Y', 'Y gained 5 from X', 'Y took 5 points off X': (giver, taker, points)."""
    parties = [m for m in clause if m.kind == "party"]
    if len(parties) != 2 or len(numbers) != 1:
        return None
    first, second = parties
    linking = (
        _word_before(clause, second)
        if _word_before(clause, second) != "the"
        else _word_before(clause, second, 2)
    )
    value = abs(numbers[0].value)
    if linking == "to" and _direction(clause, numbers[0]) < 0:
        return first.party, second.party, value
    if linking in {"from", "off"}:
        return second.party, first.party, value
    return None


def _pairs(parties: list[str], numbers: list[Mention]) -> list[tuple[str, Mention]]:
    """Parties with their numbers: one number for several parties applies to each."""
    if len(numbers) == 1:
        return [(p, numbers[0]) for p in parties]
    return list(zip(parties, numbers, strict=False))


def _direction(clause: list[Mention], number: Mention) -> int:
    """-1 when the nearest direction word says down, else +1."""
    words = [m for m in clause if m.kind == "word" and (m.word in _DOWN or m.word in _UP)]
    if not words:
        return 1
    nearest = min(words, key=lambda word: abs(word.start - number.start))
    return -1 if nearest.word in _DOWN else 1


_COUNT = re.compile(
    rf"\b(?:top|first|best|easiest|leading)\s+({_NUM})\b|\b({_NUM})\s+(?:most|best|easiest|top|targets?|target|seats?)\b"
)


def count(text: str, default: int = 10, most: int = 50) -> int:
    """How many targets are asked for: 'top 20', 'first five', '12 most winnable'."""
    found = _COUNT.search(" ".join(tokens(text)))
    if not found:
        return default
    word = found.group(1) or found.group(2)
    value = _number(word) or default
    return max(1, min(int(value), most))
