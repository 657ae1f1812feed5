"""A question read into slots: what is measured, where, who, when, and how it is asked for."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.places import Place
from bot.understand.elections import Elections
from bot.understand.entities import Entities, Found


@dataclass
class Query:
    """One question understood; the answer table picks an answerer from (what, scope)."""

    what: str  # a measure or a kind of question: "majority", "seats", "history", "outside" ...
    how: str = "value"  # "value" | "rank" | "list" | "yesno" | "compare"
    entities: Entities = field(default_factory=Entities)
    elections: Elections = field(default_factory=Elections)
    place: Place | None = None
    largest: bool = False
    n: int = 1
    position: int | None = None
    ever: bool = False
    direction: str = ""  # "gained" | "lost" | "more" | "fewer" | "mps" | "candidates"
    threshold: tuple[str, bool, float] | None = None  # ("share", below, 40.0): 'under 40%'
    text: str = ""  # the question's folded words
    notes: list[str] = field(default_factory=list)  # how names were taken, said with the answer

    @property
    def seat(self) -> Found | None:
        return self.entities.seats[0] if self.entities.seats else None

    @property
    def person(self) -> Found | None:
        return self.entities.people[0] if self.entities.people else None

    @property
    def parties(self) -> list[str]:
        return self.entities.parties

    @property
    def party(self) -> str | None:
        return self.entities.parties[0] if self.entities.parties else None

    @property
    def election(self) -> str | None:
        """The one election asked about (the later one of a comparison); None when unsaid."""
        return self.elections.one

    def reworded(self, found: Found, name: str) -> str:
        """The question again with `name` where `found` was (for choice buttons), years kept.

        Built from the words the finder read, so the position always lines up.
        """
        words = self.entities.words
        said = " ".join(self.elections.ids) if self.elections.said else ""
        return " ".join([*words[: found.start], name, *words[found.end :], said]).strip()

    @property
    def scope(self) -> str:
        """What the question is about: one seat, one person, or an area (a place or the UK)."""
        if self.entities.people:
            return "person"
        if self.entities.seats:
            return "seat"
        return "area"
