"""Curated facts matched by meaning: their questions (fuzzily) and their keywords (whole words)."""

from __future__ import annotations

from rapidfuzz import fuzz, process

from bot.models import Precedent
from bot.text import fold

STRONG_PRECEDENT = 82.0
WEAK_PRECEDENT = 72.0  # enough when nothing else in the question was understood
_FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "is",
        "was",
        "were",
        "are",
        "be",
        "been",
        "what",
        "who",
        "whom",
        "whose",
        "which",
        "when",
        "where",
        "why",
        "how",
        "did",
        "do",
        "does",
        "has",
        "have",
        "had",
        "to",
        "of",
        "in",
        "on",
        "at",
        "for",
        "by",
        "it",
        "its",
        "this",
        "that",
        "there",
        "their",
        "they",
        "he",
        "she",
        "his",
        "her",
        "i",
        "you",
        "me",
        "my",
        "can",
        "could",
        "would",
    ]
)


def _content(folded: str) -> str:
    return " ".join(w for w in folded.split() if w not in _FUNCTION_WORDS)


class PrecedentMatcher:
    """Curated facts matched by meaning: their questions (fuzzy) and keywords (whole words)."""

    def __init__(self, precedents: tuple[Precedent, ...]):
        self.questions: list[str] = []
        self.owners: list[Precedent] = []
        self.keywords: list[tuple[str, Precedent]] = []
        for item in precedents:
            for question in (item.title, *item.questions):
                self.questions.append(_content(fold(question)))
                self.owners.append(item)
            for keyword in item.keywords:
                if not fold(keyword).isdigit():  # a bare year is no evidence of meaning
                    self.keywords.append((f" {fold(keyword)} ", item))

    def best(self, folded: str) -> tuple[Precedent | None, float, float]:
        """The closest curated question on content words ('what is the' counts for nothing).

        Returns the precedent, its whole-question score (word order aside), and the best score
        that also lets the question's words sit inside a longer curated one.
        """
        folded = _content(folded)
        if not self.questions or not folded:
            return None, 0.0, 0.0
        whole = process.extractOne(folded, self.questions, scorer=fuzz.token_sort_ratio)
        item, whole_score = (self.owners[whole[2]], whole[1]) if whole else (None, 0.0)
        if whole_score >= STRONG_PRECEDENT and not _every_word_in(folded, whole[0]):
            # 'who is the mp for south west norfolk' shares the seat's name with 'where was the
            # south west norfolk count', not its question: near word for word means every word
            whole_score = min(whole_score, STRONG_PRECEDENT - 0.1)
        best_score = whole_score
        if len(folded.split()) >= 2:  # a lone word inside a curated question proves little
            part = process.extractOne(folded, self.questions, scorer=fuzz.token_set_ratio)
            if part and part[1] * 0.9 > best_score:
                item, best_score = self.owners[part[2]], part[1] * 0.9
        return item, whole_score, best_score

    def by_keyword(self, folded: str) -> list[Precedent]:
        padded = f" {folded} "
        hits: list[Precedent] = []
        for keyword, item in self.keywords:
            if keyword in padded and item not in hits:
                hits.append(item)
        return hits

    def about(self, person_id: str) -> list[Precedent]:
        return [p for p in dict.fromkeys(self.owners) if person_id in p.people]


def _every_word_in(asked: str, curated: str) -> bool:
    """Each content word asked is in the curated question, allowing a slip of a letter or two
    (and a slip that made a function word look like content: 'wher')."""
    said = curated.split()
    return all(
        word in said
        or any(fuzz.ratio(word, other) >= 80 for other in said)
        or any(fuzz.ratio(word, other) >= 85 for other in _FUNCTION_WORDS if len(other) > 2)
        for word in asked.split()
    )
