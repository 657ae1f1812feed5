"""Years as people say them: 'in 83', "'92", 'oct 74', 'the election before'.

The question is rewritten with full years (which `elections.find_elections` reads), each reading
is noted ("Taking '83' to mean 1983"), and a bare two-digit number that could as well be a count
('bolsover 83') is kept aside to be asked about, never dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.answer.models import Answer, Choice

_MONTHS = {"feb": "February", "february": "February", "oct": "October", "october": "October"}
_MONTH_AFTER = re.compile(r"\b(?:19)?74\s+(feb(?:ruary)?|oct(?:ober)?)\b", re.I)  # '1974 feb'
_MONTH = re.compile(r"\b(feb(?:ruary)?|oct(?:ober)?)\.?\s*['’‘]?\s*(74|1974)\b", re.I)
# Words after a number that make it a count, not a year: '10 seats', '40%', '5 of them'.
_COUNTED = (
    r"\s*(?:%|per\s*cent|percent|pp\b|k\b|seats?\b|votes?\b|mps?\b|members?\b|constituenc\w*|"
    r"candidates?\b|places?\b|points?\b|thousand\b|times?\b|years?\b|of\b|regions?\b|nations?\b|"
    r"parties\b|people\b|women\b|men\b|closest\b|safest\b|biggest\b|largest\b|smallest\b|"
    r"most\b|best\b|worst\b|highest\b|lowest\b|narrowest\b|marginal\w*|st\b|nd\b|rd\b|th\b|"
    r"min\w*|secs?\b|seconds?\b|h\b|hrs?\b|hours?\b|days?\b|weeks?\b|months?\b|am\b|pm\b|o ?clock\b)"
)
_APOSTROPHE = re.compile(rf"(?<![\w'’‘])['’‘](\d{{2}})(?![\w.,]*\d)(?!{_COUNTED})", re.I)
# A two-digit number that a word marks as a year: 'in 83', 'since 97', 'the 83 election'.
_MARKED = re.compile(
    rf"\b(in|of|from|since|vs|versus|v|and|between|after|back in|compared to|compared with|"
    rf"to|until|till|election)\s+(\d{{2}})\b(?![.,]\d)(?!{_COUNTED})",
    re.I,
)
_RANGE = re.compile(rf"\b(\d{{2}})\s*(?:to|and|or|-)\s*\d{{2}}(?={_COUNTED})", re.I)
_BEFORE_ELECTION = re.compile(r"\b(?:the\s+)?(\d{2})\s+(?:general\s+)?(?:election|one|result)\b")
_NOT_YEAR_BEFORE = "".join(
    rf"(?<!\b{word} )"
    for word in [
        "top",
        "under",
        "over",
        "below",
        "above",
        "than",
        "least",
        "most",
        "only",
        "just",
        "by",
        "with",
        "the",
        "first",
        "last",
        "next",
    ]
)
_BARE = re.compile(
    rf"(?<![\w.,£$#'’‘-]){_NOT_YEAR_BEFORE}(\d{{2}})(?![\w.,%]|\s*-)(?!{_COUNTED})", re.I
)
_LAST = re.compile(r"\b(?:the\s+)?(?:last|latest|most recent)\s+(?:general\s+)?election\b", re.I)
_BEFORE = re.compile(
    r"\b(?:the\s+)?(?:general\s+)?(?:election|one|vote)\s+before"
    r"(?:\s+(?:that|last|this one|the last one|the last election))?"
    r"(?:\s+(\d{4}[fo]?))?\b|\bthe\s+previous\s+one\b",
    re.I,
)
_FULL_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)([fo])?\b", re.I)


@dataclass
class SpokenYears:
    """The question with full years, how each short one was read, and numbers left to ask about."""

    text: str
    notes: list[str] = field(default_factory=list)
    unsure: list[tuple[str, str]] = field(default_factory=list)  # ('83', '1983')


def _year(election: str) -> int:
    return int(election[:4])


def full_year(digits: str, known: list[str]) -> str:
    """'83' -> '1983'; '17' -> '2017'; '24' -> '2024' (the latest election that fits); '74' -> '1974'
    (two elections: asked about later); an unknown one as the likelier century ('82' -> '1982')."""
    n = int(digits)
    fits = [e for e in known if _year(e) % 100 == n]
    years = sorted({_year(e) for e in fits})
    if years:
        return str(years[-1]) if len(fits) == 1 or len(years) > 1 else str(years[0])
    latest = max((_year(e) for e in known), default=2024)
    return str(2000 + n if 2000 + n <= latest else 1900 + n)


def _shown(year: str, known: list[str]) -> str:
    if year in known:
        return year
    twins = [e for e in known if e.startswith(year)]
    return f"{year} (February or October)" if len(twins) > 1 else year


def read_years(text: str, known: list[str], context: str | None = None) -> SpokenYears:
    """Short, spoken and relative years rewritten as full ones; `known` is every election, oldest
    first; `context`, the election the asker's last question was about ('the election before'
    then means the one before it). A number with nothing to say it is a year ('bolsover 83')
    goes to `unsure`."""
    found = SpokenYears(text)
    if not known:
        return found

    def month(match: re.Match) -> str:
        name = _MONTHS[match.group(1).lower()]
        if match.group(2) == "74":
            found.notes.append(f"Taking '{match.group(0).strip()}' to mean {name} 1974.")
        return f"{name[:3].lower()} 1974"

    def note(raw: str, year: str) -> None:
        said = raw if raw[0] in "'’‘" else f"'{raw}'"
        found.notes.append(f"Taking {said} to mean {_shown(year, known)}.")

    def apostrophe(match: re.Match) -> str:
        year = full_year(match.group(1), known)
        note(match.group(0), year)
        return year

    def marked(match: re.Match) -> str:
        if match.start(2) in counted:
            return match.group(0)
        year = full_year(match.group(2), known)
        note(match.group(2), year)
        return f"{match.group(1)} {year}"

    def before_election(match: re.Match) -> str:
        year = full_year(match.group(1), known)
        note(match.group(1), year)
        return match.group(0).replace(match.group(1), year, 1)

    def last(match: re.Match) -> str:
        found.notes.append(f"Taking '{match.group(0).strip()}' to mean {known[-1]}.")
        return f"the {known[-1]} election"

    def before(match: re.Match) -> str:
        anchor = match.group(1)
        named = (anchor or "").upper()
        years = [m.group(0).upper() for m in _FULL_YEAR.finditer(rest)]
        base = named if named in known else (years[-1] if years and years[-1] in known else None)
        if base is None and context in known and match.group(0).lower().endswith("that"):
            base = context  # 'the one before that': the election the asker last named
        position = known.index(base) if base else len(known) - 1
        if position == 0:
            return match.group(0)
        previous = known[position - 1]
        found.notes.append(f"Taking '{match.group(0).strip()}' to mean {previous}.")
        return f"the {previous} election"

    rest = _MONTH_AFTER.sub(lambda month: f"{month.group(1)} {month.group(0).split()[0]}", text)
    rest = _MONTH.sub(month, rest)
    rest = _APOSTROPHE.sub(apostrophe, rest)
    # 'from 35 to 40%', 'between 10 and 20 seats': the first number counts what the second does
    counted = {m.start(1) for m in _RANGE.finditer(rest)}
    rest = _MARKED.sub(marked, rest)
    rest = _BEFORE_ELECTION.sub(before_election, rest)
    rest = _LAST.sub(last, rest)
    # 'the election before' is relative to a year said ('2017 and the one before'), else the latest
    rest = _BEFORE.sub(before, rest)
    ranges = {m.start(1) for m in _RANGE.finditer(rest)}
    for match in _BARE.finditer(rest):
        if match.start(1) in ranges:
            continue
        digits = match.group(1)
        year = full_year(digits, known)
        if any(e.startswith(year) for e in known):
            found.unsure.append((digits, year))
    found.text = rest
    return found


def year_or_number(text: str, unsure: list[tuple[str, str]]) -> Answer:
    """'bolsover 83': the year 1983, or a number? Ask, with the question again for each year."""
    digits, year = unsure[0]
    pattern = re.compile(rf"(?<![\w.,]){digits}(?![\w.,])")
    choices = []
    for what in [year] if year != "1974" else ["feb 1974", "oct 1974"]:
        label = (
            f"{what.capitalize()} general election" if " " in what else f"{what} general election"
        )
        choices.append(Choice(label, f"!ask {pattern.sub(what, text, count=1)}"))
    return Answer(
        kind="choice",
        title=f"Did you mean {year}?",
        lines=(
            f"'{digits}' could be a year or a number. Did you mean the {year} general election? "
            f"Say it with the year in full (or 'in {digits}'), or with what the number counts "
            f"('{digits} seats', '{digits}%').",
        ),
        choices=tuple(choices),
    )
