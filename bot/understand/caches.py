"""What answers build from one knowledge-base snapshot and keep: the areas (a place at an
election), the notional 2019 result inside a place, and every contest ranked across elections.

A view of the base during a count (`bot.live.view`) starts with empty caches: they hold results.
"""

from __future__ import annotations

from bot.answer import coverage, live
from bot.answer.models import Answer
from bot.areas import Area, Areas
from bot.kb.calendar import NOTIONAL_2019
from bot.kb.knowledge import KnowledgeBase, Ranking, national_facts
from bot.measures import RANKED
from bot.places import UK, Place, holds


class Caches:
    """Figures for one snapshot, each built on first use."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.areas = Areas(kb)
        self._notional: dict[Place, Area | None] = {}
        self._all_time: dict[str, Ranking] = {}

    def area(self, place: Place | None, election: str | None) -> Area | Answer:
        """The place (the UK when None) at the election, or why it cannot be answered."""
        if election not in self.kb.national:
            return coverage.unknown_election(self.kb, election or "that year")
        found = self.areas.get(election, place)
        if found is None and election in self.kb.progress:
            return live.none_declared(self.kb, place or UK, election)
        if found is None:
            return coverage.place_missing(self.kb, (place or UK).name, election)
        return found

    def notional_area(self, place: Place | None) -> Area | None:
        """The notional 2019 result on the 2024 boundaries inside the place, if loaded."""
        place = place or UK
        if place in self._notional:
            return self._notional[place]
        contests = self.kb.contests.get(NOTIONAL_2019)
        area = None
        if contests and "2024" in self.kb.contests:
            now = self.kb.contests["2024"]
            inside = [
                self.kb.facts[(NOTIONAL_2019, key)]
                for key, contest in contests.items()
                if holds(place, now.get(key, contest))
            ]
            if inside:
                area = Area(national_facts(self.kb.elections[NOTIONAL_2019], inside), place)
        self._notional[place] = area
        return area

    def all_time(self, measure: str) -> Ranking:
        """One measure ranked across every contest of every election."""
        if measure not in self._all_time:
            value_of = RANKED[measure]
            pairs = sorted(
                (
                    (value, facts)
                    for national in self.kb.national.values()
                    for facts in national.contests
                    if (value := value_of(facts)) is not None
                ),
                key=lambda pair: (pair[0], pair[1].contest.election, pair[1].contest.name),
            )
            self._all_time[measure] = Ranking(
                measure, tuple(f for _, f in pairs), tuple(v for v, _ in pairs)
            )
        return self._all_time[measure]
