"""Free-text questions: find the names, read the intent, answer from computed facts."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from bot.answer import format as fmt
from bot.answer import history as history_answers
from bot.answer import questions as answers
from bot.answer.models import Answer, Choice
from bot.answer.result import result_answer
from bot.kb.calendar import parse_election
from bot.kb.knowledge import RANKED_MEASURES, Ranking
from bot.kb.models import Candidacy, Contest, Person, Precedent
from bot.text import fold
from bot.understand.entities import EntityFinder, Found
from bot.understand.intents import HISTORY_INTENTS, Query, classify
from bot.understand.names import Match

if TYPE_CHECKING:
    from bot.engine import Engine

_YEAR = re.compile(
    r"\b((?:feb(?:ruary)?|oct(?:ober)?)\s+1974|1974\s*[fo]\b|(?:18|19|20|21)\d\d)\b", re.I
)
_LAST = re.compile(r"\b(last|latest|most recent|recent|current)\s+(general\s+)?election\b", re.I)
_PREVIOUS = re.compile(r"\b(previous|one before|penultimate)\s+(general\s+)?election\b", re.I)

STRONG_PRECEDENT = 82.0
WEAK_PRECEDENT = 72.0  # enough when nothing else in the question was understood
_FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "is",
        "was",
        "were",
        "are",
        "be",
        "been",
        "what",
        "who",
        "whom",
        "whose",
        "which",
        "when",
        "where",
        "why",
        "how",
        "did",
        "do",
        "does",
        "has",
        "have",
        "had",
        "to",
        "of",
        "in",
        "on",
        "at",
        "for",
        "by",
        "it",
        "its",
        "this",
        "that",
        "there",
        "their",
        "they",
        "he",
        "she",
        "his",
        "her",
        "i",
        "you",
        "me",
        "my",
        "can",
        "could",
        "would",
    ]
)


def _content(folded: str) -> str:
    return " ".join(w for w in folded.split() if w not in _FUNCTION_WORDS)


MAX_QUESTION = 300  # characters read of a question; no real one is longer
_ABOUT = re.compile(
    r"\b(who is|who s|whos|who was|tell me about|about|biography|profile|record|candidate)\b"
)


class PrecedentMatcher:
    """Curated facts matched by meaning: their questions (fuzzy) and keywords (whole words)."""

    def __init__(self, precedents: tuple[Precedent, ...]):
        self.questions: list[str] = []
        self.owners: list[Precedent] = []
        self.keywords: list[tuple[str, Precedent]] = []
        for item in precedents:
            for question in (item.title, *item.questions):
                self.questions.append(_content(fold(question)))
                self.owners.append(item)
            for keyword in item.keywords:
                if not fold(keyword).isdigit():  # a bare year is no evidence of meaning
                    self.keywords.append((f" {fold(keyword)} ", item))

    def best(self, folded: str) -> tuple[Precedent | None, float, float]:
        """The closest curated question on content words ('what is the' counts for nothing).

        Returns the precedent, its whole-question score (word order aside), and the best score
        that also lets the question's words sit inside a longer curated one.
        """
        folded = _content(folded)
        if not self.questions or not folded:
            return None, 0.0, 0.0
        whole = process.extractOne(folded, self.questions, scorer=fuzz.token_sort_ratio)
        item, whole_score = (self.owners[whole[2]], whole[1]) if whole else (None, 0.0)
        best_score = whole_score
        if len(folded.split()) >= 2:  # a lone word inside a curated question proves little
            part = process.extractOne(folded, self.questions, scorer=fuzz.token_set_ratio)
            if part and part[1] * 0.9 > best_score:
                item, best_score = self.owners[part[2]], part[1] * 0.9
        return item, whole_score, best_score

    def by_keyword(self, folded: str) -> list[Precedent]:
        padded = f" {folded} "
        hits: list[Precedent] = []
        for keyword, item in self.keywords:
            if keyword in padded and item not in hits:
                hits.append(item)
        return hits

    def about(self, person_id: str) -> list[Precedent]:
        return [p for p in dict.fromkeys(self.owners) if person_id in p.people]


class Understanding:
    """Answers free-text questions for one engine (one knowledge-base snapshot)."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.kb = engine.kb
        self.finder = EntityFinder(engine.kb, engine.seats)
        self.precedents = PrecedentMatcher(engine.kb.precedents)
        self._all_time: dict[str, Ranking] = {}

    # Entry -------------------------------------------------------------------------------

    def answer(self, text: str) -> Answer:
        text = (text or "").strip()[:MAX_QUESTION]
        if not text:
            return self.engine.help("Ask me about a UK general election result.")
        folded = fold(text)
        precedent, whole_score, score = self.precedents.best(folded)
        if precedent is not None and whole_score >= STRONG_PRECEDENT:
            return answers.precedent(
                self.kb, precedent
            )  # a curated question, near enough word for word
        election, said, unknown, rest = self._election(text)
        keyword_hits = self.precedents.by_keyword(folded)
        if unknown:
            if keyword_hits:
                return answers.precedent(self.kb, keyword_hits[0])
            return self.engine.unknown_election(unknown, f"!ask {text}")
        entities = self.finder.find(rest)
        if not entities.seats and not entities.people:
            fuzzy = self.finder.fuzzy_leftover(entities)
            if fuzzy:
                kind, match = fuzzy
                found = Found(kind, match.items, 0, 0, exact=False)
                (entities.seats if kind == "seat" else entities.people).append(found)
        query = classify(entities)
        query.election, query.election_said = election, said
        if (
            query.intent == "person"
            and all(p.surname_only for p in entities.people)
            and not _ABOUT.search(folded)
        ):
            query.intent = (
                "unknown"  # 'the capital of France': a lone surname is no question about a person
            )
        if query.intent == "unknown" or (
            query.intent == "person" and not self._known_person(query)
        ):
            if keyword_hits:
                return answers.precedent(self.kb, keyword_hits[0])
            if precedent is not None and score >= WEAK_PRECEDENT:
                return answers.precedent(self.kb, precedent)
            if query.intent == "unknown":
                return self._not_understood(text)
        return self._dispatch(query, text)

    def _known_person(self, query: Query) -> bool:
        """Someone we can say something about: a record in the results or a curated biography."""
        return bool(
            query.person
            and any(self.kb.careers.get(p) or self.kb.people[p].bio for p in query.person.items)
        )

    def _election(self, text: str) -> tuple[str | None, bool, str | None, str]:
        """The election asked about (said or implied), an unknown one, and the text without it."""
        known = [e.id for e in self.kb.real_elections()]
        match = _YEAR.search(text)
        if match:
            election = parse_election(re.sub(r"\s+", " ", match.group(1)))
            rest = text[: match.start()] + " " + text[match.end() :]
            if election is None or election not in known:
                return None, True, match.group(1), rest
            return election, True, None, rest
        if _PREVIOUS.search(text) and len(known) > 1:
            return known[-2], True, None, _PREVIOUS.sub(" election ", text)
        if _LAST.search(text) and known:
            return known[-1], True, None, _LAST.sub(" election ", text)
        return None, False, None, text

    def _not_understood(self, text: str) -> Answer:
        return Answer(
            kind="help",
            title="Sorry, I didn't understand that",
            lines=(
                f"I couldn't find a constituency, candidate, party or question I know in '{text}'.",
            ),
            items=(
                "Who won Hendon?",
                "What was Liz Truss's majority in 2019?",
                "How many seats did the Lib Dems win?",
                "Which seat had the smallest majority?",
                "When did a former prime minister last lose their seat?",
                "`!result South West Norfolk`",
            ),
        )

    # Dispatch ----------------------------------------------------------------------------

    def _dispatch(self, query: Query, text: str) -> Answer:
        intent = query.intent
        election = query.election or self.engine.default_election
        national = self.kb.national.get(election) if election else None
        party = query.parties[0] if query.parties else None
        if intent in {"national_swing", "gender", "candidate_count"}:
            if national is None:
                return self.engine.unknown_election(election or "that year")
            if intent == "gender":
                return answers.gender(self.kb, national, query.extra.get("who", "mps"))
            if intent == "candidate_count":
                return answers.candidate_count(self.kb, national)
            order = [e.id for e in self.kb.real_elections()]
            position = order.index(national.election.id)
            previous = self.kb.national.get(order[position - 1]) if position else None
            return answers.national_swing(self.kb, national, previous, query.parties)
        if intent == "election_ranking":
            return answers.election_ranking(self.kb, query.measure, query.largest)
        if intent in {
            "national",
            "party_seats",
            "party_votes",
            "seats_won",
            "ranking",
            "changed_hands",
            "defeated",
            "national_turnout",
        }:
            if national is None:
                return self.engine.unknown_election(election or "that year")
            if intent == "national":
                return answers.national(self.kb, national)
            if intent == "party_seats":
                return answers.party_seats(self.kb, national, party)
            if intent == "party_votes":
                return answers.party_votes(self.kb, national, party)
            if intent == "seats_won":
                return answers.seats_won(self.kb, national, party)
            if intent == "ranking" and query.extra.get("ever"):
                ranking = self.all_time(query.measure)
                return answers.all_time_ranking(
                    self.kb, ranking, query.measure, query.largest, max(query.n, 1)
                )
            if intent == "ranking":
                return answers.ranking(
                    self.kb, national, query.measure, query.largest, query.n, party
                )
            if intent == "changed_hands":
                return answers.changed_hands(
                    self.kb, national, query.parties, query.extra.get("direction", "gained")
                )
            if intent == "defeated":
                return answers.defeated(self.kb, national, party)
            return answers.national_turnout(self.kb, national)
        if query.person is not None:
            return self._person(query)
        return self._seat(query)

    def _seat(self, query: Query) -> Answer:
        seat = query.seat
        if seat is None:
            return self._not_understood(" ".join(query.entities.words))
        if seat.ambiguous:
            return self.engine.seat_choices(
                Match("ambiguous", seat.items), "result", query.election
            )
        if query.intent not in HISTORY_INTENTS:
            preferred = self.engine.resolve_seat(
                self.engine.seats.display[seat.items[0]], query.election
            )
            if preferred.status == "ambiguous":  # an old seat's name, asked about a later election
                return self.engine.seat_choices(preferred, "result", query.election)
        contest, lead = self.engine.contest_for(seat.items[0], query.election)
        if contest is None:
            return self.engine.seat_not_found(
                self.engine.seats.display.get(seat.items[0], "?"), Match("none")
            )
        if not seat.exact:
            closest = f"(Taking '{query.entities.leftover}' to mean {contest.name}.)"
            lead = f"{closest} {lead}" if lead else closest
        facts = self.kb.facts_for(contest)
        intent = query.intent
        if intent == "winner":
            return answers.winner(self.kb, facts, lead)
        if intent == "majority":
            return answers.majority(self.kb, facts, lead)
        if intent == "turnout":
            return answers.turnout(self.kb, facts, lead)
        if intent == "candidates":
            return answers.candidates(self.kb, facts, lead)
        if intent == "position":
            return answers.position(self.kb, facts, query.position or 2, lead)
        if intent == "swing":
            return answers.swing(self.kb, facts, query.parties, lead)
        if intent == "swing_needed":
            return answers.swing_needed(self.kb, facts, lead)
        if intent in HISTORY_INTENTS:
            return self._seat_history(query, facts)
        if intent == "party_in_seat":
            return answers.party_in_seat(self.kb, facts, query.parties[0], lead)
        if intent == "party_won_seat":
            return answers.party_won_seat(self.kb, facts, query.parties[0], lead)
        if intent == "rank_of":
            return answers.rank_of(
                self.kb,
                facts,
                query.measure,
                query.largest,
                query.parties[0] if query.parties else None,
            )
        return result_answer(self.kb, facts, lead)

    def _seat_history(self, query: Query, facts) -> Answer:
        party = query.parties[0] if query.parties else None
        if query.intent == "history":
            return history_answers.seat_history(self.kb, facts)
        if query.intent == "held_before":
            return history_answers.held_before(self.kb, facts)
        if query.intent == "held_since":
            return history_answers.held_since(self.kb, facts, party)
        if query.intent == "first_won":
            return history_answers.first_won(self.kb, facts, party)
        return history_answers.last_won(self.kb, facts, party)

    def all_time(self, measure: str) -> Ranking:
        """One measure ranked across every contest of every election (built once per snapshot)."""
        if measure not in self._all_time:
            value_of = RANKED_MEASURES[measure]
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

    # People ------------------------------------------------------------------------------

    def resolve_person(self, query: Query) -> Person | Answer:
        """One person, or an Answer asking which one."""
        found = query.person
        ids = list(found.items)
        if len(ids) > 1 and query.seat:
            seat_keys = set(query.seat.items)
            narrowed = [
                pid
                for pid in ids
                if any(
                    self.kb.seat_key(c.name) in seat_keys for c, _ in self.kb.careers.get(pid, ())
                )
            ]
            ids = narrowed or ids
        if len(ids) == 1:
            return self.kb.people[ids[0]]
        options = []
        for pid in ids[:5]:
            person = self.kb.people[pid]
            career = self.kb.careers.get(pid, ())
            where = (
                f"{career[-1][1].party_name}, {career[-1][0].name} {career[-1][0].election}"
                if career
                else "curated"
            )
            seat = f" {career[-1][0].name}" if career else ""
            options.append(Choice(f"{person.name} ({where})", f"!candidate {person.name}{seat}"))
        return Answer(
            kind="choice",
            title="Which person?",
            lines=(f"Several people match: {fmt.join_names([o.label for o in options])}.",),
            choices=tuple(options),
        )

    def _candidacy(self, person: Person, query: Query) -> tuple[Contest, Candidacy] | None:
        career = self.kb.careers.get(person.id, ())
        if query.seat:
            keys = set(query.seat.items)
            in_seat = [cc for cc in career if self.kb.seat_key(cc[0].name) in keys]
            career = tuple(in_seat) or career
        if query.election:
            for contest, candidacy in career:
                if contest.election == query.election:
                    return contest, candidacy
            return None
        return career[-1] if career else None

    def _person(self, query: Query) -> Answer:
        resolved = self.resolve_person(query)
        if isinstance(resolved, Answer):
            return resolved
        person = resolved
        intent = query.intent
        if intent == "person" or not self.kb.careers.get(person.id):
            return answers.person(self.kb, person, self.precedents.about(person.id))
        found = self._candidacy(person, query)
        if found is None:
            stood = fmt.join_names(sorted({c.election for c, _ in self.kb.careers[person.id]}))
            return Answer(
                kind="not_found",
                title=person.name,
                lines=(
                    f"{person.name} did not stand in {query.election}; the results I have show them standing in {stood}.",
                ),
            )
        contest, candidacy = found
        if intent == "gap" and len(query.entities.people) > 1:
            other_query = Query(intent="person", entities=query.entities)
            other_query.entities = type(query.entities)(
                people=[query.entities.people[1]], seats=query.entities.seats
            )
            other = self.resolve_person(other_query)
            if isinstance(other, Answer):
                return other
            rival = next((c for c in contest.candidacies if c.person_id == other.id), None)
            if rival is None:
                return Answer(
                    kind="not_found",
                    title="Not in the same contest",
                    lines=(f"{other.name} did not stand in {contest.name} in {contest.election}.",),
                )
            return answers.gap(self.kb, contest, candidacy, rival)
        if intent == "held_or_lost":
            asked_lost = re.search(
                r"\b(lose|lost|defeated|beaten|unseated|ousted)\b", " ".join(query.entities.words)
            )
            return answers.held_or_lost(self.kb, person, contest, candidacy, asked_lost is not None)
        stat = {
            "person_votes": "votes",
            "person_share": "share",
            "person_party": "party",
            "person_position": "position",
            "person_majority": "majority",
        }.get(intent, "majority")
        return answers.person_stat(self.kb, person, contest, candidacy, stat)

    def candidate(self, name: str) -> Answer:
        """!candidate NAME [SEAT] [YEAR]."""
        election, _, unknown, rest = self._election(name)
        if unknown:
            return self.engine.unknown_election(unknown)
        entities = self.finder.find(rest)
        if not entities.people:
            match = self.finder.people.resolve(rest)
            if match.status == "ambiguous":
                entities.people.append(Found("person", match.items[:5], 0, 0, exact=False))
                query = Query(intent="person", entities=entities, election=election)
                answer = self.resolve_person(query)
                if not isinstance(answer, Answer):
                    return self._person(query)
                if match.more:
                    lead = (
                        answer.lines[0].rstrip(".")
                        + f" (and {match.more} more: give the full name)."
                    )
                    answer = replace(answer, lines=(lead,))
                return answer
            if match.status == "none":
                suggestions = [self.kb.people[p].name for p in match.suggestions]
                hint = f" Did you mean {fmt.join_names(suggestions)}?" if suggestions else ""
                return Answer(
                    kind="not_found",
                    title="Candidate not found",
                    lines=(f"I couldn't find a candidate called '{rest.strip()}'.{hint}",),
                )
            entities.people.append(Found("person", match.items, 0, 0, exact=match.exact))
        query = Query(intent="person", entities=entities, election=election)
        return self._person(query)
