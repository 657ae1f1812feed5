"""The answer table: (scope, how, what) -> the answerer of an understood question.

An answerer takes the reader (what it knows of the snapshot) and the Query: it reads nothing else
of the question.
The small adapters here find the area or the seat asked about, then call the wording in
bot/answer; a person's questions are answered in ask_person, projections in ask_projection.
Adding a kind of question: its rule (rules.py) and, at most, one row here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Literal, Protocol

from bot.answer import area as area_answers
from bot.answer import bellwethers as across
from bot.answer import compare, counting, coverage, live, records, swings
from bot.answer import maps as map_answers
from bot.answer import person as person_answers
from bot.answer import seat as seat_answers
from bot.answer import seat_history as history_answers
from bot.answer.exitpoll import exit_poll_answer
from bot.answer.models import Answer
from bot.answer.result import result_answer
from bot.areas import Area
from bot.kb.knowledge import KnowledgeBase
from bot.measures import RANKED
from bot.text import quote
from bot.understand import ask_person, ask_projection, byelections
from bot.understand.elections import compared, named_earlier_first
from bot.understand.entities import FUZZY
from bot.understand.lookup import FoundSeat
from bot.understand.names import Match
from bot.understand.query import WHATS, About, Query, What
from bot.understand.rules import HISTORY

if TYPE_CHECKING:
    from bot.understand.caches import Caches
    from bot.understand.entities import EntityFinder
    from bot.understand.lookup import Lookup
    from bot.understand.people import People
    from bot.understand.precedents import PrecedentMatcher
    from bot.understand.seats import Seats


class Understanding(Protocol):
    """What the answerers read of the question reader (bot.understand.questions)."""

    kb: KnowledgeBase
    seats: Seats
    finder: EntityFinder
    lookup: Lookup
    caches: Caches
    people: People
    precedents: PrecedentMatcher
    known: list[str]


Answerer = Callable[[Understanding, Query], Answer]
Form = Literal["one", "compare"]  # a Query's `how`, as the table tells answers apart


def dispatch(u: Understanding, query: Query) -> Answer:
    """The answer for an understood question, with the notes on how its names were taken."""
    if query.what == "ranking" and query.ever:
        ranked = u.caches.all_time(query.measure)
        return records.all_time_ranking(u.kb, ranked, query.measure, query.largest, max(query.n, 1))
    how = "compare" if query.how.startswith("compare") else "one"
    answerer = ANSWERS.get((query.about, how, query.what)) or ANSWERS.get(
        (query.about, "one", query.what)
    )
    if answerer is None and query.about == "area":
        answerer = ANSWERS[("area", "one", "summary")]
    if answerer is None:
        return coverage.not_understood(query.asked)
    answer = answerer(u, query)
    notes = list(query.notes)
    for typed, meant in query.entities.corrections:
        notes.append(f"Taking '{quote(typed, 30)}' to mean {meant}.")
    if query.place is not None and query.place.kind == "named":
        notes.append(
            f"The {query.place.name} seats are those with '{query.place.name}' in their name: the "
            "Library's files do not record counties or local authorities."
        )
    if notes and not answer.is_error:
        answer = replace(answer, notes=(*notes, *answer.notes))
    return answer


# Areas: the UK, a nation, a region, a named place ----------------------------------------


def _area_of(u: Understanding, query: Query, election: str | None = None) -> Area | Answer:
    """The place asked about at the election asked about, or why it cannot be answered."""
    election = election or query.election or u.seats.default_election
    return u.caches.area(query.place, election)


def _area(answer: Callable[[Understanding, Query, Area], Answer]) -> Answerer:
    def run(u: Understanding, query: Query) -> Answer:
        found = _area_of(u, query)
        return found if isinstance(found, Answer) else answer(u, query, found)

    return run


def _party_or_summary(
    answer: Callable[[KnowledgeBase, Area, str], Answer],
) -> Callable[[Understanding, Query, Area], Answer]:
    def run(u: Understanding, query: Query, area: Area) -> Answer:
        if len(query.parties) > 1 and query.comparison:  # 'did labour get more seats than reform'
            first, second = query.parties[:2]
            return area_answers.party_versus(
                u.kb, area, first, second, query.what, query.comparison
            )
        if len(query.parties) > 1:
            return area_answers.several_parties(u.kb, area, query.parties, answer)
        if query.party:
            return answer(u.kb, area, query.party)
        return area_answers.summary(u.kb, area)

    return run


def _ranking(u: Understanding, query: Query, area: Area) -> Answer:
    """Seats ranked; a party's own share or votes when the measure is about votes and a party is named."""
    if query.measure == "swing" and len(query.parties) >= 2:  # 'largest swing from snp to lab'
        first, second = query.parties[:2]
        if query.swing_to_first:  # 'swing to labour from the snp'
            first, second = second, first
        return swings.ranked_swings(u.kb, area, first, second, query.largest)
    if query.party and query.measure in {"winning_share", "winner_votes"}:
        votes = query.measure == "winner_votes"
        return area_answers.party_best(u.kb, area, query.party, query.largest, query.n, votes)
    return area_answers.ranking(u.kb, area, query.measure, query.largest, query.n, query.party)


def _threshold(u: Understanding, query: Query, area: Area) -> Answer:
    measure, below, limit = query.threshold
    return area_answers.threshold(u.kb, area, query.party, measure, below, limit)


def _declared(u: Understanding, query: Query, area: Area) -> Answer:
    return coverage.declared(u.kb, area, query.still_to_come)


def _latest_declared(u: Understanding, query: Query, area: Area) -> Answer:
    return counting.latest(u.kb, area, query.earliest)


def _ahead(u: Understanding, query: Query, area: Area) -> Answer:
    """Who is ahead in a count; a finished election: its result."""
    if counting.declared_in_election(u.kb, area):
        return counting.ahead(u.kb, area)
    return area_answers.summary(u.kb, area)


def _area_swing(u: Understanding, query: Query, area: Area) -> Answer:
    if counting.declared_in_election(
        u.kb, area
    ):  # issue 19: the declared seats against the same seats before
        return counting.swing_so_far(u.kb, area, query.parties)
    order = u.known
    position = order.index(area.election.id)
    previous = u.caches.areas.get(order[position - 1], area.place) if position else None
    return area_answers.area_swing(u.kb, area, previous, query.parties)


def _area_compare(u: Understanding, query: Query) -> Answer:
    areas = []
    for election in compared(query.elections, u.known):
        found = _area_of(u, query, election)
        if isinstance(found, Answer):
            return found
        areas.append(found)
    if len(areas) < 2:
        return ANSWERS[("area", "one", query.what)](u, query)
    what = query.what
    if query.party and what in {"seats", "votes", "share", "summary"}:
        notional = None
        if what in {"seats", "summary"} and [a.election.id for a in areas][-2:] == ["2019", "2024"]:
            notional = u.caches.notional_area(query.place)
        asked = query.comparison if query.how == "compare_yesno" else ""
        earlier_first = named_earlier_first(query.elections, u.known)
        return compare.party_over_time(
            u.kb, areas, query.party, what, asked, notional, earlier_first
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


def _map(u: Understanding, query: Query) -> Answer:
    """A map of an area; a word left unread may name the seats of a town ('map of birmingham')
    or one seat; else the map says what it did not read, rather than pass over it."""
    unread = [w for w in query.entities.leftover.split() if w not in _MAP_WORDS]
    note = None
    if unread and query.place is None:
        phrase = " ".join(unread)
        named = u.finder.named_places.get(phrase)
        election = query.election or u.seats.default_election
        if named is not None:
            query = replace(query, place=named)
        elif (seat := u.lookup.only_seat(phrase, election)) is not None:
            return map_answers.seat_map(u.kb, seat.contest, seat.lead)
        else:
            note = f"I didn't recognise '{quote(phrase, 40)}' as a place, party or seat: this is the whole map."
    found = _area_of(u, query)
    if isinstance(found, Answer):
        return found
    answer = map_answers.area_map(u.kb, found, query.shading, query.party)
    return replace(answer, notes=(note, *answer.notes)) if note and not answer.is_error else answer


def _ministers_defeated(u: Understanding, query: Query) -> Answer:
    election = query.election or u.seats.default_election
    if election not in u.kb.national:
        return coverage.unknown_election(u.kb, election or "that year")
    year = u.kb.elections[election].year
    contests = u.kb.national[election].contests
    if contests and all(f.contest.party_level for f in contests):
        return person_answers.no_names(
            u.kb, election, [p for p in u.kb.precedents if p.year == year]
        )
    context = [p for p in query.precedents if p.year == year and "minister" in p.title.lower()]
    return person_answers.ministers_defeated(u.kb, election, context)


# Seats ----------------------------------------------------------------------------------


def seat_asked(u: Understanding, query: Query, election: str | None = None) -> FoundSeat | Answer:
    """The seat asked about, at the election asked about; or a choice, or why not."""
    found = query.seat
    election = election or query.election
    words = query.entities.words
    said = " ".join(words[found.start : found.end])
    if found.matched == FUZZY:  # already matched, loosely: say so with the answer
        status = "found" if len(found.items) == 1 else "ambiguous"
        match = Match(status, found.items, exact=False, reading=FUZZY)
        typed = said or query.entities.leftover
        return u.lookup.seat_from(match, typed, election, unfound=" ".join(words))
    return u.lookup.seat(
        said,
        election,
        old_welcome=query.what in HISTORY,  # a seat's history: its old name is welcome
        ask=query.reworded(found, "{}"),
        unfound=" ".join(words),
    )


def _seat(answer: Callable[[Understanding, Query, FoundSeat], Answer]) -> Answerer:
    def run(u: Understanding, query: Query) -> Answer:
        found = seat_asked(u, query)
        if isinstance(found, Answer):
            return found
        # issue 12: a seat still to declare tells nothing of its result (only 'has X declared?')
        if not u.kb.is_declared(found.contest) and query.what not in {"declared", "map"}:
            return live.undeclared(u.kb, found.contest, found.lead)
        return answer(u, query, found)

    return run


def _facts(u: Understanding, seat: FoundSeat):
    return u.kb.facts_for(seat.contest)


def _seat_figure(
    answer: Callable[..., Answer],
) -> Callable[[Understanding, Query, FoundSeat], Answer]:
    """An answer in bot/answer that needs only the seat's figures and the lead."""
    return lambda u, query, seat: answer(u.kb, _facts(u, seat), seat.lead)


def _seat_compare(u: Understanding, query: Query) -> Answer:
    rows, missing = [], []
    for election in compared(query.elections, u.known):
        found = seat_asked(u, query, election)
        if isinstance(found, Answer):
            return found
        if found.contest.election != election or not u.kb.is_declared(found.contest):
            missing.append(election)
            continue
        rows.append(u.kb.facts_for(found.contest))
    if not rows:
        return coverage.not_understood(query.asked)
    return compare.seat_over_time(u.kb, rows[-1].contest.name, rows, missing, query.what)


def _winner(u: Understanding, query: Query, seat: FoundSeat) -> Answer:
    facts = _facts(u, seat)
    return byelections.winner_now(u.kb, facts, query.election, query.holder_now, seat.lead)


def _position(u: Understanding, query: Query, seat: FoundSeat) -> Answer:
    return seat_answers.position(u.kb, _facts(u, seat), query.position or 2, seat.lead)


def _seat_swing(u: Understanding, query: Query, seat: FoundSeat) -> Answer:
    return seat_answers.swing(u.kb, _facts(u, seat), query.parties, seat.lead)


def _swing_needed(u: Understanding, query: Query, seat: FoundSeat) -> Answer:
    """The runner-up's swing needed; a named party's, before the election when asked in the past
    tense ('how big a swing did the lib dems need in X in 2024': from the baseline)."""
    if not query.party:
        return seat_answers.swing_needed(u.kb, _facts(u, seat), seat.lead)
    return swings.needed(u.kb, _facts(u, seat), query.party, query.before_polling, seat.lead)


def _party_result(u: Understanding, query: Query, seat: FoundSeat) -> Answer:
    return seat_answers.party_in_seat(u.kb, _facts(u, seat), query.party, seat.lead)


def _party_won(u: Understanding, query: Query, seat: FoundSeat) -> Answer:
    return seat_answers.party_won_seat(u.kb, _facts(u, seat), query.party, seat.lead)


def _rank_of(u: Understanding, query: Query, seat: FoundSeat) -> Answer:
    measure = query.measure if query.measure in RANKED else "majority_pct"
    facts = _facts(u, seat)
    return seat_answers.rank_of(u.kb, facts, measure, query.largest, query.party)


def _seat_map(u: Understanding, query: Query, seat: FoundSeat) -> Answer:
    return map_answers.seat_map(u.kb, seat.contest, seat.lead)


def _seat_declared(u: Understanding, query: Query, seat: FoundSeat) -> Answer:
    return coverage.seat_declared(u.kb, seat.contest, seat.lead)


def _history(u: Understanding, query: Query, seat: FoundSeat) -> Answer:
    facts = _facts(u, seat)
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


# The table -------------------------------------------------------------------------------


def _party_figure(answer: Callable[[KnowledgeBase, Area, str | None], Answer]):
    """An area answer that needs only the party named (or None)."""
    return _area(lambda u, query, area: answer(u.kb, area, query.party))


_PARTY_SEATS = _area(_party_or_summary(area_answers.party_seats))
_PARTY_VOTES = _area(_party_or_summary(area_answers.party_votes))

ANSWERS: dict[tuple[About, Form, What], Answerer] = {
    # An area: the UK, a nation, a region
    ("area", "one", "election_ranking"): lambda u, query: records.election_ranking(
        u.kb, query.measure, query.largest
    ),
    ("area", "one", "summary"): _PARTY_SEATS,
    ("area", "one", "seats"): _PARTY_SEATS,
    ("area", "one", "votes"): _PARTY_VOTES,
    ("area", "one", "share"): _PARTY_VOTES,
    ("area", "one", "turnout"): _area(lambda u, query, area: area_answers.area_turnout(u.kb, area)),
    ("area", "one", "swing"): _area(_area_swing),
    ("area", "one", "seats_list"): _party_figure(area_answers.seats_won),
    ("area", "one", "changed"): _area(
        lambda u, query, area: area_answers.changed_hands(u.kb, area, query.parties, query.change)
    ),
    ("area", "one", "defeated"): _party_figure(area_answers.defeated),
    ("area", "one", "ministers_defeated"): _ministers_defeated,
    ("area", "one", "women"): _area(
        lambda u, query, area: area_answers.gender(u.kb, area, query.body, query.party)
    ),
    ("area", "one", "candidates"): _party_figure(area_answers.candidate_count),
    ("area", "one", "contested"): _party_figure(area_answers.contested),
    ("area", "one", "declared"): _area(_declared),
    ("area", "one", "latest_declared"): _area(_latest_declared),
    ("area", "one", "majority_race"): _party_figure(counting.majority_race),
    ("area", "one", "ahead"): _area(_ahead),
    ("area", "one", "ranking"): _area(_ranking),
    ("area", "one", "threshold"): _area(_threshold),
    ("area", "one", "seats_second"): _party_figure(area_answers.placed_second),
    ("area", "one", "map"): _map,
    ("area", "compare", "summary"): _area_compare,
    ("area", "compare", "seats"): _area_compare,
    ("area", "compare", "votes"): _area_compare,
    ("area", "compare", "share"): _area_compare,
    ("area", "compare", "turnout"): _area_compare,
    # A seat
    ("seat", "one", "result"): _seat(_seat_figure(result_answer)),
    ("seat", "one", "winner"): _seat(_winner),
    ("seat", "one", "majority"): _seat(_seat_figure(seat_answers.majority)),
    ("seat", "one", "turnout"): _seat(_seat_figure(seat_answers.turnout)),
    ("seat", "one", "electorate"): _seat(_seat_figure(seat_answers.turnout)),
    ("seat", "one", "candidates_list"): _seat(_seat_figure(seat_answers.candidates)),
    ("seat", "one", "position"): _seat(_position),
    ("seat", "one", "swing"): _seat(_seat_swing),
    ("seat", "one", "swing_needed"): _seat(_swing_needed),
    ("seat", "one", "party_result"): _seat(_party_result),
    ("seat", "one", "party_won"): _seat(_party_won),
    ("seat", "one", "rank_of"): _seat(_rank_of),
    ("seat", "one", "map"): _seat(_seat_map),
    ("seat", "one", "declared"): _seat(_seat_declared),
    **{("seat", "one", what): _seat(_history) for what in HISTORY},
    ("seat", "compare", "winner"): _seat_compare,
    ("seat", "compare", "result"): _seat_compare,
    ("seat", "compare", "majority"): _seat_compare,
    ("seat", "compare", "turnout"): _seat_compare,
    # issue 21: projections (targets, what-ifs, what it would take, the swingometer)
    **{
        (subject, "one", what): ask_projection.answer
        for subject in ("area", "person")
        for what in ask_projection.WHATS
    },
    # A person
    **{("person", "one", what): ask_person.answer_person for what in ask_person.WHATS},
}


# issue 21: seats across elections; they read their own years, known or not ----------------


def _across(query: Query) -> dict:
    """The span asked about ('since 1979', 'in 2019'), the place, and how many to show."""
    found = query.elections
    since = found.ids[0] if found.since and found.ids else None
    return {
        "since": since,
        "upto": found.ids[-1] if found.ids else None,
        "place": query.place,
        "n": query.n,
        "unknown": found.unknown,
    }


ACROSS_ELECTIONS: dict[str, Answerer] = {
    "bellwether": lambda u, query: across.bellwether(u.kb, **_across(query)),
    "strongholds": lambda u, query: across.strongholds(u.kb, query.party, **_across(query)),
    "exit_poll": lambda u, query: exit_poll_answer(u.kb, query.election),
}

# Answered at the way in (questions.py), before any name is told apart
AT_THE_ENTRANCE: frozenset[What] = frozenset({"outside", "my_mp", "unknown"})


def answered() -> frozenset[str]:
    """Every kind of question something answers: the table, across elections, by-elections and
    the Commons now, and the way in."""
    return frozenset(
        {what for _, _, what in ANSWERS}
        | set(ACROSS_ELECTIONS)
        | byelections.WHATS
        | AT_THE_ENTRANCE
    )


def check_answered(kinds: frozenset[str], answers: frozenset[str]) -> None:
    """Every kind of question a rule can name has an answer, and every answer a kind: else the
    bot fails on start, not on the question that finds the gap."""
    unanswered, unasked = kinds - answers, answers - kinds
    if unanswered or unasked:
        raise RuntimeError(
            f"kinds of question without an answer: {sorted(unanswered)}; "
            f"answers for no kind in query.What: {sorted(unasked)}"
        )


check_answered(WHATS, answered())
