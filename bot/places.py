"""Places above a seat: the UK, Great Britain, the four nations and the English regions.

The Library's files give every 2019 and 2024 seat a region and a country; the 1918-2019 file gives
one 'country/region' column, spelt differently over the years. Both are read through here.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.models import Contest
from bot.text import fold

NATIONS = ("England", "Scotland", "Wales", "Northern Ireland")
REGIONS = (
    "North East",
    "North West",
    "Yorkshire and The Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
)
# The 1918-2019 file's spellings, and what people call the regions.
_REGION_SPELLINGS = {
    "eastern": "East of England",
    "east anglia": "East of England",
    "the east of england": "East of England",
    "yorkshire and the humber": "Yorkshire and The Humber",
    "yorkshire and humber": "Yorkshire and The Humber",
    "yorkshire": "Yorkshire and The Humber",
    "greater london": "London",
    "the north east": "North East",
    "the north west": "North West",
    "the south east": "South East",
    "the south west": "South West",
    "the east midlands": "East Midlands",
    "the west midlands": "West Midlands",
}
_NATION_WORDS = {
    "england": "England",
    "scotland": "Scotland",
    "wales": "Wales",
    "northern ireland": "Northern Ireland",
    "ni": "Northern Ireland",
    "n ireland": "Northern Ireland",
    "ulster": "Northern Ireland",
}
_GB_WORDS = ("great britain", "britain", "gb")
_UK_WORDS = (
    "national",
    "nationally",
    "nationwide",
    "uk",
    "united kingdom",
    "the uk",
    "the country",
    "across the country",
    "uk wide",
    "overall",
    "in total",
)


@dataclass(frozen=True)
class Place:
    """Somewhere answers can be scoped to: 'uk', 'gb', a nation or a region."""

    kind: str  # "uk" | "gb" | "nation" | "region" | "named" (seats named after a town or county)
    name: str  # "the UK", "Great Britain", "Scotland", "the North East", "Birmingham"

    @property
    def label(self) -> str:
        """The name as it reads mid-sentence: 'in Scotland', 'in the North East'."""
        if self.kind == "region" and self.name != "London":
            return f"the {self.name}"
        return self.name

    @property
    def is_whole(self) -> bool:
        return self.kind == "uk"


UK = Place("uk", "the UK")
GB = Place("gb", "Great Britain")


def _region_name(raw: str | None) -> str | None:
    if not raw:
        return None
    folded = fold(raw)
    for region in REGIONS:
        if fold(region) == folded:
            return region
    return _REGION_SPELLINGS.get(folded)


def region_of(contest: Contest) -> str | None:
    """The English region of a seat, in today's spelling; None outside England or unknown."""
    return _region_name(contest.region)


def nation_of(contest: Contest) -> str | None:
    """England, Scotland, Wales, Northern Ireland; 'Ireland' for 1918's all-Ireland seats."""
    for raw in (contest.country, contest.region):
        if not raw:
            continue
        folded = fold(raw)
        for nation in NATIONS:
            if fold(nation) == folded:
                return nation
        if folded == "ireland":
            return "Ireland"
        if _region_name(raw):
            return "England"
    return None


def holds(place: Place, contest: Contest) -> bool:
    """Is the contest inside the place?"""
    if place.kind == "uk":
        return True
    if place.kind == "gb":
        return nation_of(contest) in {"England", "Scotland", "Wales"}
    if place.kind == "nation":
        return nation_of(contest) == place.name
    if place.kind == "named":
        return fold(place.name) in fold(contest.name).split()
    return region_of(contest) == place.name


def named_places(seat_names: list[str]) -> dict[str, Place]:
    """Towns, cities and counties that name two or more seats ('Birmingham', 'Norfolk').

    The Library's files record no counties, so 'in Kent' can only mean the seats named after it;
    answers say so.
    """
    counts: dict[str, int] = {}
    spelled: dict[str, str] = {}
    for name in seat_names:
        for raw in set(name.replace(",", " ").split()):
            word = fold(raw)
            counts[word] = counts.get(word, 0) + 1
            spelled.setdefault(word, raw)
    common = {"north", "south", "east", "west", "central", "mid", "upon", "under", "great", "isle"}
    return {
        word: Place("named", spelled[word])
        for word, n in counts.items()
        if n >= 2 and len(word) >= 4 and word not in common and word not in PLACE_FORMS
    }


def place_forms() -> dict[str, Place]:
    """Every folded phrase that names a place."""
    forms: dict[str, Place] = {}
    for word in _UK_WORDS:
        forms[fold(word)] = UK
    for word in _GB_WORDS:
        forms[fold(word)] = GB
    for word, nation in _NATION_WORDS.items():
        forms[word] = Place("nation", nation)
    for region in REGIONS:
        forms[fold(region)] = Place("region", region)
    for word, region in _REGION_SPELLINGS.items():
        forms[fold(word)] = Place("region", region)
    return forms


PLACE_FORMS = place_forms()
