"""One look-up of names as typed, for every front end: a seat with its contest at an election (a
choice when several fit, suggestions when none does), a party, a person, or whichever is followed.

The commands (`!result`, `!map`), free-text questions and the Discord cogs all come here through
the engine, so a seat is found the same way whichever way it was asked for.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.answer.models import Answer
from bot.kb.knowledge import KnowledgeBase
from bot.models import Contest, Person
from bot.text import fold, quote
from bot.understand.names import Match
from bot.understand.seats import Seats

Followed = Literal["seat", "party", "person"]


@dataclass(frozen=True)
class FoundSeat:
    """A seat found: its key, its contest at the election asked about, and a lead saying how the
    name was taken (or why another election's contest is shown)."""

    key: str
    contest: Contest
    lead: str | None


def _joined(*parts: str | None) -> str | None:
    said = [p for p in parts if p]
    return " ".join(said) if said else None


class Lookup:
    """Names as typed -> records, for one knowledge-base snapshot."""

    def __init__(self, kb: KnowledgeBase, seats: Seats, party_forms: dict[str, list[str]]):
        self.kb = kb
        self.seats = seats
        self.party_forms = party_forms

    def seat(
        self,
        typed: str,
        election: str | None,
        *,
        command: str = "result",
        old_welcome: bool = False,
        ask: str | None = None,
        unfound: str | None = None,
    ) -> FoundSeat | Answer:
        """The seat a name means at `election` (the latest when None), or a choice of seats, or
        why none fits with the nearest names; `command` is what a choice button runs, and
        `old_welcome` takes a former seat's name as that seat (see `seat_from` for the rest)."""
        match = self.seats.resolve(typed, election, old_welcome=old_welcome)
        return self.seat_from(match, typed, election, command=command, ask=ask, unfound=unfound)

    def seat_from(
        self,
        match: Match[str],
        typed: str,
        election: str | None,
        *,
        command: str = "result",
        ask: str | None = None,
        unfound: str | None = None,
    ) -> FoundSeat | Answer:
        """A match already made, as `seat` answers it. `ask` is the question again with '{}' for
        the seat (a choice then asks it of that seat); `unfound` the words named when none fits."""
        if match.status == "ambiguous":
            return self.seats.choices(match, command, election, ask=ask)
        if match.status == "none":
            return self.seats.not_found(unfound or typed, match)
        contest, lead = self.seats.contest_for(match.item, election)
        if contest is None:
            return self.seats.not_found(self.seats.display.get(match.item, "?"), Match("none"))
        return FoundSeat(
            match.item, contest, _joined(self.seats.closest_lead(match, contest, typed), lead)
        )

    def only_seat(self, typed: str, election: str | None) -> FoundSeat | None:
        """The seat a phrase names when exactly one fits, without asking back or suggesting."""
        match = self.seats.resolve(typed, election, suggest=False)
        if match.status != "found":
            return None
        contest, lead = self.seats.contest_for(match.item, election)
        return FoundSeat(match.item, contest, lead) if contest is not None else None

    def party(self, typed: str) -> str | None:
        """A party's code from any of its names ('lib dems', 'the tories')."""
        codes = self.party_forms.get(fold(typed))
        return codes[0] if codes else None

    def person(self, typed: str) -> Person | None:
        """Someone named in full (or by another name they stood under), exactly; of namesakes,
        the first the knowledge base lists."""
        return self.kb.cached(("people by full name",), self._by_full_name).get(fold(typed))

    def _by_full_name(self) -> dict[str, Person]:
        named: dict[str, Person] = {}
        for person in self.kb.people.values():
            for name in (person.name, *person.other_names):
                named.setdefault(fold(name), person)
        return named

    def followable(self, typed: str) -> tuple[Followed, str, str] | None:
        """(kind, key, label) of a seat, a party or a person as typed, in that order of trying."""
        match = self.seats.resolve(typed, None)
        if match.status == "found":
            return "seat", match.item, self.seats.display.get(match.item) or quote(typed, 100)
        party = self.party(typed)
        if party:
            return "party", party, self.kb.party_label(party)
        person = self.person(typed)
        return ("person", person.id, person.name) if person else None
