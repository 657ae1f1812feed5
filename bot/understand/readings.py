"""Telling the readings of a name apart: a seat or party that is also an MP's surname, a name
typed with a slip, a surname that starts a seat's name, a seat we do not have.

Each step takes a Query and gives the likelier reading (a new Query), or asks which was meant.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot import format as fmt
from bot.answer.common import choice
from bot.answer.models import Answer, Choice
from bot.kb.knowledge import KnowledgeBase
from bot.text import fold_place
from bot.understand.entities import FUZZY, QUESTION_WORDS, Entities, EntityFinder, Found
from bot.understand.names import Match
from bot.understand.people import People
from bot.understand.query import Query
from bot.understand.rules import HISTORY, reread, seat_slot
from bot.understand.seats import Seats
from bot.understand.shortnames import expansions, read_short

# Words that ask something even when they are also someone's surname ('how close was it').
_ASKING_WORDS = frozenset({"close", "race", "swing", "share", "vote", "gain", "gap", "tight"})


class Readings:
    """The readings of the names in a question, for one knowledge-base snapshot."""

    def __init__(self, kb: KnowledgeBase, seats: Seats, finder: EntityFinder, people: People):
        self.kb = kb
        self.seats = seats
        self.finder = finder
        self.people = people

    def choose(self, query: Query) -> Query | Answer:
        """A seat or party that is also an MP's surname: take the likelier, or ask when both fit.

        'Eccles majority' is the MP, since no seat of that name was fought at the election asked
        about; 'Stafford majority' could be the seat or its namesake MP, so it asks. An office
        ('the prime minister') is read as its holder at that election.
        """
        target = query.election or self.seats.default_election
        entities = self._speaker_as_office(query.entities)
        if entities.offices:
            people, notes = list(entities.people), []
            for office in entities.offices:
                holder = self.people.office_holder(office, target)
                if isinstance(holder, Answer):
                    return holder
                people.append(holder[0])
                notes.append(holder[1])
            people.sort(key=lambda found: found.start)
            entities = replace(entities, people=people, offices=[])
            query = replace(reread(query, entities), notes=tuple(notes))
        national = self.kb.national.get(target or "")
        if national and entities.party_options:  # 'Alliance' in 1983 is the SDP-Liberal one
            entities = replace(
                entities,
                parties=[self._stood(code, entities, national) for code in entities.parties],
            )
        moved = False
        for found in entities.seats:
            people = found.alt.items if found.alt else ()
            if not people or query.what in HISTORY:
                continue
            if not any(self.seats.fought(k, target) for k in found.items):
                if any(self.people.prominence(p, target) >= 1 for p in people):
                    seats = list(entities.seats)
                    seats.remove(found)
                    entities = replace(entities, seats=seats, people=[*entities.people, found.alt])
                    moved = True
            elif self._asks_person(replace(query, entities=entities), found):
                mps = [p for p in people if self.people.prominence(p, target) >= 2]
                if mps:
                    seat = self.seats.display[found.items[0]]
                    return self._which(
                        query, found, mps, (f"{seat} (the constituency)", f"!result {seat}")
                    )
        if entities is not query.entities:
            query = replace(query, entities=entities)
        for found in entities.party_alts:
            winners = [p for p in found.alt.items if self.people.prominence(p, target) >= 2]
            # A capital opening a sentence proves little: 'Green votes' is the party.
            wanted = {"person_majority"} if found.start == 0 else None
            if winners and self._asks_person(query, found, wanted):
                party = self.kb.party(found.items[0])
                question = query.reworded(found, fmt.the(party.name))
                return self._which(
                    query, found, winners, (fmt.capital(fmt.the(party.name)), f"!ask {question}")
                )
        if moved:
            people = sorted(entities.people, key=lambda found: found.start)
            return reread(query, replace(entities, people=people))
        return query

    @staticmethod
    def _stood(code: str, entities: Entities, national) -> str:
        """A party name two parties used, as the one that stood at that election."""
        options = entities.party_options.get(code, ())
        if options and national.party(code) is None:
            stood = [c for c in options if national.party(c) is not None]
            return stood[0] if stood else code
        return code

    def _speaker_as_office(self, entities: Entities) -> Entities:
        """'speakers majority 2019': the Speaker's own result, not the 'Speaker' party's total
        (a party of one seat has no majority, votes or share worth asking of it as a party)."""
        office = next((o.title for o in self.kb.offices if o.title.startswith("Speaker")), None)
        words = " ".join(entities.words)
        if (
            office
            and entities.parties == ("Spk",)
            and not entities.people
            and re.search(r"\bmajorit|\bvotes\b|\bshare\b|\bmargin\b|\bresults?\b", words)
        ):
            speaker = Found("office", (office,), 0, 0)
            return replace(entities, parties=[], offices=[*entities.offices, speaker])
        return entities

    @staticmethod
    def _asks_person(query: Query, found: Found, wanted: set[str] | None = None) -> bool:
        """Would the question, read with this name as a person, ask something of a person?"""
        entities = replace(
            query.entities,
            seats=[f for f in query.entities.seats if f is not found],
            parties=[
                p
                for p in query.entities.parties
                if not (found.kind == "party" and p == found.items[0])
            ],
            people=[found.alt, *query.entities.people],
        )
        what = reread(query, entities).what
        return what in wanted if wanted else what not in {"bio", "unknown"}

    def _which(
        self, query: Query, found: Found, people: list[str], other: tuple[str, str]
    ) -> Answer:
        """Ask which reading was meant: the seat or party, or each MP of that name."""
        choices = [Choice(*other)]
        for pid in people[:4]:
            person = self.kb.people[pid]
            contest, candidacy = self.kb.careers[pid][-1]
            label = f"{person.name} ({candidacy.party_name}, {contest.name} {contest.election})"
            choices.append(Choice(label, f"!ask {query.reworded(found, person.name)}"))
        return choice("Which did you mean?", "That could mean", choices)

    def with_fuzzy_name(self, query: Query) -> Query:
        """Nothing named exactly: try what is left of the question as a seat, then a person."""
        entities = query.entities
        leftover = entities.leftover
        if len(leftover) < 4 or entities.seats or entities.people:
            return query
        if all(w in _ASKING_WORDS for w in leftover.split()):
            return query  # 'how close was it': a word, not Sue Close
        target = query.election or self.seats.default_election
        seat = self.seats.resolve(leftover, target, suggest=False)
        if seat.status == "found":
            person = Match("none")  # a seat: no need to look through every candidate
        else:
            person = self.finder.people.resolve(leftover, suggest=False)
        kind, match = None, None
        if seat.status == "found":
            kind, match = "seat", seat
        elif person.status == "found":
            kind, match = "person", person
        elif seat.status == "ambiguous" and seat.score >= self.seats.index.accept:
            kind, match = "seat", seat  # 'narnia south' is near no seat: not a choice of two
        elif person.status == "ambiguous":
            kind, match = "person", person
        if kind is None:
            return query
        found = Found(kind, match.items, 0, 0, FUZZY)
        if kind == "seat":
            return reread(query, replace(entities, seats=[*entities.seats, found]))
        return reread(query, replace(entities, people=[*entities.people, found]))

    def surname_as_seat(self, query: Query) -> Query:
        """A lone surname in lower case beside unknown words may start a seat's name typed with a
        slip or cut short ('bishop auckand', 'sutton cold'): taken only when one seat fits."""
        entities = query.entities
        if entities.seats or not entities.leftover:
            return query
        if len(entities.people) == 1:
            person = entities.people[0]
            said = entities.words[person.start : person.end]
            phrase = " ".join([*said, *entities.leftover.split()])
        elif entities.places and not entities.people and not entities.parties:
            # 'who won in north east somerst': a region's name starting a seat's
            phrase = " ".join(w for w in entities.words if w not in QUESTION_WORDS)
        else:
            return query
        target = query.election or self.seats.default_election
        match = read_short(phrase, self.seats.at(target), self.seats.index) if target else None
        if match is None:
            return query
        seat = Found("seat", match.items, 0, 0, FUZZY)
        entities = replace(
            entities, people=[], places=[], seats=[*entities.seats, seat], leftover=phrase
        )
        return reread(query, entities)

    def unknown_seat_with_surname(self, query: Query) -> str | None:
        """The seat a seat-shaped question names, when its words are unknown but for a surname."""
        entities = query.entities
        if len(entities.people) != 1 or not entities.leftover:
            return None
        person = entities.people[0]
        said = entities.words[person.start : person.end]
        loose = replace(entities, people=[], leftover=" ".join([*said, entities.leftover]))
        slot = seat_slot(loose, self.seats.index.by_word)
        return slot[0] if slot else None

    def names_seat(self, question: str) -> bool:
        """Does the question name one seat (exactly, or by a name we can take)?"""
        entities = self.finder.find(question)
        if entities.seats:
            return True
        found = self.seats.resolve(entities.leftover, None, suggest=False)
        return bool(entities.leftover) and found.status == "found"

    def nearest_seats(self, name: str, query: Query) -> list[str]:
        """Up to three seats whose names are nearest to one we could not match."""
        target = query.election or self.seats.default_election
        index = self.seats.at(target) if target else self.seats.index
        folded = next(iter(expansions(fold_place(name))), fold_place(name))  # 'lancs'
        inside = sorted(index.containing(folded), key=index.display.get)[:3]
        if inside:  # 'lancs': West Lancashire
            return [index.display[k] for k in inside]
        scored = index.scored(folded, 3, cutoff=50) or self.seats.index.scored(folded, 3, cutoff=50)
        return [index.display.get(k) or self.seats.display[k] for k, _ in scored]

    def known_person(self, query: Query) -> bool:
        """Someone we can say something about: a record in the results or a curated biography."""
        return bool(
            query.person
            and any(self.kb.careers.get(p) or self.kb.people[p].bio for p in query.person.items)
        )
