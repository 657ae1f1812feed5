"""The knowledge base's records: frozen pydantic models, validated on the way in."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator


class Record(BaseModel):
    """Base for every record: immutable, and strict about unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Election(Record):
    """One general election (or a notional re-run of one on new boundaries), or one by-election."""

    id: str = Field(
        description="'2024', '2019', '1974F'; notional ones end in '-notional'; "
        "by-elections 'by-2025-05-01-E14001455' (polling day and seat)"
    )
    date: dt.date
    name: str
    kind: Literal["general", "by-election"] = "general"
    writ_date: dt.date | None = Field(default=None, description="a by-election's writ, if given")
    notional: bool = False
    baseline: str | None = Field(
        default=None, description="election id that changes, swings and gains are measured against"
    )
    baseline_label: str | None = Field(
        default=None, description="how answers name the baseline, e.g. 'notional 2019'"
    )
    source: str = ""

    @property
    def year(self) -> int:
        return self.date.year

    @property
    def by_election(self) -> bool:
        return self.kind == "by-election"


class Party(Record):
    """A party; `code` is its unique key and usually the Commons Library abbreviation."""

    code: str
    name: str
    abbreviation: str = ""
    short_name: str = ""
    aliases: tuple[str, ...] = ()
    nicknames: tuple[str, ...] = ()
    colour: str | None = Field(default=None, pattern=r"^#[0-9A-Fa-f]{6}$")
    predecessor: str | None = None

    @property
    def label(self) -> str:
        return self.short_name or self.name

    @property
    def abbrev(self) -> str:
        return self.abbreviation or self.code

    @property
    def names(self) -> tuple[str, ...]:
        """Every name the party is written by (not its code): name, short name, aliases, nicknames."""
        return tuple(n for n in (self.name, self.short_name, *self.aliases, *self.nicknames) if n)


class Candidacy(Record):
    """One candidate standing in one contest."""

    name: str
    party: str
    party_name: str = Field(
        description="the party as printed in the source, e.g. Labour and Co-operative"
    )
    votes: int = Field(ge=0)
    person_id: str = ""
    sitting_mp: bool = False
    former_mp: bool = False
    gender: str | None = None
    mnis_id: int | None = None
    dc_id: int | None = None
    published_change: float | None = Field(
        default=None, description="the source's own change in share, percentage points"
    )


class Contest(Record):
    """The result in one constituency at one election."""

    election: str
    name: str
    ons_id: str | None = None
    region: str | None = None
    country: str | None = None
    electorate: int | None = Field(default=None, ge=0)
    valid_votes: int = Field(ge=0)
    invalid_votes: int | None = Field(default=None, ge=0)
    candidacies: tuple[Candidacy, ...] = ()
    declared_result: str | None = Field(
        default=None, description="the source's own 'Lab gain from Con'"
    )
    declared_at: str | None = None
    seats: int = Field(
        default=1, ge=1, description="members returned (2 or 3 in old multi-member seats)"
    )
    unopposed: bool = False
    party_level: bool = Field(default=False, description="votes by party only, no candidate names")
    boundaries: str | None = Field(default=None, description="the boundary set, e.g. '1955-1970'")
    source: str = ""

    @field_validator("candidacies")
    @classmethod
    def _by_votes(cls, value: tuple[Candidacy, ...]) -> tuple[Candidacy, ...]:
        return tuple(sorted(value, key=lambda candidacy: -candidacy.votes))


# How a contest's `declared_at` is written: the Library's '13/12/2019 04:47' (UK local time, as
# published); declaration times files are written into it (bot.kb.sources.times).
DECLARED_AT = "%d/%m/%Y %H:%M"
_DECLARED_AT = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})\s+(\d{1,2}):(\d{2})")


@lru_cache(maxsize=4096)
def declared_time(text: str | None) -> dt.datetime | None:
    """A `declared_at` ('13/12/2019 04:47') as a datetime; None when absent or unreadable.

    The one reader of declaration times: the order seats declared in, a replay's clock, the
    night chart and the time an answer says all come from here."""
    found = _DECLARED_AT.fullmatch((text or "").strip())
    if found is None:
        return None
    day, month, year, hour, minute = (int(n) for n in found.groups())
    try:
        return dt.datetime(year, month, day, hour, minute)
    except ValueError:
        return None


class Held(Record):
    """An office a curated person held, from the public record; `end` None while they hold it."""

    title: str
    start: dt.date
    end: dt.date | None = None
    cabinet: bool = Field(
        default=False, description="a cabinet post, or one attending cabinet, when they held it"
    )

    def on(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


class Person(Record):
    """Someone who stood, linked across files and years; curated biography where we have one."""

    id: str
    name: str
    other_names: tuple[str, ...] = ()
    mnis_id: int | None = None
    dc_id: int | None = None
    bio: str | None = None
    facts: tuple[str, ...] = ()
    offices: tuple[Held, ...] = ()
    source: str | None = None


class Membership(Record):
    """One MP in the Commons Library's lists of MPs elected (or defeated) at an election.

    `status` is the Library's own word: "new" (New member), "re-elected" (Re-elected Member),
    "returning" (Historical member: a former MP coming back) or "defeated" (Defeated-MPs).
    """

    election: str
    ons_id: str
    constituency: str
    status: Literal["new", "re-elected", "returning", "defeated"]
    first_name: str
    surname: str
    middle_names: str = ""
    title: str = ""
    mnis_id: int | None = None
    party: str
    party_name: str
    gender: str | None = None
    old_constituency: str | None = Field(
        default=None, description="the seat an elected MP sat for before the boundary change"
    )
    result: str | None = Field(default=None, description="the seat's result, 'Lab gain from Con'")
    source: str = ""

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.surname}".strip()

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.middle_names, self.surname) if p)


class Precedent(Record):
    """A curated historical fact, with the questions and keywords it answers."""

    id: str
    title: str
    answer: str
    year: int | None = None
    people: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    source: str | None = None


class Annotation(Record):
    """A curated note on one contest (declaration time, context)."""

    election: str
    constituency: str
    declared_at: str | None = None
    notes: tuple[str, ...] = ()
    source: str | None = None


class SeatAlias(Record):
    """Another name people use for a constituency."""

    alias: str
    constituency: str


class Tenure(Record):
    """One person's time in an office; `end` is None while they hold it."""

    person: str = Field(description="the holder's name as the results spell it")
    start: dt.date
    end: dt.date | None = None


class Office(Record):
    """An office people name instead of a person ('the prime minister'), with its holders."""

    title: str
    aliases: tuple[str, ...] = ()
    holders: tuple[Tenure, ...] = Field(min_length=1)

    def holder_on(self, day: dt.date) -> Tenure | None:
        """Who held the office on that day (the incoming holder on a changeover day)."""
        held = [t for t in self.holders if t.start <= day and (t.end is None or day < t.end)]
        return max(held, key=lambda tenure: tenure.start) if held else None


class ExitPoll(Record):
    """A published exit poll: seats projected for each party at one general election.

    In curated YAML, `seats` names parties by code, name or alias (checked against the known
    parties, 'Others' for everyone else); the built knowledge base holds party codes.
    """

    election: str
    seats: dict[str, int] = Field(min_length=1)
    by: str = Field(
        description="who conducted it and for whom, e.g. 'Ipsos for the BBC, ITV News and Sky News'"
    )
    published: str | None = Field(
        default=None, description="when it was published, e.g. '22:00, 4 July 2024'"
    )
    source: str | None = None

    @field_validator("seats")
    @classmethod
    def _counts(cls, value: dict[str, int]) -> dict[str, int]:
        bad = [party for party, seats in value.items() if not isinstance(seats, int) or seats < 0]
        if bad:
            raise ValueError(
                f"seats must be whole numbers, 0 or more (see {', '.join(map(str, bad))})"
            )
        return value
