"""Seats by name: today's seats first, old ones when a year or a former name asks for them."""

from __future__ import annotations

from functools import cached_property

from bot import format as fmt
from bot.answer import coverage
from bot.answer.common import choice
from bot.answer.models import Answer, Choice
from bot.kb.knowledge import KnowledgeBase
from bot.models import Contest
from bot.text import fold_place, quote
from bot.understand.names import Match, NameIndex
from bot.understand.shortnames import expansions, read_short

PREFIX = "!"


class Seats:
    """Seat names for one knowledge-base snapshot: every name ever used, and each election's own."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        latest = kb.latest_election()
        self.default_election = latest.id if latest else None
        self.index = self._index(e.id for e in reversed(kb.real_elections()))
        self._by_election: dict[str, NameIndex[str]] = {}

    def _index(self, elections) -> NameIndex[str]:
        names: list[tuple[str, str]] = []
        for election in elections:
            for contest in self._seats_of(election):
                names.append((contest.name, self.kb.seat_key(contest.name)))
        for alias, seat in self.kb.seat_aliases.items():
            names.append((alias, self.kb.seat_key(seat)))
        return NameIndex(names)

    def _seats_of(self, election: str) -> list[Contest]:
        """The election's seats: declared ones, and those still to declare (their nominations)."""
        declared = self.kb.contests.get(election, {})
        waiting = self.kb.nominations.get(election, {})
        return [*declared.values(), *(c for k, c in waiting.items() if k not in declared)]

    def nominated(self, key: str, election: str) -> Contest | None:
        """The nomination of a seat (a line-of-history key) that has not declared at `election`."""
        waiting = self.kb.nominations.get(election)
        if not waiting:
            return None
        by_line = self.kb.cached(
            ("nominated", election),
            lambda: {self.kb.seat_key(c.name): c for c in waiting.values()},
        )
        contest = by_line.get(key)
        return contest if contest is not None and not self.kb.is_declared(contest) else None

    def at(self, election: str) -> NameIndex[str]:
        """The names of the seats fought at one election (and the curated aliases)."""
        if election not in self._by_election:
            self._by_election[election] = self._index([election])
        return self._by_election[election]

    @property
    def display(self) -> dict[str, str]:
        return self.index.display

    @cached_property
    def forms(self) -> dict[str, list[str]]:
        """Every exact (and word-order-free) folded form of a seat name, for scanning free text."""
        forms: dict[str, list[str]] = {}
        for form, items in self.index.exact.items():
            forms[form] = list(items)
        for form, items in self.index.by_tokens.items():
            forms.setdefault(form, list(items))
        return forms

    def fought(self, key: str, election: str) -> bool:
        return election in self.kb.seat_history(key) or self.nominated(key, election) is not None

    # Resolving ---------------------------------------------------------------------------

    def resolve(
        self, query: str, election: str | None, old_welcome: bool = False, suggest: bool = True
    ) -> Match[str]:
        """A seat name as typed, for an election (the latest when unsaid).

        Seats fought at that election come first: 'Finchley' asked about 2024 is Finchley and
        Golders Green, not the seat abolished in 1997. An old seat is taken when the year asks for
        it, when `old_welcome` (a history question), or when no seat of the election matches.
        """
        target = election or self.default_election
        if target is None:
            return self.index.resolve(query)
        whole = self.index.exact_match(query)
        if whole.status != "none":
            current = tuple(k for k in whole.items if self.fought(k, target))
            if len(current) == 1:
                return Match("found", current)
            if current:
                return Match("ambiguous", current)
            if old_welcome:
                return whole
            folded = fold_place(query)
            inside = sorted(self.at(target).containing(folded), key=self.display.get)
            leading = [k for k in inside if fold_place(self.display[k]).startswith(folded + " ")]
            if len(inside) > 1 and len(leading) == 1:
                inside = leading  # 'Wells' is Wells and Mendip Hills before Tunbridge Wells
            if len(inside) == 1:  # an old seat's exact name, inside one seat of today
                return Match("found", tuple(inside), exact=False, suggestions=whole.items[:1])
            if inside:
                more = max(0, len(inside) - 4)
                return Match("ambiguous", (*inside[:4], *whole.items[:1]), exact=False, more=more)
            return whole
        short = read_short(query, self.at(target), self.index)  # 'north shrop', 'notts east'
        if short is not None:
            return short
        folded = fold_place(query)
        read = expansions(folded)
        if read and " " not in folded and len(self.at(target).containing(read[0])) < 2:
            return Match("none")  # 'lancs' alone is a county, not its one seat with the name
        query = next(iter(read), query)  # 'notts': Nottingham's seats
        now = self.at(target).resolve(query, suggest=False)
        return now if now.status != "none" else self.index.resolve(query, suggest)

    def contest_for(self, key: str, election: str | None) -> tuple[Contest | None, str | None]:
        """The seat's contest at that election, or its nearest one with a note saying why."""
        history = self.kb.seat_history(key)
        election = election or self.default_election
        if election in history:
            return history[election], None
        waiting = self.nominated(key, election) if election else None
        if waiting is not None:
            return waiting, None
        if not history:
            return None, None
        nearest = max(history, key=self._date)
        contest = history[nearest]
        lead = (
            f"There was no contest called {contest.name} in {election}"
            f"{' (the boundaries changed in 2024)' if election == '2024' else ''}; "
            f"showing {nearest} instead."
        )
        return contest, lead

    def closest_lead(self, match: Match[str], contest: Contest, typed: str) -> str | None:
        """Say so when the name was not taken as typed."""
        if match.exact:
            return None
        if match.reading:
            return f"(Taking '{quote(typed)}' to mean {contest.name}.)"
        if match.suggestions:
            old = self.display[match.suggestions[0]]
            last = max(self.kb.seat_history(match.suggestions[0]), key=self._date)
            return (
                f"Showing {contest.name}, today's seat; {old} was last fought in {last} "
                f"(`{PREFIX}result {old} {last}`)."
            )
        return f"Showing {contest.name}, the closest match to '{quote(typed)}'."

    def _date(self, election: str):
        return self.kb.elections[election].date

    # Answers about names -----------------------------------------------------------------

    def choices(
        self, match: Match[str], command: str, election: str | None, ask: str | None = None
    ) -> Answer:
        """Which constituency? Current seats first, old ones with the year they were last fought.

        `ask` is the question again with '{}' for the seat: a choice then asks it of that seat.
        """
        target = election or self.default_election
        keys = sorted(match.items, key=lambda key: not self.fought(key, target or ""))
        choices = []
        for key in keys[:5]:
            name = self.display[key]
            history = self.kb.seat_history(key)
            label, year = name, election
            if history and target not in history:
                year = max(history, key=self._date)
                label = f"{name} ({year})"
            if ask and year == election:  # the question again, about this seat
                choices.append(Choice(label, f"{PREFIX}ask {ask.format(name)}"))
            else:
                suffix = f" {year}" if year else ""
                choices.append(Choice(label, f"{PREFIX}{command} {name}{suffix}"))
        more = f" (and {match.more} more: add a word or two)" if match.more else ""
        return choice("Which constituency?", "Several constituencies match", choices, more)

    def not_found(self, query: str, match: Match[str]) -> Answer:
        lines = [f"I couldn't find a constituency called '{quote(query)}'."]
        if match.suggestions:
            names = [self.display[key] for key in match.suggestions]
            lines.append(f"Did you mean {fmt.join_names(names)}?")
        elif coverage.sample_only(self.kb):
            lines.append(coverage.ONLY_THE_SAMPLE)
        else:
            lines.append(
                f"Try the name as it appears on the ballot, e.g. `{PREFIX}result South West Norfolk`."
            )
        return Answer(kind="not_found", title="Constituency not found", lines=tuple(lines))
