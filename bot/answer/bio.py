"""A biography computed from the record: seat, party, since when, how they won or lost.

Only what the data shows: the Library's results (with their Sitting MP and Former MP flags),
its lists of MPs elected and defeated where loaded, and curated offices. Where our named
results start (2010 with Parliament's files, else 2019), we say "since before 2010" rather than
guess.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot import format as fmt
from bot.answer.models import Table
from bot.answer.result import party_shown, who
from bot.facts import ContestFacts, Placed
from bot.kb.calendar import POLLING_DAYS
from bot.kb.knowledge import KnowledgeBase
from bot.kb.sources.byelections import is_by_election
from bot.models import Candidacy, Contest, Held, Membership, Person
from bot.seat_history import named_from
from bot.text import token_key

STATUS_WORDS = {
    "new": "a new MP",
    "re-elected": "re-elected",
    "returning": "a former MP returning to the Commons",
}


@dataclass(frozen=True)
class Stood:
    """One contest in a person's career, with its computed facts."""

    contest: Contest
    candidacy: Candidacy
    facts: ContestFacts
    placed: Placed

    @property
    def won(self) -> bool:
        return self.placed.position == 1

    @property
    def election(self) -> str:
        return self.contest.election

    @property
    def by_election(self) -> bool:
        return is_by_election(self.contest.election)


def record(kb: KnowledgeBase, person: Person) -> list[Stood]:
    """Every general election contest the person stood in, oldest first (named results only)."""
    return _stood(kb, kb.careers.get(person.id, ()))


def _stood(kb: KnowledgeBase, pairs) -> list[Stood]:
    stood = []
    for contest, candidacy in pairs:
        facts = kb.facts_for(contest)
        placed = next((p for p in facts.placed if p.candidacy is candidacy), None)
        if placed is not None:
            stood.append(Stood(contest, candidacy, facts, placed))
    return stood


def by_elections_of(kb: KnowledgeBase, person_id: str) -> list[Stood]:
    """The by-elections the person stood in, oldest first."""
    return _stood(kb, kb.by_elections_of(person_id))


def career(kb: KnowledgeBase, person: Person) -> list[Stood]:
    """General elections and by-elections together, in date order."""
    every = record(kb, person) + by_elections_of(kb, person.id)
    return sorted(every, key=lambda s: kb.elections[s.election].date)


def when(kb: KnowledgeBase, s: Stood) -> str:
    """'2019', or 'the 2011 by-election' (in a sentence after 'in', 'since', 'from')."""
    if s.by_election:
        return f"the {kb.elections[s.election].date.year} by-election"
    return s.election


def day(kb: KnowledgeBase, s: Stood) -> str:
    """The polling day of the contest stood in: 'Thursday 1 May 2025'."""
    return fmt.long_date(kb.elections[s.election].date)


def _after_latest(kb: KnowledgeBase, s: Stood) -> bool:
    """Is this contest the latest general election, or a by-election since it?"""
    latest = kb.latest_election()
    if latest is None:
        return False
    if s.by_election:
        return kb.elections[s.election].date > latest.date
    return s.election == latest.id


def pronoun(gender: str | None, person: Person) -> str:
    if (gender or "").lower() == "male":
        return "he"
    if (gender or "").lower() == "female":
        return "she"
    return person.name.split()[-1] if person.name else "they"


def gender_of(kb: KnowledgeBase, person: Person, stood: list[Stood]) -> str | None:
    for s in reversed(stood):
        if s.candidacy.gender:
            return s.candidacy.gender
    rows = kb.memberships.get(person.id, ())
    return next((m.gender for m in rows if m.gender), None)


def standing(kb: KnowledgeBase, candidacy: Candidacy) -> str:
    """'for the Greens', 'for Reform UK', 'as an independent': the party's display name."""
    if candidacy.party == "Ind":
        return "as an independent"
    shown = party_shown(kb, candidacy)
    party = kb.parties.get(candidacy.party)
    if party is not None and shown == party.label:
        return f"for {fmt.party_noun(party)}"
    return f"for {fmt.the(shown)}"


def party_mp(kb: KnowledgeBase, stood: Stood) -> str:
    """'Labour MP', 'Independent MP'; the Speaker is named as such."""
    if stood.candidacy.party == "Spk":
        return "the Speaker, MP"
    return f"{party_shown(kb, stood.candidacy)} MP"


def first_elected(kb: KnowledgeBase, stood: list[Stood], member: Membership | None) -> str | None:
    """When they first became an MP, as far as the data shows; None if never an MP."""
    first = next((s for s in stood if s.won or s.candidacy.sitting_mp), None)
    person_id = stood[0].candidacy.person_id if stood else ""
    by = next((b for b in by_elections_of(kb, person_id) if b.won), None) if person_id else None
    if by is not None and (
        first is None or kb.elections[by.election].date < kb.elections[first.election].date
    ):
        again = "a former MP, elected again" if by.candidacy.former_mp else "first elected"
        return f"{again} at the {by.contest.name} by-election on {day(kb, by)}"
    if first is None:
        if any(s.candidacy.former_mp for s in stood):
            return "a former MP (the Library's results say so; we hold no result showing their election)"
        return None
    year = first.election
    if first.candidacy.sitting_mp:
        when = (
            f" (the named results we hold begin in {year})"
            if year == named_from(kb)
            else " (the results we hold do not show when they were first elected)"
        )
        return f"an MP since before {year}{when}"
    if first.candidacy.former_mp or (member and member.status == "returning" and first.won):
        return f"a former MP, elected again in {year} (first elected before the results we hold)"
    return f"first elected in {year}"


def seat_since(kb: KnowledgeBase, stood: list[Stood], index: int) -> str:
    """'since 2019', 'since before 2019': the run of wins in this seat ending at stood[index]."""
    key = kb.seat_key(stood[index].contest.name)
    start = index
    while start > 0 and stood[start - 1].won and kb.seat_key(stood[start - 1].contest.name) == key:
        start -= 1
    first = stood[start]
    earlier = [e for e in kb.seat_history(first.contest.name) if e != first.election]
    existed = any(kb.election_order.get(e, 99) < kb.election_order[first.election] for e in earlier)
    if first.candidacy.sitting_mp and (existed or first.election == named_from(kb)):
        return f"since before {first.election}"
    return f"since {first.election}"


NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def count_of(n: int, noun: str) -> str:
    """'four wins', 'one win', '12 wins'."""
    word = NUMBER_WORDS[n] if n < len(NUMBER_WORDS) else str(n)
    return f"{word} {noun}{'s' * (n != 1)}"


def career_line(kb: KnowledgeBase, stood: list[Stood]) -> str | None:
    """'MP for South West Norfolk 2010-2024, four wins (majorities 13,140; 13,861; 18,312;
    26,195), lost in 2024 by 630': each run of wins in one seat, from the named results held.

    A run that starts with the MP already sitting at the first election we hold begins
    'before' it: we never claim more than the record.
    """
    if not any(s.won for s in stood):
        return None
    latest = kb.latest_election()
    runs: list[list[Stood]] = []
    for i, s in enumerate(stood):
        if not s.won:
            continue
        if (
            runs
            and runs[-1][-1] is stood[i - 1]
            and _same_seat(kb, stood[i - 1], s)
            and _next_to(kb, stood[i - 1], s)
        ):
            runs[-1].append(s)  # re-elected for the same seat at the next contest held
        else:
            runs.append([s])
    parts = []
    for run in runs:
        first, last = run[0], run[-1]
        start = f"before {first.election}" if _sitting_before(kb, first) else when(kb, first)
        after = stood[stood.index(last) + 1] if last is not stood[-1] else None
        majorities = "; ".join(fmt.votes(s.facts.majority) for s in run)
        wins = count_of(len(run), "win")
        by = sum(s.by_election for s in run)
        if by and len(run) > 1:
            wins += f", {'one' if by == 1 else by} at a by-election" + "s" * (by > 1)
        wins += f" (majorit{'ies' if len(run) > 1 else 'y'} {majorities})"
        seat = last.contest.name
        if after is not None and not after.won and _same_seat(kb, last, after):
            behind = after.facts.winner.candidacy.votes - after.candidacy.votes
            end = when(kb, after)
            span = (
                f"{start}-{end}" if start.isdigit() and end.isdigit() else f"from {start} to {end}"
            )
            parts.append(f"MP for {seat} {span}, {wins}, lost in {end} by {fmt.votes(behind)}")
        elif after is None and latest is not None and _after_latest(kb, last):
            parts.append(f"MP for {seat} since {start}, {wins}")
        else:
            years = fmt.join_names([when(kb, s) for s in run])
            at = "at" if first.by_election else "in"
            parts.append(f"MP for {seat}, elected {at} {years}: {wins}")
    return fmt.capital("; ".join(parts)) + "."


def _next_to(kb: KnowledgeBase, a: Stood, b: Stood) -> bool:
    """No general election between a by-election and the contest before or after it (one not
    loaded included): a win at each is then one unbroken spell."""
    if not (a.by_election or b.by_election):
        return True
    start, end = kb.elections[a.election].date, kb.elections[b.election].date
    days = {*POLLING_DAYS.values(), *(e.date for e in kb.real_elections())}
    return not any(start < day < end for day in days)


def _same_seat(kb: KnowledgeBase, a: Stood, b: Stood) -> bool:
    return kb.seat_key(a.contest.name) == kb.seat_key(b.contest.name)


def _sitting_before(kb: KnowledgeBase, first: Stood) -> bool:
    """Already the MP at the first election we hold named results for."""
    return first.candidacy.sitting_mp and first.election == named_from(kb)


def times_stood_line(kb: KnowledgeBase, person: Person, stood: list[Stood]) -> str:
    """'Liz Truss has stood at 5 general elections in the named results we hold (2010-2024): ...'"""
    won = [s.election for s in stood if s.won]
    lost = [s.election for s in stood if not s.won]
    seats = list(dict.fromkeys(s.contest.name for s in stood))
    where = f", all in {seats[0]}" if len(seats) == 1 else f", in {fmt.join_names(seats)}"
    span = f"{stood[0].election}-{stood[-1].election}" if len(stood) > 1 else stood[0].election
    parts = []
    if won:
        parts.append(f"won {len(won)} ({', '.join(won)})")
    if lost:
        parts.append(f"lost {len(lost)} ({', '.join(lost)})")
    times = "once" if len(stood) == 1 else "twice" if len(stood) == 2 else f"{len(stood)} times"
    line = (
        f"{person.name} has stood {times} at the general elections in the named results we "
        f"hold ({span}){where}: {' and '.join(parts)}."
    )
    if len(stood) == 1:
        line = (
            f"{person.name} has stood once at the general elections in the named results we "
            f"hold: in {seats[0]} in {span}, and {'won' if won else 'lost'}."
        )
    first = stood[0]
    if first.election == named_from(kb) and (
        first.candidacy.sitting_mp or first.candidacy.former_mp
    ):
        line += (
            f" {person.name} was already {'the sitting' if first.candidacy.sitting_mp else 'a former'}"
            f" MP in {first.election}, so stood before {first.election} too; our named results "
            f"begin in {first.election}."
        )
    return line


def won_line(kb: KnowledgeBase, s: Stood) -> str:
    facts = s.facts
    runner = facts.runner_up
    over = f" over {who(kb, runner.candidacy)}" if runner else ""
    return (
        f"Won in {s.election} with {fmt.votes(s.candidacy.votes)} votes ({fmt.pct(s.placed.share)}), "
        f"a majority of {fmt.votes(facts.majority)}{over}."
    )


def lost_line(kb: KnowledgeBase, s: Stood, defeated: bool) -> str:
    facts = s.facts
    winner = facts.winner.candidacy
    behind = winner.votes - s.candidacy.votes
    verb = "Defeated" if defeated else "Lost"
    head = (
        f"{verb} in {s.contest.name} in {s.election}: {fmt.votes(s.candidacy.votes)} votes "
        f"({fmt.pct(s.placed.share)}), {fmt.ordinal(s.placed.position)}"
    )
    winner_name = f"{winner.name or kb.party_label(winner.party)} ({party_shown(kb, winner)})"
    outcome = facts.outcome.text(kb.abbreviations())
    if behind == facts.majority:  # the runner-up: the gap is the winner's majority, said once
        return (
            f"{head}, beaten by {fmt.votes(behind)} votes ({fmt.pct(facts.majority_pct)}) by "
            f"{winner_name}; {outcome}."
        )
    return (
        f"{head}, {fmt.votes(behind)} behind {winner_name}, who won by "
        f"{fmt.votes(facts.majority)} ({fmt.pct(facts.majority_pct)}; {outcome})."
    )


def previous_holder(kb: KnowledgeBase, s: Stood) -> str | None:
    """Who held the seat before this winner, as far as the data shows."""
    facts = s.facts
    beaten = [p for p in facts.placed[1:] if p.candidacy.sitting_mp]
    if beaten:
        names = fmt.join_names([who(kb, p.candidacy) for p in beaten[:2]])
        return f"defeating the sitting MP, {names}"
    order = kb.election_order
    before = [
        c
        for e, c in kb.seat_history(s.contest.name).items()
        if order.get(e, 99) < order[s.election] and not c.party_level
    ]
    if before:
        last = max(before, key=lambda c: order[c.election])
        winner = last.candidacies[0]
        again = [
            p
            for p in facts.placed[1:]
            if winner.person_id and p.candidacy.person_id == winner.person_id
        ]
        if again:  # the last winner stood again and lost (a result with no Sitting MP column)
            return (
                f"defeating the sitting MP, {winner.name} ({party_shown(kb, again[0].candidacy)})"
            )
        if winner.person_id != s.candidacy.person_id:
            return (
                f"in a seat won in {last.election} by {who(kb, winner)}, who did "
                f"not stand there in {s.election}"
            )
        return None
    if facts.baseline is not None and facts.baseline_label:
        party = kb.party_label(facts.baseline.candidacies[0].party)
        return f"in a seat that was {party} on the {facts.baseline_label} result"
    return None


def swing_phrase(kb: KnowledgeBase, facts: ContestFacts) -> str | None:
    swing = facts.swing
    if swing is None:
        return None
    baseline = facts.baseline_label or "the previous election"
    return (
        f"{fmt.pct(swing.points)} from {kb.party_label(swing.from_party)} to "
        f"{kb.party_label(swing.to_party)} (vs {baseline})"
    )


def office_phrase(held: Held) -> str:
    end = fmt.long_date(held.end) if held.end else "today"
    return f"{held.title} ({fmt.long_date(held.start)} to {end})"


def minister_when(kb: KnowledgeBase, person: Person, election: str) -> Held | None:
    """A curated cabinet office the person held on polling day."""
    polling = kb.elections[election].date
    return next((h for h in person.offices if h.cabinet and h.on(polling)), None)


def bio_lines(kb: KnowledgeBase, person: Person) -> list[str]:
    """Plain sentences from the record; empty when the person never stood in the results held."""
    stood = record(kb, person)
    if not stood:
        return _by_elections_only(kb, person)
    latest_election = kb.latest_election()
    last = stood[-1]
    member = kb.membership(person.id, last.election)
    he = pronoun(gender_of(kb, person, stood), person)
    since = first_elected(kb, stood, member)
    lines: list[str] = []
    if last.won and latest_election and last.election == latest_election.id:
        lines.append(_current_mp(kb, person, stood, member, he, since))
        lines.append(won_line(kb, last))
        status = member.status if member else flag_status(last.candidacy)
        if status == "new":
            took = previous_holder(kb, last)
            swing = swing_phrase(kb, last.facts)
            if took:
                lines.append(fmt.capital(f"{he} took the seat, {took}."))
            if swing:
                lines.append(f"The swing was {swing}.")
    elif not last.won and _was_sitting(kb, stood):
        seat = last.contest.name
        lines.append(
            f"{person.name}, {party_mp(kb, last)} for {seat} until {last.election}"
            + (f"; {since}." if since else ".")
        )
        lines.append(lost_line(kb, last, defeated=True))
        if member:
            lines.append(
                f"The Commons Library lists {person.name} among the MPs defeated in {last.election}."
            )
        held = minister_when(kb, person, last.election)
        if held:
            lines.append(fmt.capital(f"{he} was {held.title} when {he} lost."))
    elif last.won:
        lines.append(
            f"{person.name}, {party_mp(kb, last)} for {last.contest.name}, elected in {last.election}"
            + (f"; {since}" if since and not since.endswith(last.election) else "")
            + "."
        )
        lines.append(won_line(kb, last))
        if (
            latest_election
            and latest_election.id != last.election
            and not kb.standing_for(person.id)
        ):
            lines.append(
                f"{fmt.capital(he)} is not among the candidates of {latest_election.id} in the results we hold."
            )
    else:
        lines.extend(_candidate(kb, person, stood, since))
    every = career(kb, person)
    later = [s for s in every if s.by_election and every.index(s) > every.index(stood[-1])]
    if later and later[-1] is every[-1] and later[-1].won:  # the MP now, by a by-election
        lines = [_by_election_mp(kb, person, every, since), by_election_line(kb, later[-1])]
    else:
        lines.extend(by_election_line(kb, s) for s in later)
    won = career_line(kb, every) if len(every) > 1 else None
    if won:
        lines.insert(1, won)
    return lines


def _by_elections_only(kb: KnowledgeBase, person: Person) -> list[str]:
    """Someone the results name only at by-elections (Lara Bird, elected in 2026): the MP now
    when their win is since the latest general election and nobody has won the seat since."""
    every = by_elections_of(kb, person.id)
    if not every:
        return []
    last = every[-1]
    held = kb.elections[last.election].date
    latest = kb.latest_election()
    since_then = [
        f
        for f in kb.by_elections
        if kb.elections[f.contest.election].date > held
        and kb.seat_key(f.contest.name) == kb.seat_key(last.contest.name)
    ]
    lines = []
    if last.won and (latest is None or held > latest.date) and not since_then:
        lines.append(_by_election_mp(kb, person, every, None))
    elif last.won:
        lines.append(
            f"{person.name}, {party_mp(kb, last)} for {last.contest.name}, elected at the "
            f"by-election on {day(kb, last)}."
        )
    lines.extend(by_election_line(kb, s) for s in every)
    won = career_line(kb, every) if len(every) > 1 else None
    if won:
        lines.insert(1, won)
    return lines


def by_election_line(kb: KnowledgeBase, s: Stood) -> str:
    """'Won the Runcorn and Helsby by-election on Thursday 1 May 2025 with 12,645 votes (38.7%),
    a majority of 6 over Karen Shore (Labour); RUK gain from Lab.', or how they lost it."""
    facts = s.facts
    head = f"the {s.contest.name} by-election on {day(kb, s)}"
    outcome = facts.outcome.text(kb.abbreviations())
    votes = f"{fmt.votes(s.candidacy.votes)} votes ({fmt.pct(s.placed.share)})"
    if s.won:
        runner = facts.runner_up
        over = f" over {who(kb, runner.candidacy)}" if runner else ""
        return (
            f"Won {head} with {votes}, a majority of {fmt.votes(facts.majority)}{over}; {outcome}."
        )
    winner = facts.winner.candidacy
    return (
        f"Stood in {head} {standing(kb, s.candidacy)}: {votes}, "
        f"{fmt.ordinal(s.placed.position)}, {fmt.votes(winner.votes - s.candidacy.votes)} "
        f"behind {who(kb, winner)}; {outcome}."
    )


def _since_by_election(kb: KnowledgeBase, person: Person, last: Stood) -> str | None:
    """'since the 2016 by-election' when an unbroken spell in this seat began at one."""
    every = career(kb, person)
    start = every.index(last) if last in every else -1
    while (
        start > 0
        and every[start - 1].won
        and _same_seat(kb, every[start - 1], every[start])
        and _next_to(kb, every[start - 1], every[start])
    ):
        start -= 1
    if start >= 0 and every[start].by_election:
        return f"since {when(kb, every[start])}"
    return None


def _by_election_mp(
    kb: KnowledgeBase, person: Person, every: list[Stood], since: str | None
) -> str:
    """The lead of a member elected at a by-election since the latest general election."""
    last = every[-1]
    start = len(every) - 1
    while start > 0 and every[start - 1].won and _same_seat(kb, every[start - 1], last):
        start -= 1
    head = f"{person.name}, {party_mp(kb, last)} for {last.contest.name} since "
    if start < len(every) - 1:  # sitting already: the by-election returned them
        head += f"{when(kb, every[start])}, re-elected at the by-election on {day(kb, last)}"
    else:
        head += f"the by-election on {day(kb, last)}"
    if since and "by-election" not in since and not since.endswith(when(kb, every[start])):
        return f"{head}; {since}."
    return f"{head}."


def _was_sitting(kb: KnowledgeBase, stood: list[Stood]) -> bool:
    """Did they stand as the sitting MP: the results' flag, or (where a result has no such
    column, as a hand-written or fed one) a win at the election just before."""
    last = stood[-1]
    if last.candidacy.sitting_mp:
        return True
    order = kb.election_order
    return (
        len(stood) > 1
        and stood[-2].won
        and order.get(stood[-2].election, -2) == order.get(last.election, -9) - 1
    )


def flag_status(candidacy: Candidacy) -> str:
    if candidacy.sitting_mp:
        return "re-elected"
    return "returning" if candidacy.former_mp else "new"


def _current_mp(
    kb: KnowledgeBase,
    person: Person,
    stood: list[Stood],
    member: Membership | None,
    he: str,
    since: str | None,
) -> str:
    last = stood[-1]
    seat = last.contest.name
    status = member.status if member else flag_status(last.candidacy)
    head = f"{person.name}, {party_mp(kb, last)} for {seat} {_since_by_election(kb, person, last) or seat_since(kb, stood, len(stood) - 1)}"
    if status == "new":
        return f"{head} ({STATUS_WORDS['new']}, first elected in {last.election})."
    if status == "returning":
        earlier = [s for s in stood[:-1] if s.won or s.candidacy.sitting_mp]
        back = ""
        if earlier and earlier[-1].won:
            back = f"; {he} last won {earlier[-1].contest.name}, in {earlier[-1].election}"
        elif earlier:
            back = f"; {he} lost {earlier[-1].contest.name} in {earlier[-1].election}"
        return f"{head} ({STATUS_WORDS['returning']}{back})."
    old = member.old_constituency if member else None
    clause = STATUS_WORDS["re-elected"]
    if old and token_key(old) != token_key(seat):
        clause += f": before the boundary change {he} sat for {old}"
        held = [s for s in stood[:-1] if s.won and token_key(s.contest.name) == token_key(old)]
        if held:
            verb = "held" if held[-1].candidacy.sitting_mp else "won"
            clause += f", which {he} {verb} in {held[-1].election}"
    text = f"{head} ({clause})."
    repeated = "since before" in head and since and since.startswith("an MP since before")
    if since and not since.endswith(last.election) and not repeated:
        verb = "has been" if since.startswith("an MP") else "was" if since[0] == "f" else "is"
        text += f" {fmt.capital(he)} {verb} {since}."
    return text


def _candidate(kb: KnowledgeBase, person: Person, stood: list[Stood], since: str | None) -> list:
    lines = []
    if len(stood) == 1:
        s = stood[0]
        lines.append(
            f"{person.name} stood {standing(kb, s.candidacy)} in {s.contest.name} in {s.election} "
            f"and came {fmt.ordinal(s.placed.position)} of {len(s.facts.placed)}, with "
            f"{fmt.votes(s.candidacy.votes)} votes ({fmt.pct(s.placed.share)})."
        )
        return lines
    contests = "; ".join(
        f"{s.election} {s.contest.name} ({party_shown(kb, s.candidacy)})" for s in stood
    )
    lines.append(f"{person.name} stood at {len(stood)} general elections: {contests}.")
    best = min(stood, key=lambda s: (s.placed.position, -s.placed.share))
    lines.append(
        f"Best result: {fmt.ordinal(best.placed.position)} in {best.contest.name} in {best.election}, "
        f"with {fmt.votes(best.candidacy.votes)} votes ({fmt.pct(best.placed.share)})."
    )
    if since:
        lines.append(f"{person.name} was {since}.")
    return lines


def results_table(kb: KnowledgeBase, person: Person) -> Table | None:
    """Every contest as one compact row: year, seat, party, votes, share, place and margin
    (by-elections too, as '2011 by-election')."""
    stood = career(kb, person)
    if not stood:
        return None
    rows = []
    for s in reversed(stood):
        facts = s.facts
        if s.won:
            margin = f"+{fmt.votes(facts.majority)}"
        else:
            margin = f"-{fmt.votes(facts.winner.candidacy.votes - s.candidacy.votes)}"
        year = f"{when(kb, s)[4:]}" if s.by_election else s.election
        rows.append(
            (
                year,
                s.contest.name,
                kb.party(s.candidacy.party).abbrev,
                fmt.votes(s.candidacy.votes),
                fmt.pct(s.placed.share),
                fmt.ordinal(s.placed.position),
                margin,
            )
        )
    return Table(
        headers=("Year", "Seat", "Party", "Votes", "Share", "Place", "Margin"),
        rows=tuple(rows),
        numeric=(False, False, False, True, True, False, True),
        caption="Results",
    )
