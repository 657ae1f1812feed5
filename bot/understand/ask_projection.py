"""Projection questions answered: the election, the parties and the numbers, then the arithmetic
(bot/projection) and the wording (bot/answer/projection)."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import TYPE_CHECKING, Protocol

from bot.answer import coverage
from bot.answer import projection as words
from bot.answer.area import history_caveats
from bot.answer.models import Answer, ChartRequest
from bot.facts import NON_PARTIES
from bot.projection.base import Baseline, baseline
from bot.projection.needed import LARGEST, MAJORITY, MAX_SWING, goal_test, landmarks, search
from bot.projection.swing import PROPORTIONAL, UNIFORM, project
from bot.projection.targets import targets
from bot.understand.query import Query

if TYPE_CHECKING:
    from bot.kb.knowledge import KnowledgeBase
    from bot.understand.seats import Seats


class Understanding(Protocol):
    """What these answers read of the question reader (bot.understand.questions)."""

    kb: KnowledgeBase
    seats: Seats


WHATS = frozenset({"targets", "what_if", "swing_goal", "swingometer"})
WHOLE_ELECTION = 100  # seats: fewer (a sample, a count just begun) is no base for a projection
MAX_CHANGE = 50.0  # points: a bigger national change says nothing useful
NOT_PARTIES = NON_PARTIES | {"Spk"}

_WHAT_IF_EXAMPLES = (
    "what if labour fell 5 points and reform rose 5",
    "on a 5 point swing from labour to the conservatives",
    "what if the lib dems gained 4",
)


def answer(u: Understanding, query: Query) -> Answer:
    """Any projection question: targets, a what-if, what it would take, the swingometer."""
    base = _baseline(u, query)
    if isinstance(base, Answer):
        return base
    said = query.projection
    holder = said.holder if query.what == "targets" else None  # 'held by independents' is fine
    unknown = [
        p
        for p in said.parties
        if p != holder and (p in NOT_PARTIES or p not in base.national_share)
    ]
    if unknown:
        return _not_projectable(u, base, unknown[0])
    if query.what == "targets":
        found = _targets(u, query, base, said)
    elif query.what == "swing_goal":
        found = _goal(u, query, base, said)
    elif query.what == "swingometer":
        found = _swingometer(u, base, said)
    else:
        found = _what_if(u, query, base, said)
    caveats = history_caveats(base.national) if base.party_level else ()  # the file's 'others'
    return (
        replace(found, notes=(*found.notes, *caveats)) if caveats and not found.is_error else found
    )


def _not_projectable(u: Understanding, base: Baseline, code: str) -> Answer:
    if code == "Spk":
        said = "The Speaker stands for no party: projections leave the Speaker's seat alone."
    elif code in NON_PARTIES:
        said = "Independents each stand alone: projections move the shares of parties."
    else:
        said = (
            f"{u.kb.party(code).label} did not stand at the {base.election.name}: projections "
            "move the shares of the parties that did."
        )
    return Answer(kind="not_found", title="Not a party I can project", lines=(said,))


def _baseline(u: Understanding, query: Query) -> Baseline | Answer:
    """The named election, else the latest general election fully counted."""
    kb = u.kb
    election = query.election
    if election is None:
        counted = [
            e.id
            for e in kb.real_elections()
            if e.id in kb.national
            and not e.by_election
            and (e.id not in kb.progress or kb.progress[e.id].complete)
        ]
        election = counted[-1] if counted else u.seats.default_election
    national = kb.national.get(election or "")
    if national is None or national.election.by_election:
        return coverage.unknown_election(kb, election or "that year")
    counting = kb.progress.get(national.election.id)
    if counting is not None and not counting.complete:
        return Answer(
            kind="not_found",
            title="Still being counted",
            lines=(
                f"The {national.election.name} is still being counted ({len(counting.order)} of "
                f"{counting.total} seats declared). Projections start from a whole election's "
                "results: ask without a year for the latest one counted.",
            ),
        )
    base = baseline(kb, national)
    if base.size < WHOLE_ELECTION or len(_parties(base)) < 2:
        lines = [
            f"Projections need a whole election's results; the knowledge loaded holds "
            f"{words.plural(base.size, 'seat')} of the {base.election.name}."
        ]
        if coverage.sample_only(kb):
            lines.append(
                "Only the shipped sample is loaded. Load the Commons Library's files: "
                "`python -m bot kb download --to data --history`, then "
                "`--kb data/ge2019 --kb data/ge2024` (see the README)."
            )
        return Answer(kind="not_found", title="Not enough results to project", lines=tuple(lines))
    return base


def _parties(base: Baseline) -> list[str]:
    """Parties by seats won, the Speaker and independents left out."""
    return [p for p in base.leaders() if p not in NOT_PARTIES]


def _pair(base: Baseline, losing: str | None, gaining: str | None) -> tuple[str, str]:
    """Fill in a swing's missing ends: from the leading party, to the next one."""
    order = _parties(base)
    if losing is None and gaining is None:
        return order[0], order[1]
    if losing is None:
        return (order[0] if gaining != order[0] else order[1]), gaining
    if gaining is None:
        return losing, (order[0] if losing != order[0] else order[1])
    return losing, gaining


def _chart(base: Baseline, losing: str, gaining: str, swing: float | None = None) -> ChartRequest:
    return ChartRequest("swingometer", base.election.id, parties=(losing, gaining), swing=swing)


# What if --------------------------------------------------------------------------------


def _what_if(u: Understanding, query: Query, base: Baseline, said) -> Answer:
    kb = u.kb
    method = PROPORTIONAL if said.proportional else UNIFORM
    notes: list[str] = []
    chart = None
    if said.seats_number and not said.changes and said.swing is None:
        return words.ask_for(
            "Changes in share, please",
            "I project from changes in each party's share of the vote, in points, not from seats.",
            _WHAT_IF_EXAMPLES,
        )
    if said.swing is not None:
        losing, gaining = said.from_party, said.to_party
        if losing is None and gaining is None and len(said.parties) > 1:  # '3 labour reform'
            losing, gaining = said.parties[0], said.parties[1]
        elif losing is None and gaining is None and said.parties:  # '5 points reform'
            gaining = said.parties[0]
        losing, gaining = _pair(base, losing, gaining)
        if losing == gaining:
            return words.ask_for(
                "A swing between two parties",
                "A swing runs from one party to another.",
                _WHAT_IF_EXAMPLES,
            )
        changes = {gaining: said.swing, losing: -said.swing}
        if said.from_party is None or said.to_party is None:
            notes.append(
                f"Taking the swing to run from {kb.party_label(losing)} to {kb.party_label(gaining)}."
            )
        chart = _chart(base, losing, gaining, said.swing)
        lead = f"A uniform swing of {words.points(abs(said.swing))} from {kb.party_label(losing)} to {kb.party_label(gaining)}"
        if method == PROPORTIONAL:
            lead = f"A proportional swing of {words.points(abs(said.swing))} from {kb.party_label(losing)} to {kb.party_label(gaining)}"
    else:
        changes = dict(said.changes)
        for party, share in said.absolute.items():
            changes[party] = round(share - base.national_share.get(party, 0.0), 2)
            notes.append(
                f"{kb.party_label(party)} on {share:g}% means a change of "
                f"{changes[party]:+.1f} points from its {words.fmt.pct(base.national_share.get(party))}."
            )
        if not changes:
            return words.ask_for(
                "What should change?",
                "Tell me which parties move and by how many points, for example:",
                _WHAT_IF_EXAMPLES,
            )
        lead = "With " + words.changes_text(kb, tuple(changes.items())) + " points"
        if method == PROPORTIONAL:
            lead += " (proportional swing)"
        losing = min(changes, key=changes.__getitem__)
        gaining = max(changes, key=changes.__getitem__)
        if len(changes) == 2 and changes[losing] == -changes[gaining] and losing != gaining:
            chart = _chart(base, losing, gaining, changes[gaining])
        else:
            losing, gaining = _pair(
                base,
                losing if changes[losing] < 0 else None,
                gaining if changes[gaining] > 0 else None,
            )
            if losing != gaining:
                chart = _chart(base, losing, gaining)
    too_big = [p for p, v in changes.items() if abs(v) > MAX_CHANGE]
    if too_big:
        return words.ask_for(
            "Too big a change",
            f"A change of more than {MAX_CHANGE:g} points in a party's share is beyond what a "
            "projection from one election can say.",
            _WHAT_IF_EXAMPLES,
        )
    projection = project(base, changes, method, query.place)
    national = query.place is None or query.place.is_whole
    chart = chart if method == UNIFORM and national else None  # the swingometer is UK-wide
    return words.what_if(kb, projection, lead, chart, tuple(notes))


# Targets --------------------------------------------------------------------------------


def _targets(u: Understanding, query: Query, base: Baseline, said) -> Answer:
    kb = u.kb
    party = next((p for p in said.parties if p != said.holder), None)
    if party is None:
        return words.ask_for(
            "Whose targets?",
            "Name a party, for example:",
            (
                "reform's top 20 targets",
                "labour targets in scotland",
                "lib dem targets held by the tories",
            ),
        )
    found, total = targets(base, party, query.place, said.holder, query.n)
    order = _parties(base)
    # The swingometer against the party holding most of these targets (or the one asked about).
    holders = Counter(t.holder for t in found if t.holder not in NOT_PARTIES)
    rival = said.holder or (holders.most_common(1)[0][0] if holders else None)
    rival = rival or (order[0] if party != order[0] else order[1])
    chart = _chart(base, rival, party) if rival != party and rival not in NOT_PARTIES else None
    return words.targets(kb, base, party, found, total, query.place, said.holder, chart)


# What it would take ---------------------------------------------------------------------


def _goal(u: Understanding, query: Query, base: Baseline, said) -> Answer:
    kb = u.kb
    wanted = LARGEST if query.goal == "largest" else MAJORITY
    order = _parties(base)
    if query.goal == "hung":
        return _hung(u, base, said, order)
    party = next((p for p in said.parties if p != said.from_party), None)
    notes = ()
    if party is None:
        party = order[1]
        notes = (
            f"No party named: taking {kb.party_label(party)}, second at the {base.election.name}.",
        )
    rival = said.from_party or (order[0] if party != order[0] else order[1])
    before = base.counts()
    meets = goal_test(base, party, wanted)
    if meets(before):
        reached = search(base, party, rival, goal_test(base, party, wanted, keep=True), MAX_SWING)
        chart = _chart(base, rival, party, -reached.swing if reached.swing is not None else None)
        result = words.goal(kb, base, party, rival, wanted, reached, True, before, chart)
    else:
        reached = search(base, rival, party, meets, MAX_SWING)
        chart = _chart(base, rival, party, reached.swing)
        result = words.goal(kb, base, party, rival, wanted, reached, False, before, chart)
    if notes:
        result = replace(result, notes=(*notes, *result.notes))
    return result


def _hung(u: Understanding, base: Baseline, said, order: list[str]) -> Answer:
    """'what swing would give a hung parliament': the leader losing its majority."""
    kb = u.kb
    leader = order[0]
    before = base.counts()
    if before[leader] < base.majority_line:
        return Answer(
            kind="fact",
            title="Already a hung parliament",
            lines=(
                f"No party won a majority at the {base.election.name}: "
                f"{words.house_line(kb, before, base.size, base.majority_line)}",
            ),
            notes=(words.not_forecast(base),),
            source=words.fmt.source_line(base.election.id),
        )
    rival = next((p for p in said.parties if p != leader), order[1])
    reached = search(base, leader, rival, goal_test(base, leader, MAJORITY, keep=True), MAX_SWING)
    chart = _chart(base, leader, rival, reached.swing)
    return words.goal(kb, base, leader, rival, MAJORITY, reached, True, before, chart)


# Swingometer ----------------------------------------------------------------------------


def _swingometer(u: Understanding, base: Baseline, said) -> Answer:
    kb = u.kb
    losing, gaining = said.from_party, said.to_party
    named = [p for p in said.parties if p not in {losing, gaining}]
    if losing is None and gaining is None and len(named) >= 2:
        losing, gaining = named[0], named[1]
    elif losing is None and gaining is None and named:
        gaining = named[0]
    losing, gaining = _pair(base, losing, gaining)
    if losing == gaining:
        losing, gaining = _pair(base, None, gaining)
    marks = [
        (
            f"{kb.party_label(m.party)} "
            + {
                "majority": "majority",
                "largest": "largest party",
                "loses majority": "loses its majority",
            }[m.what],
            m.at,
        )
        for m in landmarks(base, losing, gaining)
    ]
    return words.swingometer(
        kb, base, losing, gaining, marks, _chart(base, losing, gaining, said.swing)
    )
