"""Records across every election loaded: elections ranked, seats ranked over all time."""

from __future__ import annotations

from bot import format as fmt
from bot.answer.common import measure_value
from bot.answer.models import Answer
from bot.kb.knowledge import KnowledgeBase
from bot.measures import MEASURES


def election_ranking(kb: KnowledgeBase, measure: str, largest: bool) -> Answer:
    """Elections ranked by national turnout."""
    rows = sorted(
        (n for n in kb.national.values() if n.turnout_pct is not None),
        key=lambda national: national.turnout_pct,
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
    wording = MEASURES[measure]
    word = (wording.one, wording.many)
    adjective = wording.end(largest)
    elections = kb.real_elections()
    span = f"{elections[0].id}-{elections[-1].id}"
    items = tuple(
        f"{rank}. {f.contest.name} {f.contest.election}: {measure_value(f, measure)} ({kb.party(f.winner.party).abbrev})"
        for rank, f in rows
    )
    first = rows[0][1]
    return Answer(
        kind="list",
        title=f"The {adjective} {word[0] if n == 1 else word[1]} at any election, {span}",
        lines=(
            f"The {adjective} {word[0]} in the records is {first.contest.name} in {first.contest.election}: "
            f"{measure_value(first, measure)}.",
        ),
        items=items if n > 1 else items[1:4],
        notes=("Uncontested seats are left out.",),
        source="Source: House of Commons Library (CBP-8647, CBP-8749, CBP-10009). "
        + fmt.OPEN_PARLIAMENT,
    )
