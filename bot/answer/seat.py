"""Answers about one seat at one election: winner, majority, turnout, candidates, swing."""

from __future__ import annotations

from bot import format as fmt
from bot.answer.common import candidate, fact, measure_value
from bot.answer.models import Answer
from bot.answer.result import baseline_phrase, outcome_text, party_shown, short_who
from bot.facts import ContestFacts, butler_swing, party_shares
from bot.kb.knowledge import KnowledgeBase
from bot.measures import MEASURES


def winner(kb: KnowledgeBase, facts: ContestFacts, preface: str | None) -> Answer:
    contest, won = facts.contest, facts.winner
    runner = facts.runner_up
    line = (
        f"{candidate(kb, won)} won {contest.name} at the {kb.elections[contest.election].name} "
        f"with {fmt.votes(won.candidacy.votes)} votes ({fmt.pct(won.share)})"
    )
    if runner:
        line += f", a majority of {fmt.votes(facts.majority)} over {candidate(kb, runner)}"
    if contest.unopposed:
        line = f"{candidate(kb, won)} was returned unopposed in {contest.name} at the {kb.elections[contest.election].name}"
    lines = [preface] if preface else []
    lines += [fmt.capital(line) + ".", f"Result: {outcome_text(kb, facts)}."]
    return fact(
        kb,
        f"{contest.name}, {contest.election}",
        lines,
        contest.election,
        colour=kb.party(won.party).colour,
    )


def majority(kb: KnowledgeBase, facts: ContestFacts, preface: str | None) -> Answer:
    contest = facts.contest
    lines = [preface] if preface else []
    runner = facts.runner_up
    lines.append(
        f"The majority in {contest.name} in {contest.election} was {fmt.votes(facts.majority)} "
        f"({fmt.pct(facts.majority_pct)} of valid votes): {candidate(kb, facts.winner)} "
        f"over {candidate(kb, runner) if runner else 'no opponent'}."
    )
    ranking = kb.national[contest.election].rankings["majority"]
    rank = ranking.rank(float(facts.majority), largest=False)
    lines.append(f"It was the {fmt.nth(rank)}smallest of {len(ranking.values)} majorities.")
    return fact(kb, f"{contest.name}, {contest.election}: majority", lines, contest.election)


def turnout(kb: KnowledgeBase, facts: ContestFacts, preface: str | None) -> Answer:
    contest = facts.contest
    lines = [preface] if preface else []
    if facts.turnout_pct is None:
        lines.append(
            f"The electorate of {contest.name} in {contest.election} is not in the loaded data."
        )
    else:
        lines.append(
            f"Turnout in {contest.name} in {contest.election} was {fmt.pct(facts.turnout_pct)}: "
            f"{fmt.votes(contest.valid_votes)} valid votes from an electorate of {fmt.votes(contest.electorate or 0)}."
        )
        ranking = kb.national[contest.election].rankings["turnout"]
        rank = ranking.rank(facts.turnout_pct, largest=False)
        lines.append(f"It was the {fmt.nth(rank)}lowest of {len(ranking.values)}.")
    return fact(
        kb,
        f"{contest.name}, {contest.election}: turnout",
        lines,
        contest.election,
        notes=("Turnout is valid votes over the electorate, as the Commons Library defines it.",),
    )


def candidates(kb: KnowledgeBase, facts: ContestFacts, preface: str | None) -> Answer:
    contest = facts.contest
    lines = [preface] if preface else []
    if contest.party_level:  # the 1918-2019 file: votes by party group, no candidates' names
        lines.append(
            f"The results I have for {contest.election} give votes by party in {contest.name}, "
            "not candidates' names (the Commons Library's 1918-2019 file; 'Others' may be "
            "several candidates):"
        )
    else:
        lines.append(
            f"{len(facts.placed)} candidates stood in {contest.name} in {contest.election}:"
        )
    return Answer(
        kind="list",
        title=f"{contest.name}, {contest.election}: candidates",
        lines=tuple(lines),
        items=tuple(
            f"{p.candidacy.name + ' (' + party_shown(kb, p.candidacy) + ')' if p.candidacy.name else p.candidacy.party_name}: "
            f"{fmt.votes(p.candidacy.votes)} ({fmt.pct(p.share)})"
            for p in facts.placed
        ),
        source=fmt.source_line(contest.election, contest.party_level),
    )


def position(kb: KnowledgeBase, facts: ContestFacts, place: int, preface: str | None) -> Answer:
    contest = facts.contest
    lines = [preface] if preface else []
    index = len(facts.placed) - 1 if place == -1 else place - 1
    if not 0 <= index < len(facts.placed):
        lines.append(
            f"Only {len(facts.placed)} candidates stood in {contest.name} in {contest.election}."
        )
    else:
        p = facts.placed[index]
        gap = facts.placed[index - 1].candidacy.votes - p.candidacy.votes if index else 0
        behind = (
            f", {fmt.votes(gap)} votes behind {short_who(kb, facts.placed[index - 1].candidacy)}"
            if index
            else ""
        )
        lines.append(
            f"{candidate(kb, p)} came {fmt.ordinal(p.position)} in {contest.name} in {contest.election} "
            f"with {fmt.votes(p.candidacy.votes)} votes ({fmt.pct(p.share)}){behind}."
        )
    return fact(kb, f"{contest.name}, {contest.election}", lines, contest.election)


def swing(
    kb: KnowledgeBase, facts: ContestFacts, parties: list[str], preface: str | None
) -> Answer:
    contest = facts.contest
    lines = [preface] if preface else []
    baseline = baseline_phrase(kb, facts)
    if len(parties) >= 2:
        a, b = parties[0], parties[1]
    elif facts.swing:
        a, b = facts.swing.from_party, facts.swing.to_party
        if parties and parties[0] not in (a, b):
            a, b = parties[0], facts.winner.party
    elif facts.runner_up:
        a, b = facts.runner_up.party, facts.winner.party
    else:
        a = b = ""
    points = None
    if a and b and facts.baseline is not None:
        points = butler_swing(a, b, party_shares(contest), _before_shares(kb, facts))
    elif a and b:
        changes = {p.party: p.change for p in facts.placed if p.change is not None}
        if a in changes and b in changes:
            points = (changes[b] - changes[a]) / 2
    if points is None and not (a and b):
        lines.append(
            f"There is no swing to compute in {contest.name} in {contest.election}: it needs two parties."
        )
    elif points is None:
        missing = [
            kb.party(code).label
            for code in (a, b)
            if not any(p.party == code and p.change is not None for p in facts.placed)
        ]
        why = (
            f"{fmt.join_names(missing)} did not stand both here and at the baseline ({facts.baseline_label or 'the previous election'})"
            if missing
            else "their shares at the baseline are not both known"
        )
        lines.append(
            f"I can't compute a swing between {kb.party(a).label} and {kb.party(b).label} in "
            f"{contest.name} in {contest.election}: {why}."
        )
    else:
        direction = (a, b) if points >= 0 else (b, a)
        lines.append(
            f"The swing from {kb.party_label(direction[0])} to {kb.party_label(direction[1])} in "
            f"{contest.name} in {contest.election} was {fmt.pct(abs(points))} (Butler swing, {baseline})."
        )
    return fact(
        kb,
        f"{contest.name}, {contest.election}: swing",
        lines,
        contest.election,
        notes=("Butler swing: the average of one party's rise and the other's fall in share.",),
    )


def _before_shares(kb: KnowledgeBase, facts: ContestFacts) -> dict[str, float]:
    before = party_shares(facts.baseline) if facts.baseline else {}
    for code, party in kb.parties.items():
        if party.predecessor and code not in before and party.predecessor in before:
            before[code] = before[party.predecessor]
    return before


def swing_needed(kb: KnowledgeBase, facts: ContestFacts, preface: str | None) -> Answer:
    contest = facts.contest
    lines = [preface] if preface else []
    runner = facts.runner_up
    if runner is None or facts.swing_needed is None:
        lines.append(f"{contest.name} had only one candidate in {contest.election}.")
    else:
        lines.append(
            f"{fmt.capital(fmt.party_noun(kb.party(runner.party)))} needed a swing of {fmt.pct(facts.swing_needed)} to take "
            f"{contest.name} from {facts.winner.candidacy.party_name}: half the "
            f"{fmt.pct(facts.majority_pct)} majority of {contest.election}."
        )
    return fact(kb, f"{contest.name}, {contest.election}: swing needed", lines, contest.election)


def party_in_seat(
    kb: KnowledgeBase, facts: ContestFacts, party: str, preface: str | None
) -> Answer:
    """How one party did in one seat: votes, share, change, position."""
    contest = facts.contest
    placed = [p for p in facts.placed if p.party == party]
    name = kb.party(party).label
    lines = [preface] if preface else []
    if not placed:
        lines.append(
            f"{fmt.capital(fmt.party_noun(kb.party(party)))} did not stand in {contest.name} in {contest.election}."
        )
    for p in placed:
        change = (
            f", {fmt.pp(p.change)} {baseline_phrase(kb, facts)}" if p.change is not None else ""
        )
        lines.append(
            f"{candidate(kb, p)} won {fmt.votes(p.candidacy.votes)} votes in {contest.name} in {contest.election}: "
            f"{fmt.pct(p.share)}{change}, finishing {fmt.ordinal(p.position)} of {len(facts.placed)}."
        )
    return fact(kb, f"{contest.name}, {contest.election}: {name}", lines, contest.election)


def party_won_seat(
    kb: KnowledgeBase, facts: ContestFacts, party: str, preface: str | None
) -> Answer:
    """'Did Labour win Clacton?': yes or no first, then who did."""
    contest = facts.contest
    name = fmt.party_noun(kb.party(party))
    lines = [preface] if preface else []
    if facts.winner.party == party:
        lines.append(
            f"Yes: {name} won {contest.name} in {contest.election} ({outcome_text(kb, facts)}), "
            f"{candidate(kb, facts.winner)} with a majority of {fmt.votes(facts.majority)}."
        )
    else:
        mine = next((p for p in facts.placed if p.party == party), None)
        where = (
            f"{name} came {fmt.ordinal(mine.position)} with {fmt.pct(mine.share)}"
            if mine
            else f"{name} did not stand"
        )
        lines.append(
            f"No: {contest.name} was won by {candidate(kb, facts.winner)} in {contest.election} "
            f"({outcome_text(kb, facts)}); {where}."
        )
    return fact(kb, f"{contest.name}, {contest.election}", lines, contest.election)


def rank_of(
    kb: KnowledgeBase, facts: ContestFacts, measure: str, largest: bool, party: str | None
) -> Answer:
    """Where one seat stands on a measure: among its winner's party's seats, and among all."""
    election = facts.contest.election
    table = kb.national[election].rankings[measure]
    order = [
        f
        for _, f in (
            table.largest(len(table.values)) if largest else table.smallest(len(table.values))
        )
    ]
    own = party or facts.winner.party
    mine = [f for f in order if f.winner.party == own]
    wording = MEASURES[measure]
    adjective = wording.end(largest)
    noun = "" if measure == "majority_pct" else f" {wording.one}"
    if facts not in mine:
        line = f"{facts.contest.name} was not won by {fmt.party_noun(kb.party(own))} in {election}, or has no{noun or ' majority'} to rank."
    else:
        verb = "was" if measure == "majority_pct" else "had"  # 'was the 11th safest'
        line = (
            f"{facts.contest.name} {verb} the {fmt.nth(mine.index(facts) + 1)}{adjective}{noun} of the "
            f"{len(mine)} {kb.party(own).label} seats in {election}"
        )
        if not party:
            line += f", and the {fmt.nth(order.index(facts) + 1)}{adjective} of all {len(order)}"
        line += f": {measure_value(facts, measure)}."
    return fact(kb, f"{facts.contest.name}, {election}", [line], election)
