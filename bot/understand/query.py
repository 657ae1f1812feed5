"""A question read into slots: what is measured, where, who, when, and how it is asked for.

The rules (rules.py) read the words once into a Query; answers read only the Query, never the
words again. A Query is immutable: a later reading of a name is a new Query
(`dataclasses.replace`), so no step changes what another step was given.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, get_args

from bot.models import Precedent
from bot.places import Place
from bot.understand.byelection_words import ByElectionAsk
from bot.understand.elections import Elections
from bot.understand.entities import Entities, Found
from bot.understand.projection import Reading as ProjectionReading
from bot.understand.words import Words

# What a question asks: the kinds the rules (rules.py) tell apart. Each has its answerer in the
# answer table (answer_table.py), which checks on import that none is left without one.
What = Literal[
    # an area: the UK, a nation, a region, a place
    "summary", "seats", "votes", "share", "turnout", "swing", "seats_list", "seats_second",
    "changed", "defeated", "ministers_defeated", "women", "candidates", "contested", "threshold",
    "ranking", "election_ranking", "map", "gap",
    # the count: during a night, or of a finished election
    "declared", "latest_declared", "majority_race", "ahead",
    # one seat
    "result", "winner", "majority", "electorate", "candidates_list", "position", "swing_needed",
    "party_result", "party_won", "rank_of", "history", "held_since", "first_won", "last_won",
    "held_before", "mp_before", "mp_since", "new_mp", "successor", "replaced",
    # one person
    "bio", "person_result", "person_votes", "person_share", "person_majority", "person_party",
    "person_position", "person_candidates", "person_beat", "times_stood", "held_or_lost",
    # across elections, projections, by-elections, the Commons now
    "bellwether", "strongholds", "exit_poll", "targets", "what_if", "swing_goal", "swingometer",
    "by_election", "commons_now",
    # answered at the way in: other bodies, 'who is my MP', nothing understood
    "outside", "my_mp", "unknown",
]  # fmt: skip
WHATS: frozenset[What] = frozenset(get_args(What))

# How the answer is asked for: one value, a ranking, a list, yes or no, two elections compared
# (with a yes or no: 'did labour get more seats in 2024 than 2019?').
How = Literal["value", "rank", "list", "yesno", "compare", "compare_yesno"]
# What a question is about, which picks the row of the answer table
About = Literal["seat", "person", "area"]
Change = Literal["gained", "lost"]  # seats that changed hands: those won, or those lost
Comparison = Literal["more", "fewer"]  # 'did X get more ... than ...?'
Body = Literal["mps", "candidates"]  # women elected, or women who stood
Shading = Literal["winner", "changed", "second", "share", "won"]  # what a map shades
Goal = Literal["majority", "largest", "hung"]  # what a 'what would it take' question wants
# A contest measure a ranking or a rank is about (bot.measures.RANKED)
Measure = Literal[
    "majority",
    "majority_pct",
    "winning_share",
    "winner_votes",
    "runner_up_votes",
    "turnout",
    "electorate",
    "candidates",
    "swing",
]


@dataclass(frozen=True)
class Query:
    """One question understood; the answer table picks an answerer from (about, how, what).

    `entities` are the names as found (a reading of a name makes a new Query over new ones).
    """

    what: What  # the kind of question: "majority", "seats", "history", "outside" ...
    how: How = "value"
    entities: Entities = field(default_factory=Entities)
    elections: Elections = field(default_factory=Elections)
    place: Place | None = None
    # rankings: the measure, which end, how many, across every election
    measure: Measure | None = None
    largest: bool = False
    n: int = 1
    ever: bool = False
    position: int | None = None  # 'who came third': 3
    threshold: tuple[str, bool, float] | None = None  # ("share", below, 40.0): 'under 40%'
    change: Change | None = None
    comparison: Comparison | None = None  # asked with a yes or no ('did ... more ...?')
    body: Body | None = None
    shading: Shading | None = None
    goal: Goal | None = None
    projection: ProjectionReading | None = None  # a projection's changes, swing and parties
    by_election: ByElectionAsk | None = None  # the seat, years and period a by-election asks
    # words that change an answer's emphasis, read with the rest
    swing_to_first: bool = False  # 'swing to labour from the snp': the first party named gains
    before_polling: bool = False  # 'what swing did they need': from before the election
    still_to_come: bool = False  # 'how many seats are left to declare'
    earliest: bool = False  # 'the first seat to declare', not the latest
    holder_now: bool = False  # 'who is the MP for X': today's, a by-election's winner included
    asked_lost: bool = False  # 'did X lose?' rather than 'did X hold on?'
    text: str = ""  # the question's folded words
    asked: str = ""  # the question as said (its years read), to echo in a reply
    precedents: tuple[Precedent, ...] = ()  # curated precedents its words point at
    words: Words | None = field(default=None, repr=False, compare=False)  # as read, for a re-read
    notes: tuple[str, ...] = ()  # how names were taken, said with the answer

    @property
    def seat(self) -> Found | None:
        return self.entities.seats[0] if self.entities.seats else None

    @property
    def person(self) -> Found | None:
        return self.entities.people[0] if self.entities.people else None

    @property
    def parties(self) -> tuple[str, ...]:
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
    def about(self) -> About:
        """What the question is about: one seat, one person, or an area (a place or the UK)."""
        if self.entities.people:
            return "person"
        if self.entities.seats:
            return "seat"
        return "area"
