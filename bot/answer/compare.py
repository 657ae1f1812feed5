"""Two or more elections side by side: a party's seats, votes or share; a seat; a person."""

from __future__ import annotations

from bot import format as fmt
from bot.answer import live
from bot.answer.area import lumped_together, not_stood
from bot.answer.common import fact, plural
from bot.answer.models import Answer
from bot.answer.result import outcome_text, who
from bot.areas import Area
from bot.facts import ContestFacts
from bot.kb.knowledge import KnowledgeBase
from bot.models import Candidacy, Contest, Person

BOUNDARIES_NOTE = (
    "The 2024 election was fought on new boundaries: the {year} figures are the actual results on the "
    "old ones."
)


def _change(now: float, before: float, unit: str) -> str:
    difference = now - before
    if unit == "pp":
        return fmt.pp(difference)
    return f"{'+' if difference > 0 else ''}{difference:,.0f}"


def _direction_answer(asked: str, values: list[float], subject_first: bool) -> str:
    """'Yes' or 'No' to 'did X get more (fewer) ... in A than B', in the question's own terms."""
    now, before = (values[0], values[-1]) if subject_first else (values[-1], values[0])
    more = now > before
    if asked == "more":
        return "Yes" if more else "No"
    return "Yes" if not more and now != before else "No"


def _notes(kb: KnowledgeBase, elections: list[str]) -> tuple[str, ...]:
    if "2024" in elections and len(elections) > 1:
        earlier = [e for e in elections if e != "2024"]
        return (BOUNDARIES_NOTE.format(year=fmt.join_names(earlier)),)
    return ()


def _while_counting(
    kb: KnowledgeBase, area: Area, party: str, key: str, asked: str, what: str, parts: list[str]
) -> str:
    """Seats or votes against an election still being counted: the totals are not comparable
    yet, so the change is given for the seats declared so far (as `!national` gives it)."""
    name = fmt.capital(fmt.party_noun(kb.party(party)))
    declared, seats = live.declared_in_area(kb, area) or (len(area.facts.contests), 0)
    prefix = "Not known yet: " if asked else ""
    line = (
        f"{prefix}{fmt.possessive(name)} {what}: {'; '.join(parts)} so far. With {declared} of "
        f"{plural(seats, 'seat')}{area.where} declared, the totals are not comparable yet"
    )
    if key == "votes":
        return line + "."
    election = area.election
    baseline = election.baseline_label or election.baseline
    net = live.net_change(area.facts).get(party, 0)
    return (
        line + f"; in the seats declared so far, {fmt.party_noun(kb.party(party))} "
        f"{fmt.has(name)} a net change of {net:+d} against {baseline}."
    )


def party_over_time(
    kb: KnowledgeBase,
    areas: list[Area],
    party: str,
    what: str,
    asked: str = "",
    notional: Area | None = None,
    subject_first: bool = False,
) -> Answer:
    """A party's seats, votes and share at each election, and the change (what leads the line).

    Where the party did not stand earlier but its predecessor did (Reform UK and the Brexit
    Party), the predecessor's figures are used and named.
    """
    name = fmt.capital(fmt.party_noun(kb.party(party)))
    where = areas[-1].where
    parts, values, stand_ins = [], [], []
    for area in areas:
        total = area.facts.party(party)
        predecessor = kb.party(party).predecessor
        if total is None and predecessor and area.facts.party(predecessor):
            total = area.facts.party(predecessor)
            former = fmt.party_noun(kb.party(predecessor))
            stand_ins.append(f"{former[:1].lower() + former[1:]} in {area.election.id}")
        if total is None and lumped_together(area, party):
            return fact(kb, name, [not_stood(kb, area, party)], area.election.id)
        seats, votes, share = (total.seats, total.votes, total.share) if total else (0, 0, 0.0)
        values.append({"seats": seats, "votes": votes, "share": share})
        if what == "share":
            parts.append(f"{fmt.pct(share)} in {area.election.id} ({fmt.votes(votes)} votes)")
        elif what == "votes":
            parts.append(f"{fmt.votes(votes)} votes in {area.election.id} ({fmt.pct(share)})")
        else:
            parts.append(f"{plural(seats, 'seat')} in {area.election.id}")
    key = {"share": "share", "votes": "votes"}.get(what, "seats")
    first, last = values[0][key], values[-1][key]
    unit = "pp" if key == "share" else ""
    change = _change(last, first, unit)
    noun = {"share": "share of the vote", "votes": "vote", "seats": "seats"}[key]
    prefix = ""
    if asked:
        prefix = f"{_direction_answer(asked, [v[key] for v in values], subject_first)}: "
    instead = f" (as {fmt.join_names(stand_ins)})" if stand_ins else ""
    line = (
        f"{prefix}{fmt.possessive(name)} {noun}{where}{instead}: {'; '.join(parts)}. Change {areas[0].election.id} to "
        f"{areas[-1].election.id}: {change}{'' if unit else ' ' + ('votes' if key == 'votes' else 'seats')}."
    )
    progress = kb.progress.get(areas[-1].election.id)
    if progress is not None and key in ("seats", "votes"):
        line = _while_counting(kb, areas[-1], party, key, asked, f"{noun}{where}{instead}", parts)
    lines = [line]
    if notional is not None and key == "seats":
        total = notional.facts.party(party)
        lines.append(
            f"On the notional 2019 results for the 2024 boundaries (the baseline for 2024's gains and "
            f"losses), {fmt.party_noun(kb.party(party))} had {plural(total.seats if total else 0, 'seat')}{where}."
        )
    elections = [a.election.id for a in areas]
    return Answer(
        kind="fact",
        title=f"{name}{areas[-1].suffix}, {' vs '.join(elections)}",
        lines=tuple(lines),
        notes=_notes(kb, elections),
        source=fmt.sources_line(elections),
        colour=kb.party(party).colour,
    )


def area_over_time(kb: KnowledgeBase, areas: list[Area], what: str) -> Answer:
    """Turnout, or the leading parties' seats, at each election in the area."""
    elections = [a.election.id for a in areas]
    where = areas[-1].where
    if what == "turnout":
        parts = [f"{fmt.pct(a.facts.turnout_pct)} in {a.election.id}" for a in areas]
        change = fmt.pp((areas[-1].facts.turnout_pct or 0) - (areas[0].facts.turnout_pct or 0))
        lines = [f"Turnout{where}: {'; '.join(parts)} ({change})."]
    else:
        lines = []
        for area in areas:
            top = ", ".join(
                f"{kb.party(p.party).abbrev} {p.seats}" for p in area.facts.parties[:6] if p.seats
            )
            lines.append(f"{area.election.id}: {top} (of {len(area.facts.contests)}).")
    return Answer(
        kind="fact",
        title=f"{'Turnout' if what == 'turnout' else 'Seats'}{areas[-1].suffix}, {' vs '.join(elections)}",
        lines=tuple(lines),
        notes=_notes(kb, elections),
        source=fmt.sources_line(elections),
    )


def _seat_line(kb: KnowledgeBase, facts: ContestFacts, what: str) -> str:
    contest = facts.contest
    if what == "turnout":
        return (
            f"{contest.election}: turnout {fmt.pct(facts.turnout_pct)} "
            f"({fmt.votes(contest.valid_votes)} valid votes from {fmt.votes(contest.electorate or 0)})"
        )
    if what == "majority":
        return (
            f"{contest.election}: majority {fmt.votes(facts.majority)} ({fmt.pct(facts.majority_pct)}), "
            f"{who(kb, facts.winner.candidacy)}"
        )
    return (
        f"{contest.election}: {who(kb, facts.winner.candidacy)} won with "
        f"{fmt.votes(facts.winner.candidacy.votes)} votes ({fmt.pct(facts.winner.share)}), a majority of "
        f"{fmt.votes(facts.majority)}: {outcome_text(kb, facts)}"
    )


def seat_over_time(
    kb: KnowledgeBase, name: str, rows: list[ContestFacts], missing: list[str], what: str
) -> Answer:
    """One seat at several elections: the winner, majority or turnout at each."""
    elections = [f.contest.election for f in rows]
    lines = [_seat_line(kb, f, what) + "." for f in rows]
    lines += [f"{e}: no contest under this name." for e in missing]
    if what == "turnout" and len(rows) > 1 and all(f.turnout_pct for f in rows):
        change = fmt.pp(rows[-1].turnout_pct - rows[0].turnout_pct)
        lines.append(f"Change: {change}.")
    return Answer(
        kind="fact",
        title=f"{name}, {' vs '.join(elections + missing)}",
        lines=tuple(lines),
        notes=_notes(kb, elections),
        source=fmt.sources_line(elections),
        colour=kb.party(rows[-1].winner.party).colour if rows else None,
    )


def person_over_time(
    kb: KnowledgeBase,
    person: Person,
    rows: list[tuple[Contest, Candidacy]],
    missing: list[str],
    what: str,
    asked: str = "",
    subject_first: bool = False,
) -> Answer:
    """A person's votes (or share, or majority) at several elections."""
    parts, values = [], []
    for contest, candidacy in rows:
        facts = kb.facts_for(contest)
        placed = next(p for p in facts.placed if p.candidacy is candidacy)
        if what == "person_share":
            values.append(placed.share)
        else:
            values.append(float(candidacy.votes))
        parts.append(
            f"{contest.election}: {fmt.votes(candidacy.votes)} votes ({fmt.pct(placed.share)}) in "
            f"{contest.name}, {fmt.ordinal(placed.position)}"
        )
    lines = []
    if len(values) > 1:
        prefix = f"{_direction_answer(asked, values, subject_first)}: " if asked else ""
        unit = "pp" if what == "person_share" else ""
        lines.append(
            f"{prefix}{person.name}: {'; '.join(parts)}. Change: {_change(values[-1], values[0], unit)}"
            f"{'' if unit else ' votes'}."
        )
    else:
        lines.append(f"{person.name}: {'; '.join(parts)}.")
    lines += [f"{person.name} did not stand in {e}." for e in missing]
    elections = [c.election for c, _ in rows]
    return fact(
        kb, f"{person.name}, {' vs '.join(elections)}", lines, elections[-1] if elections else ""
    )
