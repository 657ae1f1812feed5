"""A question's words, read once: the patterns the rules and slots look for are searched at most
once each, however often the rules run again over another reading of the question's names."""

from __future__ import annotations

import re

SMALL = r"smallest|narrowest|closest|lowest|tightest|least|slimmest|fewest|most marginal|worst"
LARGE = r"largest|biggest|highest|greatest|safest|widest|most|best"
# Questions during a count (issue 19), also answered for a finished election
SO_FAR = r"\b(so far|as things stand|yet)\b"


class Words:
    """A question's words, read once: each pattern is searched for at most once, however often the
    rules run again over another reading of its names (the words stay the same)."""

    def __init__(self, words: list[str]):
        text = " ".join(words)
        # 'labour losses so far' asks labour's losses (of the seats declared): the words say when
        self.so_far = re.search(SO_FAR, text) is not None
        if self.so_far:  # taken out of the text: it asks about the count
            text = re.sub(r"\s+", " ", re.sub(SO_FAR, " ", text)).strip()
        self.text = text
        self._found: dict[str, bool] = {}
        superlative = re.search(rf"\b({SMALL}|{LARGE})\b", text)
        self.superlative = superlative.group(1) if superlative else None
        self.measure = _measure(self)

    def has(self, pattern: str) -> bool:
        found = self._found.get(pattern)
        if found is None:
            found = self._found[pattern] = re.search(pattern, self.text) is not None
        return found


def _measure(words: Words) -> str | None:
    """The contest measure a ranking or a value is about."""
    has = words.has
    if has(r"\bturnout\b|\bturn out\b"):
        return "turnout"
    if has(r"\belectorates?\b|\bregistered voters\b|\bmost voters\b|\bfewest voters\b"):
        return "electorate"
    if has(r"\bcandidates\b|\bpeople (stood|standing)\b"):
        return "candidates"
    if has(r"\bswing"):
        return "swing"
    if has(
        r"\bshare\b|\bpercentage\b|per ?cent|\b(best|worst) (results?|seats?|performances?|showings?)\b"
    ):
        return "winning_share"
    if has(r"\bsafest\b|\bsafe seats?\b|\bmost marginal\b"):
        return "majority_pct"
    if has(r"\bvotes\b") and has(r"\blos(ing|er|t)\b|\brunners? ?up\b|\bdefeated\b|\bsecond\b"):
        return "runner_up_votes"
    if has(r"\bvotes\b") and not has(r"\bmajorit|\bmargin"):
        return "winner_votes"
    if has(r"\bmajorit|\bmargin|\bmarginal|\bclosest\b|\btightest\b|\bnarrowest\b"):
        return "majority"
    return None
