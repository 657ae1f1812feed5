"""Find seats, people, parties and places anywhere in a question, each with how well it matched."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property

from rapidfuzz import fuzz, process

from bot.kb.knowledge import KnowledgeBase
from bot.places import PLACE_FORMS, Place, named_places
from bot.text import fold, fold_place, strip_accents
from bot.understand.names import NameIndex
from bot.understand.seats import Seats
from bot.understand.shortnames import SHORT_FORMS, expansions

MAX_NGRAM = 7

# Surnames that are also everyday words: matched alone only when written with a capital.
EVERYDAY_WORDS = frozenset(
    [
        "baker",
        "bell",
        "best",
        "black",
        "brown",
        "case",
        "close",
        "cook",
        "cross",
        "day",
        "field",
        "fox",
        "good",
        "green",
        "hall",
        "hill",
        "hope",
        "house",
        "hunt",
        "king",
        "little",
        "long",
        "lord",
        "love",
        "may",
        "mann",
        "moon",
        "moore",
        "new",
        "power",
        "price",
        "race",
        "rich",
        "rose",
        "short",
        "small",
        "smith",
        "stone",
        "street",
        "swing",
        "wood",
        "young",
        "ward",
        "west",
        "north",
        "south",
        "east",
        "gain",
        "gap",
        "speaker",
        "vote",
        "share",
    ]
)

# Words that carry the question, never a name: what is left after removing them is a name.
QUESTION_WORDS = frozenset(
    [
        "a",
        "about",
        "after",
        "against",
        "all",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "beat",
        "beaten",
        "been",
        "before",
        "between",
        "biggest",
        "by",
        "came",
        "candidate",
        "candidates",
        "change",
        "changed",
        "come",
        "did",
        "do",
        "does",
        "election",
        "elections",
        "elected",
        "first",
        "for",
        "from",
        "fourth",
        "gain",
        "gained",
        "gap",
        "get",
        "got",
        "had",
        "has",
        "have",
        "he",
        "held",
        "her",
        "hers",
        "highest",
        "his",
        "hold",
        "how",
        "in",
        "into",
        "is",
        "it",
        "its",
        "hands",
        "keep",
        "kept",
        "largest",
        "last",
        "least",
        "list",
        "lose",
        "losing",
        "lost",
        "lowest",
        "majority",
        "many",
        "margin",
        "me",
        "mp",
        "mps",
        "much",
        "narrowest",
        "new",
        "of",
        "on",
        "or",
        "party",
        "place",
        "position",
        "previous",
        "result",
        "results",
        "runner",
        "safest",
        "same",
        "seat",
        "seats",
        "second",
        "share",
        "she",
        "smallest",
        "stand",
        "standing",
        "stood",
        "swing",
        "tell",
        "than",
        "that",
        "the",
        "their",
        "them",
        "there",
        "they",
        "third",
        "this",
        "to",
        "turnout",
        "up",
        "vote",
        "votes",
        "was",
        "what",
        "when",
        "where",
        "which",
        "who",
        "whom",
        "whose",
        "why",
        "win",
        "winner",
        "winning",
        "with",
        "won",
        "would",
        "year",
        "years",
        "vs",
        "versus",
        "since",
        "more",
        "fewer",
        "less",
        "most",
        "fewest",
        "closest",
        "tightest",
        "compared",
        "so",
        "far",
        "declared",
        "declare",
        "left",
        "still",
        "remaining",
        "women",
        "men",
        "woman",
        "female",
        "male",
        "total",
        "number",
        "percentage",
        "percent",
        "per",
        "cent",
        "show",
        "give",
        "ran",
        "run",
        "contested",
        "fielded",
        "nationally",
        "national",
        "overall",
        "safe",
        "marginal",
        "general",
        "whos",
        "ever",
        "history",
        "i",
        "you",
        "my",
        "can",
        "could",
        "please",
    ]
)


FULL, SURNAME, FUZZY = "full", "surname", "fuzzy"


@dataclass(frozen=True)
class Found:
    """One name found in the question: what it is, where, and how it matched."""

    kind: str  # "seat" | "person" | "party" | "place"
    items: tuple[str, ...]
    start: int
    end: int
    matched: str = FULL  # how the name matched: in FULL, a SURNAME alone, or FUZZY
    alt: Found | None = None  # another reading: 'Stafford' the seat, or Gregory Stafford

    @property
    def exact(self) -> bool:
        return self.matched != FUZZY

    @property
    def ambiguous(self) -> bool:
        return len(self.items) > 1


@dataclass(frozen=True)
class Entities:
    """Everything recognised in one question, in the order it was said. Built once by the
    finder; another reading of a name is a new Entities (`dataclasses.replace`). Immutable
    throughout: lists given to it are kept as tuples."""

    seats: tuple[Found, ...] = ()
    people: tuple[Found, ...] = ()
    parties: tuple[str, ...] = ()
    places: tuple[Place, ...] = ()
    offices: tuple[Found, ...] = ()  # 'the prime minister'
    party_alts: tuple[Found, ...] = ()  # parties that may be surnames
    # A name two parties used ('Alliance': APNI, SDP-Lib), and words taken despite a slip
    party_options: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    corrections: tuple[tuple[str, str], ...] = ()  # ('scotand', 'Scotland')
    words: tuple[str, ...] = ()
    party_words: tuple[int, ...] = ()  # where in `words` a party is named
    place_words: tuple[int, ...] = ()  # and a place
    leftover: str = ""

    def __post_init__(self) -> None:
        for name in _LISTED:
            value = getattr(self, name)
            if not isinstance(value, tuple):
                object.__setattr__(self, name, tuple(value))


_LISTED = (
    "seats", "people", "parties", "places", "offices", "party_alts", "corrections", "words",
    "party_words", "place_words",
)  # fmt: skip


@dataclass
class _Gathered:
    """What the finder has recognised so far in a question (it becomes Entities when done)."""

    words: list[str]
    seats: list[Found] = field(default_factory=list)
    people: list[Found] = field(default_factory=list)
    parties: list[str] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    offices: list[Found] = field(default_factory=list)
    party_alts: list[Found] = field(default_factory=list)
    party_options: dict[str, tuple[str, ...]] = field(default_factory=dict)
    corrections: list[tuple[str, str]] = field(default_factory=list)
    party_words: list[int] = field(default_factory=list)
    place_words: list[int] = field(default_factory=list)


def _raw_words(text: str) -> list[str]:
    """The words fold() would give, with their case kept."""
    text = strip_accents(text).replace("&", " and ").replace("'", "").replace("’", "")
    return re.sub(r"[^A-Za-z0-9]+", " ", text).split()


def _possessive_free(text: str) -> str:
    return re.sub(r"(?<=\w)['’]s?\b", "", text)


def _faint_people(kb: KnowledgeBase) -> frozenset[str]:
    """People who never won and stood only before the two latest elections: a bare surname in
    lower case ('how many women were elected') is a word, not them (Chris Were, 2015)."""
    recent = {e.id for e in kb.real_elections()[-2:]}
    faint = set()
    for person_id, career in kb.careers.items():
        if any(c.election in recent for c, _ in career):
            continue
        if not any(c.candidacies and c.candidacies[0] is candidacy for c, candidacy in career):
            faint.add(person_id)
    return frozenset(faint)


class EntityFinder:
    """Exact n-gram look-ups, longest first; places before parties, people and seats."""

    def __init__(self, kb: KnowledgeBase, seats: Seats):
        self.kb = kb
        self.seats = seats
        self.seat_forms = seats.forms
        self.people, self.person_forms, self.surname_forms = self._people_index(kb)
        self.faint = _faint_people(kb)
        self.party_forms = self._party_forms(kb)
        latest = kb.latest_election()
        self.named_places = named_places(
            [c.name for c in kb.contests[latest.id].values()] if latest else []
        )
        # Only 'the prime minister': 'a former prime minister' names nobody in particular.
        self.office_forms = {
            fold(a): o.title for o in kb.offices for a in o.aliases if fold(a).startswith("the ")
        }

    # Indexes ----------------------------------------------------------------------------

    @staticmethod
    def _people_index(kb: KnowledgeBase):
        variants: dict[str, set[str]] = defaultdict(set)
        for group in kb.nicknames:
            folded = {fold(n) for n in group}
            for name in folded:
                variants[name] |= folded
        forms: dict[str, list[str]] = defaultdict(list)
        surnames: dict[str, list[str]] = defaultdict(list)
        names: list[tuple[str, str]] = []
        for person in kb.people.values():
            for name in (person.name, *person.other_names):
                folded = fold(name)
                if not folded:
                    continue
                words = folded.split()
                options = {folded}
                for variant in variants.get(words[0], ()):
                    options.add(" ".join([variant, *words[1:]]))
                if len(words) > 2:
                    options.add(f"{words[0]} {words[-1]}")
                for option in sorted(options):  # a set's order varies with the hash seed
                    if person.id not in forms[option]:
                        forms[option].append(person.id)
                    names.append((option, person.id))
                for size in range(1, min(3, len(words))):  # 'truss', 'long bailey'
                    surname = " ".join(words[-size:])
                    if person.id not in surnames[surname]:
                        surnames[surname].append(person.id)
        index = NameIndex(names, folder=fold, accept=88, consider=80, subsets=False)
        return index, dict(forms), dict(surnames)

    @staticmethod
    def _party_forms(kb: KnowledgeBase) -> dict[str, list[str]]:
        """Folded names to party codes; a name two parties used ('Alliance') lists both."""
        forms: dict[str, list[str]] = defaultdict(list)
        for code, party in kb.parties.items():
            curated = bool(party.colour or party.nicknames or party.aliases)
            names = [party.name, party.short_name, *party.aliases, *party.nicknames]
            if curated:
                names.append(code)
            for name in names:
                folded = fold(name)
                if folded and (curated or len(folded.split()) > 1) and code not in forms[folded]:
                    forms[folded].append(code)
        return dict(forms)

    # Finding ----------------------------------------------------------------------------

    def find(self, text: str) -> Entities:
        """All places, parties, people and seats named in the text (longest first, no overlaps)."""
        cleaned = _possessive_free(text)
        words = fold(cleaned).split()
        capitals = [w[:1].isupper() for w in _raw_words(cleaned)]
        if len(capitals) != len(words):
            capitals = [True] * len(words)
        entities = _Gathered(words=words)
        taken = [False] * len(words)
        spans: list[Found] = []
        self._misspelt(words, taken, entities, after_in=True)  # 'in scotand': a place first
        for size in range(min(MAX_NGRAM, len(words)), 0, -1):
            for start in range(len(words) - size + 1):
                if any(taken[start : start + size]):
                    continue
                phrase = " ".join(words[start : start + size])
                found = None
                after_in = start and words[start - 1] == "in"
                ends = start + 1 == len(words) or words[start + 1] in QUESTION_WORDS
                if size == 1 and after_in and (ends or words[start + 1].isdigit()):
                    found = self._named_place(phrase)  # 'in Essex': the seats, not Jonathan Essex
                    for reading in () if found else SHORT_FORMS.get(phrase, ()):
                        found = found or self._named_place(reading)  # 'in herts
                found = found or self._exact(phrase, size, capitals[start])
                if found is None and phrase.endswith("s") and len(phrase) > 4:
                    # "Keir Starmers majority": a lost apostrophe
                    found = self._exact(phrase[:-1], size, capitals[start])
                if found is None:
                    continue
                kind, items, how, alt = found
                if alt is not None:
                    alt = replace(alt, start=start, end=start + size)
                spans.append(Found(kind, tuple(items), start, start + size, how, alt))
                for i in range(start, start + size):
                    taken[i] = True
        for span in sorted(spans, key=lambda span: span.start):
            if span.kind == "seat":
                entities.seats.append(span)
            elif span.kind == "person":
                entities.people.append(span)
            elif span.kind == "office":
                entities.offices.append(span)
            elif span.kind == "place":
                entities.place_words.extend(range(span.start, span.end))
                place = PLACE_FORMS.get(span.items[0]) or self.named_places[span.items[0]]
                if place not in entities.places:
                    entities.places.append(place)
            elif span.kind == "party":
                entities.party_words.extend(range(span.start, span.end))
            if span.kind == "party" and span.items[0] not in entities.parties:
                entities.parties.append(span.items[0])
                phrase = " ".join(words[span.start : span.end])
                options = self.party_forms.get(phrase) or self.party_forms.get(phrase[:-1], ())
                if phrase.startswith("the "):  # 'the alliance': APNI too, when SDP-Lib never stood
                    bare = self.party_forms.get(phrase[4:], ())
                    options = [*options, *(c for c in bare if c not in options)]
                if len(options) > 1:
                    entities.party_options[span.items[0]] = tuple(options)
                if span.alt is not None:
                    entities.party_alts.append(span)
        self._misspelt(words, taken, entities)
        leftover = [
            w for w, used in zip(words, taken, strict=True) if not used and w not in QUESTION_WORDS
        ]
        return Entities(**vars(entities), leftover=" ".join(w for w in leftover if not w.isdigit()))

    def _misspelt(
        self, words: list[str], taken: list[bool], entities: _Gathered, after_in: bool = False
    ) -> None:
        """Places and parties typed with a slip ('scotand', 'nothern ireland', 'conservatve').

        Only words nothing else claimed, of five letters or more, close to one name (rapidfuzz);
        each correction is noted so the answer can say how the word was taken.
        """
        for start, word in enumerate(words):
            if taken[start] or len(word) < 5 or word in QUESTION_WORDS or word.isdigit():
                continue
            if after_in and not (start and words[start - 1] == "in"):
                continue
            if after_in and (word in self.seat_forms or word in self.person_forms):
                continue
            pair = " ".join(words[start : start + 2]) if start + 1 < len(words) else ""
            for phrase, size in ((pair, 2), (word, 1)):
                if not phrase or (size == 2 and taken[start + 1]):
                    continue
                choices = self._fuzzy_places if size == 2 else self._fuzzy_words
                if phrase in PLACE_FORMS or phrase in self.party_forms:
                    continue  # written right: the exact pass takes it
                hit = process.extractOne(phrase, choices, scorer=fuzz.ratio, score_cutoff=85)
                if hit is None:
                    continue
                name = hit[0]
                if name in PLACE_FORMS:
                    place = PLACE_FORMS[name]
                    if place not in entities.places:
                        entities.places.append(place)
                    shown = place.name
                else:
                    code = self.party_forms[name][0]
                    if code not in entities.parties:
                        entities.parties.append(code)
                    shown = self.kb.party(code).label
                entities.corrections.append((phrase, shown))
                for i in range(start, start + size):
                    taken[i] = True
                break

    @cached_property
    def _fuzzy_places(self) -> list[str]:
        return [form for form in PLACE_FORMS if len(form.split()) == 2]

    @cached_property
    def _fuzzy_words(self) -> list[str]:
        places = [form for form in PLACE_FORMS if " " not in form and len(form) >= 5]
        parties = [form for form in self.party_forms if " " not in form and len(form) >= 5]
        return places + parties

    def _surname(self, phrase: str, capital: bool) -> list[str] | None:
        """People with this surname, when it is fit to be read as one."""
        people = self.surname_forms.get(phrase)
        if people and not capital and self.faint:
            people = [p for p in people if p not in self.faint] or None
        if not people or len(phrase) < 3 or (len(phrase) == 3 and not capital):
            return None
        if phrase in EVERYDAY_WORDS and not capital:
            return None
        return people

    def _exact(
        self, phrase: str, size: int, capital: bool
    ) -> tuple[str, list[str], str, Found | None] | None:
        """The best reading of a phrase, and the next best when a person could be meant instead."""
        if phrase in PLACE_FORMS and size <= 3:
            return "place", [phrase], FULL, None  # 'wales' is the nation, not Frankie Wales
        if phrase in self.office_forms:
            return "office", [self.office_forms[phrase]], FULL, None
        if phrase in QUESTION_WORDS:
            return None
        surname = self._surname(phrase, capital)
        parties = self.party_forms.get(phrase)
        party = parties[0] if parties else None
        if party and size == 1:  # 'Reform', 'Greens': a party before a surname...
            alt = surname if capital else None  # ...but 'did Green hold'
            return "party", [party], FULL, self._alt(alt, size)
        person = self.person_forms.get(phrase)
        if person and size > 1:
            return "person", person, FULL, None
        place = fold_place(phrase)
        seat = self.seat_forms.get(place) or self.seat_forms.get(" ".join(sorted(place.split())))
        for reading in [] if seat or size == 1 else expansions(place):  # 'north east herts'
            seat = self.seat_forms.get(reading) or self.seat_forms.get(
                " ".join(sorted(reading.split()))
            )
            if seat:
                break
        if seat and (size > 1 or len(phrase) > 3):
            return "seat", seat, FULL, self._alt(surname, size)
        if person:
            return "person", person, FULL, None
        if party:
            return "party", [party], FULL, None
        if surname:
            return "person", surname, SURNAME, None
        return None

    def _named_place(self, word: str) -> tuple[str, list[str], str, None] | None:
        """'in Birmingham', 'in Norfolk': the seats named after it, unless a seat has that name."""
        if word not in self.named_places or word in self.seat_forms or word in PLACE_FORMS:
            return None
        return "place", [word], FULL, None

    @staticmethod
    def _alt(people: list[str] | None, size: int) -> Found | None:
        return Found("person", tuple(people), 0, size, SURNAME) if people else None
