"""Declarations applied to a knowledge base without rebuilding it.

An election being counted is a base whose `nominations` name every seat and who stands in it, and
whose `contests` hold only the seats that have declared. `hold_back` turns a finished election
into that state (a replay); `declare` adds results to it. Both share every other record with
the base they start from and copy only the few maps a declaration touches, so applying one
result costs milliseconds where a build costs seconds, and nothing about an undeclared seat's
result can be read from the base: it is not there.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping

from bot.facts import ContestFacts
from bot.kb import ties
from bot.kb.knowledge import KnowledgeBase, Progress, national_facts, national_with
from bot.kb.measure import baseline_for, measure, party_maps, seats_by_line
from bot.kb.ties import Seat
from bot.models import Candidacy, Contest, declared_time


def nomination(contest: Contest) -> Contest:
    """Who stands in a contest, and nothing about how they did (votes 0, no result)."""
    candidacies = tuple(
        c.model_copy(update={"votes": 0, "published_change": None})
        for c in sorted(contest.candidacies, key=ballot_order)
    )
    return contest.model_copy(
        update={
            "candidacies": candidacies,
            "valid_votes": 0,
            "invalid_votes": None,
            "declared_result": None,
            "declared_at": None,
        }
    )


def ballot_order(candidacy: Candidacy) -> tuple[str, str]:
    """Surname order, as on the ballot paper (and not the order of the votes)."""
    name = candidacy.name or candidacy.party
    return (name.split()[-1].casefold(), name.casefold())


def baseline_of(kb: KnowledgeBase, contest: Contest) -> Contest | None:
    """The contest a seat's change is measured against, as the build chooses it
    (`bot.kb.measure.baseline_for`)."""
    election = kb.elections[contest.election]
    seats = kb.contests.get(election.baseline or "", {})
    key = kb.contest_key(contest)
    by_line = (
        kb.cached(("baseline-lines", election.baseline), lambda: seats_by_line(seats, kb.seat_key))
        if seats and key not in seats  # only a seat without its code there needs its line
        else {}
    )
    return baseline_for(contest, key, kb.seat_key(contest.name), seats, by_line)


def contest_facts(kb: KnowledgeBase, contest: Contest) -> ContestFacts:
    """A contest's computed facts, measured against its baseline as a build would measure them."""
    maps = kb.cached(("party-maps",), lambda: party_maps(kb.parties))
    return measure(contest, baseline_of(kb, contest), kb.elections[contest.election], maps)


def hold_back(
    kb: KnowledgeBase, election: str, keys: Iterable[str] | None = None, total: int | None = None
) -> KnowledgeBase:
    """The base before these seats of `election` declared (every seat when `keys` is None).

    Their results and every record tied to them (`bot.kb.ties`: careers, history lines, curated
    annotations, the Library's lists of members) are withheld; they return one seat at a time
    through `declare`. The seats stay known as nominations. The seats kept are counted as
    declared, in time order.
    """
    contests = kb.contests[election]
    held = set(contests if keys is None else keys)
    kept = {k: c for k, c in contests.items() if k not in held}
    seats_held = [Seat(election, k, kb.seat_key(contests[k].name), contests[k]) for k in held]
    changed, withheld = ties.hold(kb, election, seats_held)
    nominated = {**{k: nomination(contests[k]) for k in held}, **kb.nominations.get(election, {})}
    seats = max(total or 0, len(nominated.keys() | contests.keys()))
    if election in kb.progress:
        seats = max(seats, kb.progress[election].total)
    order = tuple(sorted(kept, key=lambda key: declared_order(kept[key].declared_at)))
    counted = [kb.facts[(election, k)] for k in order]
    return dataclasses.replace(
        kb,
        **changed,
        contests={**kb.contests, election: kept},
        national={**kb.national, election: national_facts(kb.elections[election], counted)},
        nominations={**kb.nominations, election: nominated},
        progress={**kb.progress, election: Progress(election, order, seats)},
        withheld_seats={
            **kb.withheld_seats,
            election: {**kb.withheld_seats.get(election, {}), **withheld},
        },
    )


def night_order(contests: Mapping[str, Contest]) -> tuple[list[str], list[str]]:
    """A night's seats as its declaration times order them: (timed, untimed). Seats timed in the
    same minute keep the source's row order; seats with no time come alphabetically."""
    times = {key: declared_time(c.declared_at) for key, c in contests.items()}
    timed = sorted((k for k in contests if times[k]), key=lambda k: times[k])  # stable on ties
    untimed = sorted(
        (k for k in contests if not times[k]), key=lambda k: (contests[k].name.casefold(), k)
    )
    return timed, untimed


def declared_order(text: str | None) -> str:
    """A sort key for a `declared_at` ('13/12/2019 04:47') in time order; unknown times last."""
    moment = declared_time(text)
    return "9999" if moment is None else f"{moment:%Y-%m-%d %H:%M}"


def declare(
    kb: KnowledgeBase, declared: list[tuple[str, Contest, ContestFacts]], total: int | None = None
) -> KnowledgeBase:
    """The base with these seats' results added (key, contest, facts), in declaration order.

    Every contest must belong to one election that `kb` is counting, and not have declared yet.
    """
    if not declared:
        return kb
    election = declared[0][1].election
    progress = kb.progress.get(election)
    if progress is None:
        raise ValueError(f"the {election} election is not being counted")
    seats = dict(kb.contests.get(election, {}))
    for key, contest, _ in declared:
        if contest.election != election:
            raise ValueError("declarations of two elections at once")
        if key in seats:
            raise ValueError(f"{contest.name} has already declared")
        seats[key] = contest
    changed = ties.add(
        kb,
        [Seat(election, k, kb.seat_key(c.name), c, f) for k, c, f in declared],
        kb.withheld_seats.get(election, {}),
    )
    order = (*progress.order, *(key for key, _, _ in declared))
    added = [contest_facts_ for _, _, contest_facts_ in declared]
    before = kb.national.get(election)
    national = (
        national_with(before, added)
        if before is not None and len(before.contests) == len(progress.order)
        else national_facts(
            kb.elections[election], [changed["facts"][(election, k)] for k in order]
        )
    )
    nominated = len(kb.nominations.get(election, {}).keys() | seats.keys())
    now = Progress(election, order, max(total or 0, progress.total, nominated))
    # the last seat in: the election is complete, and answers stop saying 'so far'
    counting = {e: p for e, p in kb.progress.items() if e != election}
    return dataclasses.replace(
        kb,
        **changed,
        contests={**kb.contests, election: seats},
        national={**kb.national, election: national},
        progress=counting if now.complete else {**counting, election: now},
    )
