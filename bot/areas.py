"""An election's results inside one place (a nation, a region, Great Britain or the UK)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.kb.knowledge import KnowledgeBase, NationalFacts, national_facts
from bot.places import UK, Place, holds


@dataclass(frozen=True)
class Area:
    """One election's facts for the contests inside a place."""

    facts: NationalFacts
    place: Place

    @property
    def election(self):
        return self.facts.election

    @property
    def where(self) -> str:
        """' in Scotland', ' in the North East'; nothing for the whole UK."""
        if self.place.kind == "named":
            return f" in the {self.place.name} seats"
        return "" if self.place.is_whole else f" in {self.place.label}"

    @property
    def suffix(self) -> str:
        """A title's ', Scotland'; nothing for the whole UK."""
        return "" if self.place.is_whole else f", {self.place.name}"


class Areas:
    """Area facts for one knowledge-base snapshot, computed once per election and place."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self._cache: dict[tuple[str, Place], Area | None] = {}

    def get(self, election: str, place: Place | None) -> Area | None:
        """The area's facts, or None when no contest of that election lies inside the place."""
        place = place or UK
        key = (election, place)
        if key not in self._cache:
            national = self.kb.national.get(election)
            if national is None:
                self._cache[key] = None
            elif place.is_whole:
                self._cache[key] = Area(national, place)
            else:
                inside = [f for f in national.contests if holds(place, f.contest)]
                self._cache[key] = (
                    Area(national_facts(national.election, inside), place) if inside else None
                )
        return self._cache[key]
