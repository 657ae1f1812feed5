"""Answers about what the knowledge covers: elections it has, questions outside them, names it
lacks, and how much of an election has declared."""

from __future__ import annotations

from bot import format as fmt
from bot.answer import live
from bot.answer.common import fact
from bot.answer.models import Answer, Choice
from bot.answer.result import declared_clause, outcome_text, who
from bot.areas import Area
from bot.kb.knowledge import KnowledgeBase
from bot.models import Contest, Precedent
from bot.text import quote

EXAMPLES = (
    "Who won Hendon?",
    "What was Liz Truss's majority in 2019?",
    "How many seats did the Lib Dems win in the South West?",
    "Green share 2019 vs 2024",
    "Which seat had the smallest majority in Scotland?",
    "`!result South West Norfolk`",
)


def coverage(kb: KnowledgeBase) -> str:
    """'UK general elections 1918-2024 (29 elections)'."""
    elections = kb.real_elections()
    if not elections:
        return "no elections yet"
    if len(elections) == 1:
        return f"the {elections[0].id} UK general election"
    known = f"UK general elections {elections[0].id}-{elections[-1].id} ({len(elections)} elections: {fmt.join_names([e.id for e in elections])})"
    if kb.by_elections:
        first = kb.elections[kb.by_elections[0].contest.election].year
        last = kb.elections[kb.by_elections[-1].contest.election].year
        span = f"{first}-{last}" if first != last else str(first)
        known += f" and {len(kb.by_elections)} by-elections {span}"
    return known


def outside(kb: KnowledgeBase) -> Answer:
    """A question about another kind of election or body: say what we do know instead."""
    return Answer(
        kind="help",
        title="Not in my records",
        lines=(
            "I only know UK general elections to the House of Commons, so I can't answer that "
            "(no opinion polls, mayors, devolved parliaments, councils, police commissioners, "
            "referendums or by-elections).",
            f"What I have: {coverage(kb)}.",
        ),
        items=EXAMPLES[:4],
    )


def unknown_election(kb: KnowledgeBase, year: str, retry: str | None = None) -> Answer:
    """No such election; 1974, which had two, asks which one (with `retry` as the question)."""
    twins = [e for e in ("1974F", "1974O") if e in kb.contests]
    if year.strip() == "1974" and twins:
        choices = tuple(
            Choice(
                kb.elections[e].name.removesuffix(" general election"),
                (retry or "{}").replace("1974", e, 1) if retry else f"!ask national {e}",
            )
            for e in twins
        )
        return Answer(
            kind="choice",
            title="Which 1974 election?",
            lines=("There were two general elections in 1974, in February and in October.",),
            choices=choices,
        )
    shown = quote(year, 12)
    return Answer(
        kind="not_found",
        title=f"No results for {shown}",
        lines=(f"I don't have results for a general election in {shown}. I know {coverage(kb)}.",),
    )


ONLY_THE_SAMPLE = (
    "Only the shipped sample (South West Norfolk) is loaded. For every seat, load the "
    "Commons Library's files: `python -m bot kb download --to data --history`, then "
    "`--kb data/historical --kb data/ge2019 --kb data/ge2024` (see the README)."
)


def sample_only(kb: KnowledgeBase) -> bool:
    """Only the shipped sample's results are loaded (knowledge/sample), no official files."""
    results = [path for path, kind in kb.report.files if kind.startswith("Commons Library results")]
    others = [
        kind
        for _, kind in kb.report.files
        if kind not in {"curated knowledge", "skipped"} and not kind.startswith("Commons Library")
    ]
    return not others and all(
        path.replace("\\", "/").rsplit("/", 1)[-1].startswith("sample-") for path in results
    )


def seat_missing(
    kb: KnowledgeBase, name: str, nearest: list[str] | None = None, area: bool = False
) -> Answer:
    """A question about one seat whose name is not in the knowledge loaded (with the nearest
    names, when some are near; `area`: it could have meant a region, so say which there are)."""
    small = {"and", "the", "of", "upon", "on", "in"}
    titled = " ".join(w if w in small else w.capitalize() for w in name.split())
    shown = quote(fmt.capital(titled), 60)
    lines = [
        f"I couldn't find a constituency or candidate called '{shown}' in the knowledge loaded. "
        f"I know {coverage(kb)}."
    ]
    if nearest:
        lines.append(f"The nearest names: {'; '.join(nearest)}.")  # a name may hold 'and'
    if area:
        lines.append(
            "For a nation or region, name it as the Commons Library does: England, Scotland, "
            "Wales, Northern Ireland, or a region such as the North West or the East Midlands."
        )
    sample = sample_only(kb)
    if sample:
        lines.append(ONLY_THE_SAMPLE)
    return Answer(
        kind="not_found",
        title=f"No constituency '{shown}'",
        lines=tuple(lines),
        items=() if sample else EXAMPLES,  # the examples need the official files
    )


def not_understood(text: str) -> Answer:
    return Answer(
        kind="help",
        title="Sorry, I didn't understand that",
        lines=(
            f"I couldn't find a constituency, candidate, party or question I know in '{quote(text)}'.",
        ),
        items=EXAMPLES,
    )


def declared(kb: KnowledgeBase, area: Area, left: bool) -> Answer:
    """How much of an election has declared: so far while it is counted, else complete."""
    counted = live.declared_in_area(kb, area)
    if counted is not None:
        return live.declared_so_far(kb, area, left, *counted)
    national, election = area.facts, area.election
    seats = len(national.contests)
    leader = national.parties[0]
    if left:
        head = f"None: all {seats} seats{area.where} have declared at the {election.name}; the count is complete."
    else:
        head = f"All {seats} seats{area.where} have declared: the {election.name} is complete."
    lines = [head, f"Final result: {fmt.tally(national.tally, kb.abbreviations())}."]
    lines.append(
        f"{fmt.capital(fmt.party_noun(kb.party(leader.party)))} won {leader.seats} of {seats}"
        + (" seats, a majority." if leader.seats > seats / 2 else " seats.")
    )
    return fact(kb, f"Declared{area.suffix}, {election.id}", lines, election.id)


def seat_declared(kb: KnowledgeBase, contest: Contest, preface: str | None) -> Answer:
    """'Has X declared?': yes with the result, or not yet while the election is counted."""
    if not kb.is_declared(contest):
        return live.undeclared(kb, contest, preface)
    facts = kb.facts_for(contest)
    progress = kb.progress.get(contest.election)
    at = declared_clause(kb, contest)
    lines = [preface] if preface else []
    lines.append(
        f"Yes: {contest.name} declared{at}. {who(kb, facts.winner.candidacy)} won, "
        f"{outcome_text(kb, facts)}, with a majority of {fmt.votes(facts.majority)}."
    )
    if progress is None or progress.complete:
        lines.append(f"Every seat of the {kb.elections[contest.election].name} has declared.")
    else:
        lines.append(f"{fmt.seats_declared(len(progress.order), progress.total)} so far.")
    return fact(kb, f"{contest.name}, {contest.election}", lines, contest.election)


def place_missing(kb: KnowledgeBase, place_name: str, election: str) -> Answer:
    """A place the results of that election do not cover."""
    return Answer(
        kind="not_found",
        title=f"No results for {place_name} in {election}",
        lines=(
            f"None of the {election} results I have are from {place_name}, so I can't answer for it "
            "there rather than give a figure for somewhere else.",
        ),
    )


def precedent(kb: KnowledgeBase, item: Precedent) -> Answer:
    return Answer(
        kind="fact",
        title=item.title,
        lines=(item.answer,),
        source="Source: Returning Officer's curated knowledge"
        + (f" ({item.source})." if item.source else "."),
    )
