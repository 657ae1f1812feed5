"""The question rules, in order: the first whose condition holds says what is asked and how.

Each rule reads the question's words and what was found in it (seats, people, parties, places).
`read_query` then reads the slots the answer needs, once, into an immutable Query. Adding a kind
of question is one row in RULES here (a row in SLOTS too when its answer reads a word of the
question, with a typed field on Query) and one answerer in the answer table (answer_table.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container
from dataclasses import dataclass, replace

from bot.understand import byelection_words, projection
from bot.understand.elections import Elections, asks_change
from bot.understand.entities import Entities
from bot.understand.followups import LIVE_IN, MY_MP
from bot.understand.query import WHATS, How, Query, What
from bot.understand.words import LARGE, SMALL, Words

ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "fifth": 5, "5th": 5, "sixth": 6, "6th": 6, "seventh": 7, "7th": 7, "eighth": 8, "8th": 8,
    "ninth": 9, "9th": 9, "tenth": 10, "10th": 10, "last": -1,
}  # fmt: skip
NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
           "twenty": 20, "fifteen": 15, "twelve": 12}  # fmt: skip

HISTORY = frozenset({"history", "held_since", "first_won", "last_won", "held_before"})

# Things people ask that the data does not hold: other elections, other bodies.
OUTSIDE = (
    r"\bmayor\w*|\bmsps?\b|\bholyrood\b|\bsenedd\b|\bstormont\b|\bassembly (members?|elections?)\b|"
    r"\bcouncill?ors?\b|\bcouncils?\b|\blocal elections?\b|\breferend(?:um|a|ums)\b(?! party)|\beu ref\b|\bmeps?\b|"
    r"\beuropean (parliament|elections?)\b|\bpolice and crime\b|\bby ?elections?\b|\bpresident\w*|"
    r"\bcongress\b|\bsenate\b|\bpolls? (say|show)\b.*\bnext\b|\bnext (general )?election\b|"
    r"\bopinion polls?\b|\bmembers? of the scottish parliament\b|\bwelsh parliament\b|"
    r"\b(latest|new|recent|current) (polls?|polling)\b|\bpolling (for|on)\b|\bpolice\b|\bpccs?\b"
)


@dataclass(frozen=True)
class Signals:
    """What a rule can look at: the question's words and the names found in it."""

    words: Words
    entities: Entities
    spoken: str  # the question as said, its years in (the words have them taken out)
    seat: bool
    person: bool
    people: int
    party: bool
    parties: int
    place: bool

    @property
    def text(self) -> str:
        return self.words.text

    @property
    def superlative(self) -> str | None:
        return self.words.superlative

    @property
    def measure(self) -> str | None:
        return self.words.measure

    @property
    def so_far(self) -> bool:
        return self.words.so_far

    def has(self, pattern: str) -> bool:
        return self.words.has(pattern)

    @property
    def named(self) -> bool:
        """A seat or a person is named."""
        return self.seat or self.person


def signals(entities: Entities, words: Words | None = None, spoken: str = "") -> Signals:
    """The names found, beside the words (read here unless already read for this question)."""
    return Signals(
        words=words or Words(entities.words),
        entities=entities,
        spoken=spoken,
        seat=bool(entities.seats),
        person=bool(entities.people),
        people=len(entities.people),
        party=bool(entities.parties),
        parties=len(entities.parties),
        place=bool(entities.places),
    )


@dataclass(frozen=True)
class Rule:
    """If `when` holds, the question asks for `what`, `how`."""

    what: What
    when: Callable[[Signals], bool]
    how: How = "value"

    def __post_init__(self) -> None:
        if self.what not in WHATS:  # a slip in a new rule fails on import, not on a question
            raise ValueError(f"a rule names {self.what!r}, which is not a kind in query.What")


def _ranked(said: Signals) -> bool:
    return bool(
        said.superlative
        and said.measure
        and not said.person
        and (not said.seat or said.has(r"\brank"))
    )


# 'under 40%', 'majorities below 1,000', 'more than 50 per cent'
THRESHOLD = r"\b(under|below|less than|over|above|more than|at least|fewer than)\s+(\d[\d,]*(?:\.\d+)?)\s*(%|per ?cent|percent|votes)?"
_WON = r"\b(win|won|hold|held|take|took|gain|gained|keep|kept)\b"
_VOTE_WORDS = r"\bvotes?\b|\bshare\b|\bpercentage\b|per ?cent|\bhow (well|did)\b|\bsupport\b"

BY_ELECTION = r"\bby ?elections?\b"
# Questions during a count (issue 19), also answered for a finished election
LATEST = (
    r"\b(latest|last|most recent|newest|first|earliest)\b( \w+){0,3} (declar\w*|to declare|result to come in)\b"
    r"|\b(latest|most recent|newest) results?\b|\bjust declared\b|\bwhat( seat)? (has |have )?(just )?declared\b"
    r"|\bdeclared (first|last|most recently)\b"
)
MAJORITY_RACE = (
    r"\b(any ?one|any ?body|any party|some ?one|a party|who)\b.*\bmajority\b|\bmajority yet\b|\bhung parliament\b"
    r"|\bhow (far|close|near|many seats)\b.*\bmajority\b|\b(short of|away from|from|reach|reached|on course for|heading for|on track for) (a |an |overall )*majority\b"
    r"|\bseats? (short|needed|to go)\b.*\bmajority\b|\bhow many more seats\b|\bneeds? for (a |an )?majority\b"
)
AHEAD = (
    r"\bwho('?s| is| are)? (ahead|winning|leading|in the lead|in front)\b|\bwho leads\b"
    r"|\bwhich party (is |was )?(ahead|winning|leading|leads|in the lead)\b|\bwho (has|won|got|have) (the )?most seats\b"
)
_MORE_THAN_COUNT = r"\b(gain\w*|loss\w*|lost|los[et]|swing|share|turnout|majority|ahead|winning|leading|chang\w* hands)\b"
NOW = r"\b(now|today|currently|current|as it stands|at present|at the moment)\b"
_HOUSE = r"\bhow many (seats|mps)\b|\bseats (does|do|has|have)\b|\bparties\b|\bcommons\b|\bhouse\b|\bparliament\b"
_NOT_HOUSE = r"\b(women|woman|female|men|male|ministers?|which|list|candidates?)\b"

# issue 21: 'bellwether seats', 'voted with the winning party at every election since 1979'
BELLWETHER = (
    r"\bbell ?wethers?\b|\b(vot\w*|sid\w*|went|go(es)?|back\w*) (with|for) the "
    r"(winn\w*|party that won|government|party of government)"
    r"|\balways (vot\w*|back\w*|pick\w*|go(es)?|went) (with |for )?the (winn|government)"
)
# 'labour strongholds', 'labour's longest-held seats', 'safest seats over time'
STRONGHOLD = (
    r"\bstrongholds?\b|\bheartlands?\b|\blongest[- ]?(held|serving)\b|\bheld (\w+ )?(the )?longest\b"
    r"|\bsafest seats? (over|through|across|in) (time|the years|the decades|history)\b"
)
# with a party named: 'which seats have always voted labour', 'seats the tories have held since 1945'
STRONGHOLD_OF = r"\balways (vot\w*|return\w*|elect\w*)\b|\bseats\b.*\bheld (\w+ )?since\b"
SAFE = r"\bhow (safe|marginal)\b|^is\b.*\b(safe|marginal)\b"  # 'is bootle a safe seat'
WHOLE_ELECTION = (
    r"^(who|which party|what party) (won|came out on top|came top|came first|got in|formed the government)"
    r"( in| at)?( the)?( general)?( election| one)?$|^(the )?(overall )?winners? (of|in)( the)?( general)?( election)?$"
    r"|^how did the (general )?election go$"
)

RULES: tuple[Rule, ...] = (
    # By-elections we hold (other bodies' by-elections stay outside), and the Commons now
    Rule(
        "by_election",
        lambda said: (
            said.has(BY_ELECTION) and not re.search(OUTSIDE, re.sub(BY_ELECTION, "", said.text))
        ),
    ),
    Rule(
        "commons_now",
        lambda said: (
            not said.named
            and (said.has(r"\bstate of the parties\b") or (said.has(NOW) and said.has(_HOUSE)))
            and not said.has(OUTSIDE)
            and not said.has(_NOT_HOUSE)
        ),
    ),
    # issue 21: 'what did the exit poll say?', 'how accurate was the exit poll?'
    Rule("exit_poll", lambda said: not said.named and said.has(r"\bexit ?polls?\b")),
    # Outside what we hold, and the state of the count
    Rule("outside", lambda said: said.has(OUTSIDE)),
    # The map (issue 20): 'map of 2024', 'map of labour's share', 'where is Hendon'
    Rule("map", lambda said: not said.person and said.has(MAP)),
    Rule("map", lambda said: said.seat and not said.person and said.has(r"^where (is|s)\b")),
    # issue 19: 'who represents me?' (no postcodes: ask which constituency)
    Rule("my_mp", lambda said: not said.named and not said.place and said.has(MY_MP)),
    # issue 19: the latest (or first) declaration, the race to a majority, who is ahead
    Rule("latest_declared", lambda said: not said.named and said.has(LATEST)),
    Rule(
        "majority_race",
        lambda said: (
            not said.named
            and not said.superlative
            and said.has(MAJORITY_RACE)
            and not (said.has(r"\bswing") and projection.asks_goal(said.text))
        ),
    ),
    Rule("ahead", lambda said: not said.named and said.has(AHEAD)),
    Rule(
        "declared",
        lambda said: (
            not said.person
            and said.has(
                r"\bdeclar\w*|\bso far\b|\bstill to\b|\bleft to\b|\bremaining\b|\bto come\b|\bseats? left\b|\ball (the )?results (in|out)\b"
            )
        ),
    ),
    # issue 12 (election night): "how many seats are left?"
    Rule(
        "declared",
        lambda said: not said.person and said.has(r"\bseats? (are |is )?(still )?left\b"),
    ),
    # issue 21: seats across elections (bot.answer.bellwethers)
    Rule("bellwether", lambda said: not said.named and said.has(BELLWETHER)),
    Rule(
        "strongholds",
        lambda said: (
            not said.named and (said.has(STRONGHOLD) or (said.party and said.has(STRONGHOLD_OF)))
        ),
    ),
    # issue 21: projections from an election's results (bot/understand/projection.py)
    Rule("swingometer", lambda said: not said.seat and projection.asks_swingometer(said.text)),
    Rule("targets", lambda said: not said.seat and projection.asks_targets(said.text)),
    Rule("swing_goal", lambda said: not said.seat and projection.asks_goal(said.text)),
    Rule("what_if", lambda said: not said.seat and projection.asks_what_if(said.text, said.party)),
    # Rankings
    Rule(
        "election_ranking",
        lambda said: (
            bool(said.superlative and said.measure)
            and not said.named
            and said.has(r"\b(which|what) (general )?elections?\b|\belections? (had|saw|was)\b")
        ),
        "rank",
    ),
    Rule("ranking", _ranked, "rank"),
    Rule("rank_of", lambda said: said.seat and said.has(SAFE), "rank"),
    Rule(
        "rank_of",
        lambda said: said.seat and bool(said.measure) and said.has(r"\brank(ed)?\b"),
        "rank",
    ),
    # An area: the UK, a nation or a region
    Rule(
        "changed",
        lambda said: (
            not said.named
            and (
                said.has(r"chang\w* hands|\bflipped\b|\bswitched\b")
                or (
                    said.has(r"\bgain(s|ed)?\b|\bwon from\b")
                    and said.has(r"\bseats?\b|\bhow many\b")
                )
                or said.has(
                    r"^(gains|losses|gains and losses)\b|\b(gains|losses)$|\b(gains|losses) (from|to|in)\b"
                )
            )
        ),
        "list",
    ),
    Rule(
        "changed",
        lambda said: (
            not said.named
            and said.party
            and said.has(
                r"\bhow many seats\b.*\blos[et]\b|\bseats?\b.*\blos[et]\b|\blos[et]\b.*\bseats\b"
            )
            and not said.has(r"\bmps?\b|\bsitting\b|\btheir seats?\b")
        ),
        "list",
    ),
    Rule(
        "ministers_defeated",
        lambda said: (
            not said.named
            and said.has(r"\bministers?\b|\bcabinet\b")
            and not said.has(r"\bprime ministers?\b")
            and said.has(r"\blos[et]\b|\bdefeated\b|\bunseated\b|\bousted\b|\bbeaten\b")
        ),
        "list",
    ),
    Rule(
        "defeated",
        lambda said: (
            not said.named
            and said.has(r"\b(mps?|members|incumbents?|sitting|ministers?)\b|\btheir seats?\b")
            and said.has(r"\blos[et]\b|\bdefeated\b|\bunseated\b|\bousted\b|\bbeaten\b")
        ),
        "list",
    ),
    Rule(
        "women",
        lambda said: (
            not said.named
            and said.has(r"\b(women|woman|female|men|male)\b")
            and said.has(r"\b(mps?|elected|won|members|candidates?|stood)\b")
        ),
    ),
    Rule(
        "contested",
        lambda said: (
            not said.named
            and said.party
            and said.has(r"\b(stand|stood|standing|contest\w*|field\w*|run|ran|put up)\b")
            and said.has(r"\bseats?\b|\bcandidates?\b|\bhow many\b|\bwhere\b|\bconstituencies\b")
        ),
    ),
    Rule(
        "candidates",
        lambda said: (
            not said.named
            and said.has(
                r"\bhow many (candidates|people)\b|\bnumber of candidates\b|\bcandidates? (stood|ran)\b"
            )
        ),
    ),
    Rule(
        "seats_second",
        lambda said: (
            not said.named
            and said.party
            and said.has(
                r"\b(came|come|finish\w*|placed?|were|was) (second|2nd)\b|\brunners? ?up\b|\b(second|2nd) plac"
            )
        ),
        "list",
    ),
    Rule("threshold", lambda said: not said.named and said.has(THRESHOLD), "list"),
    Rule(
        "seats_list",
        lambda said: (
            not said.named
            and said.party
            and said.has(
                r"\b(which|what|list|name|show)\b.*\bseats?\b|\bseats (won|held|taken) by\b|\bwhere did\b.*\bwin\b"
            )
            and not said.has(r"\bhow many\b")
        ),
        "list",
    ),
    # 'how many seats so far': the count itself, when nothing else is asked
    Rule(
        "declared",
        lambda said: (
            said.so_far
            and not said.named
            and not said.party
            and not said.measure
            and not said.has(_MORE_THAN_COUNT)
        ),
    ),
    Rule(
        "seats",
        lambda said: (
            not said.named
            and said.has(
                r"\bhow many (seats|constituencies)\b|\bseats? (did|does|has|have)\b.*\bwin\b|\bseat (count|total)|\bnumber of seats\b|\bseats\b|\bmps\b|\bconstituencies\b|\bmajority\b"
            )
            and (said.party or not said.has(r"\b(which|what)\b|\bmajority\b"))
        ),
    ),
    Rule(
        "share",
        lambda said: (
            not said.named and said.party and said.has(r"\bshare\b|\bpercentage\b|per ?cent")
        ),
    ),
    Rule("votes", lambda said: not said.named and said.party and said.has(_VOTE_WORDS)),
    Rule(  # 'how did the 2019 election turn out' asks the result, not the turnout
        "summary",
        lambda said: (
            not said.named
            and not said.party
            and said.has(r"^how did (the )?(general )?election turn out$")
        ),
    ),
    Rule("turnout", lambda said: not said.named and said.has(r"\bturnout\b|\bturn out\b")),
    Rule("swing", lambda said: not said.named and said.has(r"\bswing\b")),
    # issue 19: an election as a whole, 'who won in 1983?', 'winner of the 2010 election'
    Rule("summary", lambda said: not said.named and not said.party and said.has(WHOLE_ELECTION)),
    Rule(
        "summary",
        lambda said: (
            not said.named
            and (
                said.party
                or said.place
                or said.has(
                    r"\b(national|overall|nationally|results? of the|who won the)\b.*\belection\b|\bnational result|\bmost seats\b|\bwho won\W*(the)?\W*(general )?(election)?$|\b(seats|votes) by party\b|\bresults?\b"
                )
            )
        ),
    ),
    # A person
    Rule(
        "gap",
        lambda said: (
            said.people >= 2
            and said.has(
                r"\bgap\b|\bdifference\b|\bbetween\b|\bbeat\b|\bmargin\b|\bahead\b|\bbehind\b|\bseparat|\bsplit\b"
            )
        ),
    ),
    # 'who did X beat', 'who came second to X', 'who beat X': the other side of X's contest
    Rule(
        "person_beat",
        lambda said: (
            said.people == 1
            and said.has(
                r"\bwho (did|has|had)\b.*\bbeat\b|\bwho (beat|defeated)\b|\bwho (came|finished|was|were) (second|2nd)\b|\brunners? ?up (to|against)\b"
            )
        ),
    ),
    # One person's time as an MP, from the record (bot/answer/bio.py)
    Rule(
        "times_stood",
        lambda said: (
            said.person
            and said.has(
                r"\bhow many (times|elections|general elections)\b|\bhow often\b|\bnumber of (times|elections)\b"
            )
            and said.has(
                r"\b(stood|stand|standing|run|ran|contested|fought|elected|won|win|candidate)\b"
            )
        ),
    ),
    Rule(
        "mp_since",
        lambda said: (
            said.person
            and said.has(
                r"\bhow long\b|\bsince when\b|\bwhen (was|were|did)\b.*\b(elected|become|became)\b"
            )
        ),
    ),
    Rule(
        "new_mp",
        lambda said: (
            said.person and said.has(r"\bnew (mp|member)s?\b|\bnewly elected\b|\bfirst time mp\b")
        ),
        "yesno",
    ),
    Rule(
        "mp_before",
        lambda said: (
            said.person
            and said.has(
                r"\b(mp|member) before\b|\bbeen an mp\b|\bformer mp\b|\bpreviously an mp\b|\ban mp (previously|already)\b"
            )
        ),
        "yesno",
    ),
    Rule(
        "successor",
        lambda said: said.person and said.has(r"\bwho (replaced|succeeded|took over from)\b"),
    ),
    Rule(
        "replaced",
        lambda said: (
            said.person
            and said.has(
                r"\breplace[ds]?\b|\bsucceed(ed|s)?\b|\bpredecessor\b|\btook over from\b|\bheld the seat before\b"
            )
        ),
    ),
    Rule(
        "person_party",
        lambda said: (
            said.person
            and said.has(
                r"\b(which|what) party\b|\bparty (did|does|was|is)\b|\bstand for\b|\bstood for\b|\brepresent"
            )
        ),
    ),
    Rule(
        "person_votes",
        lambda said: (
            said.person
            and said.has(
                r"\bhow many votes\b|\bnumber of votes\b|\bvotes did\b|\bvote count\b|\bvotes\b"
            )
        ),
    ),
    Rule(
        "person_share", lambda said: said.person and said.has(r"\bshare\b|\bpercentage\b|per ?cent")
    ),
    Rule(
        "person_majority",
        lambda said: said.person and said.has(r"\bmajorit|\bmargin\b|\bwin by\b|\bwon by\b"),
    ),
    Rule(
        "person_position",
        lambda said: (
            said.person
            and said.has(
                r"\bwhere did\b.*\b(finish|come|place)|\b(what|which) (position|place)\b|\bfinish"
            )
        ),
    ),
    Rule(
        "held_or_lost",
        lambda said: said.person and said.has(r"^(is|was|are)\b.*\b(an? )?mps?\b"),
        "yesno",
    ),
    Rule(
        "held_or_lost",
        lambda said: (
            said.person
            and said.has(
                r"\b(did|has|have|was|is)\b.*\b(lose|lost|hold|held|keep|kept|retain\w*|win|won|re ?elected|defeated|beaten)\b"
            )
        ),
        "yesno",
    ),
    # issue 19: 'sunak result', 'the result for farage in 2019': their contest's result
    Rule("person_result", lambda said: said.person and said.has(r"\bresults?\b")),
    Rule(  # 'who stood against liz truss': the candidates in their contest
        "person_candidates",
        lambda said: (
            said.people == 1
            and said.has(
                r"\bwho (stood|ran|was standing|were standing) against\b|\b(opponents|rivals)\b"
            )
        ),
    ),
    Rule("bio", lambda said: said.person),
    # A seat and a party
    Rule(  # 'how close did the tories come in hendon': the majority, whoever is named
        "majority",
        lambda said: (
            said.seat
            and said.has(r"\bhow close\b|\b(was it|was the result|it was) (tight|close)\b")
        ),
    ),
    Rule(
        "party_won",
        lambda said: (
            said.seat
            and said.party
            and said.has(rf"^(did|has|have|was|were)\b.*{_WON}")
            and not said.has(r"\blast\b|\bfirst\b|\bever\b|\bbefore\b")
        ),
        "yesno",
    ),
    Rule(
        "party_result",
        lambda said: (
            said.seat
            and said.party
            and not said.has(
                r"\bswing\b|\blast\b|\bfirst\b|\bsince\b|\bbefore\b|\bhistory\b|\bhow long\b"
            )
            and said.has(_VOTE_WORDS + r"|\bcome\b|\bfinish|\bposition\b")
        ),
    ),
    # A seat
    Rule(
        "history",
        lambda said: (
            said.seat
            and said.has(
                r"\bhistory\b|\bpast results\b|\bover the years\b|\bevery (election|result)\b|\ball (the )?results\b|\bsince 1918\b"
            )
        ),
    ),
    Rule(
        "held_since",
        lambda said: (
            said.seat
            and said.has(
                r"\bhow long\b|\bheld since\b|\bsince when\b|\bhow many (elections|years)\b"
            )
        ),
    ),
    Rule(
        "first_won",
        lambda said: (
            said.seat
            and said.party
            and said.has(
                r"\bfirst (win|won|take|took|gain)|\bwhen did\b.*\bfirst\b|\bever (win|won)\b"
            )
        ),
    ),
    Rule(
        "first_won",
        lambda said: (
            said.seat and said.party and said.has(r"\bfirst (time|ever)\b|\bfor the first\b")
        ),
    ),
    Rule(
        "last_won",
        lambda said: (
            said.seat
            and said.party
            and said.has(
                r"\blast (win|won|take|took|gain|held|hold)|\blast time\b|\bwhen did\b.*\b(win|won|take|hold)\b"
            )
        ),
    ),
    Rule(
        "held_before",
        lambda said: (
            said.seat
            and said.has(r"\bbefore\b")
            and said.has(r"\b(held|hold|holds|won|win|mp|represented|had)\b")
        ),
    ),
    Rule(
        "position",
        lambda said: (
            said.seat
            and said.has(
                rf"\b(came|come|finish\w*|placed?|was)\s+({'|'.join(ORDINALS)})\b|\b({'|'.join(ORDINALS)})\s+place\b|\brunner ?up\b"
            )
        ),
    ),
    Rule(
        "candidates_list",
        lambda said: (
            said.seat
            and said.has(
                r"\bwho (stood|ran|was standing|is standing|were the candidates)\b|\bcandidates?\b|\bon the ballot\b|\bwho contested\b|\bstanding\b"
            )
        ),
        "list",
    ),
    Rule(
        "swing_needed",
        lambda said: (
            said.seat
            and said.has(r"\bswing\b")
            and said.has(r"\bneed|\brequired\b|\bto (win|take|gain)\b")
        ),
    ),
    Rule("swing", lambda said: said.seat and said.has(r"\bswing\b")),
    Rule("turnout", lambda said: said.seat and said.has(r"\bturnout\b|\bturn out\b")),
    Rule(
        "electorate", lambda said: said.seat and said.has(r"\belectorate\b|\bregistered voters\b")
    ),
    Rule("majority", lambda said: said.seat and said.has(r"\bmajorit|\bmargin\b")),
    # 'was it tight in X', 'how close was X', 'did X go to the wire'
    Rule(
        "majority",
        lambda said: (
            said.seat
            and said.has(
                r"\b(tight|close|closely|narrow|narrowly|near run|nail ?biter|squeaker)\b|\bwon by\b|\bwin by\b"
            )
        ),
    ),
    Rule(
        "winner", lambda said: said.seat and (said.has(MY_MP) or said.has(LIVE_IN))
    ),  # 'i live in X'
    Rule(
        "winner",
        lambda said: (
            said.seat
            and said.has(
                r"\bwho (won|wins|holds|held|took|is the mp|was elected)\b|\b(which|what) party (won|holds|took|held)\b|\bwinner\b|\bwho represents\b|\bmp for\b|\bwho is mp\b|\b(gain|hold|held|change hands|changed hands)\b"
            )
        ),
    ),
    Rule("result", lambda said: said.seat),
)

# The map (issue 20); the rules above read MAP when they run
MAP = r"\b(hex ?)?maps?\b|\bhexmaps?\b"


def map_mode(text: str, party: bool) -> str:
    """What a map shades: the seats that changed hands, where a party came second, its share,
    its seats, or (the default) every seat's winner."""
    if re.search(r"chang\w* hands|\bgain(s|ed)?\b|\bflipped\b|\bswitched\b|\bchanged\b", text):
        return "changed"
    if not party:
        return "winner"
    if re.search(r"\b(second|2nd)\b|\brunners? ?up\b", text):
        return "second"
    if re.search(r"\bshare\b|\bpercentage\b|per ?cent|\bvotes?\b|\bsupport\b|\bstrength\b", text):
        return "share"
    return "won"


COMPARABLE = frozenset(
    {"seats", "votes", "share", "turnout", "summary", "winner", "result", "majority"}
    | {"person_votes", "person_share", "person_majority", "women", "candidates", "contested"}
)


def _count(text: str) -> int:
    number = "|".join(NUMBERS)
    match = re.search(rf"\b(?:top|the)?\s*(\d+|{number})\s+(?:{SMALL}|{LARGE})\b", text)
    match = match or re.search(rf"\btop\s+(\d+|{number})\b", text)
    if not match:
        return 1
    word = match.group(1)
    return max(1, min(int(word) if word.isdigit() else NUMBERS[word], 50))


def _threshold(text: str) -> tuple[str, bool, float]:
    """'under 40%' is a winning share; 'majorities below 500' (or '... 1,000 votes') a majority."""
    found = re.search(THRESHOLD, text)
    limit = float(found.group(2).replace(",", ""))
    below = found.group(1) in {"under", "below", "less than", "fewer than"}
    said_votes = (found.group(3) or "").strip() == "votes"
    share = re.search(r"\bshare\b|per ?cent|percent", text) or (limit <= 100 and not said_votes)
    majority = re.search(r"\bmajorit", text) and (said_votes or not share or limit > 100)
    return ("majority" if majority else "share"), below, limit


# Where a question that is about one seat names it: 'who won X', 'X majority', 'last win X'.
# The second field: the shape asks a seat's history, which no party or area reading answers.
_SEAT_SLOTS = (
    (r"^who (?:won|wins|holds|held|represents|took|is the mp for|was the mp for|is mp for) (?:in )?(?P<x>.+)$", False),
    (r"\bmp for (?P<x>.+)$", False),
    (r"^(?:(?:what|whats|what s) (?:is|was) )?(?:the )?(?P<x>.+?) (?:majority|result|results|turnout)$", False),
    (r"\b(?:majority|result|results|turnout|mp) (?:in|of|for|at) (?P<x>.+)$", False),
    (r"^(?:majority|result|results|turnout|winner) (?P<x>.+)$", False),
    (r"^(?:the )?(?P<x>.+?) history$|\bhistory of (?P<y>.+)$", True),
    (r"\b(?:last|first|ever) (?:win|won|take|took|gain|gained|hold|held) (?P<x>.+)$", True),
    (r"^when did \w+(?: \w+)? (?:win|won|take|took|gain|hold|held) (?P<x>.+)$", True),
    (r"\bin (?P<x>[a-z ]+)$", False),  # issue 19: 'how did labour do in little whinging'
)  # fmt: skip
_JOINING = frozenset({"and", "the", "of", "upon", "on", "st", "in"})


# Words that ask about figures, never name a seat: 'average majority' is not a seat called Average.
_NOT_SEAT_WORDS = frozenset(
    [
        "average",
        "mean",
        "median",
        "typical",
        "total",
        "overall",
        "combined",
        "national",
        "biggest",
        "smallest",
        "largest",
        "highest",
        "lowest",
        "my",
        "your",
        "our",
        "their",
        "his",
        "her",
        "its",
        "one",  # 'who won the 2017 one'
        # 'labour majority in the commons', 'seats in parliament', 'share in total'
        "commons",
        "parliament",
        "house",
        "country",
        "nation",
        "general",
        "election",
        "elections",
        "terms",
        "all",
        "seats",
        "votes",
        "percent",
        "percentage",
        "today",
        "now",
        "seat",
        "everything",
        "everywhere",
        "anything",
        "anywhere",
        "every",
        "everyone",
        "anyone",
        "count",
        "result",
        "results",
        "not",
        # superlatives: 'greens best result' asks a ranking, not of a seat called Greens Best
        *re.findall(r"\w+", f"{SMALL}|{LARGE}|strongest|weakest|top|worse|better"),
    ]
)


def seat_slot(entities: Entities, seat_words: Container[str] = ()) -> tuple[str, bool] | None:
    """The words where a seat-shaped question names its seat, if none of them was recognised,
    and whether it asks the seat's history.

    'who won hendon' with no Hendon in the knowledge loaded gives 'hendon'; 'who won the most
    seats' gives nothing ('most seats' are question words), nor does a known name.
    """
    text = " ".join(entities.words)
    unknown = set(entities.leftover.split())
    # a party's name that seats' names use too is part of an unknown one: 'turnout in camberwick
    # green' (as in Bethnal Green), never 'turnout in tory marginals'
    named = unknown | {
        word for i in entities.party_words if (word := entities.words[i]) in seat_words
    }
    for pattern, history in _SEAT_SLOTS:
        found = re.search(pattern, text)
        if not found:
            continue
        words = (found.groupdict().get("x") or found.groupdict().get("y") or "").split()
        while words and words[-1] in _JOINING:
            words.pop()
        if (
            words
            and not any(w in _NOT_SEAT_WORDS for w in words)
            and all(w in named or w in _JOINING for w in words)
            and any(w in unknown and len(w) >= 3 for w in words)
        ):
            return " ".join(words), history
    return None


# One word list for more and fewer, wherever a question compares
MORE = r"\b(more|higher|better|bigger|larger|up|increase\w*|rise|rose)\b"
FEWER = r"\b(fewer|less|lower|worse|smaller|down|decrease\w*|fall|fell)\b"
YES_NO = r"^(did|were|was|has|have|is|are)\b"
# 'who is the MP for X': today's member, a by-election's winner included
PRESENT = (
    r"\bwho (is|s)\b|\bwhos\b|\bcurrent\w*|\bnow\b|\btoday\b|\brepresents\b|\bmp for\b|\bholds\b"
)
_SHOW = r"\btop (\d{1,2})\b|\b(\d{1,2}) (?:longest|safest|most|seats|bellwethers?)\b"


def _comparison(said: Signals) -> str | None:
    """'more' or 'fewer', asked with a yes or no ('did labour get more seats in 2024?')."""
    if not said.has(YES_NO):
        return None
    return "more" if said.has(MORE) else "fewer" if said.has(FEWER) else None


def _shown(text: str) -> int:
    """How many to show of seats across elections: 'top 5', '10 longest held'."""
    shown = re.search(_SHOW, text)
    return int(shown.group(1) or shown.group(2)) if shown else 1


def _ranked_slots(rule: Rule, said: Signals) -> dict:
    """What a ranking (or a seat's rank) is of, which end, how many, and over what span."""
    text = said.text
    measure = said.measure or "majority"
    small = re.fullmatch(SMALL, said.superlative or "")
    largest = not small
    if said.measure == "majority_pct" and not small:
        largest = True
    if rule.what == "rank_of" and not said.superlative:
        largest = said.measure in {"majority", "majority_pct", "winning_share", "turnout"}
    safe = re.search(SAFE, text)
    if rule.what == "rank_of" and safe:  # 'how safe is X for labour': the 11th safest
        measure = "majority_pct"
        largest = (safe.group(1) or safe.group(2)) == "safe"
    ever = said.has(r"\bever\b|\ball time\b|\bin history\b|\bof any election\b|\bon record\b")
    return {"measure": measure, "largest": largest, "n": _count(text), "ever": ever}


def _position(text: str) -> int:
    ordinal = re.search(
        rf"\b(?:came|come|finish\w*|placed?|was)\s+({'|'.join(ORDINALS)})\b|\b({'|'.join(ORDINALS)})\s+place\b",
        text,
    )
    word = (ordinal.group(1) or ordinal.group(2)) if ordinal else None
    return ORDINALS[word] if word else 2


def _goal(said: Signals) -> str:
    if said.has(r"\bhung\b"):
        return "hung"
    return "largest" if said.has(r"\b(largest|biggest)\b|\bmost seats\b") else "majority"


# What each kind of question's answer reads of the words, beside the rules that find it: a new
# kind of question that needs a word read adds its row here (and its typed slot to Query).
SLOTS: dict[str, Callable[[Signals], dict]] = {
    "by_election": lambda said: {"by_election": byelection_words.read(said.entities, said.spoken)},
    "position": lambda said: {"position": _position(said.text)},
    "map": lambda said: {"shading": map_mode(said.text, said.party)},
    "changed": lambda said: {"change": "lost" if said.has(r"\blos[et]\b|\blosses\b") else "gained"},
    "threshold": lambda said: {"threshold": _threshold(said.text)},
    "women": lambda said: {
        "body": "candidates" if said.has(r"\bcandidates?\b|\bstood\b") else "mps"
    },
    "ranking": lambda said: {  # 'largest swing to labour from the snp'
        "swing_to_first": said.parties >= 2
        and said.has(r"\bto\b.*\bfrom\b")
        and not said.has(r"\bfrom\b.*\bto\b")
    },
    "swing_needed": lambda said: {
        "before_polling": said.has(r"\b(did|needed|would have needed|had to)\b")
    },
    "declared": lambda said: {
        "still_to_come": said.has(r"\b(left|still|remaining|to come|to declare)\b")
    },
    "latest_declared": lambda said: {"earliest": said.has(r"\b(first|earliest)\b")},
    "winner": lambda said: {"holder_now": said.has(PRESENT)},
    "held_or_lost": lambda said: {
        "asked_lost": said.has(r"\b(lose|lost|defeated|beaten|unseated|ousted)\b")
    },
    "bellwether": lambda said: {"n": _shown(said.text)},
    "strongholds": lambda said: {"n": _shown(said.text)},
    "swing_goal": lambda said: {"goal": _goal(said)},
}


def read_query(entities: Entities, elections: Elections, words: Words | None = None) -> Query:
    """The first rule that holds gives what is asked; the other slots are read the same way for
    all. Neither argument is changed: a comparison 'since' an election gets its own Elections.
    `words`: the question's words as already read (by an earlier reading of its names)."""
    said = signals(entities, words, elections.text)
    text = said.text
    rule = next((r for r in RULES if r.when(said)), None)
    what = rule.what if rule else "unknown"
    how = rule.how if rule else "value"
    slots: dict = {}
    if how == "rank":
        slots.update(_ranked_slots(rule, said))
    slots.update(SLOTS[what](said) if what in SLOTS else {})
    if said.parties > 1:
        slots["comparison"] = _comparison(said)  # 'did labour win more seats than reform'
    if what in COMPARABLE and how == "value":
        wants_change = (
            asks_change(text)
            and not said.has(r"\bchanged? hands\b")
            and said.parties < 2  # 'compare labour and the tories': two parties, one election
        )
        if wants_change and len(elections.ids) == 1 and elections.since is False:
            elections = replace(elections, since=True)  # 'compared to 2019': it against the latest
        if elections.compare or wants_change:
            slots["comparison"] = _comparison(said)
            how = "compare_yesno" if slots["comparison"] else "compare"
    return Query(
        what=what,
        how=how,
        entities=entities,
        elections=elections,
        place=entities.places[0] if entities.places else None,
        text=text,
        words=said.words,
        **slots,
    )


def reread(query: Query, entities: Entities) -> Query:
    """The question read again with another reading of its names; its words are not read again."""
    return read_query(entities, query.elections, query.words)
