"""Answers about by-elections, and about the Commons as it stands after them."""

from __future__ import annotations

from bot import format as fmt
from bot.answer.common import plural
from bot.answer.models import Answer, Table
from bot.answer.result import candidate_table, outcome_text, swing_text, who
from bot.commons import Commons, same_person
from bot.facts import ContestFacts
from bot.kb.knowledge import KnowledgeBase

SOURCE = (
    "Source: Parliament's election results (electionresults.parliament.uk), compiled by the House "
    f"of Commons Library. {fmt.OPEN_PARLIAMENT}"
)
NOT_COUNTED = (
    "Changes of party by sitting MPs (defections, suspensions of the whip) are not in the official "
    "results and are not counted here."
)


def day(kb: KnowledgeBase, facts: ContestFacts) -> str:
    return fmt.long_date(kb.elections[facts.contest.election].date)


def title(kb: KnowledgeBase, facts: ContestFacts) -> str:
    """'Runcorn and Helsby by-election, Thursday 1 May 2025'."""
    return f"{kb.elections[facts.contest.election].name}, {day(kb, facts)}"


def baseline_note(kb: KnowledgeBase, facts: ContestFacts) -> str:
    """What changes are measured against, or why they are not available."""
    election = kb.elections[facts.contest.election]
    if facts.baseline is not None:
        return f"Changes in share and swing are against {election.baseline_label} in this seat."
    if election.baseline:
        return (
            f"Change and swing against {election.baseline_label} are not available: its results "
            "by candidate are not loaded for this seat."
        )
    return "Change and swing are not available: no earlier general election is loaded."


def swing_phrase(kb: KnowledgeBase, facts: ContestFacts) -> str:
    """The Butler swing against the seat's last general election, or why there is none."""
    swing = swing_text(kb, facts)
    if swing:
        return swing
    if facts.baseline is None:
        return "not available (no named result of the seat's last general election)"
    return (
        "not available (the winner's and runner-up's parties did not both stand at "
        f"{kb.elections[facts.contest.election].baseline_label})"
    )


def notes(kb: KnowledgeBase, facts: ContestFacts) -> tuple[str, ...]:
    """The baseline, and what the Library's own files say about the result."""
    annotation = kb.annotation(facts.contest)
    return (baseline_note(kb, facts), *(annotation.notes if annotation else ()))


def _headline(kb: KnowledgeBase, facts: ContestFacts) -> str:
    line = f"{who(kb, facts.winner.candidacy)} won the {kb.elections[facts.contest.election].name} on {day(kb, facts)}: {outcome_text(kb, facts)}"
    runner = facts.runner_up
    if runner:
        line += (
            f", majority {fmt.votes(facts.majority)} ({fmt.pct(facts.majority_pct)}) over "
            f"{who(kb, runner.candidacy)}"
        )
    return line + "."


def result(kb: KnowledgeBase, facts: ContestFacts, preface: str | None = None) -> Answer:
    """The full card: winner, hold or gain, majority, turnout, every candidate, swing."""
    contest = facts.contest
    election = kb.elections[contest.election]
    lines = [preface] if preface else []
    lines.append(_headline(kb, facts))
    fields = [("Majority", f"{fmt.votes(facts.majority)} ({fmt.pct(facts.majority_pct)})")]
    fields.append(("Turnout", fmt.pct(facts.turnout_pct)))
    if contest.electorate:
        fields.append(("Electorate", fmt.votes(contest.electorate)))
    fields.append(("Valid votes", fmt.votes(contest.valid_votes)))
    if contest.invalid_votes is not None:
        fields.append(("Rejected ballots", fmt.votes(contest.invalid_votes)))
    fields.append(("Swing", swing_phrase(kb, facts)))
    if election.writ_date:
        fields.append(("Writ", fmt.long_date(election.writ_date)))
    return Answer(
        kind="result",
        title=title(kb, facts),
        lines=tuple(lines),
        fields=tuple(fields),
        table=candidate_table(kb, facts),
        notes=notes(kb, facts),
        source=SOURCE,
        colour=kb.party(facts.winner.party).colour,
    )


def winner(kb: KnowledgeBase, facts: ContestFacts, preface: str | None = None) -> Answer:
    """'Who won the X by-election?': the winner, hold or gain, majority, and the swing."""
    lines = [preface] if preface else []
    lines.append(_headline(kb, facts))
    lines.append(f"Swing: {swing_phrase(kb, facts)}.")
    changes = [
        f"{kb.party_label(p.party)} {fmt.pp(p.change)}"
        for p in facts.placed[:4]
        if p.change is not None
    ]
    if changes:
        label = kb.elections[facts.contest.election].baseline_label
        lines.append(f"Change in share against {label}: {', '.join(changes)}.")
    return Answer(
        kind="fact",
        title=title(kb, facts),
        lines=tuple(lines),
        notes=notes(kb, facts)[1:],
        source=SOURCE,
        colour=kb.party(facts.winner.party).colour,
    )


def listing(
    kb: KnowledgeBase, found: list[ContestFacts], heading: str, count_only: bool = False
) -> Answer:
    """By-elections, oldest first: date, seat, winner, hold or gain, majority."""
    rows = tuple(
        (
            f"{kb.elections[f.contest.election].date:%d %b %Y}",
            f.contest.name,
            short_name(f),
            outcome_text(kb, f),
            fmt.votes(f.majority),
        )
        for f in found
    )
    gains = sum(1 for f in found if f.outcome.gain)
    line = f"{heading}: {plural(len(found), 'by-election')}"
    line += f", {plural(gains, 'seat')} changing hands." if found else "."
    return Answer(
        kind="list",
        title=fmt.capital(heading),
        lines=(line,),
        table=None
        if count_only and not found
        else Table(
            ("Date", "Seat", "Winner", "Result", "Majority"),
            rows,
            (False, False, False, False, True),
            caption="By-elections",
        ),
        source=SOURCE,
    )


def short_name(facts: ContestFacts) -> str:
    return facts.winner.candidacy.name or facts.winner.candidacy.party_name


def mp_now(
    kb: KnowledgeBase, general: ContestFacts, later: ContestFacts, preface: str | None
) -> Answer:
    """'Who is the MP for X?' where a by-election followed the general election."""
    won = later.winner.candidacy
    lines = [preface] if preface else []
    again = "re-elected" if same_person(won, general.winner.candidacy) else "elected"
    lines.append(
        f"{who(kb, won)} is the MP for {later.contest.name}, {again} at the by-election of "
        f"{day(kb, later)}: {outcome_text(kb, later)}, majority {fmt.votes(later.majority)}."
    )
    election = kb.elections[general.contest.election]
    lines.append(f"At the {election.name} the seat was won by {who(kb, general.winner.candidacy)}.")
    return Answer(
        kind="fact",
        title=f"{later.contest.name}: MP now",
        lines=tuple(lines),
        notes=("The latest result in the knowledge loaded. " + NOT_COUNTED,),
        source=SOURCE,
        colour=kb.party(won.party).colour,
    )


def _signed(n: int) -> str:
    return f"{n:+d}" if n else "0"


def commons(kb: KnowledgeBase, house: Commons, party: str | None = None) -> Answer:
    """The state of the parties now: the general election's seats with each by-election applied."""
    election = house.election
    before = kb.national[election.id]
    latest = house.latest
    as_of = (
        f"as of the {kb.elections[latest.contest.election].name} ({day(kb, latest)})"
        if latest
        else f"as of the {election.name} ({fmt.long_date(election.date)}): no by-election since is loaded"
    )
    lines = []
    if party:
        then = before.party(party)
        lines.append(
            f"{fmt.capital(fmt.party_noun(kb.party(party)))} "
            f"{fmt.has(fmt.party_noun(kb.party(party)))} "
            f"{plural(house.of(party), 'seat')} {as_of} ({then.seats if then else 0} at the "
            f"{election.name})."
        )
    else:
        lines.append(
            f"The House of Commons {as_of}: "
            + ", ".join(f"{kb.party(p).abbrev} {n}" for p, n in house.seats)
            + "."
        )
    if house.by_elections:
        changed = [
            f"{c.facts.contest.name} ({kb.party(c.facts.winner.party).abbrev} gain from "
            f"{kb.party(c.before).abbrev}, {kb.elections[c.facts.contest.election].date:%-d %B %Y})"
            for c in house.changes
        ]
        lines.append(
            f"Since the {election.name}: {plural(len(house.by_elections), 'by-election')}, "
            f"{plural(len(house.new_members), 'new member')}, "
            f"{plural(len(house.changes), 'seat')} changing party"
            + (f": {'; '.join(changed)}." if changed else ".")
        )
    rows = tuple(
        (
            kb.party_label(p),
            str(n),
            str(before.party(p).seats if before.party(p) else 0),
            _signed(n - (before.party(p).seats if before.party(p) else 0)),
        )
        for p, n in house.seats
    )
    return Answer(
        kind="national",
        title=f"State of the parties {as_of}",
        lines=tuple(lines),
        table=Table(
            ("Party", "Seats now", f"Seats {election.id}", "Change"),
            rows,
            (False, True, True, True),
            caption="By party",
        ),
        notes=(
            NOT_COUNTED,
            "Seats are those won at the general election, with each by-election's winner in place "
            "of the seat's previous member.",
        ),
        source=SOURCE if house.by_elections else fmt.source_line(election.id),
        colour=kb.party(house.seats[0][0]).colour if house.seats else None,
    )
