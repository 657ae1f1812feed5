"""Answers about a seat's past: its history table, streaks, last and first wins, who held it before."""

from __future__ import annotations

from bot import format as fmt
from bot import seat_history
from bot.answer.charts import history_charts
from bot.answer.models import Answer, Table
from bot.answer.result import party_level_note, short_who, who
from bot.facts import ContestFacts
from bot.kb.knowledge import KnowledgeBase
from bot.seat_history import when
from bot.text import fold


def history_source(line: list[ContestFacts]) -> str:
    """The briefings behind the contests of a line of history."""
    briefings = [fmt.briefing(f.contest.election, f.contest.party_level) for f in line]
    return f"Source: {'; '.join(dict.fromkeys(briefings))}. {fmt.OPEN_PARLIAMENT}"


def party_noun(kb: KnowledgeBase, code: str) -> str:
    """'the Labour Party' for use mid-sentence."""
    return fmt.party_noun(kb.party(code))


def _notes(kb: KnowledgeBase, line: list[ContestFacts]) -> tuple[str, ...]:
    notes = []
    changes = seat_history.boundary_changes(kb, line)
    if changes:
        notes.append(
            f"New boundaries took effect in {fmt.join_names(changes)}: the seat has not always covered the same area."
        )
    for before, after in seat_history.gaps(kb, line):
        notes.append(
            f"No contest under this name between {before} and {after}: the later seat is a new one."
        )
    names = list({fold(f.contest.name): f.contest.name for f in line}.values())
    if len(names) > 1:
        notes.append(f"Names used: {fmt.join_names(names)}.")
    if any(f.contest.party_level for f in line):
        notes.append(party_level_note(kb))
    return tuple(notes)


def _fact(kb: KnowledgeBase, title: str, lines: list[str], line: list[ContestFacts]) -> Answer:
    return Answer(
        kind="fact",
        title=title,
        lines=tuple(lines),
        notes=_notes(kb, line),
        source=history_source(line),
    )


def _won(kb: KnowledgeBase, facts: ContestFacts) -> str:
    if facts.contest.unopposed:
        return f"{when(facts)} (unopposed)"
    return f"{when(facts)} (majority {fmt.votes(facts.majority)}, {fmt.pct(facts.majority_pct)})"


def history_table(kb: KnowledgeBase, facts: ContestFacts) -> Answer:
    """Winners, majorities and turnout at every election, with the current run of wins."""
    line = seat_history.seat_line(kb, facts.contest)
    rows = tuple(
        (
            f.contest.election,
            short_who(kb, f.winner.candidacy),
            kb.party(f.winner.party).abbrev,
            "unopposed" if f.contest.unopposed else fmt.votes(f.majority),
            fmt.pct(f.turnout_pct) if f.turnout_pct is not None else "-",
        )
        for f in line
    )
    latest = line[-1]
    run = seat_history.streak_at(kb, line, len(line) - 1)
    holder = fmt.capital(party_noun(kb, run.party))
    before = seat_history.streak_at(kb, line, len(line) - 2) if len(line) > 1 else None
    if run.wins == 1 and before is not None and before.wins == 1:  # no run to speak of
        summary = (
            f"{holder} won it in {when(latest)}, taking it from "
            f"{party_noun(kb, before.party)}" + _members(kb, line, before) + "."
        )
    elif run.wins == 1 and before is not None:
        summary = (
            f"{holder} won it in {when(latest)}, ending {before.wins} consecutive "
            f"{kb.party(before.party).label} win{'s' if before.wins != 1 else ''} "
            f"({when(before.first)}-{when(before.last)})" + _members(kb, line, before) + "."
        )
    else:
        summary = (
            f"{holder} {fmt.has(holder)} held it since {when(run.first)} ({run.wins} consecutive "
            f"wins)" + _members(kb, line, run) + "."
        )
    return Answer(
        kind="list",
        title=f"{latest.contest.name}: every result {when(line[0])}-{when(latest)}",
        lines=(summary,),
        table=Table(
            ("Election", "Winner", "Party", "Majority", "Turnout"),
            rows,
            (False, False, False, True, True),
            caption="Every result",
        ),
        notes=_notes(kb, line),
        source=history_source(line),
        colour=kb.party(latest.winner.party).colour,
        charts=history_charts(kb, facts),
    )


def _members(kb: KnowledgeBase, line: list[ContestFacts], run: seat_history.Streak) -> str:
    """'; Liz Truss won it in 2010, 2015, 2017 and 2019' for a run's named winners, or ''."""
    start, end = line.index(run.first), line.index(run.last)
    phrase = seat_history.members_phrase(kb, line[start : end + 1])
    return f"; {phrase}" if phrase else ""


def last_won(kb: KnowledgeBase, facts: ContestFacts, party: str) -> Answer:
    """When a party last won the seat, and the win before that if the latest is its own."""
    line = seat_history.seat_line(kb, facts.contest)
    name = fmt.capital(party_noun(kb, party))
    seat = line[-1].contest.name
    last = seat_history.last_won_before(kb, line, party, len(line))
    if last is None:
        text = f"{name} has not won {seat} at any election in the records ({when(line[0])}-{when(line[-1])})."
    else:
        index = line.index(last)
        text = f"{name} last won {seat} in {_won(kb, last)}."
        before = seat_history.last_won_before(kb, line, party, index)
        if (
            before is not None
            and index
            and not seat_history._same(kb, line[index - 1].winner.party, party)
        ):
            text += f" That was its first win there since {when(before)}."
        elif before is None and index:
            text += " It was the party's first win there in the records."
        if index < len(line) - 1:
            text += f" Since then: {_holders_after(kb, line, index)}."
    return _fact(kb, f"{seat}: {name}", [text], line)


def _holders_after(kb: KnowledgeBase, line: list[ContestFacts], index: int) -> str:
    parts, position = [], index + 1
    while position < len(line):
        run = seat_history.streak_at(kb, line[: len(line)], position)
        end = line.index(run.last)
        span = (
            run.first.contest.election if run.wins == 1 else f"{when(run.first)}-{when(run.last)}"
        )
        parts.append(f"{kb.party(run.party).label} {span}")
        position = end + 1
    return ", ".join(parts)


def first_won(kb: KnowledgeBase, facts: ContestFacts, party: str) -> Answer:
    line = seat_history.seat_line(kb, facts.contest)
    name = fmt.capital(party_noun(kb, party))
    first = seat_history.first_won(kb, line, party)
    seat = line[-1].contest.name
    if first is None:
        text = f"{name} has never won {seat} in the records ({when(line[0])}-{when(line[-1])})."
    elif line.index(first) == 0:
        text = f"{name} won {seat} at the first election in the records, {_won(kb, first)}; earlier results are not in the data."
    else:
        text = f"{name} first won {seat} in {_won(kb, first)}."
    return _fact(kb, f"{seat}: {name}", [text], line)


def held_since(kb: KnowledgeBase, facts: ContestFacts, party: str | None) -> Answer:
    """How long a party held the seat: its run of wins, and what ended it."""
    line = seat_history.seat_line(kb, facts.contest)
    seat = line[-1].contest.name
    if party is None:
        party = line[-1].winner.party
    runs = [
        seat_history.streak_at(kb, line, i)
        for i, f in enumerate(line)
        if seat_history._same(kb, f.winner.party, party)
    ]
    if not runs:
        text = f"{fmt.capital(party_noun(kb, party))} has not held {seat} in the records."
    else:
        run = max(runs, key=lambda run: kb.elections[run.last.contest.election].date)
        name = fmt.capital(party_noun(kb, party))
        began = kb.elections[run.first.contest.election].date
        span = f"{run.wins} consecutive win{'s' if run.wins != 1 else ''}, {when(run.first)}-{when(run.last)}"
        if run.ended_by is None:
            text = f"{name} {fmt.has(name)} held {seat} since {when(run.first)}: {span}{_members(kb, line, run)}."
        else:
            ended = run.ended_by
            years = kb.elections[ended.contest.election].date.year - began.year
            text = (
                f"{name} held {seat} from {when(run.first)} until "
                f"{party_noun(kb, ended.winner.party)} won it in {when(ended)}: {span}, {years} "
                f"years{_members(kb, line, run)}."
            )
    return _fact(kb, f"{seat}: held since", [text], line)


def held_before(kb: KnowledgeBase, facts: ContestFacts) -> Answer:
    """Who held the seat going into this election: the previous winner."""
    line = seat_history.seat_line(kb, facts.contest)
    index = next(i for i, f in enumerate(line) if f is facts)
    seat = facts.contest.name
    if index == 0:
        text = f"{when(facts)} is the earliest result I have for {seat}."
        return Answer(kind="fact", title=seat, lines=(text,), source=history_source(line))
    previous = line[index - 1]
    run = seat_history.streak_at(kb, line[:index], index - 1)
    holder = who(kb, previous.winner.candidacy)
    text = (
        f"Before {when(facts)}, {seat} was held by {holder}, who won it in {_won(kb, previous)}"
        + (f"; the party had held it since {when(run.first)}" if run.wins > 1 else "")
        + _members(kb, line[:index], run)
        + "."
    )
    after = f" In {when(facts)} it went to {who(kb, facts.winner.candidacy)} ({facts.outcome.text(kb.abbreviations())})."
    lines = [text + after]
    for contest in (facts.contest, previous.contest):
        note = kb.annotation(contest)
        if note:
            lines.extend(note.notes)
    return _fact(kb, f"{seat} before {when(facts)}", lines, line)
