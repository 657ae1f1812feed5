"""Free-text questions: read the slots, resolve the names together, answer from one table."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from bot import format as fmt
from bot.answer import area as area_answers
from bot.answer import bellwethers as across
from bot.answer import compare, counting, coverage, live, records, swings
from bot.answer import maps as map_answers
from bot.answer import person as person_answers
from bot.answer import seat as seat_answers
from bot.answer import seat_history as history_answers
from bot.answer.common import choice
from bot.answer.exitpoll import exit_poll_answer
from bot.answer.models import Answer, Choice
from bot.answer.result import result_answer
from bot.areas import Area, Areas
from bot.kb.calendar import NOTIONAL_2019
from bot.kb.knowledge import KnowledgeBase, Ranking, national_facts
from bot.measures import RANKED
from bot.models import Contest, Person
from bot.places import UK, holds
from bot.text import fold, fold_place, quote
from bot.understand import ask_projection, byelections
from bot.understand.elections import find_elections
from bot.understand.entities import FUZZY, QUESTION_WORDS, SURNAME, EntityFinder, Found
from bot.understand.followups import FollowUps, reply_as_question, which_constituency
from bot.understand.names import Match
from bot.understand.people import People
from bot.understand.precedents import STRONG_PRECEDENT, WEAK_PRECEDENT, PrecedentMatcher
from bot.understand.query import Query
from bot.understand.rules import HISTORY, read_query, seat_slot
from bot.understand.seats import Seats
from bot.understand.shortnames import expansions, read_short
from bot.understand.years import read_years, year_or_number

MAX_QUESTION = 300  # characters read of a question; no real one is longer
_ABOUT = re.compile(
    r"\b(who is|who s|whos|who was|tell me about|about|biography|profile|record|candidate)\b"
)
_LOST = re.compile(r"\b(lose|lost|defeated|beaten|unseated|ousted)\b")
# Words that ask something even when they are also someone's surname ('how close was it').
_ASKING_WORDS = frozenset({"close", "race", "swing", "share", "vote", "gain", "gap", "tight"})
# questions about a count as a whole ('latest result'): no word in them names a seat
COUNTING = frozenset({"latest_declared", "majority_race", "ahead"})
SEAT_WHATS = frozenset(
    {"result", "winner", "majority", "turnout", "electorate", "candidates_list", "position"}
    | {"swing_needed", "party_won", "party_result", "rank_of"}
    | HISTORY
)


@dataclass(frozen=True)
class Subject:
    """A resolved seat: its key, its contest at the election asked about, and a lead to show."""

    key: str
    contest: Contest
    lead: str | None


_DECLARED = re.compile(r"\bdeclar")
_EVER = re.compile(r"\b(ever|in history|before)\b")
_ONE_ELECTION_LISTS = frozenset({"defeated", "ministers_defeated"})


class Understanding:
    """Answers free-text questions for one knowledge-base snapshot."""

    def __init__(self, kb: KnowledgeBase, seats: Seats):
        self.kb = kb
        self.seats = seats
        self.finder = EntityFinder(kb, seats)
        self.precedents = PrecedentMatcher(kb.precedents)
        self.areas = Areas(kb)
        self.known = [e.id for e in kb.real_elections()]
        self._all_time: dict[str, Ranking] = {}
        self._notional: dict = {}
        self.people = People(kb, self.finder.person_forms, seats.default_election)
        self.followups = FollowUps()

    def for_view(self, kb: KnowledgeBase, seats: Seats) -> Understanding:
        """This understanding over a view of its base with the same seats, names and people
        (`bot.live.view`): the name indexes are shared; what depends on results starts afresh."""
        finder = copy.copy(self.finder)
        finder.kb, finder.seats = kb, seats
        derived = copy.copy(self)
        derived.kb, derived.seats, derived.finder = kb, seats, finder
        derived.areas = Areas(kb)
        derived._all_time, derived._notional = {}, {}
        return derived

    # Entry -------------------------------------------------------------------------------

    def answer(self, text: str, asker: str | None = None) -> Answer:
        """`asker` (a channel and user) lets a reply to 'which constituency?' be read as one."""
        text = (text or "").strip()[:MAX_QUESTION]
        if not text:
            return self._help()
        if self.followups.take(asker):
            asked = reply_as_question(text)
            if self._names_seat(asked):
                text = asked
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
        spoken = read_years(text, self.known, context)  # 'in 83', "'92", 'the election before'
        if spoken.unsure:
            return year_or_number(text, spoken.unsure)
        text = spoken.text
        elections = find_elections(text, self.known)
        if elections.said:
            self.followups.said(asker, elections.one)
        entities = self.finder.find(elections.rest)
        query = read_query(entities, elections)
        keyword_hits = [] if about_the_count else self.precedents.by_keyword(folded)
        if query.what in byelections.WHATS:
            return byelections.answer(self.kb, query, text)
        if query.what == "outside":
            return coverage.outside(self.kb)
        if query.what in ACROSS_ELECTIONS:  # issue 21: they read their own years, known or not
            return ACROSS_ELECTIONS[query.what](self, query, text)
        if query.what == "my_mp":
            self.followups.expect(asker)
            return which_constituency()
        ever = keyword_hits and _EVER.search(folded) and not elections.ids
        if ever and query.what in _ONE_ELECTION_LISTS:
            # 'has an ex-PM ever lost their seat': across every election, not one election's list
            return coverage.precedent(self.kb, keyword_hits[0])
        if elections.unknown:
            if keyword_hits:
                return coverage.precedent(self.kb, keyword_hits[0])
            return coverage.unknown_election(self.kb, elections.unknown, f"!ask {text}")
        settled = self.settle(query, text)
        if isinstance(settled, Answer):
            return settled
        query = settled
        query.notes[:0] = spoken.notes
        # 'who won hendon' with no Hendon loaded; 'when did labour last win clacton' without
        # Clacton is not a question about Labour's national total
        slot = seat_slot(entities) if query.scope == "area" and query.what not in COUNTING else None
        if slot and not (query.what == "unknown" or slot[1] or not query.place):
            slot = None  # 'result in little whinging' asks of a seat, not of the UK
        compass = slot and set(slot[0].split()) <= {"the", "north", "south", "east", "west"}
        if not compass and (
            query.what == "unknown" or slot or (query.scope == "area" and query.what in SEAT_WHATS)
        ):
            query = self._with_fuzzy_name(query)
        if slot and query.scope == "area":
            if query.what == "unknown" and keyword_hits:
                return coverage.precedent(self.kb, keyword_hits[0])
            nearest = [] if compass else self._nearest_seats(slot[0], query)
            return coverage.seat_missing(self.kb, slot[0], nearest, area=bool(query.parties))
        lone_surname = all(p.how == SURNAME for p in entities.people)
        if (entities.people or entities.places) and lone_surname and not _ABOUT.search(folded):
            query = self._surname_as_seat(query)  # 'who won bishop auckand': a slip, not Bishop
        if query.what == "bio" and lone_surname and not _ABOUT.search(folded):
            unknown = self._unknown_seat_with_surname(query) if query.what == "bio" else None
            if unknown:  # 'who won in royston vasey': a seat we don't have, not Mr Vasey
                return coverage.seat_missing(self.kb, unknown, self._nearest_seats(unknown, query))
        if query.what == "bio" and lone_surname and not _ABOUT.search(folded):
            query.what = "unknown"  # 'the capital of France': a lone surname asks nothing
        if query.what == "unknown" or (query.what == "bio" and not self._known_person(query)):
            if keyword_hits:
                return coverage.precedent(self.kb, keyword_hits[0])
            if precedent is not None and score >= WEAK_PRECEDENT:
                return coverage.precedent(self.kb, precedent)
            if query.what == "unknown":
                return coverage.not_understood(text)
        return self.dispatch(query, text)

    def _help(self) -> Answer:
        return Answer(
            kind="help",
            title="Ask me about a UK general election result",
            lines=(f"I know {coverage.coverage(self.kb)}.",),
            items=coverage.EXAMPLES,
        )

    def settle(self, query: Query, text: str) -> Query | Answer:
        """A seat or party that is also an MP's surname: take the likelier, or ask when both fit.

        'Eccles majority' is the MP, since no seat of that name was fought at the election asked
        about; 'Stafford majority' could be the seat or its namesake MP, so it asks.
        """
        target = query.election or self.seats.default_election
        entities = query.entities
        notes = []
        self._speaker_as_office(entities)
        for office in entities.offices:
            holder = self.people.office_holder(office, target)
            if isinstance(holder, Answer):
                return holder
            entities.people.append(holder[0])
            entities.people.sort(key=lambda f: f.start)
            notes.append(holder[1])
        if entities.offices:
            entities.offices = []
            query = read_query(entities, query.elections)
            query.notes = notes
        national = self.kb.national.get(target or "")
        for i, code in enumerate(entities.parties):  # 'Alliance' in 1983 is the SDP-Liberal one
            options = entities.party_options.get(code, ())
            if national and options and national.party(code) is None:
                stood = [c for c in options if national.party(c) is not None]
                entities.parties[i] = stood[0] if stood else code
        moved = False
        for found in list(entities.seats):
            people = found.alt.items if found.alt else ()
            if not people or query.what in HISTORY:
                continue
            if not any(self.seats.fought(k, target) for k in found.items):
                if any(self.people.prominence(p, target) >= 1 for p in people):
                    entities.seats.remove(found)
                    entities.people.append(found.alt)
                    moved = True
            elif self._asks_person(query, found):
                mps = [p for p in people if self.people.prominence(p, target) >= 2]
                if mps:
                    seat = self.seats.display[found.items[0]]
                    return self._readings(
                        query, found, mps, (f"{seat} (the constituency)", f"!result {seat}")
                    )
        for found in entities.party_alts:
            winners = [p for p in found.alt.items if self.people.prominence(p, target) >= 2]
            # A capital opening a sentence proves little: 'Green votes' is the party.
            wanted = {"person_majority"} if found.start == 0 else None
            if winners and self._asks_person(query, found, wanted):
                party = self.kb.party(found.items[0])
                question = self._replaced(query, found, fmt.the(party.name))
                return self._readings(
                    query, found, winners, (fmt.capital(fmt.the(party.name)), f"!ask {question}")
                )
        if moved:
            entities.people.sort(key=lambda f: f.start)
            return read_query(entities, query.elections)
        return query

    def _speaker_as_office(self, entities) -> None:
        """'speakers majority 2019': the Speaker's own result, not the 'Speaker' party's total
        (a party of one seat has no majority, votes or share worth asking of it as a party)."""
        office = next((o.title for o in self.kb.offices if o.title.startswith("Speaker")), None)
        words = " ".join(entities.words)
        if (
            office
            and entities.parties == ["Spk"]
            and not entities.people
            and re.search(r"\bmajorit|\bvotes\b|\bshare\b|\bmargin\b|\bresults?\b", words)
        ):
            entities.parties = []
            entities.offices.append(Found("office", (office,), 0, 0))

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
        what = read_query(entities, query.elections).what
        return what in wanted if wanted else what not in {"bio", "unknown"}

    @staticmethod
    def _replaced(query: Query, found: Found, name: str) -> str:
        """The question again with `name` where `found` was (for choice buttons), years kept.

        Built from the words the finder read, so the position always lines up.
        """
        words = query.entities.words
        said = " ".join(query.elections.ids) if query.elections.said else ""
        return " ".join([*words[: found.start], name, *words[found.end :], said]).strip()

    def _readings(
        self, query: Query, found: Found, people: list[str], other: tuple[str, str]
    ) -> Answer:
        """Ask which reading was meant: the seat or party, or each MP of that name."""
        choices = [Choice(*other)]
        for pid in people[:4]:
            person = self.kb.people[pid]
            contest, candidacy = self.kb.careers[pid][-1]
            label = f"{person.name} ({candidacy.party_name}, {contest.name} {contest.election})"
            choices.append(Choice(label, f"!ask {self._replaced(query, found, person.name)}"))
        return choice("Which did you mean?", "That could mean", choices)

    def _with_fuzzy_name(self, query: Query) -> Query:
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
        (entities.seats if kind == "seat" else entities.people).append(found)
        return read_query(entities, query.elections)

    def _surname_as_seat(self, query: Query) -> Query:
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
        entities.people, entities.places = [], []
        entities.seats.append(Found("seat", match.items, 0, 0, FUZZY))
        entities.leftover = phrase
        return read_query(entities, query.elections)

    @staticmethod
    def _unknown_seat_with_surname(query: Query) -> str | None:
        """The seat a seat-shaped question names, when its words are unknown but for a surname."""
        entities = query.entities
        if len(entities.people) != 1 or not entities.leftover:
            return None
        person = entities.people[0]
        said = entities.words[person.start : person.end]
        loose = replace(entities, people=[], leftover=" ".join([*said, entities.leftover]))
        slot = seat_slot(loose)
        return slot[0] if slot else None

    def _names_seat(self, question: str) -> bool:
        """Does the question name one seat (exactly, or by a name we can take)?"""
        entities = self.finder.find(question)
        if entities.seats:
            return True
        found = self.seats.resolve(entities.leftover, None, suggest=False)
        return bool(entities.leftover) and found.status == "found"

    def _nearest_seats(self, name: str, query: Query) -> list[str]:
        """Up to three seats whose names are nearest to one we could not match."""
        target = query.election or self.seats.default_election
        index = self.seats.at(target) if target else self.seats.index
        folded = next(iter(expansions(fold_place(name))), fold_place(name))  # 'lancs'
        inside = sorted(index.containing(folded), key=index.display.get)[:3]
        if inside:  # 'lancs': West Lancashire
            return [index.display[k] for k in inside]
        scored = index.scored(folded, 3, cutoff=50) or self.seats.index.scored(folded, 3, cutoff=50)
        return [index.display.get(k) or self.seats.display[k] for k, _ in scored]

    def _known_person(self, query: Query) -> bool:
        """Someone we can say something about: a record in the results or a curated biography."""
        return bool(
            query.person
            and any(self.kb.careers.get(p) or self.kb.people[p].bio for p in query.person.items)
        )

    # Dispatch ----------------------------------------------------------------------------

    def dispatch(self, query: Query, text: str) -> Answer:
        """The answer table: (scope, what) -> answerer; comparisons have their own rows."""
        if query.what in {"election_ranking"}:
            return records.election_ranking(self.kb, query.direction, query.largest)
        if query.what == "ranking" and query.ever:
            return records.all_time_ranking(
                self.kb,
                self.all_time(query.direction),
                query.direction,
                query.largest,
                max(query.n, 1),
            )
        how = "compare" if query.how.startswith("compare") else "one"
        answerer = ANSWERS.get((query.scope, how, query.what)) or ANSWERS.get(
            (query.scope, "one", query.what)
        )
        if answerer is None and query.scope == "area":
            answerer = ANSWERS[("area", "one", "summary")]
        if answerer is None:
            return coverage.not_understood(text)
        answer = answerer(self, query, text)
        for typed, meant in query.entities.corrections:
            query.notes.append(f"Taking '{quote(typed, 30)}' to mean {meant}.")
        if query.place is not None and query.place.kind == "named":
            query.notes.append(
                f"The {query.place.name} seats are those with '{query.place.name}' in their name: the "
                "Library's files do not record counties or local authorities."
            )
        if query.notes and not answer.is_error:
            answer = replace(answer, notes=(*query.notes, *answer.notes))
        return answer

    # Areas -------------------------------------------------------------------------------

    def area(self, query: Query, election: str | None = None) -> Area | Answer:
        """The place asked about at the election asked about, or why it cannot be answered."""
        election = election or query.election or self.seats.default_election
        if election not in self.kb.national:
            return coverage.unknown_election(self.kb, election or "that year")
        found = self.areas.get(election, query.place)
        if found is None and election in self.kb.progress:
            return live.none_declared(self.kb, query.place or UK, election)
        if found is None:
            return coverage.place_missing(self.kb, (query.place or UK).name, election)
        return found

    def compared(self, query: Query) -> list[str]:
        """The elections of a comparison, oldest first: those named, else the last two."""
        ids = list(query.elections.ids)
        if len(ids) == 1 and query.elections.since and ids[0] != self.known[-1]:
            ids.append(self.known[-1])  # 'compared to 2019', 'since 2019': then and now
        if len(ids) < 2:
            latest = ids[0] if ids else self.known[-1]
            position = self.known.index(latest)
            ids = [self.known[position - 1], latest] if position else [latest]
        return sorted(dict.fromkeys(ids), key=self.known.index)

    def notional_area(self, query: Query) -> Area | None:
        """The notional 2019 result on the 2024 boundaries inside the place, if loaded."""
        place = query.place or UK
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
        """One measure ranked across every contest of every election (built once per snapshot)."""
        if measure not in self._all_time:
            value_of = RANKED[measure]
            pairs = sorted(
                (
                    (v, f)
                    for n in self.kb.national.values()
                    for f in n.contests
                    if (v := value_of(f)) is not None
                ),
                key=lambda pair: (pair[0], pair[1].contest.election, pair[1].contest.name),
            )
            self._all_time[measure] = Ranking(
                measure, tuple(f for _, f in pairs), tuple(v for v, _ in pairs)
            )
        return self._all_time[measure]

    # Seats -------------------------------------------------------------------------------

    def subject(self, query: Query, text: str, election: str | None = None) -> Subject | Answer:
        """The seat asked about, at the election asked about; or a choice, or why not."""
        found = query.seat
        election = election or query.election
        if found.how == FUZZY:
            match = Match(
                "found" if len(found.items) == 1 else "ambiguous", found.items, exact=False
            )
        else:
            phrase = " ".join(query.entities.words[found.start : found.end])
            match = self.seats.resolve(phrase, election, old_welcome=query.what in HISTORY)
        if match.status == "ambiguous":
            retry = None if found.how == FUZZY else self._replaced(query, found, "{}")
            return self.seats.choices(match, "result", election, ask=retry)
        if match.status == "none":
            return self.seats.not_found(" ".join(query.entities.words), match)
        contest, lead = self.seats.contest_for(match.item, election)
        if contest is None:
            return self.seats.not_found(self.seats.display.get(match.item, "?"), Match("none"))
        typed = " ".join(query.entities.words[found.start : found.end]) or query.entities.leftover
        closest = (
            f"(Taking '{quote(typed)}' to mean {contest.name}.)"
            if found.how == FUZZY
            else self.seats.closest_lead(match, contest, typed)
        )
        if closest:
            lead = f"{closest} {lead}" if lead else closest
        return Subject(match.item, contest, lead)

    # People ------------------------------------------------------------------------------

    def candidate(self, name: str) -> Answer:
        """!candidate NAME [SEAT] [YEAR]."""
        elections = find_elections(name, self.known)
        if elections.unknown:
            return coverage.unknown_election(self.kb, elections.unknown)
        rest = elections.rest
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
            entities.people.append(Found("person", match.items, 0, 0, FUZZY))
        query = Query(what="bio", entities=entities, elections=elections)
        return answer_person(self, query, name)


# The answer table -----------------------------------------------------------------------

Answerer = Callable[[Understanding, Query, str], Answer]


def _area(answer: Callable[[Understanding, Query, Area], Answer]) -> Answerer:
    def run(u: Understanding, query: Query, text: str) -> Answer:
        found = u.area(query)
        return found if isinstance(found, Answer) else answer(u, query, found)

    return run


def _party_or_summary(
    answer: Callable[[KnowledgeBase, Area, str], Answer],
) -> Callable[[Understanding, Query, Area], Answer]:
    def run(u: Understanding, q: Query, a: Area) -> Answer:
        versus = re.search(
            r"^(did|were|was|has|have|is|are)\b.*\b(more|fewer|less|bigger|larger|higher|smaller|lower)\b",
            q.text,
        )
        if len(q.parties) > 1 and versus:
            asked = "more" if versus.group(2) in {"more", "bigger", "larger", "higher"} else "fewer"
            first, second = q.parties[:2]
            return area_answers.party_versus(u.kb, a, first, second, q.what, asked)
        if len(q.parties) > 1:
            return area_answers.several_parties(u.kb, a, q.parties, answer)
        return answer(u.kb, a, q.party) if q.party else area_answers.summary(u.kb, a)

    return run


def _ranking(u: Understanding, q: Query, a: Area) -> Answer:
    """Seats ranked; a party's own share or votes when the measure is about votes and a party is named."""
    if q.direction == "swing" and len(q.parties) >= 2:  # 'largest swing from the snp to labour'
        first, second = q.parties[:2]
        if re.search(r"\bto\b.*\bfrom\b", q.text) and not re.search(r"\bfrom\b.*\bto\b", q.text):
            first, second = second, first  # 'swing to labour from the snp'
        return swings.ranked_swings(u.kb, a, first, second, q.largest)
    if q.party and q.direction in {"winning_share", "winner_votes"}:
        votes = q.direction == "winner_votes"
        return area_answers.party_best(u.kb, a, q.party, q.largest, q.n, votes)
    return area_answers.ranking(u.kb, a, q.direction, q.largest, q.n, q.party)


def _swing_needed(u: Understanding, q: Query, s: Subject) -> Answer:
    """The runner-up's swing needed; a named party's, before the election when asked in the past
    tense ('how big a swing did the lib dems need in X in 2024': from the baseline)."""
    if not q.party:
        return seat_answers.swing_needed(u.kb, _facts(u, s), s.lead)
    before = re.search(r"\b(did|needed|would have needed|had to)\b", q.text) is not None
    return swings.needed(u.kb, _facts(u, s), q.party, before, s.lead)


def _threshold(u: Understanding, q: Query, a: Area) -> Answer:
    measure, below, limit = q.threshold
    return area_answers.threshold(u.kb, a, q.party, measure, below, limit)


def _declared(u: Understanding, query: Query, area: Area) -> Answer:
    left = re.search(r"\b(left|still|remaining|to come|to declare)\b", query.text) is not None
    return coverage.declared(u.kb, area, left)


def _area_swing(u: Understanding, query: Query, area: Area) -> Answer:
    if counting.declared_in_election(
        u.kb, area
    ):  # issue 19: the declared seats against the same seats before
        return counting.swing_so_far(u.kb, area, query.parties)
    order = u.known
    position = order.index(area.election.id)
    previous = u.areas.get(order[position - 1], area.place) if position else None
    return area_answers.area_swing(u.kb, area, previous, query.parties)


def _area_compare(u: Understanding, query: Query, text: str) -> Answer:
    areas = []
    for election in u.compared(query):
        found = u.area(query, election)
        if isinstance(found, Answer):
            return found
        areas.append(found)
    if len(areas) < 2:
        return ANSWERS[("area", "one", query.what)](u, query, text)
    what = query.what
    if query.party and what in {"seats", "votes", "share", "summary"}:
        notional = None
        if what in {"seats", "summary"} and [a.election.id for a in areas][-2:] == ["2019", "2024"]:
            notional = u.notional_area(query)
        asked = query.direction if query.how == "compare_yesno" else ""
        return compare.party_over_time(
            u.kb, areas, query.party, what, asked, notional, _subject_first(u, query)
        )
    return compare.area_over_time(u.kb, areas, "turnout" if what == "turnout" else "seats")


_MAP_WORDS = frozenset(
    [
        "map",
        "maps",
        "hexmap",
        "hexmaps",
        "hex",
        "draw",
        "show",
        "me",
        "please",
        "colour",
        "color",
        "coloured",
        "colored",
    ]
)


def _map(u: Understanding, query: Query, text: str) -> Answer:
    """A map of an area; a word left unread may name the seats of a town ('map of birmingham')
    or one seat; else the map says what it did not read, rather than pass over it."""
    unread = [w for w in query.entities.leftover.split() if w not in _MAP_WORDS]
    note = None
    if unread and query.place is None:
        phrase = " ".join(unread)
        named = u.finder.named_places.get(phrase)
        election = query.election or u.seats.default_election
        if named is not None:
            query.place = named
        elif (match := u.seats.resolve(phrase, election, suggest=False)).status == "found":
            contest, lead = u.seats.contest_for(match.item, election)
            if contest is not None:
                return map_answers.seat_map(u.kb, contest, lead)
        else:
            note = f"I didn't recognise '{quote(phrase, 40)}' as a place, party or seat: this is the whole map."
    found = u.area(query)
    if isinstance(found, Answer):
        return found
    answer = map_answers.area_map(u.kb, found, query.direction, query.party)
    return replace(answer, notes=(note, *answer.notes)) if note and not answer.is_error else answer


def _subject_first(u: Understanding, query: Query) -> bool:
    """'More in 2019 than 2024': is the election asked about the earlier one?"""
    ids = query.elections.ids
    return len(ids) > 1 and u.known.index(ids[0]) < u.known.index(ids[1])


def _seat(answer: Callable[[Understanding, Query, Subject], Answer]) -> Answerer:
    def run(u: Understanding, query: Query, text: str) -> Answer:
        found = u.subject(query, text)
        if isinstance(found, Answer):
            return found
        # issue 12: a seat still to declare tells nothing of its result (only 'has X declared?')
        if not u.kb.is_declared(found.contest) and query.what not in {"declared", "map"}:
            return live.undeclared(u.kb, found.contest, found.lead)
        return answer(u, query, found)

    return run


def _facts(u: Understanding, s: Subject):
    return u.kb.facts_for(s.contest)


def _seat_compare(u: Understanding, query: Query, text: str) -> Answer:
    rows, missing, name = [], [], None
    for election in u.compared(query):
        found = u.subject(query, text, election)
        if isinstance(found, Answer):
            return found
        if found.contest.election != election or not u.kb.is_declared(found.contest):
            missing.append(election)
            continue
        name = name or found.contest.name
        rows.append(u.kb.facts_for(found.contest))
    if not rows:
        return coverage.not_understood(text)
    return compare.seat_over_time(u.kb, rows[-1].contest.name, rows, missing, query.what)


def _history(u: Understanding, query: Query, s: Subject) -> Answer:
    facts = _facts(u, s)
    party = query.party
    if query.what == "history":
        return history_answers.history_table(u.kb, facts)
    if query.what == "held_before":
        return history_answers.held_before(u.kb, facts)
    if query.what == "held_since":
        return history_answers.held_since(u.kb, facts, party)
    if query.what == "first_won":
        return history_answers.first_won(u.kb, facts, party)
    return history_answers.last_won(u.kb, facts, party)


def _rank_of(u: Understanding, query: Query, s: Subject) -> Answer:
    measure = query.direction if query.direction in RANKED else "majority_pct"
    return seat_answers.rank_of(u.kb, _facts(u, s), measure, query.largest, query.party)


MP_RECORD = frozenset({"new_mp", "mp_before", "mp_since", "replaced", "successor", "times_stood"})


def _ministers_defeated(u: Understanding, query: Query, text: str) -> Answer:
    election = query.election or u.seats.default_election
    if election not in u.kb.national:
        return coverage.unknown_election(u.kb, election or "that year")
    year = u.kb.elections[election].year
    contests = u.kb.national[election].contests
    if contests and all(f.contest.party_level for f in contests):
        return person_answers.no_names(
            u.kb, election, [p for p in u.kb.precedents if p.year == year]
        )
    context = [
        p
        for p in u.precedents.by_keyword(fold(text))
        if p.year == year and "minister" in p.title.lower()
    ]
    return person_answers.ministers_defeated(u.kb, election, context)


def answer_person(u: Understanding, query: Query, text: str) -> Answer:
    """Everything asked about one person."""
    resolved = u.people.resolve(query.person, query)
    if isinstance(resolved, Answer):
        return resolved
    person, others = resolved
    answer = live.with_standing(u.kb, person.id, _person_answer(u, query, person, text))
    if others and not answer.is_error:
        names = fmt.join_names([o.name for o in others[:4]])
        more = f" and {len(others) - 4} more" if len(others) > 4 else ""
        note = f"Taking the name to mean {person.name}; it could also mean {names}{more} (ask with the full name)."
        answer = replace(answer, notes=(note, *answer.notes))
    return answer


def _person_answer(u: Understanding, query: Query, person: Person, text: str) -> Answer:
    kb = u.kb
    if query.what == "bio" or not kb.careers.get(person.id):
        return person_answers.person(kb, person, u.precedents.about(person.id), query.election)
    if query.how.startswith("compare") and query.what in {"person_votes", "person_share"}:
        rows, missing = [], []
        for election in u.compared(query):
            found = u.people.candidacy(person, query, election)
            (rows.append(found) if found else missing.append(election))
        if rows:
            asked = query.direction if query.how == "compare_yesno" else ""
            return compare.person_over_time(
                kb, person, rows, missing, query.what, asked, _subject_first(u, query)
            )
    found = u.people.candidacy(person, query, query.election)
    if query.what in MP_RECORD and query.election is None:
        return person_answers.mp_record(kb, person, query.what)
    if found is None:
        stood = fmt.join_names(sorted({c.election for c, _ in kb.careers[person.id]}))
        return Answer(
            kind="not_found",
            title=person.name,
            lines=(
                f"{person.name} did not stand in {query.election}; the results I have show them standing in {stood}.",
            ),
        )
    if query.what in MP_RECORD:
        return person_answers.mp_record(kb, person, query.what)
    contest, candidacy = found
    if query.what == "gap" and len(query.entities.people) > 1:
        other = u.people.resolve(query.entities.people[1], query)
        if isinstance(other, Answer):
            return other
        rival = next((c for c in contest.candidacies if c.person_id == other[0].id), None)
        if rival is None:
            return Answer(
                kind="not_found",
                title="Not in the same contest",
                lines=(f"{other[0].name} did not stand in {contest.name} in {contest.election}.",),
            )
        return person_answers.gap(kb, contest, candidacy, rival)
    if query.what == "person_beat":
        return person_answers.beat(kb, person, contest, candidacy)
    if query.what == "person_result":  # 'sunak result': the contest they stood in
        return result_answer(kb, kb.facts_for(contest), None)
    if query.what == "person_candidates":  # 'who stood against truss'
        return seat_answers.candidates(kb, kb.facts_for(contest), None)
    if query.what == "held_or_lost":
        asked_lost = _LOST.search(query.text) is not None
        return person_answers.held_or_lost(kb, person, contest, candidacy, asked_lost)
    stat = {
        "person_votes": "votes",
        "person_share": "share",
        "person_party": "party",
        "person_position": "position",
        "person_majority": "majority",
    }.get(query.what, "majority")
    return person_answers.person_stat(kb, person, contest, candidacy, stat)


ANSWERS: dict[tuple[str, str, str], Answerer] = {
    # An area: the UK, a nation, a region
    ("area", "one", "summary"): _area(_party_or_summary(area_answers.party_seats)),
    ("area", "one", "seats"): _area(_party_or_summary(area_answers.party_seats)),
    ("area", "one", "votes"): _area(_party_or_summary(area_answers.party_votes)),
    ("area", "one", "share"): _area(_party_or_summary(area_answers.party_votes)),
    ("area", "one", "turnout"): _area(lambda u, q, a: area_answers.area_turnout(u.kb, a)),
    ("area", "one", "swing"): _area(_area_swing),
    ("area", "one", "seats_list"): _area(lambda u, q, a: area_answers.seats_won(u.kb, a, q.party)),
    ("area", "one", "changed"): _area(
        lambda u, q, a: area_answers.changed_hands(u.kb, a, q.parties, q.direction)
    ),
    ("area", "one", "defeated"): _area(lambda u, q, a: area_answers.defeated(u.kb, a, q.party)),
    ("area", "one", "ministers_defeated"): _ministers_defeated,
    ("area", "one", "women"): _area(
        lambda u, q, a: area_answers.gender(u.kb, a, q.direction, q.party)
    ),
    ("area", "one", "candidates"): _area(
        lambda u, q, a: area_answers.candidate_count(u.kb, a, q.party)
    ),
    ("area", "one", "contested"): _area(lambda u, q, a: area_answers.contested(u.kb, a, q.party)),
    ("area", "one", "declared"): _area(_declared),
    ("area", "one", "latest_declared"): _area(
        lambda u, q, a: counting.latest(
            u.kb, a, re.search(r"\b(first|earliest)\b", q.text) is not None
        )
    ),
    ("area", "one", "majority_race"): _area(
        lambda u, q, a: counting.majority_race(u.kb, a, q.party)
    ),
    ("area", "one", "ahead"): _area(  # a finished election: its result
        lambda u, q, a: (
            counting.ahead(u.kb, a)
            if counting.declared_in_election(u.kb, a)
            else area_answers.summary(u.kb, a)
        )
    ),
    ("area", "one", "ranking"): _area(_ranking),
    ("area", "one", "threshold"): _area(_threshold),
    ("area", "one", "seats_second"): _area(
        lambda u, q, a: area_answers.placed_second(u.kb, a, q.party)
    ),
    ("area", "one", "map"): lambda u, q, text: _map(u, q, text),
    ("area", "compare", "summary"): _area_compare,
    ("area", "compare", "seats"): _area_compare,
    ("area", "compare", "votes"): _area_compare,
    ("area", "compare", "share"): _area_compare,
    ("area", "compare", "turnout"): _area_compare,
    # A seat
    ("seat", "one", "result"): _seat(lambda u, q, s: result_answer(u.kb, _facts(u, s), s.lead)),
    ("seat", "one", "winner"): _seat(
        lambda u, q, s: byelections.winner_now(u.kb, _facts(u, s), q.election, q.text, s.lead)
    ),
    ("seat", "one", "majority"): _seat(
        lambda u, q, s: seat_answers.majority(u.kb, _facts(u, s), s.lead)
    ),
    ("seat", "one", "turnout"): _seat(
        lambda u, q, s: seat_answers.turnout(u.kb, _facts(u, s), s.lead)
    ),
    ("seat", "one", "electorate"): _seat(
        lambda u, q, s: seat_answers.turnout(u.kb, _facts(u, s), s.lead)
    ),
    ("seat", "one", "candidates_list"): _seat(
        lambda u, q, s: seat_answers.candidates(u.kb, _facts(u, s), s.lead)
    ),
    ("seat", "one", "position"): _seat(
        lambda u, q, s: seat_answers.position(u.kb, _facts(u, s), q.position or 2, s.lead)
    ),
    ("seat", "one", "swing"): _seat(
        lambda u, q, s: seat_answers.swing(u.kb, _facts(u, s), q.parties, s.lead)
    ),
    ("seat", "one", "swing_needed"): _seat(_swing_needed),
    ("seat", "one", "party_result"): _seat(
        lambda u, q, s: seat_answers.party_in_seat(u.kb, _facts(u, s), q.party, s.lead)
    ),
    ("seat", "one", "party_won"): _seat(
        lambda u, q, s: seat_answers.party_won_seat(u.kb, _facts(u, s), q.party, s.lead)
    ),
    ("seat", "one", "rank_of"): _seat(_rank_of),
    ("seat", "one", "map"): _seat(lambda u, q, s: map_answers.seat_map(u.kb, s.contest, s.lead)),
    ("seat", "one", "declared"): _seat(
        lambda u, q, s: coverage.seat_declared(u.kb, s.contest, s.lead)
    ),
    **{("seat", "one", what): _seat(_history) for what in HISTORY},
    ("seat", "compare", "winner"): _seat_compare,
    ("seat", "compare", "result"): _seat_compare,
    ("seat", "compare", "majority"): _seat_compare,
    ("seat", "compare", "turnout"): _seat_compare,
    # issue 21: projections (targets, what-ifs, what it would take, the swingometer)
    **{
        (scope, "one", what): ask_projection.answer
        for scope in ("area", "person")
        for what in ask_projection.WHATS
    },
    # A person
    **{
        ("person", "one", what): answer_person
        for what in (
            "bio",
            "gap",
            "person_party",
            "person_votes",
            "person_share",
            "person_majority",
            "person_position",
            "held_or_lost",
            "person_beat",
            "person_result",
            "person_candidates",
            *MP_RECORD,
        )
    },
}


# issue 21: seats across elections ---------------------------------------------------------

_SHOW = re.compile(r"\btop (\d{1,2})\b|\b(\d{1,2}) (?:longest|safest|most|seats|bellwethers?)\b")


def _across(query: Query) -> dict:
    """The span asked about ('since 1979', 'in 2019'), the place, and how many to show."""
    found = query.elections
    since = found.ids[0] if found.since and found.ids else None
    shown = _SHOW.search(query.text)
    return {
        "since": since,
        "upto": found.ids[-1] if found.ids else None,
        "place": query.place,
        "n": int(shown.group(1) or shown.group(2)) if shown else 1,
        "unknown": found.unknown,
    }


ACROSS_ELECTIONS: dict[str, Answerer] = {
    "bellwether": lambda u, q, text: across.bellwether(u.kb, **_across(q)),
    "strongholds": lambda u, q, text: across.strongholds(u.kb, q.party, **_across(q)),
    "exit_poll": lambda u, q, text: exit_poll_answer(u.kb, q.election),
}
