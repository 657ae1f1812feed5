"""Fuzzy name matching: exact forms first, then whole words, then rapidfuzz, and ask when unsure."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from typing import Generic, Literal, TypeVar

from rapidfuzz import fuzz, process

from bot.text import fold_place

T = TypeVar("T", bound=Hashable)

STOPWORDS = frozenset({"and", "the", "of", "upon", "on", "in", "with", "st"})


@dataclass(frozen=True)
class Match(Generic[T]):
    """The outcome of resolving a name: one item, several to choose from, or none."""

    status: Literal["found", "ambiguous", "none"]
    items: tuple[T, ...] = ()
    exact: bool = True
    suggestions: tuple[T, ...] = field(default=())
    more: int = 0  # further matches beyond the first five offered
    score: float = 100.0  # how close the best fuzzy match was (100 for an exact one)
    reading: str = ""  # how a shortened name was read ('north shropshire'), said with the answer

    @property
    def item(self) -> T:
        return self.items[0]


class NameIndex(Generic[T]):
    """Every name form of a set of things, searchable the way people type them."""

    def __init__(
        self,
        names: Iterable[tuple[str, T]],
        folder: Callable[[str], str] = fold_place,
        accept: float = 86.0,
        consider: float = 75.0,
        subsets: bool = True,
    ):
        """subsets: also score a query whose words are a subset of a name (costs a third pass)."""
        self.folder = folder
        self.subsets = subsets
        self.accept = accept
        self.consider = consider
        self.exact: dict[str, list[T]] = defaultdict(list)
        self.by_tokens: dict[str, list[T]] = defaultdict(list)
        self.by_word: dict[str, set[T]] = defaultdict(set)
        self.display: dict[T, str] = {}
        for name, item in names:
            folded = folder(name)
            if not folded:
                continue
            self.display.setdefault(item, name)
            _add_unique(self.exact[folded], item)
            _add_unique(self.by_tokens[" ".join(sorted(folded.split()))], item)
            for word in folded.split():
                self.by_word[word].add(item)
        self.choices = list(self.exact)
        self.owners = [self.exact[c] for c in self.choices]

    def __len__(self) -> int:
        return len(self.display)

    def exact_match(self, query: str) -> Match[T]:
        """Only a name typed in full (any case, accents or word order): no partial, no fuzzy."""
        folded = self.folder(query)
        for table, key in (
            (self.exact, folded),
            (self.by_tokens, " ".join(sorted(folded.split()))),
        ):
            found = table.get(key) if folded else None
            if found:
                return (
                    Match("found", tuple(found))
                    if len(found) == 1
                    else Match("ambiguous", tuple(found))
                )
        return Match("none")

    def resolve(self, query: str, suggest: bool = True) -> Match[T]:
        """Resolve what someone typed to one item, a short list, or nothing (with suggestions)."""
        folded = self.folder(query)
        if not folded:
            return Match("none")
        exact = self.exact_match(query)
        if exact.status != "none":
            return exact
        contained = self.containing(folded)
        if len(contained) == 1:
            return Match("found", tuple(contained), exact=False)
        if len(contained) > 1:
            ordered = tuple(sorted(contained, key=self.display.__getitem__))
            return Match("ambiguous", ordered[:25], exact=False, more=max(0, len(ordered) - 5))
        return self.fuzzy(folded, suggest=suggest)

    def containing(self, folded: str) -> set[T]:
        """Items with every (non-trivial) word of the query among their words."""
        words = [w for w in folded.split() if w not in STOPWORDS]
        if not words:
            return set()
        found: set[T] | None = None
        for word in words:
            items = self.by_word.get(word)
            if not items:
                return set()
            found = set(items) if found is None else found & items
            if not found:
                return set()
        return found or set()

    def fuzzy(self, folded: str, limit: int = 8, suggest: bool = True) -> Match[T]:
        """Closest names by rapidfuzz: accept a clear winner, else list the close ones."""
        # Only names within reach of `consider` matter, so rapidfuzz can skip the rest early;
        # a second, wider pass runs only to suggest something when nothing was close.
        scored = self.scored(folded, limit, cutoff=self.consider)
        if not scored:
            wide = self.scored(folded, 3, cutoff=50) if suggest else []
            return Match("none", suggestions=tuple(item for item, _ in wide))
        best_item, best = scored[0]
        runner = scored[1][1] if len(scored) > 1 else 0.0
        if best >= self.accept and best - runner >= 4:
            return Match("found", (best_item,), exact=False, score=best)
        close = tuple(
            item for item, score in scored if score >= self.consider and score >= best - 6
        )
        if len(close) > 1:
            return Match("ambiguous", close[:5], exact=False, score=best)
        if len(close) == 1 and best >= self.accept:
            return Match("found", close, exact=False, score=best)
        return Match("none", suggestions=tuple(item for item, _ in scored[:3]), score=best)

    def scored(self, folded: str, limit: int = 8, cutoff: float = 50) -> list[tuple[T, float]]:
        """Best score per item, highest first (three native rapidfuzz passes, combined)."""
        best: dict[T, float] = {}
        passes = [(fuzz.ratio, 1.0), (fuzz.token_sort_ratio, 1.0)]
        if self.subsets and len(folded) >= 5:
            passes.append((fuzz.token_set_ratio, 0.9))  # a subset of words counts a little less
        for scorer, weight in passes:
            for _, score, index in process.extract(
                folded, self.choices, scorer=scorer, limit=limit * 3, score_cutoff=cutoff / weight
            ):
                for item in self.owners[index]:
                    if score * weight > best.get(item, -1.0):
                        best[item] = score * weight
        return sorted(best.items(), key=lambda pair: (-pair[1], self.display[pair[0]]))[:limit]

    def complete(self, typed: str, limit: int = 25) -> list[T]:
        """Suggestions for autocomplete: prefix matches first, then the closest fuzzy ones."""
        folded = self.folder(typed)
        if not folded:
            return sorted(self.display, key=self.display.__getitem__)[:limit]
        prefixed = [items for name, items in self.exact.items() if name.startswith(folded)]
        words = [items for name, items in self.exact.items() if f" {folded}" in f" {name}"]
        ordered: list[T] = []
        for group in (*prefixed, *words):
            for item in group:
                _add_unique(ordered, item)
        if len(ordered) < limit:
            for item, _ in self.scored(folded, limit):
                _add_unique(ordered, item)
        return ordered[:limit]


def _add_unique(items: list[T], item: T) -> None:
    if item not in items:
        items.append(item)
