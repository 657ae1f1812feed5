"""Questions about one person answered: their record, a figure of one contest, two elections
compared, or the gap to a rival (bot/answer/person.py words them)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Protocol

from bot import format as fmt
from bot.answer import bio, compare, live
from bot.answer import person as person_answers
from bot.answer import seat as seat_answers
from bot.answer.models import Answer
from bot.answer.result import result_answer
from bot.models import Person
from bot.understand.elections import compared, named_earlier_first
from bot.understand.query import Query

if TYPE_CHECKING:
    from bot.kb.knowledge import KnowledgeBase
    from bot.understand.people import People
    from bot.understand.precedents import PrecedentMatcher

MP_RECORD = frozenset({"new_mp", "mp_before", "mp_since", "replaced", "successor", "times_stood"})
WHATS = frozenset(
    {
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
    }
)
_STATS = {
    "person_votes": "votes",
    "person_share": "share",
    "person_party": "party",
    "person_position": "position",
    "person_majority": "majority",
}


class Understanding(Protocol):
    """What these answers read of the question reader (bot.understand.questions)."""

    kb: KnowledgeBase
    people: People
    precedents: PrecedentMatcher
    known: list[str]


def answer_person(u: Understanding, query: Query) -> Answer:
    """Everything asked about one person."""
    resolved = u.people.resolve(query.person, query)
    if isinstance(resolved, Answer):
        return resolved
    person, others = resolved
    answer = live.with_standing(u.kb, person.id, _person_answer(u, query, person))
    if others and not answer.is_error:
        names = fmt.join_names([o.name for o in others[:4]])
        more = f" and {len(others) - 4} more" if len(others) > 4 else ""
        note = f"Taking the name to mean {person.name}; it could also mean {names}{more} (ask with the full name)."
        answer = replace(answer, notes=(note, *answer.notes))
    return answer


def _person_answer(u: Understanding, query: Query, person: Person) -> Answer:
    kb = u.kb
    if query.what == "bio" or not kb.careers.get(person.id):
        if (
            query.what in MP_RECORD
            and query.election is None
            and bio.by_elections_of(kb, person.id)
        ):
            return person_answers.mp_record(kb, person, query.what)  # elected at a by-election only
        return person_answers.person(kb, person, u.precedents.about(person.id), query.election)
    if query.how.startswith("compare") and query.what in {"person_votes", "person_share"}:
        rows, missing = [], []
        for election in compared(query.elections, u.known):
            found = u.people.candidacy(person, query, election)
            (rows.append(found) if found else missing.append(election))
        if rows:
            asked = query.comparison if query.how == "compare_yesno" else ""
            earlier_first = named_earlier_first(query.elections, u.known)
            return compare.person_over_time(
                kb, person, rows, missing, query.what, asked, earlier_first
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
        return person_answers.held_or_lost(kb, person, contest, candidacy, query.asked_lost)
    stat = _STATS.get(query.what, "majority")
    return person_answers.person_stat(kb, person, contest, candidacy, stat)
