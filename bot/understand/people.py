"""People by name at an election: the likeliest of namesakes, titles of office, their contests."""

from __future__ import annotations

import datetime as dt

from bot import format as fmt
from bot.answer.common import choice
from bot.answer.models import Answer, Choice
from bot.kb.knowledge import KnowledgeBase
from bot.models import Candidacy, Contest, Person
from bot.text import fold
from bot.understand.entities import Found
from bot.understand.query import Query


class People:
    """Resolves the people a question names, for one knowledge-base snapshot."""

    def __init__(
        self, kb: KnowledgeBase, person_forms: dict[str, list[str]], default_election: str | None
    ):
        self.kb = kb
        self.person_forms = person_forms
        self.default_election = default_election
        self._holders: dict[str | None, frozenset[str]] = {}

    def office_holder(self, office: Found, election: str | None) -> tuple[Found, str] | Answer:
        """'The prime minister' at the election asked about: the holder on polling day."""
        title = office.items[0]
        record = next(o for o in self.kb.offices if o.title == title)
        day = self.kb.elections[election].date if election else None
        tenure = record.holder_on(day) if day else None
        if tenure is None:
            return Answer(
                kind="not_found",
                title=title,
                lines=(f"I don't know who was {title} at the {election} general election.",),
            )
        ids = self.person_forms.get(fold(tenure.person))
        if not ids:
            return Answer(
                kind="not_found",
                title=tenure.person,
                lines=(
                    f"{tenure.person} was {title} at the {election} general election, but the results "
                    f"I have name candidates only from {self._first_named()} on.",
                ),
            )
        after = next((t for t in record.holders if t.start > tenure.start), None)
        then = (
            f"; {after.person} took over on {fmt.long_date(after.start)}"
            if after and after.start <= dt.date.today()
            else ""
        )
        note = (
            f"Taking the {title} to mean {tenure.person}, who held the office on polling day, "
            f"{fmt.long_date(day)}{then}."
        )
        return Found("person", tuple(ids), office.start, office.end), note

    def _first_named(self) -> str:
        named = [
            e.id
            for e in self.kb.real_elections()
            if self.kb.national[e.id].contests
            and not self.kb.national[e.id].contests[0].contest.party_level
        ]
        return named[0] if named else "?"

    def prominence(self, person_id: str, election: str) -> float:
        """How likely a bare name means this person: the winner, then the sitting MP, then others."""
        career = self.kb.careers.get(person_id, ())
        score = 0.0
        for contest, candidacy in career:
            won = contest.candidacies[0] is candidacy
            if contest.election == election:
                score = max(score, 4.0 if won else 2.0 if candidacy.sitting_mp else 0.5)
            elif won:
                score = max(score, 1.0)
        if election == self.default_election:  # the MP now, by a by-election since then
            since = self.kb.elections[election].date if election in self.kb.elections else None
            for contest, candidacy in self.kb.by_elections_of(person_id):
                held = self.kb.elections[contest.election].date
                if contest.candidacies[0] is candidacy and (since is None or held > since):
                    score = max(score, 1.0)
        if self.kb.people[person_id].bio:
            score = max(score, 0.75)
        if fold(self.kb.people[person_id].name) in self.office_holders(election):
            score += 0.5  # 'johnson' in 2019 is the prime minister of the day
        return score

    def office_holders(self, election: str | None) -> frozenset[str]:
        """The folded names of everyone holding a curated office on that election's polling day."""
        if election not in self._holders:
            day = self.kb.elections[election].date if election in self.kb.elections else None
            held = (o.holder_on(day) for o in self.kb.offices) if day else ()
            self._holders[election] = frozenset(fold(t.person) for t in held if t)
        return self._holders[election]

    def resolve(self, found: Found, query: Query) -> tuple[Person, list[Person]] | Answer:
        """One person (and the others a shared name could mean), or an Answer asking which."""
        ids = list(found.items)
        if len(ids) > 1 and query.seat:
            seat_keys = set(query.seat.items)
            narrowed = [
                pid
                for pid in ids
                if any(
                    self.kb.seat_key(c.name) in seat_keys for c, _ in self.kb.careers.get(pid, ())
                )
            ]
            ids = narrowed or ids
        if len(ids) > 1 and query.elections.said:  # 'sarah pochin in 2017': who stood then
            then = [
                pid
                for pid in ids
                if any(c.election == query.election for c, _ in self.kb.careers.get(pid, ()))
            ]
            ids = then or ids
        if len(ids) > 1:
            election = query.election or self.default_election
            ranked = sorted(ids, key=lambda pid: -self.prominence(pid, election))
            best = self.prominence(ranked[0], election)
            if best >= 1.0 and self.prominence(ranked[1], election) < best:
                others = [self.kb.people[p] for p in ranked[1:]]
                return self.kb.people[ranked[0]], others
            ids = ranked
        if len(ids) == 1:
            return self.kb.people[ids[0]], []
        return self.which(ids, max(0, len(ids) - 5))

    def which(self, ids: list[str], more: int = 0) -> Answer:
        options = []
        for pid in ids[:5]:
            person = self.kb.people[pid]
            career = self.kb.careers.get(pid, ())
            by_elections = self.kb.by_elections_of(pid)
            if career:
                where = f"{career[-1][1].party_name}, {career[-1][0].name} {career[-1][0].election}"
            elif by_elections:
                contest, candidacy = by_elections[-1]
                day = self.kb.elections[contest.election].date
                where = f"{candidacy.party_name}, {contest.name} by-election {day.year}"
            else:
                where = "curated"
            seat = f" {career[-1][0].name}" if career else ""
            options.append(Choice(f"{person.name} ({where})", f"!candidate {person.name}{seat}"))
        more_text = f" (and {more} more: give the full name)" if more else ""
        return choice("Which person?", "Several people match", options, more_text)

    def candidacy(
        self, person: Person, query: Query, election: str | None
    ) -> tuple[Contest, Candidacy] | None:
        career = self.kb.careers.get(person.id, ())
        if query.seat:
            keys = set(query.seat.items)
            in_seat = [cc for cc in career if self.kb.seat_key(cc[0].name) in keys]
            career = tuple(in_seat) or career
        if election:
            return next(((c, cand) for c, cand in career if c.election == election), None)
        return career[-1] if career else None
