"""The one way in: text from any front end -> Answer. Commands here; free text in understand/."""

from __future__ import annotations

import re

from bot.answer import format as fmt
from bot.answer.models import Answer, Choice
from bot.answer.result import result_answer
from bot.kb.calendar import parse_election
from bot.kb.knowledge import KnowledgeBase
from bot.kb.models import Contest
from bot.text import fold_place
from bot.understand.names import Match, NameIndex

_TRAILING_ELECTION = re.compile(
    r"(?:\s+|^)(?:in\s+)?((?:feb(?:ruary)?|oct(?:ober)?)\s+1974|1974[fo]|(?:18|19|20|21)\d\d)\s*$",
    re.IGNORECASE,
)
_LEADING_ELECTION = re.compile(
    r"^\s*((?:feb(?:ruary)?|oct(?:ober)?)\s+1974|1974[fo]|(?:18|19|20|21)\d\d)\b[\s,]*",
    re.IGNORECASE,
)
PREFIX = "!"


class Engine:
    """Answers questions from one knowledge-base snapshot; build a new Engine for a new snapshot."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.seats = self._seat_index(kb)
        latest = kb.latest_election()
        self.default_election = latest.id if latest else None
        self._understanding = None

    @staticmethod
    def _seat_index(kb: KnowledgeBase) -> NameIndex[str]:
        names: list[tuple[str, str]] = []
        for election in reversed(kb.real_elections()):
            for contest in kb.contests[election.id].values():
                names.append((contest.name, kb.seat_key(contest.name)))
        for alias, seat in kb.seat_aliases.items():
            names.append((alias, kb.seat_key(seat)))
        return NameIndex(names)

    # Entry point -------------------------------------------------------------------------

    def ask(self, text: str, prefix: str = PREFIX) -> Answer:
        """Answer a command ('!result Hendon') or a question ('who won Hendon?')."""
        text = (text or "").strip()
        if text.startswith(prefix):
            command, _, rest = text[len(prefix) :].partition(" ")
            handler = self.commands().get(command.lower())
            if handler is not None:
                return handler(rest.strip())
            return self.help(f"I don't know the command '{prefix}{command}'.")
        return self.understand(text)

    def commands(self):
        return {
            "result": self.result,
            "results": self.result,
            "r": self.result,
            "candidate": self.candidate,
            "c": self.candidate,
            "national": self.national,
            "ask": self.understand,
            "help": lambda _rest="": self.help(),
        }

    @property
    def understanding(self):
        """The free-text understanding for this snapshot, built on first use."""
        if self._understanding is None:
            from bot.understand.questions import Understanding

            self._understanding = Understanding(self)
        return self._understanding

    def understand(self, text: str) -> Answer:
        """Free-text questions (see bot.understand.questions)."""
        return self.understanding.answer(text)

    # Helpers shared by commands and questions --------------------------------------------

    def known_elections_text(self) -> str:
        return fmt.join_names([e.id for e in self.kb.real_elections()])

    def split_election(self, text: str) -> tuple[str, str | None, str | None]:
        """'Hendon 2019' -> ('Hendon', '2019', None); an unknown year comes back as the third item."""
        match = _TRAILING_ELECTION.search(text) or _LEADING_ELECTION.search(text)
        if not match:
            return text.strip(), None, None
        rest = (text[: match.start()] + " " + text[match.end() :]).strip(" ,")
        rest = re.sub(r"\s+", " ", rest)
        election = parse_election(match.group(1))
        if election is None or election not in self.kb.contests:
            return rest, None, match.group(1)
        return rest, election, None

    def unknown_election(self, year: str, retry: str | None = None) -> Answer:
        """No such election; 1974, which had two, asks which one (with `retry` as the question)."""
        twins = [e for e in ("1974F", "1974O") if e in self.kb.contests]
        if year.strip() == "1974" and twins:
            choices = tuple(
                Choice(
                    self.kb.elections[e].name.removesuffix(" general election"),
                    (retry or "{}").replace("1974", e, 1) if retry else f"{PREFIX}ask national {e}",
                )
                for e in twins
            )
            return Answer(
                kind="choice",
                title="Which 1974 election?",
                lines=("There were two general elections in 1974, in February and in October.",),
                choices=choices,
            )
        return Answer(
            kind="not_found",
            title=f"No results for {year}",
            lines=(
                f"I don't have results for a general election in {year}. "
                f"I know these elections: {self.known_elections_text()}.",
            ),
        )

    def contest_for(self, seat_key: str, election: str | None) -> tuple[Contest | None, str | None]:
        """The seat's contest at that election, or its nearest one with a note saying why."""
        history = self.kb.seat_history(seat_key)
        election = election or self.default_election
        if election in history:
            return history[election], None
        if not history:
            return None, None
        nearest = sorted(history, key=lambda e: self.kb.elections[e].date)[-1]
        contest = history[nearest]
        lead = (
            f"There was no contest called {contest.name} in {election}"
            f"{' (the boundaries changed in 2024)' if election == '2024' else ''}; "
            f"showing {nearest} instead."
        )
        return contest, lead

    def resolve_seat(self, query: str, election: str | None) -> Match[str]:
        """Resolve a seat name, preferring seats fought at the election asked about.

        'Norwich' is the name of a seat abolished in 1950; asked about 2024, the seats that
        contain the name then (Norwich North, Norwich South) are offered beside it.
        """
        match = self.seats.resolve(query)
        target = election or self.default_election
        if match.status != "found" or target in self.kb.seat_history(match.item):
            return match
        fought = sorted(
            (
                key
                for key in self.seats.containing(fold_place(query))
                if target in self.kb.seat_history(key)
            ),
            key=lambda key: self.seats.display[key],
        )
        if fought:
            return Match("ambiguous", (*fought[:4], match.item), exact=False)
        return match

    def seat_choices(self, match: Match[str], command: str, election: str | None) -> Answer:
        target = election or self.default_election
        choices = []
        for key in match.items[:5]:
            name = self.seats.display[key]
            history = self.kb.seat_history(key)
            if history and target not in history:
                last = max(history, key=lambda e: self.kb.elections[e].date)
                choices.append(Choice(f"{name} ({last})", f"{PREFIX}{command} {name} {last}"))
            else:
                suffix = f" {election}" if election else ""
                choices.append(Choice(name, f"{PREFIX}{command} {name}{suffix}"))
        more = f" (and {match.more} more: add a word or two)" if match.more else ""
        return Answer(
            kind="choice",
            title="Which constituency?",
            lines=(
                f"Several constituencies match: {fmt.join_names([c.label for c in choices])}{more}.",
            ),
            choices=tuple(choices),
        )

    def seat_not_found(self, query: str, match: Match[str]) -> Answer:
        lines = [f"I couldn't find a constituency called '{query}'."]
        if match.suggestions:
            names = [self.seats.display[key] for key in match.suggestions]
            lines.append(f"Did you mean {fmt.join_names(names)}?")
        else:
            lines.append(
                "Try the name as it appears on the ballot, e.g. `!result South West Norfolk`."
            )
        return Answer(kind="not_found", title="Constituency not found", lines=tuple(lines))

    # Commands ----------------------------------------------------------------------------

    def result(self, text: str) -> Answer:
        """!result NAME [YEAR]: the full result card."""
        query, election, unknown = self.split_election(text)
        if unknown:
            return self.unknown_election(unknown, f"{PREFIX}result {text}")
        if not query:
            return self.help(
                "Which constituency? For example: `!result South West Norfolk` or `!result Bootle 2019`."
            )
        match = self.resolve_seat(query, election)
        if match.status == "ambiguous":
            return self.seat_choices(match, "result", election)
        if match.status == "none":
            return self.seat_not_found(query, match)
        contest, lead = self.contest_for(match.item, election)
        if contest is None:
            return self.seat_not_found(query, match)
        if not match.exact:
            closest = f"Showing {contest.name}, the closest match to '{query}'."
            lead = f"{closest} {lead}" if lead else closest
        return result_answer(self.kb, self.kb.facts_for(contest), lead)

    def candidate(self, text: str) -> Answer:
        """!candidate NAME [YEAR]: a person's record, computed from every election they stood in."""
        if not text.strip():
            return self.help("Whose record? For example: `!candidate Liz Truss`.")
        return self.understanding.candidate(text)

    def national(self, text: str) -> Answer:
        """!national [YEAR]: seats, votes and share by party."""
        from bot.answer.questions import national as national_answer

        wanted = text.strip()
        election = parse_election(wanted) if wanted else self.default_election
        facts = self.kb.national.get(election or "")
        if facts is None:
            return self.unknown_election(wanted or "that year", f"{PREFIX}national {wanted}")
        return national_answer(self.kb, facts)

    def help(self, lead: str | None = None) -> Answer:
        elections = self.known_elections_text() or "none loaded"
        lines = [lead] if lead else []
        lines += [
            "I answer questions about UK general elections from the official results.",
            f"Elections I know: {elections}.",
        ]
        return Answer(
            kind="help",
            title="How to ask",
            lines=tuple(lines),
            items=(
                "`!result South West Norfolk` - the full result (add a year: `!result Bootle 2019`)",
                "`!candidate Liz Truss` - a candidate's record",
                "`!national 2019` - seats, votes and share by party",
                "`!ask who won Hendon?` - or just ask a question in plain English",
                "Examples: 'How many seats did the Lib Dems win?', 'Which seat had the smallest majority?'",
            ),
        )
