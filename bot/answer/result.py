"""The result card for one contest."""

from __future__ import annotations

import re

from bot import format as fmt
from bot.answer.charts import result_charts
from bot.answer.models import Answer, Table
from bot.commons import same_person
from bot.facts import NON_PARTIES, ContestFacts, Placed
from bot.kb.knowledge import KnowledgeBase
from bot.kb.sources.times import LIBRARY, said_of
from bot.models import Candidacy, Contest
from bot.seat_history import named_from, notable_line
from bot.text import fold

PARTY_LEVEL_NOTE = (
    "Before {first} the Commons Library's results give votes by party group only: candidates are "
    "not named, and 'others' gathers every smaller party, the Speaker and all Northern Ireland "
    "parties."
)


def party_level_note(kb: KnowledgeBase) -> str:
    """PARTY_LEVEL_NOTE, naming the first election whose results name candidates here."""
    return PARTY_LEVEL_NOTE.format(first=named_from(kb) or "2019")


_COOP = re.compile(r"\bco-?op", re.IGNORECASE)


def _words(text: str) -> list[str]:
    return [w for w in fold(text).split() if w not in {"the", "and", "of"}]


def party_shown(kb: KnowledgeBase, candidacy: Candidacy) -> str:
    """The candidate's party as the rest of an answer names it ('SNP', not 'Scottish National
    Party'), when the printed name is plainly that party; else as printed (a joint ticket such as
    'Labour and Co-operative', or a party whose code the files share with another)."""
    printed = candidacy.party_name
    party = kb.party(candidacy.party)
    label = party.label
    if candidacy.party == "Lab" and _COOP.search(printed):  # 'Lab Coop', 'Labour Co-op', ...
        return "Labour and Co-operative"
    if "Co-operative" in printed or not label:
        return printed
    if fold(printed) in {fold(candidacy.party), *map(fold, party.names)}:  # 'Con', an alias
        return label
    words, short = _words(printed), _words(label)
    initials = "".join(
        w if w.isupper() and len(w) > 1 else w[0]
        for w in printed.replace("&", " ").split()
        if w.lower() not in {"the", "and", "of"}
    ).upper()
    if set(short) <= set(words) or label.upper() == initials or fold(label) == fold(printed):
        return label
    return printed


RECORDED = "the time it logged the result, some minutes or more after the declaration"
INDICATIVE = "the Commons Library's indicative time"


def _timed_by(kb: KnowledgeBase, contest: Contest) -> tuple[str | None, str]:
    """The contest's time as said ('04:47 on Friday 13 December 2019') and whose it is: 'curated',
    'library-recorded' (the Library's time of recording), 'library' (its indicative declaration
    time), a times file's own words ('from declaration-times.csv') or '' (a feed's)."""
    annotation = kb.annotation(contest)
    if annotation and annotation.declared_at:
        return fmt.declared(annotation.declared_at), "curated"
    when = fmt.declared(contest.declared_at)
    said = said_of(contest)
    if said == LIBRARY:
        return when, "library-recorded"
    if said:
        return when, said
    if "HoC-GE" in contest.source or "constituencies.csv" in contest.source:
        return when, "library"
    return when, ""


def declared_note(kb: KnowledgeBase, contest: Contest) -> str | None:
    """When the seat declared, worded for what the time is: the Library's 2024 release records
    when it logged each result (some minutes after the declaration), its earlier files give an
    indicative declaration time, and curated or operator times are declarations."""
    when, whose = _timed_by(kb, contest)
    if not when:
        return None
    if whose == "library-recorded":
        return f"Recorded by the Commons Library at {when} ({RECORDED})."
    return f"Declared{_declared_at(when, whose, at=' ')}."


def declared_clause(kb: KnowledgeBase, contest: Contest) -> str:
    """What follows 'X declared' in a sentence: ' at 04:47 on ... (the Commons Library's
    indicative time)', ' (recorded by the Commons Library at 07:10 on ..., ...)', or ''."""
    when, whose = _timed_by(kb, contest)
    if not when:
        return ""
    if whose == "library-recorded":
        return f" (recorded by the Commons Library at {when}, {RECORDED})"
    return _declared_at(when, whose)


def _declared_at(when: str, whose: str, at: str = " at ") -> str:
    """' at 04:47 on ...' and, unless the time is curated or a feed's, whose time it is."""
    if whose == "library":
        return f"{at}{when} ({INDICATIVE})"
    if whose not in ("", "curated"):
        return f"{at}{when} ({whose})"
    return f"{at}{when}"


def times_note(kb: KnowledgeBase, contests: list[Contest]) -> tuple[str, ...]:
    """What a list's times are, once: the Library's times of recording, or its indicative ones."""
    kinds = {_timed_by(kb, contest)[1] for contest in contests}
    if "library-recorded" in kinds:
        return (f"Times are those recorded by the Commons Library ({RECORDED}).",)
    if "library" in kinds:
        return (f"Times are {INDICATIVE}s.",)
    return ()


def who(kb: KnowledgeBase, candidacy: Candidacy) -> str:
    """'Terry Jermy (Labour)', or the party alone where the data names no candidate."""
    if candidacy.name:
        return f"{candidacy.name} ({party_shown(kb, candidacy)})"
    return fmt.party_noun(kb.party(candidacy.party))


def short_who(kb: KnowledgeBase, candidacy: Candidacy) -> str:
    """'Terry Jermy', or the party where the data names no candidate."""
    return candidacy.name or kb.party(candidacy.party).label


def outcome_text(kb: KnowledgeBase, facts: ContestFacts) -> str:
    """'Lab gain from Con' in the Library's words, computed where we have the previous result."""
    return facts.outcome.text(kb.abbreviations())


def baseline_phrase(kb: KnowledgeBase, facts: ContestFacts) -> str | None:
    """What changes are measured against, named: 'vs notional 2019'."""
    if facts.baseline_label:
        return f"vs {facts.baseline_label}"
    election = kb.elections[facts.contest.election]
    if facts.change_source == "published" and election.baseline_label:
        return f"vs {election.baseline_label}, as published by the Commons Library"
    return None


def swing_text(kb: KnowledgeBase, facts: ContestFacts) -> str | None:
    if facts.swing is None:
        return None
    swing = facts.swing
    return (
        f"{fmt.pct(swing.points)} from {kb.party_label(swing.from_party)} to "
        f"{kb.party_label(swing.to_party)} (Butler swing, {baseline_phrase(kb, facts)})"
    )


def _change(placed: Placed, facts: ContestFacts) -> str:
    if placed.change is None and (
        placed.party in NON_PARTIES or facts.change_source == "unavailable"
    ):
        return "-"
    return fmt.pp(placed.change)


def unavailable_changes(kb: KnowledgeBase, facts: ContestFacts) -> str | None:
    """Why a result has no changes in share: fought on new boundaries, no notional baseline."""
    if facts.change_source != "unavailable":
        return None
    election = kb.elections[facts.contest.election]
    before = f" against {election.baseline_label}" if election.baseline_label else ""
    return (
        f"{election.year} was fought on new boundaries: changes in share{before} are not "
        "available (the Commons Library measures them against notional results on the new "
        "boundaries, which are not loaded)."
    )


def candidate_table(kb: KnowledgeBase, facts: ContestFacts) -> Table:
    rows = tuple(
        (
            str(p.position),
            p.candidacy.name or "(not named)",
            party_shown(kb, p.candidacy) if p.candidacy.name else kb.party(p.party).label,
            fmt.votes(p.candidacy.votes),
            fmt.pct(p.share),
            _change(p, facts),
        )
        for p in facts.placed
    )
    return Table(
        headers=("#", "Candidate", "Party", "Votes", "Share", "Change"),
        rows=rows,
        numeric=(True, False, False, True, True, True),
    )


def by_election_line(kb: KnowledgeBase, facts: ContestFacts) -> str | None:
    """One line for a general election's result when a by-election followed in the seat."""
    later = kb.by_elections_after(facts.contest)
    if not later:
        return None
    last, first = later[-1], facts.winner.candidacy
    won = last.winner.candidacy
    day = fmt.long_date(kb.elections[last.contest.election].date)
    more = f" (the last of {len(later)} by-elections here)" if len(later) > 1 else ""
    if same_person(won, first):
        return f"{who(kb, won)} was re-elected at the by-election of {day}{more}."
    return (
        f"The member changed at a by-election: {who(kb, won)} won it on {day} "
        f"({outcome_text(kb, last)}){more}."
    )


def result_answer(kb: KnowledgeBase, facts: ContestFacts, preface: str | None = None) -> Answer:
    """The full result card: winner, hold or gain, majority, turnout, every candidate, swing."""
    contest = facts.contest
    election = kb.elections[contest.election]
    winner = facts.winner
    outcome = outcome_text(kb, facts)
    multi_member = contest.seats > 1 or (facts.baseline is not None and facts.baseline.seats > 1)
    lines = []
    if preface:
        lines.append(preface)
    if contest.unopposed:
        returned = [kb.party(p.party).label for p in facts.placed if p.party != "Oth"]
        if returned:
            lines.append(f"Returned unopposed: {fmt.join_names(returned)}.")
        else:
            lines.append("Returned unopposed (the data does not say for which party).")
    elif multi_member:  # party totals of several members: no single winner, hold or swing
        lines.append(
            f"{fmt.capital(who(kb, winner.candidacy))} had the most votes in this "
            f"{contest.seats}-member seat."
        )
    elif winner.candidacy.name:
        lines.append(f"{who(kb, winner.candidacy)} elected: {outcome}.")
    else:
        lines.append(f"{fmt.capital(who(kb, winner.candidacy))} won the seat: {outcome}.")
    history = notable_line(kb, facts)
    if history:
        lines.append(history)
    later = by_election_line(kb, facts)
    if later:
        lines.append(later)
    fields = []
    if not contest.unopposed:
        if contest.seats == 1:
            majority = f"{fmt.votes(facts.majority)} ({fmt.pct(facts.majority_pct)})"
            fields.append(("Majority", majority))
        fields.append(("Turnout", fmt.pct(facts.turnout_pct)))
    if contest.electorate:
        fields.append(("Electorate", fmt.votes(contest.electorate)))
    if not contest.unopposed:
        fields.append(("Valid votes", fmt.votes(contest.valid_votes)))
    if contest.invalid_votes is not None:
        fields.append(("Rejected ballots", fmt.votes(contest.invalid_votes)))
    swing = None if multi_member else swing_text(kb, facts)
    if swing:
        fields.append(("Swing", swing))
    if (
        facts.swing_needed is not None
        and facts.runner_up
        and not contest.unopposed
        and not multi_member
    ):
        fields.append(
            (
                "Swing needed",
                f"{fmt.pct(facts.swing_needed)} for {party_shown(kb, facts.runner_up.candidacy)} to win",
            )
        )
    notes = []
    baseline = baseline_phrase(kb, facts)
    if baseline and any(p.change is not None for p in facts.placed):
        notes.append(f"Changes in share are {baseline}.")
    if facts.outcome.previous and facts.baseline_label and "notional" in facts.baseline_label:
        notes.append(
            f"Hold or gain is measured against the {facts.baseline_label} result on the new boundaries."
        )
    unavailable = unavailable_changes(kb, facts)
    if unavailable:
        notes.append(unavailable)
    defeated = facts.defeated_mps
    if defeated:
        names = [f"{p.candidacy.name} ({party_shown(kb, p.candidacy)})" for p in defeated]
        notes.append(f"Sitting MP defeated: {fmt.join_names(names)}.")
    annotation = kb.annotation(contest)
    declared = declared_note(kb, contest)
    if declared:
        notes.append(declared)
    if annotation:
        notes.extend(annotation.notes)
    if contest.seats > 1:
        notes.append(
            f"A {contest.seats}-member seat: votes are totals by party, so the data cannot show how the seats were shared."
        )
    if contest.party_level:
        notes.append(party_level_note(kb))
    return Answer(
        kind="result",
        title=f"{contest.name}: {election.name}, {fmt.long_date(election.date)}",
        lines=tuple(lines),
        fields=tuple(fields),
        table=None if contest.unopposed else candidate_table(kb, facts),
        notes=tuple(notes),
        source=fmt.source_line(contest.election, contest.party_level),
        colour=kb.party(winner.party).colour,
        charts=result_charts(kb, facts),
    )
