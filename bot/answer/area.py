"""Answers about an area (the UK, a nation, a region) at one election: seats, votes, rankings."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from bot import format as fmt
from bot.answer import live
from bot.answer.charts import changes_charts, national_charts
from bot.answer.common import fact, measure_value, plural, winner_phrase
from bot.answer.models import Answer, Table
from bot.answer.party_rows import others_cells, table_parties
from bot.answer.result import outcome_text, party_shown
from bot.areas import Area
from bot.facts import ContestFacts, butler_swing
from bot.kb.knowledge import KnowledgeBase, NationalFacts
from bot.measures import LUMPED, MEASURES
from bot.places import UK


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


def national_table(kb: KnowledgeBase, national: NationalFacts) -> Table:
    """Seats, votes and share for every party that won a seat, then one 'Others' row, so the
    seats column adds up to every seat counted."""
    named, rest = table_parties(national.parties)
    rows = [
        (kb.party_label(p.party), str(p.seats), fmt.votes(p.votes), fmt.pct(p.share)) for p in named
    ]
    if rest:
        rows.append(others_cells(rest))
    return Table(
        ("Party", "Seats", "Votes", "Share"),
        tuple(rows),
        (False, True, True, True),
        caption="By party",
    )


def table_notes(kb: KnowledgeBase, national: NationalFacts) -> tuple[str, ...]:
    """Notes about the rows the table shows, and none about rows it does not."""
    named, rest = table_parties(national.parties)
    codes = {p.party for p in named}
    notes = []
    if "Lab" in codes and any(
        "Co-operative" in c.party_name for f in national.contests for c in f.contest.candidacies
    ):
        notes.append("Labour and Co-operative candidates count as Labour.")
    if "GreenNI" in codes and "Green" in codes:
        notes.append("The NI Greens are shown apart from the Green Party.")
    if "Spk" in codes:
        notes.append("The Speaker stands as the Speaker, not for a party.")
    gathered = [p for p in rest if p.party != LUMPED]
    if gathered:
        seatless = "" if any(p.seats for p in gathered) else ", none with a seat or 1% of the vote"
        notes.append(
            f"Others gathers {plural(len(gathered), 'smaller party', 'smaller parties')}{seatless}."
        )
    return tuple(notes)


def summary(kb: KnowledgeBase, area: Area) -> Answer:
    """Seats, votes and share by party: the national result, or one nation's or region's."""
    counted = live.declared_in_area(kb, area)
    if counted is not None:  # the election is being counted: figures so far
        return live.so_far_summary(kb, area, *counted)
    national, election = area.facts, area.election
    leader = national.parties[0]
    lines = [
        f"{fmt.capital(fmt.party_noun(kb.party(leader.party)))} won {leader.seats} of "
        f"{plural(len(national.contests), 'seat')}{area.where} at the {election.name} with "
        f"{fmt.pct(leader.share)} of the vote. Turnout was {fmt.pct(national.turnout_pct)}.",
    ]
    return Answer(
        kind="national",
        title=f"{election.name}{area.suffix}, {fmt.long_date(election.date)}",
        lines=tuple(lines),
        table=national_table(kb, national),
        notes=table_notes(kb, national) + history_caveats(national),
        source=fmt.source_line(
            election.id, party_level=any(f.contest.party_level for f in national.contests)
        ),
        colour=kb.party(leader.party).colour,
        charts=national_charts(national) if area.place.is_whole else (),  # charts are UK-wide
    )


def national(kb: KnowledgeBase, national: NationalFacts) -> Answer:
    """`!national`: the whole election."""
    return summary(kb, Area(national, UK))


def declared_scope(kb: KnowledgeBase, area: Area) -> str:
    """' in the 300 seats declared so far' (in a place) while the election is counted, else ''."""
    counted = live.declared_in_area(kb, area)
    if counted is None:
        return ""
    return (
        f" in the {counted[0]} {'seat' if counted[0] == 1 else 'seats'} declared{area.where} so far"
    )


def _party_total(kb: KnowledgeBase, area: Area, party: str):
    """A party's total in the area, its name as a sentence subject, and the line if it did not stand."""
    total = area.facts.party(party)
    name = fmt.capital(fmt.party_noun(kb.party(party)))
    absent = None if total else not_stood(kb, area, party)
    return total, name, absent


def lumped_together(area: Area, party: str) -> bool:
    """Does this election's data count the party among 'others' (the 1918-2019 file's grouping)?"""
    grouped = {p.party for p in area.facts.parties}
    party_level = any(f.contest.party_level for f in area.facts.contests)
    return party_level and party not in grouped and LUMPED in grouped


def not_stood(kb: KnowledgeBase, area: Area, party: str) -> str:
    """Why a party has no figures: it did not stand, or the data folds it into 'others'."""
    name = fmt.capital(fmt.party_noun(kb.party(party)))
    if lumped_together(area, party):
        others = area.facts.party(LUMPED)
        return (
            f"I can't give {fmt.party_noun(kb.party(party))} on its own for {area.election.id}: the Commons "
            "Library's 1918-2019 file names only the Conservatives, Labour, the Liberals (and their "
            "successors), the SNP and Plaid Cymru, and counts every other party under 'others'. "
            f"Others together won {fmt.votes(others.votes)} votes ({fmt.pct(others.share)}) and "
            f"{plural(others.seats, 'seat')}{area.where}."
        )
    return f"{name} did not stand{area.where} at the {area.election.name}."


def party_seats(kb: KnowledgeBase, area: Area, party: str) -> Answer:
    total, name, line = _party_total(kb, area, party)
    national, election = area.facts, area.election
    counting = election.id in kb.progress
    if total is not None:
        rank = 1 + sum(1 for p in national.parties if p.seats > total.seats)
        joint = "joint " if sum(1 for p in national.parties if p.seats == total.seats) > 1 else ""
        most = f"the {joint}most" if rank == 1 else f"the {joint}{fmt.ordinal(rank)} most"
        most = most if total.seats else "none"
        line = (
            f"{name} won {plural(total.seats, 'seat')}{area.where} at the {election.name} "
            f"({most}, of {len(national.contests)}{' declared so far' if counting else ''}), "
            f"with {fmt.votes(total.votes)} votes "
            f"({fmt.pct(total.share)}) from {plural(total.candidates, 'candidate')}."
        )
    # a majority of the seats declared so far is none
    if (
        total is not None
        and total.seats * 2 > len(national.contests)
        and area.place.is_whole
        and not counting
    ):
        line = line[:-1] + (
            f"; an overall majority of {2 * total.seats - len(national.contests)} "
            "(its seats less all the others)."
        )
    notes = ()
    if party == "Lab":
        co_op = sum(
            1
            for f in national.contests
            if f.winner.party == "Lab" and "Co-operative" in f.winner.candidacy.party_name
        )
        notes = (f"Includes {plural(co_op, 'Labour and Co-operative MP')}.",) if co_op else ()
    return fact(
        kb,
        f"{name}{area.suffix}, {election.id}",
        [line],
        election.id,
        notes=notes + history_caveats(national),
        colour=kb.party(party).colour,
    )


def party_votes(kb: KnowledgeBase, area: Area, party: str) -> Answer:
    """A party's votes and share of the vote in the area."""
    total, name, line = _party_total(kb, area, party)
    national, election = area.facts, area.election
    if total is not None:
        scope = declared_scope(kb, area) or area.where or " nationally"
        line = (
            f"{name} won {fmt.votes(total.votes)} votes{scope} at the {election.name}: "
            f"{fmt.pct(total.share)} of the {fmt.votes(national.valid_votes)} valid votes, "
            f"and {plural(total.seats, 'seat')}."
        )
    return fact(
        kb,
        f"{name}{area.suffix}, {election.id}",
        [line],
        election.id,
        notes=history_caveats(national),
        colour=kb.party(party).colour,
    )


def area_turnout(kb: KnowledgeBase, area: Area) -> Answer:
    national, election = area.facts, area.election
    measured = [f for f in national.contests if f.contest.electorate and not f.contest.unopposed]
    valid = sum(
        f.contest.valid_votes for f in measured
    )  # the votes of the seats with an electorate
    line = (
        f"Turnout{declared_scope(kb, area) or area.where} at the {election.name} was {fmt.pct(national.turnout_pct)}: "
        f"{fmt.votes(valid)} valid votes from an electorate of {fmt.votes(national.electorate)}."
    )
    if len(measured) < len(national.contests):
        line += (
            f" ({len(national.contests) - len(measured)} of the {len(national.contests)} seats "
            "have no electorate in the knowledge loaded, or were unopposed, and are left out.)"
        )
    ranking = national.rankings["turnout"]
    lines = [line]
    if ranking.order:
        low, high = ranking.order[0], ranking.order[-1]
        lines.append(
            f"Lowest: {low.contest.name} ({fmt.pct(low.turnout_pct)}); highest: {high.contest.name} ({fmt.pct(high.turnout_pct)})."
        )
    return fact(
        kb,
        f"Turnout{area.suffix}, {election.id}",
        lines,
        election.id,
        notes=("Turnout is valid votes over the electorate, as the Commons Library defines it.",),
    )


def seats_won(kb: KnowledgeBase, area: Area, party: str) -> Answer:
    won = sorted(
        (f for f in area.facts.contests if f.winner.party == party),
        key=lambda facts: facts.contest.name,
    )
    name = fmt.party_noun(kb.party(party))
    return Answer(
        kind="list",
        title=f"Seats won by {name}{area.suffix}, {area.election.id} ({len(won)})",
        lines=(
            f"{fmt.capital(name)} won {plural(len(won), 'seat')}{area.where} at the {area.election.name}:",
        ),
        items=tuple(
            f"{f.contest.name}: {f.winner.candidacy.name or kb.party_label(f.winner.party)}, majority {fmt.votes(f.majority)}"
            for f in won
        ),
        source=fmt.source_line(area.election.id),
        colour=kb.party(party).colour,
    )


def _reranked(rows: list[tuple[int, ContestFacts]]) -> list[tuple[int, ContestFacts]]:
    """Competition ranks again after filtering: seats tied before stay tied."""
    ranked: list[tuple[int, ContestFacts]] = []
    for i, (rank, facts) in enumerate(rows):
        tied = i and rows[i - 1][0] == rank
        ranked.append((ranked[-1][0] if tied else i + 1, facts))
    return ranked


def _next(rows: list[tuple[int, ContestFacts]], measure: str, shown: int = 2) -> str:
    """'Poole (majority 18) and Basildon (majority 20)'; ties as ties: 'A and B (joint 2nd, 9
    candidates each)', 'A (majority 18); B (joint 3rd, majority 20)'."""
    sharing = Counter(rank for rank, _ in rows)
    groups: list[list[tuple[int, ContestFacts]]] = []
    for rank, facts in rows[1 : 1 + shown]:
        if groups and groups[-1][0][0] == rank:
            groups[-1].append((rank, facts))
        else:
            groups.append([(rank, facts)])
    said = []
    for group in groups:
        rank = group[0][0]
        values = [measure_value(f, measure) for _, f in group]
        seats = [f.contest.name for _, f in group]
        # 'Belfast South and Mid Down, Fermanagh and South Tyrone': names with 'and' in them
        names = ", ".join(seats) if any(" and " in n for n in seats) else fmt.join_names(seats)
        if sharing[rank] < 2:
            said.append(f"{names} ({values[0]})")
        elif len(set(values)) == 1:
            each = " each" if len(group) > 1 else ""
            said.append(f"{names} (joint {fmt.ordinal(rank)}, {values[0]}{each})")
        else:
            each = fmt.join_names(
                [f"{f.contest.name} ({v})" for (_, f), v in zip(group, values, strict=True)]
            )
            said.append(f"{each}, joint {fmt.ordinal(rank)}")
    if len(said) > 1 and any(len(g) > 1 for g in groups):
        return "; ".join(said)
    return fmt.join_names(said)


def ranking(
    kb: KnowledgeBase, area: Area, measure: str, largest: bool, n: int, party: str | None
) -> Answer:
    """Seats ranked on one measure inside the area (among one party's seats, if given)."""
    table = area.facts.rankings[measure]
    rows = table.largest(len(table.values)) if largest else table.smallest(len(table.values))
    if party:
        rows = [(r, f) for r, f in rows if f.winner.party == party]
        rows = _reranked(rows)
    wording = MEASURES[measure]
    adjective = wording.end(largest)
    among = f" among {kb.party_label(party)} seats" if party else ""
    election = area.election
    if not rows:
        counting = election.id in kb.progress and not area.facts.contests
        return fact(
            kb,
            "No seats",
            [
                f"No seat{area.where} has declared yet at the {election.name}."
                if counting
                else f"No seats match that{area.where} at the {election.name}."
            ],
            election.id,
        )
    title_where = f"{among}{area.suffix}, {election.id}"
    tied = [f for r, f in rows if r == rows[0][0]]
    if n == 1 and len(tied) > 3:
        value = measure_value(tied[0], measure)
        return Answer(
            kind="list",
            title=f"{fmt.capital(adjective)} {wording.one}{title_where}",
            lines=(
                f"{len(tied)} seats were joint {adjective}{among}{area.where} at the {election.name}, "
                f"with {value} each:",
            ),
            items=tuple(f.contest.name for f in sorted(tied, key=lambda facts: facts.contest.name)),
            source=fmt.source_line(election.id),
        )
    if n == 1:
        _, facts = rows[0]
        joint = "joint " if len(tied) > 1 else ""
        line = (
            f"The {joint}{adjective} {wording.one}{among}{area.where} at the {election.name} was in {facts.contest.name}: "
            f"{measure_value(facts, measure)}, won by {winner_phrase(kb, facts)}."
        )
        follow = _next(rows, measure)
        lines = [line] + ([f"Next: {follow}."] if follow else [])
        return fact(kb, f"{fmt.capital(adjective)} {wording.one}{title_where}", lines, election.id)
    return Answer(
        kind="list",
        title=f"The {n} {adjective} {wording.many}{title_where}",
        items=tuple(
            f"{rank}. {f.contest.name}: {measure_value(f, measure)} ({kb.party(f.winner.party).abbrev})"
            for rank, f in rows[:n]
        ),
        source=fmt.source_line(election.id),
    )


def changed_hands(kb: KnowledgeBase, area: Area, parties: list[str], direction: str) -> Answer:
    """Seats that changed hands; for a party, those it gained or lost (from or to a second party)."""
    national, election = area.facts, area.election
    changed = national.changed_hands
    baseline = election.baseline_label or "the previous election"
    party, other = (*parties, None, None)[:2]
    if party:
        subject = fmt.capital(fmt.party_noun(kb.party(party)))
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
        whom = f" {link} {fmt.party_noun(kb.party(other))}" if other else ""
        head = f"{subject} {verb} {plural(len(changed), 'seat')}{whom}{area.where} at the {election.name} (vs {baseline})."
    else:
        head = f"{len(changed)} of {plural(len(national.contests), 'seat')}{area.where} changed hands at the {election.name} (vs {baseline})."
    by_pair: dict[str, int] = {}
    for f in changed:
        label = outcome_text(kb, f)
        by_pair[label] = by_pair.get(label, 0) + 1
    common = ", ".join(
        f"{label} {count}" for label, count in sorted(by_pair.items(), key=lambda kv: -kv[1])[:8]
    )
    return Answer(
        kind="list",
        charts=changes_charts(national) if area.place.is_whole else (),
        title=f"Seats that changed hands{area.suffix}, {election.id}",
        lines=(head, f"Most common: {common}." if common else ""),
        items=tuple(
            f"{f.contest.name}: {outcome_text(kb, f)}"
            for f in sorted(changed, key=lambda facts: facts.contest.name)
        ),
        source=fmt.source_line(election.id),
    )


def defeated(kb: KnowledgeBase, area: Area, party: str | None) -> Answer:
    election = area.election
    rows = [(f, p) for f, p in area.facts.defeated if party is None or p.party == party]
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
        title=f"Sitting MPs defeated{area.suffix}, {election.id}",
        lines=(
            f"{len(rows)} sitting {who}MPs who stood again were defeated{area.where} at the {election.name}"
            + (f" ({split})." if split and not party else "."),
        ),
        items=tuple(
            f"{p.candidacy.name} ({party_shown(kb, p.candidacy)}), {f.contest.name}: lost to {f.winner.candidacy.name}"
            for f, p in sorted(rows, key=lambda fp: fp[1].candidacy.name)
        ),
        notes=(
            "Sitting MPs as flagged in the Commons Library's candidate file, including those who stood in a new seat.",
        ),
        source=fmt.source_line(election.id),
    )


def area_swing(kb: KnowledgeBase, area: Area, previous: Area | None, parties: list[str]) -> Answer:
    """Butler swing between two parties' shares in the area, against the previous general election."""
    national, election = area.facts, area.election
    previous = previous.facts if previous else None
    scope = "the UK vote" if area.place.is_whole else f"the vote in {area.place.label}"
    title = "National swing" if area.place.is_whole else f"Swing in {area.place.label}"
    if previous is None:
        return fact(
            kb,
            title,
            [f"I have no earlier election to measure {election.id} against{area.where}."],
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
        top = [p.party for p in sorted(national.parties, key=lambda total: -total.share)[:2]]
        a, b = (
            (top[1], top[0])
            if not parties
            else ((top[0] if parties[0] != top[0] else top[1]), parties[0])
        )
    points = butler_swing(a, b, now, before)
    if points is None:
        line = f"I can't compute a swing{area.where} between {kb.party(a).label} and {kb.party(b).label}: both must have stood in {previous.election.id} and {election.id}."
    else:
        start, end = (a, b) if points >= 0 else (b, a)
        line = (
            f"The {'national ' if area.place.is_whole else ''}swing from {kb.party(start).label} to {kb.party(end).label}{area.where} at the {election.name} was "
            f"{fmt.pct(abs(points))} (Butler swing on shares of {scope}, vs actual {previous.election.id}): "
            f"{kb.party(a).label} {fmt.pct(before[a])} to {fmt.pct(now[a])}, {kb.party(b).label} {fmt.pct(before[b])} to {fmt.pct(now[b])}."
        )
    return fact(kb, f"{title}, {election.id}", [line], election.id, notes=history_caveats(national))


def _one_person(label: str) -> str:
    """'women' -> 'woman', 'men' -> 'man' (other recorded genders as they are)."""
    return {"women": "woman", "men": "man"}.get(label, label)


def gender(kb: KnowledgeBase, area: Area, who: str, party: str | None = None) -> Answer:
    """Women and men among the MPs elected (or among all candidates), from the Library's files."""
    election = area.election
    contests = area.facts.contests
    if who == "candidates":
        people = [c for f in contests for c in f.contest.candidacies if c.name]
        noun = "candidate"
    else:
        people = [f.winner.candidacy for f in contests if f.winner.candidacy.name]
        noun = "MP"
    if party:
        people = [c for c in people if c.party == party]
        noun = f"{kb.party_label(party)} {noun}"
    known = [c for c in people if c.gender]
    if not known:
        return fact(
            kb,
            f"Gender, {election.id}",
            [f"The {election.id} results I have do not record the gender of those {noun}s."],
            election.id,
        )
    counts: dict[str, int] = {}
    for c in known:
        label = {"Female": "women", "F": "women", "Male": "men", "M": "men"}.get(
            c.gender, c.gender.lower()
        )
        counts[label] = counts.get(label, 0) + 1
    parts = ", ".join(
        f"{n:,} {_one_person(label) if n == 1 else label} ({fmt.pct(100 * n / len(known))})"
        for label, n in sorted(counts.items(), key=lambda kv: -kv[1])
    )
    counted = plural(len(known), noun) + (" elected" if who != "candidates" else "")
    line = f"Of the {counted}{area.where} at the {election.name}: {parts}."
    return fact(
        kb,
        f"Gender{area.suffix}, {election.id}",
        [line],
        election.id,
        notes=("As recorded in the Commons Library's candidate file.",),
    )


def candidate_count(kb: KnowledgeBase, area: Area, party: str | None = None) -> Answer:
    """How many candidates stood in the area; for a party, in how many of its seats."""
    election, contests = area.election, area.facts.contests
    named = [f for f in contests if not f.contest.party_level]
    if not named:
        return fact(
            kb,
            f"Candidates, {election.id}",
            [f"The {election.id} results I have are by party, without candidates."],
            election.id,
        )
    if party:
        return contested(kb, area, party)
    total = sum(len(f.contest.candidacies) for f in named)
    most = max(named, key=lambda facts: len(facts.contest.candidacies))
    line = (
        f"{total:,} candidates stood in {plural(len(named), 'constituency').replace('constituencys', 'constituencies')}{area.where} at the {election.name}, "
        f"{total / len(named):.1f} per seat; the most in one seat was {len(most.contest.candidacies)} ({most.contest.name})."
    )
    return fact(kb, f"Candidates{area.suffix}, {election.id}", [line], election.id)


def contested(kb: KnowledgeBase, area: Area, party: str) -> Answer:
    """How many seats a party stood in, and how many candidates it fielded."""
    election, contests = area.election, area.facts.contests
    seats = [f for f in contests if any(c.party == party for c in f.contest.candidacies)]
    candidates = sum(1 for f in seats for c in f.contest.candidacies if c.party == party)
    name = fmt.capital(fmt.party_noun(kb.party(party)))
    won = sum(1 for f in seats if f.winner.party == party)
    if not seats:
        line = not_stood(kb, area, party)
    else:
        line = (
            f"{name} stood in {len(seats)} of the {plural(len(contests), 'seat')}{area.where} at the {election.name} "
            f"({plural(candidates, 'candidate')}), and won {won}."
        )
    return fact(
        kb,
        f"{name}{area.suffix}, {election.id}",
        [line],
        election.id,
        notes=history_caveats(area.facts),
        colour=kb.party(party).colour,
    )


def several_parties(
    kb: KnowledgeBase,
    area: Area,
    parties: list[str],
    one: Callable[[KnowledgeBase, Area, str], Answer],
) -> Answer:
    """Two or more parties side by side: each one's line, in the order asked."""
    answers = [one(kb, area, party) for party in parties]
    names = " and ".join(kb.party(p).label for p in parties)
    return fact(
        kb,
        f"{names}{area.suffix}, {area.election.id}",
        [line for answer in answers for line in answer.lines],
        area.election.id,
        notes=history_caveats(area.facts),
    )


def party_best(
    kb: KnowledgeBase, area: Area, party: str, largest: bool, n: int, votes: bool
) -> Answer:
    """Where a party did best (or worst): its own share, or votes, in each seat it fought."""
    rows = []
    for facts in area.facts.contests:
        mine = next((p for p in facts.placed if p.party == party), None)
        if mine is not None and not facts.contest.unopposed:
            rows.append((mine.candidacy.votes if votes else mine.share, mine, facts))
    name = fmt.party_noun(kb.party(party))
    election = area.election
    if not rows:
        return fact(
            kb,
            name,
            [f"{fmt.capital(name)} did not stand{area.where} at the {election.name}."],
            election.id,
        )
    rows.sort(key=lambda row: (-row[0] if largest else row[0], row[2].contest.name))
    end, what = ("highest" if largest else "lowest"), ("vote" if votes else "share of the vote")

    def show(row) -> str:
        _, mine, facts = row
        who = mine.candidacy.name or kb.party(party).label
        return (
            f"{facts.contest.name}: {fmt.votes(mine.candidacy.votes)} votes ({fmt.pct(mine.share)}), "
            f"{who}, {fmt.ordinal(mine.position)}"
        )

    head = f"{fmt.capital(fmt.possessive(name))} {end} {what}{area.where} at the {election.name} was in {show(rows[0])}."
    return Answer(
        kind="list" if n > 1 else "fact",
        title=f"{fmt.capital(fmt.possessive(name))} {end} {what}{area.suffix}, {election.id}",
        lines=(head,)
        if n == 1
        else (f"{fmt.capital(fmt.possessive(name))} {n} {end} results{area.where}:",),
        items=tuple(f"{i}. {show(r)}" for i, r in enumerate(rows[: max(n, 3)], start=1))[
            1 if n == 1 else 0 :
        ],
        source=fmt.source_line(election.id),
        colour=kb.party(party).colour,
    )


def placed_second(kb: KnowledgeBase, area: Area, party: str) -> Answer:
    """The seats where a party came second, closest first."""
    rows = sorted(
        (f for f in area.facts.contests if f.runner_up is not None and f.runner_up.party == party),
        key=lambda facts: facts.majority,
    )
    name = fmt.party_noun(kb.party(party))
    return Answer(
        kind="list",
        title=f"Seats where {name} came second{area.suffix}, {area.election.id} ({len(rows)})",
        lines=(
            f"{fmt.capital(name)} came second in {plural(len(rows), 'seat')}{area.where} at the "
            f"{area.election.name}, closest first:",
        ),
        items=tuple(
            f"{f.contest.name}: {fmt.votes(f.majority)} behind {kb.party_label(f.winner.party)}"
            for f in rows
        ),
        source=fmt.source_line(area.election.id),
        colour=kb.party(party).colour,
    )


def threshold(
    kb: KnowledgeBase, area: Area, party: str | None, measure: str, below: bool, limit: float
) -> Answer:
    """Seats won above or below a line: a winning share ('under 40%') or a majority ('under 1,000')."""

    def value(f):
        return f.majority if measure == "majority" else f.winner.share

    won = [
        f
        for f in area.facts.contests
        if f.placed
        and not f.contest.unopposed
        and (party is None or f.winner.party == party)
        and (value(f) < limit if below else value(f) > limit)
    ]
    won.sort(key=value, reverse=not below)
    side = "under" if below else "over"
    line_value = f"{fmt.votes(int(limit))} votes" if measure == "majority" else fmt.pct(limit)
    what = "a majority" if measure == "majority" else "a share of the vote"
    if party:
        total = area.facts.party(party)
        head = (
            f"{fmt.capital(fmt.party_noun(kb.party(party)))} won {len(won)} of its "
            f"{plural(total.seats if total else 0, 'seat')}{area.where} with {what} {side} "
            f"{line_value} at the {area.election.name}."
        )
    else:
        head = (
            f"{len(won)} of the {plural(len(area.facts.contests), 'seat')}{area.where} "
            f"{'was' if len(won) == 1 else 'were'} won with {what} "
            f"{side} {line_value} at the {area.election.name}."
        )
    return Answer(
        kind="list",
        title=f"Seats won with {what} {side} {line_value}{area.suffix}, {area.election.id}",
        lines=(head,),
        items=tuple(
            f"{f.contest.name}: {measure_value(f, 'majority' if measure == 'majority' else 'winning_share')} "
            f"({kb.party(f.winner.party).abbrev})"
            for f in won
        ),
        source=fmt.source_line(area.election.id),
    )


def party_versus(
    kb: KnowledgeBase, area: Area, first: str, second: str, measure: str, asked: str
) -> Answer:
    """'Did Reform get more votes than the Lib Dems?': yes or no first, then both figures."""
    totals = [area.facts.party(first), area.facts.party(second)]
    names = [fmt.party_noun(kb.party(p)) for p in (first, second)]
    for party, total in zip((first, second), totals, strict=True):
        if total is None:
            return fact(kb, fmt.capital(names[0]), [not_stood(kb, area, party)], area.election.id)
    key = {"seats": "seats", "share": "share"}.get(measure, "votes")
    a, b = (getattr(t, key) for t in totals)
    more = a > b
    yes = (more if asked == "more" else a < b) and a != b
    word = {"votes": "votes", "seats": "seats", "share": "share of the vote"}[key]
    show = (
        (lambda total: fmt.pct(total.share))
        if key == "share"
        else (lambda total: fmt.votes(getattr(total, key)))
    )
    if key == "share":
        middle = f"won {'a larger' if more else 'a smaller'} share of the vote than"
    else:
        middle = f"won {'more' if more else 'fewer'} {word} than"
    line = (
        f"{'Yes' if yes else 'No'}: {names[0]} {middle} {names[1]}{area.where} at the "
        f"{area.election.name}: {show(totals[0])} against {show(totals[1])}."
    )
    if a == b:
        line = f"No: {names[0]} and {names[1]} won the same {word}: {show(totals[0])}."
    return fact(
        kb,
        f"{kb.party(first).label} and {kb.party(second).label}{area.suffix}, {area.election.id}",
        [line],
        area.election.id,
    )
