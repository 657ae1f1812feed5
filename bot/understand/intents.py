"""What a question asks for: an intent, read from its words and the names found in it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.understand.entities import Entities

ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "fifth": 5, "5th": 5, "sixth": 6, "6th": 6, "seventh": 7, "7th": 7, "eighth": 8, "8th": 8,
    "ninth": 9, "9th": 9, "tenth": 10, "10th": 10, "last": -1,
}  # fmt: skip
NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
           "twenty": 20, "fifteen": 15, "twelve": 12}  # fmt: skip

HISTORY_INTENTS = frozenset({"history", "last_won", "first_won", "held_since", "held_before"})

SMALL = r"smallest|narrowest|closest|lowest|tightest|least|slimmest|fewest|most marginal"
LARGE = r"largest|biggest|highest|greatest|safest|widest|most"


@dataclass
class Query:
    """A question understood: what it asks, about what, at which election."""

    intent: str
    entities: Entities
    election: str | None = None
    election_said: bool = False
    n: int = 1
    largest: bool = False
    measure: str | None = None
    position: int | None = None
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def seat(self):
        return self.entities.seats[0] if self.entities.seats else None

    @property
    def person(self):
        return self.entities.people[0] if self.entities.people else None

    @property
    def parties(self) -> list[str]:
        return self.entities.parties


def _has(pattern: str, text: str) -> bool:
    return re.search(pattern, text) is not None


def _measure(text: str) -> str | None:
    if _has(r"\bturnout\b|\bturn out\b", text):
        return "turnout"
    if _has(r"\belectorates?\b|\bregistered voters\b|\bmost voters\b|\bfewest voters\b", text):
        return "electorate"
    if _has(r"\bswing", text):
        return "swing"
    if _has(r"\bshare\b|\bpercentage\b|per ?cent", text):
        return "winning_share"
    if _has(r"\bsafest\b|\bsafe seat", text):
        return "majority_pct"
    if _has(r"\bvotes\b", text) and not _has(r"\bmajorit|\bmargin", text):
        return "winner_votes"
    if _has(
        r"\bmajorit|\bmargin|\bmarginal|\bclosest (result|race|contest|seat)|\bclosest\b", text
    ):
        return "majority"
    return None


def _count(text: str) -> int:
    match = re.search(rf"\b(?:top|the)?\s*(\d+|{'|'.join(NUMBERS)})\s+(?:{SMALL}|{LARGE})\b", text)
    if not match:
        match = re.search(r"\btop\s+(\d+|" + "|".join(NUMBERS) + r")\b", text)
    if not match:
        return 1
    word = match.group(1)
    return min(int(word) if word.isdigit() else NUMBERS[word], 50)


def classify(entities: Entities) -> Query:
    """Pick the intent; the order of the checks is the order of precedence."""
    text = " ".join(entities.words)
    seats, people, parties = entities.seats, entities.people, entities.parties
    query = Query(intent="unknown", entities=entities)

    superlative = re.search(rf"\b({SMALL}|{LARGE})\b", text)
    measure = _measure(text)
    if (
        superlative
        and measure
        and not people
        and not seats
        and _has(r"\b(which|what) (general )?elections?\b|\belections? (had|saw|was)\b", text)
    ):
        query.intent = "election_ranking"
        query.measure = measure
        query.largest = re.fullmatch(LARGE, superlative.group(1)) is not None
        return query
    if superlative and measure and not people and (not seats or _has(r"\brank", text)):
        query.intent = "rank_of" if seats else "ranking"
        if _has(r"\bever\b|\ball time\b|\bin history\b|\bof any election\b|\bon record\b", text):
            query.extra["ever"] = "yes"
        query.measure = measure
        query.largest = re.fullmatch(LARGE, superlative.group(1)) is not None
        if measure == "majority_pct":
            query.largest = True
        query.n = _count(text)
        return query
    if seats and _has(r"\bhow safe\b|\bhow marginal\b", text):
        query.intent, query.measure, query.largest = "rank_of", "majority_pct", True
        return query
    if seats and _has(r"\brank(ed)?\b", text) and measure:
        query.intent, query.measure = "rank_of", measure
        query.largest = measure in {"majority", "majority_pct", "winning_share", "turnout"}
        return query

    if not seats and not people:
        if _has(r"chang\w* hands|\bflipped\b|\bswitched\b", text) or (
            _has(r"\bgain(s|ed)?\b|\bwon from\b", text) and _has(r"\bseats?\b|\bhow many\b", text)
        ):
            query.intent = "changed_hands"
            query.extra["direction"] = "lost" if _has(r"\blos[et]\b|\blosses\b", text) else "gained"
            return query
        if (
            parties
            and _has(r"\bhow many seats\b.*\blos[et]\b|\bseats?\b.*\blost\b", text)
            and not _has(r"\bmps?\b|\bsitting\b", text)
        ):
            query.intent, query.extra["direction"] = "changed_hands", "lost"
            return query
        if _has(r"\b(mps?|members|incumbents?|sitting)\b", text) and _has(
            r"\blos[et]\b|\bdefeated\b|\bunseated\b|\bousted\b|\bbeaten\b", text
        ):
            query.intent = "defeated"
            return query
        if _has(
            r"\bhow many seats\b|\bseats? (did|does|has|have)\b.*\bwin\b|\bseat (count|total)|\bnumber of seats\b",
            text,
        ) and not _has(r"\b(which|what|list|name)\b.*\bseats\b", text):
            query.intent = "party_seats" if parties else "national"
            return query
        if parties and _has(
            r"\b(which|what|list|name|show)\b.*\bseats?\b|\bseats (won|held|taken) by\b|\bwhere did\b.*\bwin\b",
            text,
        ):
            query.intent = "seats_won"
            return query
        if parties and _has(
            r"\bvotes?\b|\bshare\b|\bpercentage\b|per ?cent|\bhow (well|did)\b", text
        ):
            query.intent = "party_votes"
            return query
        if _has(r"\bturnout\b|\bturn out\b", text):
            query.intent = "national_turnout"
            return query
        if _has(r"\bswing\b", text):
            query.intent = "national_swing"
            return query
        if _has(r"\b(women|woman|female|men|male)\b", text) and _has(
            r"\b(mps?|elected|won|members|candidates?)\b", text
        ):
            query.intent = "gender"
            query.extra["who"] = "candidates" if _has(r"\bcandidates?\b|\bstood\b", text) else "mps"
            return query
        if _has(r"\bhow many (candidates|people)\b|\bnumber of candidates\b", text):
            query.intent = "candidate_count"
            return query
        if _has(
            r"\b(national|overall|nationally|results? of the|who won the)\b.*\belection\b|\bnational result|\bmost seats\b|\bwho won\W*(the)?\W*(general )?(election)?$|\b(seats|votes) by party\b",
            text,
        ):
            query.intent = "national"
            return query

    if people:
        if len(people) >= 2 and _has(
            r"\bgap\b|\bdifference\b|\bbetween\b|\bbeat\b|\bmargin\b|\bahead\b|\bbehind\b|\bseparat|\bsplit\b",
            text,
        ):
            query.intent = "gap"
            return query
        if _has(
            r"\b(which|what) party\b|\bparty (did|does|was|is)\b|\bstand for\b|\bstood for\b|\brepresent",
            text,
        ):
            query.intent = "person_party"
            return query
        if _has(r"\bhow many votes\b|\bnumber of votes\b|\bvotes did\b|\bvote count\b", text):
            query.intent = "person_votes"
            return query
        if _has(r"\bshare\b|\bpercentage\b|per ?cent", text):
            query.intent = "person_share"
            return query
        if _has(r"\bmajorit|\bmargin\b|\bwin by\b|\bwon by\b", text):
            query.intent = "person_majority"
            return query
        if _has(
            r"\bwhere did\b.*\b(finish|come|place)|\b(what|which) (position|place)\b|\bfinish", text
        ):
            query.intent = "person_position"
            return query
        if _has(
            r"\b(did|has|have|was|is)\b.*\b(lose|lost|hold|held|keep|kept|retain\w*|win|won|re ?elected|defeated|beaten)\b",
            text,
        ):
            query.intent = "held_or_lost"
            return query
        query.intent = "person"
        return query

    if (
        seats
        and parties
        and _has(
            r"^(did|has|have|was|were)\b.*\b(win|won|hold|held|take|took|gain|gained|keep|kept)\b",
            text,
        )
        and not _has(r"\blast\b|\bfirst\b|\bever\b|\bbefore\b", text)
    ):
        query.intent = "party_won_seat"
        return query
    if (
        seats
        and parties
        and not _has(
            r"\bswing\b|\blast\b|\bfirst\b|\bsince\b|\bbefore\b|\bhistory\b|\bhow long\b", text
        )
        and _has(
            r"\bvotes?\b|\bshare\b|\bpercentage\b|per ?cent|\bhow (well|did)\b|\bcome\b|\bfinish|\bposition\b",
            text,
        )
    ):
        query.intent = "party_in_seat"
        return query

    if seats:
        if _has(
            r"\bhistory\b|\bpast results\b|\bover the years\b|\bevery (election|result)\b|\ball (the )?results\b|\bsince 1918\b",
            text,
        ):
            query.intent = "history"
            return query
        if _has(r"\bhow long\b|\bheld since\b|\bsince when\b|\bhow many (elections|years)\b", text):
            query.intent = "held_since"
            return query
        if parties and _has(
            r"\bfirst (win|won|take|took|gain)|\bwhen did\b.*\bfirst\b|\bever (win|won)\b", text
        ):
            query.intent = "first_won"
            return query
        if parties and _has(
            r"\blast (win|won|take|took|gain|held|hold)|\blast time\b|\bwhen did\b.*\b(win|won|take|hold)\b",
            text,
        ):
            query.intent = "last_won"
            return query
        if _has(r"\bbefore\b", text) and _has(
            r"\b(held|hold|holds|won|win|mp|represented|had)\b", text
        ):
            query.intent = "held_before"
            return query
        ordinal = re.search(
            r"\b(?:came|come|finish\w*|placed?|was)\s+(" + "|".join(ORDINALS) + r")\b", text
        )
        ordinal = ordinal or re.search(r"\b(" + "|".join(ORDINALS) + r")\s+place\b", text)
        if ordinal or _has(r"\brunner ?up\b", text):
            query.intent = "position"
            query.position = ORDINALS[ordinal.group(1)] if ordinal else 2
            return query
        if _has(
            r"\bwho (stood|ran|was standing|were the candidates)\b|\bcandidates?\b|\bon the ballot\b|\bwho contested\b",
            text,
        ):
            query.intent = "candidates"
            return query
        if _has(r"\bswing\b", text) and _has(r"\bneed|\brequired\b|\bto (win|take|gain)\b", text):
            query.intent = "swing_needed"
            return query
        if _has(r"\bswing\b", text):
            query.intent = "swing"
            return query
        if _has(r"\bturnout\b|\bturn out\b", text):
            query.intent = "turnout"
            return query
        if _has(r"\bmajorit|\bmargin\b", text):
            query.intent = "majority"
            return query
        if _has(
            r"\bwho (won|wins|holds|held|took|is the mp|was elected)\b|\b(which|what) party (won|holds|took|held)\b|\bwinner\b|\bwho represents\b|\bmp for\b|\bwho is mp\b",
            text,
        ):
            query.intent = "winner"
            return query
        if _has(r"\b(gain|hold|held|change hands|changed hands)\b", text):
            query.intent = "winner"
            return query
        query.intent = "result"
        return query
    return query
