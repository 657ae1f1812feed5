"""One person's answer from computed lines and curated text, saying each fact once.

The computed lines come from the results we hold; the curated biography may know more (an MP
since 2010 where our named results begin in 2019). Where both say the same thing, the curated
wording is merged into the computed line, and curated facts or precedents that repeat only
figures already given are left out.
"""

from __future__ import annotations

import re

from bot.models import Person, Precedent

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_SEAT_SPAN = re.compile(r"\bMP for (?P<seat>.+?) (?:from|since) (?P<year>\d{4})\b")
_VAGUE_START = re.compile(r"^MP for .*\b(from|since) before \d{4}\b")
_NAMES = re.compile(r"\b[A-Z][a-zA-Z'-]+\b")


def sentences(text: str) -> list[str]:
    """A paragraph as sentences."""
    return [s for s in _SENTENCE.split(text.strip()) if s]


def figures(text: str) -> set[str]:
    """The numbers in a text that are not years: '630', '26,195', '49'."""
    found = {n.rstrip(",.") for n in _NUMBER.findall(text)}
    return {n for n in found if not (len(n) == 4 and n.isdigit() and 1800 <= int(n) <= 2100)}


def merge_head(who: Person, lines: list[str], seats: set[str]) -> tuple[list[str], list[str]]:
    """The computed lines and the curated biography's sentences, with the biography's opening
    ('Conservative MP for South West Norfolk from 2010 until 2024.') merged into the computed
    head line when it describes one of the person's seats with a start year, and the computed
    'from before 2019' career line dropped, since the curated text knows when it began."""
    told = sentences(who.bio or "")
    if not told or not lines or not lines[0].startswith(f"{who.name}, "):
        return lines, told
    span = _SEAT_SPAN.search(told[0])
    if span is None or not any(span.group("seat").startswith(seat) for seat in seats):
        return lines, told
    # 'Liz Truss, Conservative MP for ... from 2010 until 2024.', keeping the computed status
    # ('(new MP, first elected in 2024)') and what follows it
    status = re.search(r" \((a new MP|re-elected|a former MP returning)[^()]*\)\.", lines[0])
    head = f"{who.name}, {told[0]}"
    if status:
        head = f"{who.name}, {told[0].rstrip('.')}{status.group(0)}{lines[0][status.end() :]}"
    rest = [line for line in lines[1:] if not _VAGUE_START.search(line)]
    return [head, *rest], told[1:]


def new_facts(facts: tuple[str, ...], said: str) -> list[str]:
    """Curated facts that add something: one whose figures have all been given already (the
    majority, the margin, the dates in office) is left out; one with no figures stays."""
    kept = []
    for fact in facts:
        numbers = figures(fact)
        if numbers and numbers <= figures(said):
            continue
        kept.append(fact)
        said += " " + fact
    return kept


def precedent_notes(who: Person, precedents: list[Precedent], said: str) -> list[str]:
    """At most one precedent about the person, titled so that it reads on its own, unless what it
    says (its names and figures, beyond the person's own name) has been said already."""
    own = set(who.name.split())
    for precedent in precedents:
        if precedent.answer in said:
            continue
        words = {w for w in _NAMES.findall(precedent.answer) if w not in own}
        told = words | figures(precedent.answer)
        fresh = {w for w in words if w not in said} | (figures(precedent.answer) - figures(said))
        if len(fresh) <= len(told) // 4:
            continue  # told already, in the biography or the computed lines
        return [f"{precedent.title}: {precedent.answer}"]
    return []
