"""The map as an answer: what it shows, said in words, and the map asked for (bot/charts draws it).

One hex per seat needs seats that one of the two layouts holds (bot.hexlayout): general elections
from 2010. Before that, the answer says there is no map rather than misplace seats.
"""

from __future__ import annotations

from collections import Counter

from bot import format as fmt
from bot.answer import live
from bot.answer.common import plural
from bot.answer.models import Answer, ChartRequest
from bot.areas import Area
from bot.facts import ContestFacts
from bot.hexlayout import BOUNDARIES, in_place, layout, layout_name
from bot.kb.knowledge import KnowledgeBase
from bot.models import Contest, Election
from bot.places import UK, nation_of, region_of

MODES = ("winner", "changed", "won", "second", "share")


def no_map(election: Election) -> Answer:
    """Why there is no map of an election before 2010."""
    return Answer(
        kind="not_found",
        title=f"No map of the {election.name}",
        lines=(
            f"I have no map of the {election.name}: its seats differ from both hex layouts I have "
            "(the 650 seats of 2010-2019 and the 650 of 2024), and I would rather draw no map than "
            "put seats in the wrong place.",
            "Ask for a map of any general election from 2010, for example 'map of 2010' or 'map 2024'.",
        ),
    )


def _layout(election: Election) -> str | None:
    return layout_name(election.year, election.notional)


def _counts(kb: KnowledgeBase, counts: Counter, limit: int = 8) -> str:
    parts = [f"{kb.party_label(p)} {n}" for p, n in counts.most_common(limit)]
    if len(counts) > limit:
        parts.append(f"others {sum(n for _, n in counts.most_common()[limit:])}")
    return ", ".join(parts)


def _place(area: Area) -> tuple[str, str] | None:
    return None if area.place.is_whole else (area.place.kind, area.place.name)


def _inside(hex_, area: Area) -> bool:
    return in_place(hex_, area.place.kind, area.place.name)


def _gain(facts: ContestFacts) -> bool:
    return bool(facts.placed and facts.outcome.gain and facts.outcome.previous)


def area_map(kb: KnowledgeBase, area: Area, mode: str, party: str | None) -> Answer:
    """The map of an election (in a place): every seat's winner, the seats that changed hands,
    one party's seats, where it came second, or its share."""
    election = area.election
    grid = _layout(election)
    if grid is None:
        return no_map(election)
    mode = mode if mode in MODES else "winner"
    if mode in {"won", "second", "share"} and not party:
        mode = "winner"
    contests = [f for f in area.facts.contests if f.placed]
    baseline = election.baseline_label or "the previous election"
    gains = [f for f in contests if _gain(f)]
    where = area.where
    counted = live.declared_in_area(kb, area)
    lines: list[str] = []
    if counted is not None:
        declared, expected = counted[0], counted[1]
        lines.append(
            f"{declared} of {expected} seats{where} have declared so far: the others are empty "
            "outlines on the map."
        )
    else:
        shown = sum(1 for h in layout(grid).hexes if _inside(h, area))
        if len(contests) < shown:
            lines.append(
                f"Results are loaded for {len(contests)} of the {shown} seats{where}: the others "
                "are empty outlines."
            )
    name = fmt.the(kb.party(party).name) if party else ""
    if mode == "winner":
        winners = Counter(f.winner.party for f in contests)
        seats = (
            f"{len(contests)} {area.place.name} seats"
            if area.place.kind == "named"
            else f"{plural(len(contests), 'seat')}{where}"
        )
        lines.append(
            f"{'Each of the' if len(contests) > 1 else 'The'} {seats} in its winner's colour, one "
            f"equal hexagon per seat: {_counts(kb, winners)}."
        )
        if gains and election.baseline:
            lines.append(f"Ringed: the {len(gains)} that changed hands (vs {baseline}).")
    elif mode == "changed":
        winners = Counter(f.winner.party for f in gains)
        lines.append(
            f"{len(gains)} of {len(contests)} seats{where} changed hands at the {election.name} "
            f"(vs {baseline}), in full colour and ringed; seats held are pale. Gains by party: "
            f"{_counts(kb, winners) or 'none'}."
        )
    elif mode == "won":
        won = [f for f in contests if f.winner.party == party]
        mine = [f for f in won if _gain(f)]
        lines.append(
            f"{fmt.capital(name)} won {plural(len(won), 'seat')}{where} at the {election.name}, "
            f"shown in colour ({len(mine)} of them gains vs {baseline}, ringed); other seats grey."
        )
    elif mode == "second":
        second = [f for f in contests if f.runner_up is not None and f.runner_up.party == party]
        behind = Counter(f.winner.party for f in second)
        lines.append(
            f"{fmt.capital(name)} came second in {plural(len(second), 'seat')}{where} at the "
            f"{election.name}, each in the colour of the party that won it: "
            f"{_counts(kb, behind) or 'none'}. Other seats are grey."
        )
    else:
        shares = [
            (sum(p.share for p in f.placed if p.party == party), f)
            for f in contests
            if any(p.party == party for p in f.placed)
        ]
        if shares:
            low, high = (
                min(shares, key=lambda entry: entry[0]),
                max(shares, key=lambda entry: entry[0]),
            )
            lines.append(
                f"{fmt.capital(fmt.possessive(name))} share of the vote in each of "
                f"the {plural(len(shares), 'seat')}{where} it fought at the {election.name}, from "
                f"{fmt.pct(low[0])} ({low[1].contest.name}) to {fmt.pct(high[0])} "
                f"({high[1].contest.name}); darker is lower, yellow is higher (viridis). Grey: "
                f"{plural(len(contests) - len(shares), 'seat')} it did not fight."
            )
        else:
            lines.append(f"{fmt.capital(name)} fought no seat{where} at the {election.name}.")
    return Answer(
        kind="fact",
        title=f"Map of the {election.name}{area.suffix}",
        lines=tuple(lines),
        notes=(
            f"Hex layout of the seats on {BOUNDARIES[grid]} by Open Innovations (MIT): every seat the "
            "same size, wherever it is.",
        ),
        source=fmt.source_line(election.id),
        colour=kb.party(party).colour if party else None,
        charts=(ChartRequest("map", election.id, mode=mode, party=party, place=_place(area)),),
    )


def seat_map(kb: KnowledgeBase, contest: Contest, preface: str | None = None) -> Answer:
    """Where a seat is: the map of its election with the seat outlined and named (during a
    count, a seat still to declare is outlined too)."""
    facts = kb.facts.get((contest.election, kb.contest_key(contest)))
    declared = facts is not None and kb.is_declared(contest)
    election = kb.elections[contest.election]
    grid = _layout(election)
    if grid is None:
        return no_map(election)
    region = region_of(contest)
    where = (
        f"{'the ' if region != 'London' else ''}{region}, England"
        if region
        else nation_of(contest) or "the UK"
    )
    lines = [preface] if preface else []
    lines.append(
        f"{contest.name} is in {where}: outlined and named on the map of the {election.name}, "
        "the other seats pale in their winners' colours."
    )
    if not declared:
        lines.append(f"It has not declared yet at the {election.name}.")
    elif facts.placed:
        winner = facts.winner
        lines.append(
            f"{winner.candidacy.name} ({kb.party_label(winner.party)}) won it: "
            f"{facts.outcome.text(kb.abbreviations())}."
        )
    return Answer(
        kind="fact",
        title=f"Where is {contest.name}?",
        lines=tuple(lines),
        notes=(f"Hex layout of the seats on {BOUNDARIES[grid]} by Open Innovations (MIT).",),
        source=fmt.source_line(election.id),
        colour=kb.party(facts.winner.party).colour if declared and facts.placed else None,
        charts=(ChartRequest("map", election.id, seat=kb.contest_key(contest)),),
    )


def election_map(kb: KnowledgeBase, election: Election) -> Answer:
    """`!map [ELECTION]`: the map of a whole election (so far, during a count)."""
    if _layout(election) is None:
        return no_map(election)
    national = kb.national.get(election.id)
    if national is None or not national.contests:
        return live.none_declared(kb, UK, election.id)
    return area_map(kb, Area(national, UK), "winner", None)
