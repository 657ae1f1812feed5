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
from collections.abc import Iterable

from bot.facts import ContestFacts
from bot.kb.knowledge import KnowledgeBase, Progress, national_facts, national_with
from bot.kb.measure import baseline_for, measure, party_maps, seats_by_line
from bot.models import Candidacy, Contest, declared_time
from bot.text import token_key


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
    by_line = kb.remember(
        ("baseline-lines", election.baseline), lambda: seats_by_line(seats, kb.seat_key)
    )
    return baseline_for(contest, kb.contest_key(contest), kb.seat_key(contest.name), seats, by_line)


def contest_facts(kb: KnowledgeBase, contest: Contest) -> ContestFacts:
    """A contest's computed facts, measured against its baseline as a build would measure them."""
    maps = kb.remember(("party-maps",), lambda: party_maps(kb.parties))
    return measure(contest, baseline_of(kb, contest), kb.elections[contest.election], maps)


def hold_back(
    kb: KnowledgeBase, election: str, keys: Iterable[str] | None = None, total: int | None = None
) -> KnowledgeBase:
    """The base before these seats of `election` declared (every seat when `keys` is None).

    Their results, careers, history lines and annotations are withheld, and so are the Library's
    lists of members for that election; they return one seat at a time through `declare`. The
    seats stay known as nominations. The seats kept are counted as declared, in time order.
    """
    contests = kb.contests[election]
    held = set(contests if keys is None else keys)
    kept = {k: c for k, c in contests.items() if k not in held}
    line_of = {kb.seat_key(contests[k].name): k for k in held}
    people_of = {k: {c.person_id for c in contests[k].candidacies if c.person_id} for k in held}
    standing = set().union(*people_of.values()) if people_of else set()
    withheld = {
        key: (
            kb.annotations.get((election, line)),
            {p: rows for p in people_of[key] if (rows := _rows(kb, p, election))},
        )
        for line, key in line_of.items()
    }
    nominated = {**{k: nomination(contests[k]) for k in held}, **kb.nominations.get(election, {})}
    seats = max(total or 0, len(nominated.keys() | contests.keys()))
    if election in kb.progress:
        seats = max(seats, kb.progress[election].total)
    order = tuple(sorted(kept, key=lambda k: declared_order(kept[k].declared_at)))
    counted = [kb.facts[(election, k)] for k in order]
    return dataclasses.replace(
        kb,
        contests={**kb.contests, election: kept},
        facts={k: v for k, v in kb.facts.items() if not (k[0] == election and k[1] in held)},
        national={**kb.national, election: national_facts(kb.elections[election], counted)},
        nominations={**kb.nominations, election: nominated},
        careers=_without(kb.careers, standing, election),
        memberships=_members_without(kb.memberships, standing, election),
        annotations={
            k: v for k, v in kb.annotations.items() if not (k[0] == election and k[1] in line_of)
        },
        progress={**kb.progress, election: Progress(election, order, seats)},
        seat_histories={
            line: (
                {e: c for e, c in seats_.items() if e != election} if line in line_of else seats_
            )
            for line, seats_ in kb.seat_histories.items()
        },
        _withheld={**kb._withheld, election: {**kb._withheld.get(election, {}), **withheld}},
    )


def _rows(kb: KnowledgeBase, person: str, election: str) -> tuple:
    return tuple(m for m in kb.memberships.get(person, ()) if m.election == election)


def _members_without(memberships, people: set[str], election: str):
    """The Library's member lines with one election's taken out, for these people."""
    memberships = dict(memberships)
    for person in people & memberships.keys():
        kept = tuple(m for m in memberships[person] if m.election != election)
        if kept:
            memberships[person] = kept
        else:
            del memberships[person]
    return memberships


def declared_order(text: str | None) -> str:
    """A sort key for a `declared_at` ('13/12/2019 04:47') in time order; unknown times last."""
    moment = declared_time(text)
    return "9999" if moment is None else f"{moment:%Y-%m-%d %H:%M}"


def _without(careers, people: set[str], election: str):
    """Careers with one election's candidacies taken out, for these people."""
    careers = dict(careers)
    for person in people & careers.keys():
        kept = tuple(pair for pair in careers[person] if pair[0].election != election)
        if kept:
            careers[person] = kept
        else:
            del careers[person]
    return careers


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
    facts = dict(kb.facts)
    careers = dict(kb.careers)
    by_seat = dict(kb.seat_histories)
    annotations = dict(kb.annotations)
    memberships = dict(kb.memberships)
    withheld = kb._withheld.get(election, {})
    for key, contest, contest_facts_ in declared:
        if contest.election != election:
            raise ValueError("declarations of two elections at once")
        if key in seats:
            raise ValueError(f"{contest.name} has already declared")
        seats[key] = contest
        facts[(election, key)] = contest_facts_
        line = kb.alias_lines.get(token_key(contest.name), token_key(contest.name))
        by_seat[line] = {**by_seat.get(line, {}), election: contest}
        for candidacy in contest.candidacies:
            if candidacy.person_id:
                careers[candidacy.person_id] = _in_date_order(
                    kb, (*careers.get(candidacy.person_id, ()), (contest, candidacy))
                )
        annotation, rows = withheld.get(key, (None, {}))
        if annotation is not None:
            annotations[(election, line)] = annotation
        for person, lines in rows.items():
            memberships[person] = (*memberships.get(person, ()), *lines)
    order = (*progress.order, *(key for key, _, _ in declared))
    added = [contest_facts_ for _, _, contest_facts_ in declared]
    before = kb.national.get(election)
    national = (
        national_with(before, added)
        if before is not None and len(before.contests) == len(progress.order)
        else national_facts(kb.elections[election], [facts[(election, k)] for k in order])
    )
    nominated = len(kb.nominations.get(election, {}).keys() | seats.keys())
    now = Progress(election, order, max(total or 0, progress.total, nominated))
    # the last seat in: the election is complete, and answers stop saying 'so far'
    counting = {e: p for e, p in kb.progress.items() if e != election}
    return dataclasses.replace(
        kb,
        contests={**kb.contests, election: seats},
        facts=facts,
        national={**kb.national, election: national},
        careers=careers,
        memberships=memberships,
        annotations=annotations,
        progress=counting if now.complete else {**counting, election: now},
        seat_histories=by_seat,
    )


def _in_date_order(kb: KnowledgeBase, career: tuple[tuple[Contest, Candidacy], ...]):
    return tuple(sorted(career, key=lambda pair: kb.elections[pair[0].election].date))
