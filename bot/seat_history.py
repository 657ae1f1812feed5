"""Facts across time for one seat: held since, last and first wins, streaks, boundary changes."""

from __future__ import annotations

from dataclasses import dataclass

from bot import format as fmt
from bot.facts import ContestFacts
from bot.kb.calendar import election_label
from bot.kb.knowledge import KnowledgeBase
from bot.models import Contest

UNNAMED = "Oth"  # 'other parties' is no single party: no streaks or firsts for it


def when(facts: ContestFacts) -> str:
    """The election of a result as written in a sentence ('February 1974', not '1974F')."""
    return election_label(facts.contest.election)


def named_from(kb: KnowledgeBase) -> str | None:
    """The first election whose results name candidates (2010 with Parliament's files)."""

    def first() -> str | None:
        for election in kb.real_elections():
            contests = kb.contests.get(election.id, {})
            if any(not c.party_level for c in contests.values()):
                return election.id
        return None

    return kb.cached(("named_from",), first)


def seat_line(kb: KnowledgeBase, contest: Contest) -> list[ContestFacts]:
    """Every contest under this seat's name (and its older forms), oldest first."""
    return list(kb.seat_line(contest.name))


def party_root(kb: KnowledgeBase, code: str) -> str:
    """The oldest party in a line of succession, so the Liberal Democrats continue the Liberals."""
    return kb.party_root(code)


def _same(kb: KnowledgeBase, a: str, b: str) -> bool:
    return party_root(kb, a) == party_root(kb, b)


def _index(line: list[ContestFacts], contest: Contest) -> int:
    return next(i for i, f in enumerate(line) if f.contest.election == contest.election)


@dataclass(frozen=True)
class Streak:
    """A run of consecutive wins by one party (its line of succession) up to some election."""

    party: str
    first: ContestFacts
    last: ContestFacts
    wins: int
    ended_by: ContestFacts | None


def adjacent(kb: KnowledgeBase, earlier: ContestFacts, later: ContestFacts) -> bool:
    """True when no general election came between the two contests."""
    order = kb.election_order
    return order[later.contest.election] == order[earlier.contest.election] + 1


def continuous(kb: KnowledgeBase, line: list[ContestFacts]) -> list[ContestFacts]:
    """The unbroken run of elections that ends the line (a name unused for a while starts anew)."""
    start = len(line) - 1
    while start > 0 and adjacent(kb, line[start - 1], line[start]):
        start -= 1
    return line[start:]


def gaps(kb: KnowledgeBase, line: list[ContestFacts]) -> list[tuple[str, str]]:
    """(last before, first after) for each stretch of elections with no contest under this name."""
    return [
        (a.contest.election, b.contest.election)
        for a, b in zip(line, line[1:], strict=False)
        if not adjacent(kb, a, b)
    ]


def streak_at(kb: KnowledgeBase, line: list[ContestFacts], index: int) -> Streak:
    """The winning run that includes line[index]: consecutive elections, one party's line."""
    party = line[index].winner.party
    start = index
    while (
        start > 0
        and _same(kb, line[start - 1].winner.party, party)
        and adjacent(kb, line[start - 1], line[start])
    ):
        start -= 1
    end = index
    while (
        end + 1 < len(line)
        and _same(kb, line[end + 1].winner.party, party)
        and adjacent(kb, line[end], line[end + 1])
    ):
        end += 1
    ended_by = line[end + 1] if end + 1 < len(line) else None
    return Streak(party, line[start], line[end], end - start + 1, ended_by)


def last_won_before(
    kb: KnowledgeBase, line: list[ContestFacts], party: str, index: int
) -> ContestFacts | None:
    for facts in reversed(line[:index]):
        if _same(kb, facts.winner.party, party):
            return facts
    return None


def first_won(kb: KnowledgeBase, line: list[ContestFacts], party: str) -> ContestFacts | None:
    return next((f for f in line if _same(kb, f.winner.party, party)), None)


def boundary_changes(kb: KnowledgeBase, line: list[ContestFacts]) -> list[str]:
    """Elections at which this seat was fought on new boundaries (as far as the data says)."""
    changes = []
    previous = None
    for facts in line:
        # The file labels one set both "2010-2017" and "2010-2019": a set is known by its first year.
        label = facts.contest.boundaries or ("2024" if facts.contest.election == "2024" else None)
        current = label[:4] if label else None
        if previous is not None and current is not None and current != previous:
            changes.append(facts.contest.election)
        previous = current or previous
    return changes


def notable_line(kb: KnowledgeBase, facts: ContestFacts) -> str | None:
    """One line of history for the result card, when an unbroken record makes it notable.

    Kept per snapshot: a seat asked about again (as on election night) costs nothing more.
    """
    return kb.cached(
        ("notable", facts.contest.election, facts.contest.name), lambda: _notable(kb, facts)
    )


def _notable(kb: KnowledgeBase, facts: ContestFacts) -> str | None:
    whole = seat_line(kb, facts.contest)
    if not any(f.contest.election == facts.contest.election for f in whole):
        # a declaration announced from the base it arrives in (bot.live), which holds only the
        # seat's earlier results: it is the newest of them
        whole = [*whole, facts]
    line = continuous(kb, whole[: _index(whole, facts.contest) + 1])
    if len(line) < 3 or facts.winner.party == UNNAMED:
        return None
    index = _index(line, facts.contest)
    party = facts.winner.party
    label = kb.party(party).label
    if index and not _same(kb, line[index - 1].winner.party, party):
        last = last_won_before(kb, line, party, index)
        since = line.index(last) if last is not None else 0
        if any(f.winner.party == UNNAMED for f in line[since:index]):
            return None  # 'others' won in between, and that may have been this party
        if last is not None:
            return f"The first {label} win here since {when(last)}."
        if index >= 4:
            return f"The first {label} win here in the records, which go back to {when(line[0])}."
        return None
    wins = streak_at(kb, line[: index + 1], index)
    if wins.wins >= 5:
        return (
            f"The {fmt.ordinal(wins.wins)} consecutive {label} win here, a run going back to "
            f"{when(wins.first)}."
        )
    return None


def members_phrase(kb: KnowledgeBase, run: list[ContestFacts]) -> str | None:
    """'Liz Truss won it in 2010, 2015, 2017 and 2019': who won a run of contests, where the
    results name them (linked as one person across years and spellings); None where none do."""
    by_person: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    for facts in run:
        candidacy = facts.winner.candidacy
        if facts.contest.party_level or not candidacy.name or facts.contest.seats > 1:
            continue
        key = candidacy.person_id or candidacy.name
        by_person.setdefault(key, []).append(when(facts))
        person = kb.people.get(candidacy.person_id)
        names[key] = person.name if person else candidacy.name
    if not by_person:
        return None
    parts = [f"{names[k]} won it in {fmt.join_names(years)}" for k, years in by_person.items()]
    return "; ".join(parts)
