"""Free-text questions, the way in: read the years and the names, choose between readings,
then answer from the table (bot/understand/answer_table.py).

The names are told apart in readings.py, looked up in lookup.py; what answers build once per
snapshot is kept in caches.py.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, replace

from bot import format as fmt
from bot.answer import coverage
from bot.answer.models import Answer
from bot.kb.knowledge import KnowledgeBase
from bot.models import Precedent
from bot.text import fold, quote
from bot.understand import ask_projection, byelection_words, byelections, projection
from bot.understand.answer_table import ACROSS_ELECTIONS, dispatch
from bot.understand.ask_person import answer_person
from bot.understand.byelection_words import ByElectionAsk
from bot.understand.caches import Caches
from bot.understand.elections import find_elections
from bot.understand.entities import FUZZY, SURNAME, Entities, EntityFinder, Found
from bot.understand.followups import (
    POINTS_BACK,
    FollowUps,
    about_seat,
    reply_as_question,
    which_constituency,
)
from bot.understand.lookup import Lookup
from bot.understand.people import People
from bot.understand.precedents import STRONG_PRECEDENT, WEAK_PRECEDENT, PrecedentMatcher
from bot.understand.query import Query
from bot.understand.readings import Readings
from bot.understand.rules import HISTORY, read_query, seat_slot
from bot.understand.seats import Seats
from bot.understand.years import read_years, year_or_number

MAX_QUESTION = 300  # characters read of a question; no real one is longer
_ABOUT = re.compile(
    r"\b(who is|who s|whos|who was|tell me about|about|biography|profile|record|candidate)\b"
)
# questions about a count as a whole ('latest result'): no word in them names a seat
COUNTING = frozenset({"latest_declared", "majority_race", "ahead"})
SEAT_WHATS = frozenset(
    {"result", "winner", "majority", "turnout", "electorate", "candidates_list", "position"}
    | {"swing_needed", "party_won", "party_result", "rank_of"}
    | HISTORY
)
_DECLARED = re.compile(r"\bdeclar")
_EVER = re.compile(r"\b(ever|in history|before)\b")
_ONE_ELECTION_LISTS = frozenset({"defeated", "ministers_defeated"})
# Kinds about a whole election, never a seat pointed back at ('is it a hung parliament?')
_WHOLE_ELECTION = frozenset(
    {"majority_race", "ahead", "latest_declared", "commons_now", "exit_poll", "outside"}
    | {"bellwether", "strongholds", "swingometer", "targets", "what_if", "swing_goal", "my_mp"}
    | {"by_election", "election_ranking", "ranking", "threshold", "seats", "summary"}
)
_OF_A_SEAT = frozenset({"swing", "declared", "map"})  # asked of a seat as well as of the UK
# What 'it' may ask of a seat when the question alone was not understood ('how close was it');
# not its whole result ('what is it', 'what does it mean' are no questions about a seat)
_ONE_FIGURE = (SEAT_WHATS - {"result"}) | _OF_A_SEAT


@dataclass(frozen=True)
class Heard:
    """A question as first read, before its names are told apart."""

    text: str  # its words with the years read ('in 83' -> 'in 1983')
    folded: str  # as typed, folded: what precedents and a few words are looked for in
    query: Query  # the first reading
    year_notes: tuple[str, ...]  # how its years were taken
    precedent: Precedent | None  # a curated precedent near enough to answer when nothing else
    keyword_hits: tuple[Precedent, ...]  # curated precedents its words point at


class Understanding:
    """Answers free-text questions for one knowledge-base snapshot."""

    def __init__(self, kb: KnowledgeBase, seats: Seats):
        self.kb = kb
        self.seats = seats
        self.finder = EntityFinder(kb, seats)
        self.precedents = PrecedentMatcher(kb.precedents)
        self.known = [e.id for e in kb.real_elections()]
        self.people = People(kb, self.finder.person_forms, seats.default_election)
        self.followups = FollowUps()
        self._over(kb, seats, self.finder)

    def _over(self, kb: KnowledgeBase, seats: Seats, finder: EntityFinder) -> None:
        """What depends on the base's results: the look-up, the readings, the caches."""
        self.kb, self.seats, self.finder = kb, seats, finder
        self.lookup = Lookup(kb, seats, finder.party_forms)
        self.readings = Readings(kb, seats, finder, self.people)
        self.caches = Caches(kb)

    def for_view(self, kb: KnowledgeBase, seats: Seats) -> Understanding:
        """This understanding over a view of its base with the same seats, names and people
        (`bot.live.view`): the name indexes are shared; what depends on results starts afresh."""
        finder = copy.copy(self.finder)
        finder.kb, finder.seats = kb, seats
        derived = copy.copy(self)
        derived._over(kb, seats, finder)
        return derived

    # Entry -------------------------------------------------------------------------------

    def answer(self, text: str, asker: str | None = None) -> Answer:
        """`asker` (a channel and user) lets a reply to 'which constituency?' be read as one.

        In four steps, each of which may answer on its own: hear the question (years, curated
        precedents), answer the kinds that need no names told apart, tell the names apart, and
        say so when nothing was understood; else the answer table answers."""
        text = (text or "").strip()[:MAX_QUESTION]
        if not text:
            return self._help()
        if self.followups.take(asker):
            reply = reply_as_question(text)
            if self.readings.names_seat(reply):
                text = reply
        heard = self._hear(text, asker)
        if isinstance(heard, Answer):
            return heard
        heard = self._pointing_back(heard, asker)
        answered = self._without_names(heard, asker)
        if answered is not None:
            return answered
        query = self._tell_names_apart(heard)
        if isinstance(query, Answer):
            return query
        if query.about == "seat" and query.seat is not None:
            said = query.election if query.elections.said else None
            self.followups.asked_about(asker, self.seats.display.get(query.seat.items[0]), said)
        return self._not_understood(heard, query) or dispatch(
            self, self._as_said(query, heard.text)
        )

    def _pointing_back(self, heard: Heard, asker: str | None) -> Heard:
        """'How close was it?', 'turnout there?' just after a question about a seat: asked of
        that seat (at the election then named, unless this one names another), and said so.
        'There' points at the seat for any question but one about the whole election; 'it' only
        for a question about one seat ('is it a hung parliament?', 'what does it mean?' are not)."""
        remembered = self.followups.last_seat(asker)
        first = heard.query
        named = first.entities
        if not remembered or named.seats or named.people or named.places:
            return heard
        seat, election = remembered
        again = about_seat(heard.text, seat)
        if again is None or first.what in _WHOLE_ELECTION:
            return heard
        then = election if election and not first.elections.said else None
        if then:
            again = f"{again} in {then}"
        reheard = self._hear(again, asker)
        if not isinstance(reheard, Heard) or reheard.query.about != "seat":
            return heard
        word = POINTS_BACK.search(heard.text).group(1)
        seat_shaped = first.what in SEAT_WHATS | _OF_A_SEAT
        if word.lower() != "there" and not (
            seat_shaped or (first.what == "unknown" and reheard.query.what in _ONE_FIGURE)
        ):
            return heard
        said = f"{seat} in {then}" if then else seat
        note = f"Taking '{word}' to mean {said}, asked about just before."
        return replace(reheard, year_notes=(*heard.year_notes, *reheard.year_notes, note))

    def _hear(self, text: str, asker: str | None) -> Heard | Answer:
        """The question read: a curated one near word for word, its years ('in 83', 'the
        election before', asked back when unsure), its elections and names, its first Query."""
        folded = fold(text)
        precedent, whole_score, score = self.precedents.best(folded)
        # 'has X declared?' during a count: the count answers, never a precedent's story
        about_the_count = _DECLARED.search(folded) and any(
            not p.complete for p in self.kb.progress.values()
        )
        if about_the_count:
            precedent = None
        if precedent is not None and whole_score >= STRONG_PRECEDENT:
            return coverage.precedent(self.kb, precedent)  # a curated question, near word for word
        context = self.followups.last_election(asker)
        spoken = read_years(text, self.known, context)
        if spoken.unsure:
            return year_or_number(text, spoken.unsure)
        elections = find_elections(spoken.text, self.known)
        if elections.said:
            self.followups.said(asker, elections.one)
        query = read_query(self.finder.find(elections.rest), elections)
        return Heard(
            text=spoken.text,
            folded=folded,
            query=query,
            year_notes=tuple(spoken.notes),
            precedent=precedent if precedent is not None and score >= WEAK_PRECEDENT else None,
            keyword_hits=() if about_the_count else tuple(self.precedents.by_keyword(folded)),
        )

    def _without_names(self, heard: Heard, asker: str | None) -> Answer | None:
        """The kinds of question answered before any name is told apart: by-elections, other
        bodies, seats across elections, 'who is my MP', and an election we do not hold."""
        query, hits = heard.query, heard.keyword_hits
        if query.what in byelections.WHATS:
            return byelections.answer(self.kb, query)
        if query.what == "outside":
            return coverage.outside(self.kb)
        if query.what in ACROSS_ELECTIONS:  # issue 21: they read their own years, known or not
            return ACROSS_ELECTIONS[query.what](self, query)
        if query.what == "my_mp":
            self.followups.expect(asker)
            return which_constituency()
        ever = hits and _EVER.search(heard.folded) and not query.elections.ids
        if ever and query.what in _ONE_ELECTION_LISTS:
            # 'has an ex-PM ever lost their seat': across every election, not one election's list
            return coverage.precedent(self.kb, hits[0])
        if query.elections.unknown:
            if hits:
                return coverage.precedent(self.kb, hits[0])
            return coverage.unknown_election(self.kb, query.elections.unknown, f"!ask {heard.text}")
        return None

    def _tell_names_apart(self, heard: Heard) -> Query | Answer:
        """The likeliest reading of the names (readings.py), or a choice, or the seat asked
        about when we do not have it ('who won hendon' with no Hendon loaded)."""
        chosen = self.readings.choose(heard.query)
        if isinstance(chosen, Answer):
            return chosen
        query = chosen
        if heard.year_notes:
            query = replace(chosen, notes=(*heard.year_notes, *chosen.notes))
        # 'when did labour last win clacton' without Clacton is not about Labour's national total
        slot = None
        if query.about == "area" and query.what not in COUNTING:
            slot = seat_slot(query.entities, self.seats.index.by_word)
        if slot and not (query.what == "unknown" or slot[1] or not query.place):
            slot = None  # 'result in little whinging' asks of a seat, not of the UK
        compass = slot and set(slot[0].split()) <= {"the", "north", "south", "east", "west"}
        seat_shaped = query.about == "area" and query.what in SEAT_WHATS
        if not compass and (query.what == "unknown" or slot or seat_shaped):
            query = self.readings.with_fuzzy_name(query)
        if slot and query.about == "area":
            if query.what == "unknown" and heard.keyword_hits:
                return coverage.precedent(self.kb, heard.keyword_hits[0])
            nearest = [] if compass else self.readings.nearest_seats(slot[0], query)
            return coverage.seat_missing(self.kb, slot[0], nearest, area=bool(query.parties))
        named = query.entities
        lone_surname = all(p.matched == SURNAME for p in named.people)
        if not lone_surname or _ABOUT.search(heard.folded):
            return query
        if named.people or named.places:  # 'who won bishop auckand': a slip, not Bishop
            query = self.readings.surname_as_seat(query)
        if query.what == "bio":
            unknown = self.readings.unknown_seat_with_surname(query)
            if unknown:  # 'who won in royston vasey': a seat we don't have, not Mr Vasey
                nearest = self.readings.nearest_seats(unknown, query)
                return coverage.seat_missing(self.kb, unknown, nearest)
            query = replace(query, what="unknown")  # 'the capital of France': asks nothing
        return query

    def _not_understood(self, heard: Heard, query: Query) -> Answer | None:
        """Nothing asked that the table answers (or a name we know nothing of): a curated
        precedent the words point at, else say it was not understood."""
        if query.what == "unknown" or (
            query.what == "bio" and not self.readings.known_person(query)
        ):
            if heard.keyword_hits:
                return coverage.precedent(self.kb, heard.keyword_hits[0])
            if heard.precedent is not None:
                return coverage.precedent(self.kb, heard.precedent)
            if query.what == "unknown":
                return coverage.not_understood(heard.text)
        return None

    def _as_said(self, query: Query, text: str) -> Query:
        """The slots read from the question as typed with what this snapshot knows: a
        projection's numbers and parties ('+5', '-3'), the precedents its words point at."""
        slots: dict = {"asked": text}
        if query.what in ask_projection.WHATS:
            slots["projection"] = projection.read(text, self.finder.party_forms, query.parties)
            if query.what == "targets":
                slots["n"] = projection.count(text)
        if query.what == "ministers_defeated":
            slots["precedents"] = tuple(self.precedents.by_keyword(fold(text)))
        return replace(query, **slots)

    def by_election_asked(self, text: str) -> ByElectionAsk:
        """What a command's words ask of a by-election (`!result Hartlepool by-election 2021`)."""
        elections = find_elections(text, self.known)
        return byelection_words.read(self.finder.find(elections.rest), text)

    def _help(self) -> Answer:
        return Answer(
            kind="help",
            title="Ask me about a UK general election result",
            lines=(f"I know {coverage.coverage(self.kb)}.",),
            items=coverage.EXAMPLES,
        )

    # People ------------------------------------------------------------------------------

    def candidate(self, name: str) -> Answer:
        """!candidate NAME [SEAT] [YEAR]."""
        elections = find_elections(name, self.known)
        if elections.unknown:
            return coverage.unknown_election(self.kb, elections.unknown)
        rest = elections.rest
        if not rest.strip():  # '!candidate 2017'
            return Answer(
                kind="help",
                title="Whose record?",
                lines=("Give a name, and a year if you like: `!candidate Liz Truss 2019`.",),
            )
        seat = self.seats.index.exact_match(rest)
        if seat.status == "found" and not self.lookup.person(rest):
            # '!mp Gordon': the constituency, not Tom Gordon: its MP (then, with a year)
            words = tuple(fold(rest).split())
            named = Entities(seats=(Found("seat", seat.items, 0, len(words)),), words=words)
            query = Query(
                what="winner",
                entities=named,
                elections=elections,
                holder_now=not elections.said,
                asked=name,
            )
            answer = dispatch(self, query)
            note = f"Taking '{quote(rest.strip())}' as the constituency; for a person, give their full name."
            return replace(answer, notes=(*answer.notes, note))
        entities = self.finder.find(rest)
        if not entities.people:
            match = self.finder.people.resolve(rest)
            if match.status == "none":
                suggestions = [self.kb.people[p].name for p in match.suggestions]
                hint = f" Did you mean {fmt.join_names(suggestions)}?" if suggestions else ""
                return Answer(
                    kind="not_found",
                    title="Candidate not found",
                    lines=(f"I couldn't find a candidate called '{quote(rest.strip())}'.{hint}",),
                )
            if match.status == "ambiguous":
                return self.people.which(list(match.items), match.more)
            found = Found("person", match.items, 0, 0, FUZZY)
            entities = replace(entities, people=[*entities.people, found])
        query = Query(what="bio", entities=entities, elections=elections, asked=name)
        return answer_person(self, query)
