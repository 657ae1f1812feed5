"""Answers to understood questions, each computed from the knowledge base and sourced."""

from __future__ import annotations

from dataclasses import dataclass

from bot.answer import format as fmt
from bot.answer.charts import changes_charts, national_charts
from bot.answer.models import Answer, Table
from bot.answer.result import baseline_phrase, outcome_text, short_who, who
from bot.facts import ContestFacts, Placed, butler_swing, party_shares
from bot.kb.knowledge import KnowledgeBase, NationalFacts
from bot.kb.models import Candidacy, Contest, Person, Precedent


@dataclass(frozen=True)
class Wording:
    """How answers name a ranked measure and its two ends."""

    one: str
    many: str
    largest: str
    smallest: str

    def end(self, largest: bool) -> str:
        return self.largest if largest else self.smallest


WORDING = {
    "majority": Wording("majority", "majorities", "largest", "smallest"),
    "majority_pct": Wording(
        "majority as a share of the vote",
        "majorities as a share of the vote",
        "safest",
        "most marginal",
    ),
    "turnout": Wording("turnout", "turnouts", "highest", "lowest"),
    "winning_share": Wording(
        "winning share of the vote", "winning shares of the vote", "highest", "lowest"
    ),
    "swing": Wording("swing", "swings", "biggest", "smallest"),
    "electorate": Wording("electorate", "electorates", "largest", "smallest"),
    "winner_votes": Wording("winning vote", "winning votes", "largest", "smallest"),
}


def _candidate(kb: KnowledgeBase, placed: Placed | Candidacy) -> str:
    candidacy = placed.candidacy if isinstance(placed, Placed) else placed
    return who(kb, candidacy)


def _fact(
    kb: KnowledgeBase, title: str, lines: list[str], election: str, notes=(), colour=None
) -> Answer:
    return Answer(
        kind="fact",
        title=title,
        lines=tuple(lines),
        notes=tuple(notes),
        source=fmt.source_line(election),
        colour=colour,
    )


def _measure_value(kb: KnowledgeBase, facts: ContestFacts, measure: str) -> str:
    if measure == "majority":
        return f"majority {fmt.votes(facts.majority)} ({fmt.pct(facts.majority_pct)})"
    if measure == "majority_pct":
        return f"majority {fmt.pct(facts.majority_pct)} ({fmt.votes(facts.majority)} votes)"
    if measure == "turnout":
        return f"turnout {fmt.pct(facts.turnout_pct)}"
    if measure == "winning_share":
        return f"winning share {fmt.pct(facts.winner.share)}"
    if measure == "winner_votes":
        return f"{fmt.votes(facts.winner.candidacy.votes)} votes"
    if measure == "electorate":
        return f"electorate {fmt.votes(facts.contest.electorate or 0)}"
    if measure == "swing" and facts.swing:
        return f"{fmt.pct(facts.swing.points)} swing"
    return ""


def _winner_phrase(kb: KnowledgeBase, facts: ContestFacts) -> str:
    return f"{_candidate(kb, facts.winner)}, {outcome_text(kb, facts)}"


# Seats ----------------------------------------------------------------------------------


def winner(kb: KnowledgeBase, facts: ContestFacts, lead: str | None) -> Answer:
    contest, won = facts.contest, facts.winner
    runner = facts.runner_up
    line = (
        f"{_candidate(kb, won)} won {contest.name} at the {kb.elections[contest.election].name} "
        f"with {fmt.votes(won.candidacy.votes)} votes ({fmt.pct(won.share)})"
    )
    if runner:
        line += f", a majority of {fmt.votes(facts.majority)} over {_candidate(kb, runner)}"
    if contest.unopposed:
        line = f"{_candidate(kb, won)} was returned unopposed in {contest.name} at the {kb.elections[contest.election].name}"
    lines = [lead] if lead else []
    lines += [fmt.capital(line) + ".", f"Result: {outcome_text(kb, facts)}."]
    return _fact(
        kb,
        f"{contest.name}, {contest.election}",
        lines,
        contest.election,
        colour=kb.party(won.party).colour,
    )


def majority(kb: KnowledgeBase, facts: ContestFacts, lead: str | None) -> Answer:
    contest = facts.contest
    lines = [lead] if lead else []
    runner = facts.runner_up
    lines.append(
        f"The majority in {contest.name} in {contest.election} was {fmt.votes(facts.majority)} "
        f"({fmt.pct(facts.majority_pct)} of valid votes): {_candidate(kb, facts.winner)} "
        f"over {_candidate(kb, runner) if runner else 'no opponent'}."
    )
    ranking = kb.national[contest.election].rankings["majority"]
    rank = ranking.rank(float(facts.majority), largest=False)
    lines.append(f"It was the {fmt.nth(rank)}smallest of {len(ranking.values)} majorities.")
    return _fact(kb, f"{contest.name}, {contest.election}: majority", lines, contest.election)


def turnout(kb: KnowledgeBase, facts: ContestFacts, lead: str | None) -> Answer:
    contest = facts.contest
    lines = [lead] if lead else []
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
    return _fact(
        kb,
        f"{contest.name}, {contest.election}: turnout",
        lines,
        contest.election,
        notes=("Turnout is valid votes over the electorate, as the Commons Library defines it.",),
    )


def candidates(kb: KnowledgeBase, facts: ContestFacts, lead: str | None) -> Answer:
    contest = facts.contest
    lines = [lead] if lead else []
    lines.append(f"{len(facts.placed)} candidates stood in {contest.name} in {contest.election}:")
    return Answer(
        kind="list",
        title=f"{contest.name}, {contest.election}: candidates",
        lines=tuple(lines),
        items=tuple(
            f"{p.candidacy.name} ({p.candidacy.party_name}): {fmt.votes(p.candidacy.votes)} ({fmt.pct(p.share)})"
            for p in facts.placed
        ),
        source=fmt.source_line(contest.election),
    )


def position(kb: KnowledgeBase, facts: ContestFacts, place: int, lead: str | None) -> Answer:
    contest = facts.contest
    lines = [lead] if lead else []
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
            f"{_candidate(kb, p)} came {fmt.ordinal(p.position)} in {contest.name} in {contest.election} "
            f"with {fmt.votes(p.candidacy.votes)} votes ({fmt.pct(p.share)}){behind}."
        )
    return _fact(kb, f"{contest.name}, {contest.election}", lines, contest.election)


def swing(kb: KnowledgeBase, facts: ContestFacts, parties: list[str], lead: str | None) -> Answer:
    contest = facts.contest
    lines = [lead] if lead else []
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
    return _fact(
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


def swing_needed(kb: KnowledgeBase, facts: ContestFacts, lead: str | None) -> Answer:
    contest = facts.contest
    lines = [lead] if lead else []
    runner = facts.runner_up
    if runner is None or facts.swing_needed is None:
        lines.append(f"{contest.name} had only one candidate in {contest.election}.")
    else:
        lines.append(
            f"{fmt.capital(fmt.the(kb.party(runner.party).name))} needed a swing of {fmt.pct(facts.swing_needed)} to take "
            f"{contest.name} from {facts.winner.candidacy.party_name}: half the "
            f"{fmt.pct(facts.majority_pct)} majority of {contest.election}."
        )
    return _fact(kb, f"{contest.name}, {contest.election}: swing needed", lines, contest.election)


# People ---------------------------------------------------------------------------------


def career_line(kb: KnowledgeBase, contest: Contest, candidacy: Candidacy) -> str:
    facts = kb.facts_for(contest)
    placed = next(p for p in facts.placed if p.candidacy is candidacy)
    if placed.position == 1:
        how = f"won with a majority of {fmt.votes(facts.majority)} ({fmt.pct(facts.majority_pct)})"
    else:
        behind = facts.winner.candidacy.votes - candidacy.votes
        how = f"came {fmt.ordinal(placed.position)}, {fmt.votes(behind)} votes behind {short_who(kb, facts.winner.candidacy)}"
    return (
        f"{contest.election}: {contest.name}, {candidacy.party_name}: {fmt.votes(candidacy.votes)} votes "
        f"({fmt.pct(placed.share)}), {how}"
    )


def person(kb: KnowledgeBase, who: Person, precedents: list[Precedent]) -> Answer:
    career = kb.careers.get(who.id, ())
    lines = []
    if who.bio:
        lines.append(who.bio)
    lines.extend(who.facts)
    if not who.bio and career:
        latest_contest, latest = career[-1]
        lines.append(
            f"{who.name} stood for {latest.party_name} in {latest_contest.name} in {latest_contest.election}."
        )
    items = tuple(career_line(kb, c, cand) for c, cand in career)
    notes = [p.answer for p in precedents if p.answer not in lines][:1]
    elections = sorted({c.election for c, _ in career})
    source = fmt.source_line(elections[-1]) if elections else None
    if who.source and not career:
        source = "Source: Returning Officer's curated knowledge."
    colour = kb.party(career[-1][1].party).colour if career else None
    return Answer(
        kind="candidate",
        title=who.name,
        lines=tuple(lines),
        items=items,
        notes=tuple(notes),
        source=source,
        colour=colour,
    )


def person_stat(
    kb: KnowledgeBase, who: Person, contest: Contest, candidacy: Candidacy, stat: str
) -> Answer:
    facts = kb.facts_for(contest)
    placed = next(p for p in facts.placed if p.candidacy is candidacy)
    where = f"in {contest.name} in {contest.election}"
    if stat == "votes":
        line = f"{who.name} won {fmt.votes(candidacy.votes)} votes {where} ({fmt.pct(placed.share)}, {fmt.ordinal(placed.position)} place)."
    elif stat == "share":
        line = f"{who.name}'s share of the vote {where} was {fmt.pct(placed.share)} ({fmt.votes(candidacy.votes)} votes, {fmt.ordinal(placed.position)} place)."
    elif stat == "party":
        standing = (
            "as an independent" if candidacy.party == "Ind" else f"for {candidacy.party_name}"
        )
        line = f"{who.name} stood {standing} {where}."
    elif stat == "position":
        line = f"{who.name} came {fmt.ordinal(placed.position)} of {len(facts.placed)} {where}, with {fmt.votes(candidacy.votes)} votes ({fmt.pct(placed.share)})."
    elif placed.position == 1:
        runner = facts.runner_up
        line = (
            f"{who.name}'s majority {where} was {fmt.votes(facts.majority)} ({fmt.pct(facts.majority_pct)})"
            + (f" over {_candidate(kb, runner)}." if runner else ".")
        )
    else:
        gap = facts.winner.candidacy.votes - candidacy.votes
        line = (
            f"{who.name} did not win {where}: {fmt.ordinal(placed.position)}, {fmt.votes(gap)} votes behind "
            f"{_candidate(kb, facts.winner)}, whose majority was {fmt.votes(facts.majority)}."
        )
    return _fact(kb, f"{who.name}, {contest.election}", [line], contest.election)


def held_or_lost(
    kb: KnowledgeBase, who: Person, contest: Contest, candidacy: Candidacy, asked_lost: bool
) -> Answer:
    """Yes or no first, in the question's own terms, then the facts."""
    facts = kb.facts_for(contest)
    placed = next(p for p in facts.placed if p.candidacy is candidacy)
    where = f"{contest.name} in {contest.election}"
    standing = (
        "as an independent"
        if candidacy.party == "Ind"
        else f"as the {candidacy.party_name} candidate"
    )
    if placed.position == 1:
        verb = "held" if candidacy.sitting_mp else "won"
        answer = "No" if asked_lost else "Yes"
        line = (
            f"{answer}: {who.name} {verb} {where} {standing} with a majority of "
            f"{fmt.votes(facts.majority)} ({fmt.pct(facts.majority_pct)})."
        )
    else:
        answer = "Yes" if asked_lost else "No"
        what = "was defeated" if candidacy.sitting_mp else "did not win"
        line = (
            f"{answer}: {who.name} {what} in {where}, finishing {fmt.ordinal(placed.position)} "
            f"{fmt.votes(facts.winner.candidacy.votes - candidacy.votes)} votes behind "
            f"{_candidate(kb, facts.winner)}. Result: {outcome_text(kb, facts)}."
        )
    return _fact(kb, f"{who.name}, {contest.election}", [line], contest.election)


def gap(kb: KnowledgeBase, contest: Contest, first: Candidacy, second: Candidacy) -> Answer:
    ahead, behind = (first, second) if first.votes >= second.votes else (second, first)
    difference = ahead.votes - behind.votes
    line = (
        f"In {contest.name} in {contest.election}, {ahead.name} ({fmt.votes(ahead.votes)}) finished "
        f"{fmt.votes(difference)} votes ahead of {behind.name} ({fmt.votes(behind.votes)}), "
        f"{fmt.pct(100 * difference / contest.valid_votes)} of the valid vote."
    )
    return _fact(kb, f"{contest.name}, {contest.election}", [line], contest.election)


# National -------------------------------------------------------------------------------


def national_table(kb: KnowledgeBase, national: NationalFacts, limit: int = 12) -> Table:
    rows = tuple(
        (kb.party_label(p.party), str(p.seats), fmt.votes(p.votes), fmt.pct(p.share))
        for p in national.parties[:limit]
    )
    return Table(
        ("Party", "Seats", "Votes", "Share"), rows, (False, True, True, True), caption="By party"
    )


def national(kb: KnowledgeBase, national: NationalFacts) -> Answer:
    election = national.election
    leader = national.parties[0]
    lines = [
        f"{fmt.capital(fmt.the(kb.party(leader.party).name))} won {leader.seats} of {len(national.contests)} seats at the "
        f"{election.name} with {fmt.pct(leader.share)} of the vote. Turnout was {fmt.pct(national.turnout_pct)}.",
    ]
    return Answer(
        kind="national",
        title=f"{election.name}, {fmt.long_date(election.date)}",
        lines=tuple(lines),
        table=national_table(kb, national),
        notes=(
            "Labour and Co-operative candidates count as Labour; the NI Greens are shown apart from the Green Party.",
        )
        + history_caveats(national),
        source=fmt.source_line(election.id),
        colour=kb.party(leader.party).colour,
        charts=national_charts(national),
    )


def _party_total(kb: KnowledgeBase, national: NationalFacts, party: str):
    """A party's national total, its name as a sentence subject, and the line if it did not stand."""
    total = national.party(party)
    name = fmt.capital(fmt.the(kb.party(party).name))
    absent = None if total else f"{name} did not stand at the {national.election.name}."
    return total, name, absent


def party_seats(kb: KnowledgeBase, national: NationalFacts, party: str) -> Answer:
    total, name, line = _party_total(kb, national, party)
    election = national.election
    if total is not None:
        rank = 1 + sum(1 for p in national.parties if p.seats > total.seats)
        line = (
            f"{name} won {total.seats} seat{'s' if total.seats != 1 else ''} at the {election.name} "
            f"({'the most' if rank == 1 else f'the {fmt.ordinal(rank)} most'}), with {fmt.votes(total.votes)} votes ({fmt.pct(total.share)}) "
            f"from {total.candidates} candidates."
        )
    notes = ()
    if party == "Lab":
        co_op = sum(
            1
            for f in national.contests
            if f.winner.party == "Lab" and "Co-operative" in f.winner.candidacy.party_name
        )
        notes = (f"Includes {co_op} Labour and Co-operative MPs.",) if co_op else ()
    return _fact(
        kb,
        f"{name}, {election.id}",
        [line],
        election.id,
        notes=notes + history_caveats(national),
        colour=kb.party(party).colour,
    )


def party_votes(kb: KnowledgeBase, national: NationalFacts, party: str) -> Answer:
    total, name, line = _party_total(kb, national, party)
    election = national.election
    if total is not None:
        line = (
            f"{name} won {fmt.votes(total.votes)} votes nationally at the {election.name}: "
            f"{fmt.pct(total.share)} of the {fmt.votes(national.valid_votes)} valid votes, "
            f"and {total.seats} seat{'s' if total.seats != 1 else ''}."
        )
    return _fact(
        kb,
        f"{name}, {election.id}",
        [line],
        election.id,
        notes=history_caveats(national),
        colour=kb.party(party).colour,
    )


def national_turnout(kb: KnowledgeBase, national: NationalFacts) -> Answer:
    election = national.election
    line = (
        f"Turnout at the {election.name} was {fmt.pct(national.turnout_pct)}: "
        f"{fmt.votes(national.valid_votes)} valid votes from an electorate of {fmt.votes(national.electorate)}."
    )
    ranking = national.rankings["turnout"]
    low, high = ranking.order[0], ranking.order[-1]
    lines = [
        line,
        f"Lowest: {low.contest.name} ({fmt.pct(low.turnout_pct)}); highest: {high.contest.name} ({fmt.pct(high.turnout_pct)}).",
    ]
    return _fact(kb, f"Turnout, {election.id}", lines, election.id)


def seats_won(kb: KnowledgeBase, national: NationalFacts, party: str) -> Answer:
    won = sorted(
        (f for f in national.contests if f.winner.party == party), key=lambda f: f.contest.name
    )
    name = fmt.the(kb.party(party).name)
    return Answer(
        kind="list",
        title=f"Seats won by {name}, {national.election.id} ({len(won)})",
        lines=(
            f"{fmt.capital(name)} won {len(won)} seat{'s' if len(won) != 1 else ''} at the {national.election.name}:",
        ),
        items=tuple(
            f"{f.contest.name}: {f.winner.candidacy.name}, majority {fmt.votes(f.majority)}"
            for f in won
        ),
        source=fmt.source_line(national.election.id),
        colour=kb.party(party).colour,
    )


def ranking(
    kb: KnowledgeBase,
    national: NationalFacts,
    measure: str,
    largest: bool,
    n: int,
    party: str | None,
) -> Answer:
    table = national.rankings[measure]
    rows = table.largest(len(table.values)) if largest else table.smallest(len(table.values))
    if party:
        rows = [(r, f) for r, f in rows if f.winner.party == party]
        rows = [(i, f) for i, (_, f) in enumerate(rows, start=1)]
    everything, rows = rows, rows[:n]
    wording = WORDING[measure]
    word = (wording.one, wording.many)
    adjective = wording.end(largest)
    among = f" among {kb.party_label(party)} seats" if party else ""
    election = national.election
    if not rows:
        return _fact(kb, "No seats", [f"No seats match that at the {election.name}."], election.id)
    if n == 1:
        rank, facts = rows[0]
        line = (
            f"The {adjective} {word[0]}{among} at the {election.name} was in {facts.contest.name}: "
            f"{_measure_value(kb, facts, measure)}, won by {_winner_phrase(kb, facts)}."
        )
        follow = [
            f"{f.contest.name} ({_measure_value(kb, f, measure)})" for _, f in everything[1:3]
        ]
        lines = [line] + ([f"Next: {fmt.join_names(follow)}."] if follow else [])
        return _fact(kb, f"{adjective.capitalize()} {word[0]}, {election.id}", lines, election.id)
    return Answer(
        kind="list",
        title=f"The {n} {adjective} {word[1]}{among}, {election.id}",
        items=tuple(
            f"{rank}. {f.contest.name}: {_measure_value(kb, f, measure)} ({kb.party(f.winner.party).abbrev})"
            for rank, f in rows
        ),
        source=fmt.source_line(election.id),
    )


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
    wording = WORDING[measure]
    adjective = wording.end(largest)
    noun = "" if measure == "majority_pct" else f" {wording.one}"
    if facts not in mine:
        line = f"{facts.contest.name} was not won by {fmt.the(kb.party(own).name)} in {election}, or has no{noun or ' majority'} to rank."
    else:
        line = (
            f"{facts.contest.name} had the {fmt.nth(mine.index(facts) + 1)}{adjective}{noun} of the "
            f"{len(mine)} {kb.party(own).label} seats in {election}"
        )
        if not party:
            line += f", and the {fmt.nth(order.index(facts) + 1)}{adjective} of all {len(order)}"
        line += f": {_measure_value(kb, facts, measure)}."
    return _fact(kb, f"{facts.contest.name}, {election}", [line], election)


def changed_hands(
    kb: KnowledgeBase, national: NationalFacts, parties: list[str], direction: str
) -> Answer:
    """Seats that changed hands; for a party, those it gained or lost (from or to a second party)."""
    election = national.election
    changed = national.changed_hands
    baseline = election.baseline_label or "the previous election"
    party, other = (parties + [None, None])[:2]
    if party:
        subject = fmt.capital(fmt.the(kb.party(party).name))
        if direction == "lost":
            changed = tuple(
                f
                for f in changed
                if f.outcome.previous == party and other in (None, f.outcome.winner)
            )
            verb, link = "lost", "to"
        else:
            changed = tuple(
                f
                for f in changed
                if f.outcome.winner == party and other in (None, f.outcome.previous)
            )
            verb, link = "gained", "from"
        whom = f" {link} {fmt.the(kb.party(other).name)}" if other else ""
        head = (
            f"{subject} {verb} {len(changed)} seats{whom} at the {election.name} (vs {baseline})."
        )
    else:
        head = f"{len(changed)} of {len(national.contests)} seats changed hands at the {election.name} (vs {baseline})."
    by_pair: dict[str, int] = {}
    for f in changed:
        label = outcome_text(kb, f)
        by_pair[label] = by_pair.get(label, 0) + 1
    summary = ", ".join(
        f"{label} {count}" for label, count in sorted(by_pair.items(), key=lambda kv: -kv[1])[:8]
    )
    return Answer(
        kind="list",
        title=f"Seats that changed hands, {election.id}",
        lines=(head, f"Most common: {summary}." if summary else ""),
        items=tuple(
            f"{f.contest.name}: {outcome_text(kb, f)}"
            for f in sorted(changed, key=lambda f: f.contest.name)
        ),
        source=fmt.source_line(election.id),
        charts=changes_charts(national),
    )


def defeated(kb: KnowledgeBase, national: NationalFacts, party: str | None) -> Answer:
    election = national.election
    rows = [(f, p) for f, p in national.defeated if party is None or p.party == party]
    by_party: dict[str, int] = {}
    for _, p in rows:
        by_party[p.party] = by_party.get(p.party, 0) + 1
    split = ", ".join(
        f"{kb.party(code).abbrev} {n}"
        for code, n in sorted(by_party.items(), key=lambda kv: -kv[1])
    )
    who = f"{kb.party_label(party)} " if party else ""
    return Answer(
        kind="list",
        title=f"Sitting MPs defeated, {election.id}",
        lines=(
            f"{len(rows)} sitting {who}MPs who stood again were defeated at the {election.name}"
            + (f" ({split})." if split and not party else "."),
        ),
        items=tuple(
            f"{p.candidacy.name} ({p.candidacy.party_name}), {f.contest.name}: lost to {f.winner.candidacy.name}"
            for f, p in sorted(rows, key=lambda fp: fp[1].candidacy.name)
        ),
        notes=(
            "Sitting MPs as flagged in the Commons Library's candidate file, including those who stood in a new seat.",
        ),
        source=fmt.source_line(election.id),
    )


def precedent(kb: KnowledgeBase, item: Precedent) -> Answer:
    return Answer(
        kind="fact",
        title=item.title,
        lines=(item.answer,),
        source="Source: Returning Officer's curated knowledge"
        + (f" ({item.source})." if item.source else "."),
    )


def history_caveats(national: NationalFacts) -> tuple[str, ...]:
    """What the 1918-2019 file's grouping hides, for national answers built from it."""
    party_level = [f for f in national.contests if f.contest.party_level]
    if not party_level:
        return ()
    notes = [
        "Counted from the Commons Library's 1918-2019 constituency file: a seat goes to the party with the "
        "most votes; 'others' gathers every smaller party, the Speaker and all Northern Ireland parties, "
        "so totals can differ from the official ones."
    ]
    multi = [f for f in party_level if f.contest.seats > 1]
    if multi:
        members = sum(f.contest.seats for f in multi)
        notes.append(
            f"{len(multi)} multi-member seats ({members} MPs) count once each, for their leading party."
        )
    unopposed = sum(1 for f in party_level if f.contest.unopposed)
    if unopposed:
        notes.append(f"{unopposed} seats were returned unopposed (no votes cast).")
    return tuple(notes)


def election_ranking(kb: KnowledgeBase, measure: str, largest: bool) -> Answer:
    """Elections ranked by national turnout."""
    rows = sorted(
        (n for n in kb.national.values() if n.turnout_pct is not None),
        key=lambda n: n.turnout_pct,
        reverse=largest,
    )
    word = "highest" if largest else "lowest"
    top = rows[0]
    lines = [
        f"The {word} turnout at a general election in the records was {fmt.pct(top.turnout_pct)}, "
        f"in {top.election.id}.",
        "Next: "
        + ", ".join(f"{n.election.id} ({fmt.pct(n.turnout_pct)})" for n in rows[1:4])
        + ".",
    ]
    return Answer(
        kind="fact",
        title=f"{word.capitalize()} turnout at a general election",
        lines=tuple(lines),
        notes=(
            "Turnout is valid votes over the electorate; before 1950 some seats were unopposed and "
            "university seats had their own electorates.",
        ),
        source="Source: House of Commons Library (CBP-8647, CBP-8749, CBP-10009). "
        + fmt.OPEN_PARLIAMENT,
    )


def all_time_ranking(kb: KnowledgeBase, ranking, measure: str, largest: bool, n: int) -> Answer:
    """Seats ranked on one measure across every election loaded."""
    rows = ranking.largest(n) if largest else ranking.smallest(n)
    wording = WORDING[measure]
    word = (wording.one, wording.many)
    adjective = wording.end(largest)
    elections = kb.real_elections()
    span = f"{elections[0].id}-{elections[-1].id}"
    items = tuple(
        f"{rank}. {f.contest.name} {f.contest.election}: {_measure_value(kb, f, measure)} ({kb.party(f.winner.party).abbrev})"
        for rank, f in rows
    )
    first = rows[0][1]
    return Answer(
        kind="list",
        title=f"The {adjective} {word[0] if n == 1 else word[1]} at any election, {span}",
        lines=(
            f"The {adjective} {word[0]} in the records is {first.contest.name} in {first.contest.election}: "
            f"{_measure_value(kb, first, measure)}.",
        ),
        items=items if n > 1 else items[1:4],
        notes=("Uncontested seats are left out.",),
        source="Source: House of Commons Library (CBP-8647, CBP-8749, CBP-10009). "
        + fmt.OPEN_PARLIAMENT,
    )


def national_swing(
    kb: KnowledgeBase, national: NationalFacts, previous: NationalFacts | None, parties: list[str]
) -> Answer:
    """Butler swing between two parties' national shares, against the previous general election."""
    election = national.election
    if previous is None:
        return _fact(
            kb,
            "National swing",
            [f"I have no earlier election to measure {election.id} against."],
            election.id,
        )
    now = {p.party: p.share for p in national.parties}
    before = {p.party: p.share for p in previous.parties}
    for code, party in kb.parties.items():  # Reform UK against the Brexit Party, and so on
        if party.predecessor and code not in before and party.predecessor in before:
            before[code] = before[party.predecessor]
    if len(parties) >= 2:
        a, b = parties[0], parties[1]
    else:
        top = [p.party for p in sorted(national.parties, key=lambda p: -p.share)[:2]]
        a, b = (
            (top[1], top[0])
            if not parties
            else ((top[0] if parties[0] != top[0] else top[1]), parties[0])
        )
    points = butler_swing(a, b, now, before)
    if points is None:
        line = f"I can't compute a national swing between {kb.party(a).label} and {kb.party(b).label}: both must have stood in {previous.election.id} and {election.id}."
    else:
        start, end = (a, b) if points >= 0 else (b, a)
        line = (
            f"The national swing from {kb.party(start).label} to {kb.party(end).label} at the {election.name} was "
            f"{fmt.pct(abs(points))} (Butler swing on shares of the UK vote, vs {previous.election.id}): "
            f"{kb.party(a).label} {fmt.pct(before[a])} to {fmt.pct(now[a])}, {kb.party(b).label} {fmt.pct(before[b])} to {fmt.pct(now[b])}."
        )
    return _fact(
        kb, f"National swing, {election.id}", [line], election.id, notes=history_caveats(national)
    )


def gender(kb: KnowledgeBase, national: NationalFacts, who: str) -> Answer:
    """Women and men among the MPs elected (or among all candidates), from the Library's files."""
    election = national.election
    if who == "candidates":
        people = [c for f in national.contests for c in f.contest.candidacies if c.name]
        noun = "candidates"
    else:
        people = [f.winner.candidacy for f in national.contests if f.winner.candidacy.name]
        noun = "MPs elected"
    known = [c for c in people if c.gender]
    if not known:
        return _fact(
            kb,
            f"Gender, {election.id}",
            [f"The {election.id} results I have do not record candidates' gender."],
            election.id,
        )
    counts: dict[str, int] = {}
    for c in known:
        label = {"Female": "women", "F": "women", "Male": "men", "M": "men"}.get(
            c.gender, c.gender.lower()
        )
        counts[label] = counts.get(label, 0) + 1
    parts = ", ".join(
        f"{n:,} {label} ({fmt.pct(100 * n / len(known))})"
        for label, n in sorted(counts.items(), key=lambda kv: -kv[1])
    )
    line = f"Of the {len(known):,} {noun} at the {election.name}: {parts}."
    return _fact(
        kb,
        f"Gender, {election.id}",
        [line],
        election.id,
        notes=("As recorded in the Commons Library's candidate file.",),
    )


def candidate_count(kb: KnowledgeBase, national: NationalFacts) -> Answer:
    election = national.election
    total = sum(len(f.contest.candidacies) for f in national.contests if not f.contest.party_level)
    if not total:
        return _fact(
            kb,
            f"Candidates, {election.id}",
            [f"The {election.id} results I have are by party, without candidates."],
            election.id,
        )
    most = max(national.contests, key=lambda f: len(f.contest.candidacies))
    line = (
        f"{total:,} candidates stood in {len(national.contests)} constituencies at the {election.name}, "
        f"{total / len(national.contests):.1f} per seat; the most in one seat was {len(most.contest.candidacies)} ({most.contest.name})."
    )
    return _fact(kb, f"Candidates, {election.id}", [line], election.id)


def party_in_seat(kb: KnowledgeBase, facts: ContestFacts, party: str, lead: str | None) -> Answer:
    """How one party did in one seat: votes, share, change, position."""
    contest = facts.contest
    placed = [p for p in facts.placed if p.party == party]
    name = kb.party(party).label
    lines = [lead] if lead else []
    if not placed:
        lines.append(
            f"{fmt.capital(fmt.the(kb.party(party).name))} did not stand in {contest.name} in {contest.election}."
        )
    for p in placed:
        change = (
            f", {fmt.pp(p.change)} {baseline_phrase(kb, facts)}" if p.change is not None else ""
        )
        lines.append(
            f"{_candidate(kb, p)} won {fmt.votes(p.candidacy.votes)} votes in {contest.name} in {contest.election}: "
            f"{fmt.pct(p.share)}{change}, finishing {fmt.ordinal(p.position)} of {len(facts.placed)}."
        )
    return _fact(kb, f"{contest.name}, {contest.election}: {name}", lines, contest.election)


def party_won_seat(kb: KnowledgeBase, facts: ContestFacts, party: str, lead: str | None) -> Answer:
    """'Did Labour win Clacton?': yes or no first, then who did."""
    contest = facts.contest
    name = fmt.the(kb.party(party).name)
    lines = [lead] if lead else []
    if facts.winner.party == party:
        lines.append(
            f"Yes: {name} won {contest.name} in {contest.election} ({outcome_text(kb, facts)}), "
            f"{_candidate(kb, facts.winner)} with a majority of {fmt.votes(facts.majority)}."
        )
    else:
        mine = next((p for p in facts.placed if p.party == party), None)
        where = (
            f"{name} came {fmt.ordinal(mine.position)} with {fmt.pct(mine.share)}"
            if mine
            else f"{name} did not stand"
        )
        lines.append(
            f"No: {contest.name} was won by {_candidate(kb, facts.winner)} in {contest.election} "
            f"({outcome_text(kb, facts)}); {where}."
        )
    return _fact(kb, f"{contest.name}, {contest.election}", lines, contest.election)
