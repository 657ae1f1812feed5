"""The one way in: text from any front end -> Answer, through the command table or a question."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace

from bot.answer import coverage, maps
from bot.answer.area import national as national_answer
from bot.answer.exitpoll import with_exit_poll
from bot.answer.live import mark_so_far, undeclared
from bot.answer.models import Answer
from bot.answer.result import result_answer
from bot.commands import BY_NAME, COMMANDS
from bot.kb.calendar import parse_election
from bot.kb.knowledge import KnowledgeBase
from bot.models import ExitPoll
from bot.text import fold, quote
from bot.understand import byelections
from bot.understand.complete import SUGGESTERS, Suggested
from bot.understand.lookup import Followed, Lookup
from bot.understand.query import Query
from bot.understand.questions import Understanding
from bot.understand.rules import map_mode
from bot.understand.seats import Seats
from bot.understand.years import full_year

PREFIX = "!"
# A trailing (or leading) election: '2019', '1974F', 'feb 1974', and any other number, so that
# 'Hendon 1066' or 'Hendon -1' is refused as an election rather than read as part of the name.
_TRAILING = re.compile(
    r"(?:\s+|^)(?:in\s+)?((?:feb(?:ruary)?|oct(?:ober)?)\s+1974|1974[fo]|[+-]?\d+)\s*$", re.I
)
_LEADING = re.compile(r"^\s*((?:feb(?:ruary)?|oct(?:ober)?)\s+1974|1974[fo]|\d{4})\b[\s,]*", re.I)


class Engine:
    """Answers for one knowledge-base snapshot; build a new Engine for a new snapshot."""

    def __init__(self, kb: KnowledgeBase, prefix: str = PREFIX):
        self.kb = kb
        self.prefix = prefix
        self.seats = Seats(kb)
        self.default_election = self.seats.default_election
        self.understanding = Understanding(kb, self.seats)

    def ask(self, text: str, prefix: str | None = None, asker: str | None = None) -> Answer:
        """Answer a command ('!result Hendon') or a question ('who won Hendon?'); `asker` (a
        channel and user) carries a reply to a question the bot asked back."""
        answer = self._ask(text, prefix, asker)
        return mark_so_far(self.kb, answer) if self.kb.progress else answer  # issue 12: a count

    def _ask(self, text: str, prefix: str | None, asker: str | None = None) -> Answer:
        prefix = prefix or self.prefix
        text = (text or "").strip()
        if text.startswith(prefix):
            name, _, rest = text[len(prefix) :].partition(" ")
            command = BY_NAME.get(name.lower())
            if command is not None:
                return getattr(self, command.method)(rest.strip())
            return self.help(f"I don't know the command '{quote(prefix + name, 24)}'.")
        return self.understand(text, asker)

    @property
    def lookup(self) -> Lookup:
        """The one look-up of seats, parties and people by name, for every front end."""
        return self.understanding.lookup

    def follow_target(self, text: str) -> tuple[Followed, str, str] | None:
        """(kind, key, label) of the seat, party or person a follower named; None when none."""
        return self.lookup.followable(text)

    def suggest(self, kind: Suggested, typed: str) -> list[tuple[str, str]]:
        """Autocomplete: (label, value) pairs for a seat, a candidate or an election as typed so
        far (Discord's limits applied); only suggestions, the value submitted is resolved again."""
        return SUGGESTERS[kind](self.understanding, typed)

    def awaits_reply(self, asker: str) -> bool:
        """Did the bot just ask this asker something back ('which constituency are you in?')?"""
        return self.understanding.followups.waiting(asker)

    def understand(self, text: str, asker: str | None = None) -> Answer:
        """A question in plain English."""
        return self.understanding.answer(text, asker)

    def split_election(self, text: str) -> tuple[str, str | None, str | None]:
        """'Hendon 2019' -> ('Hendon', '2019', None); an unknown year comes back third."""
        match = _TRAILING.search(text) or _LEADING.search(text)
        if not match:
            return text.strip(), None, None
        rest = re.sub(r"\s+", " ", (text[: match.start()] + " " + text[match.end() :])).strip(" ,")
        raw = match.group(1)
        election = parse_election(raw, self.kb.elections)
        if election is None or election not in self.kb.contests:
            return rest, None, raw
        return rest, election, None

    def _short_year(self, text: str) -> tuple[str, str | None]:
        """A trailing two-digit year ('83', "'92") as the full year, and how it was read."""
        found = re.search(r"(?:^|\s)['’‘]?(\d{2})\s*$", text)
        if not found:
            return text, None
        known = [e.id for e in self.kb.real_elections()]
        year = full_year(found.group(1), known)
        said = f"(Taking '{found.group(1)}' to mean {year}.)"
        return f"{text[: found.start()]} {year}", said

    # Commands ----------------------------------------------------------------------------

    def result(self, text: str) -> Answer:
        """!result NAME [YEAR]: the full result card."""
        if re.search(byelections.BY, fold(text)) and self.kb.by_elections:
            asked = self.understanding.by_election_asked(text)
            named = byelections.one(self.kb, asked, card=True)
            if named is None and not re.fullmatch(byelections.BY, fold(text).strip()):
                return self.understanding.answer(text)  # '!result by-elections since 2019': a list
            return named or byelections.which(self.kb)
        text, said = self._short_year(text)  # '!result bolsover 83': the command's year slot
        query, election, unknown = self.split_election(text)
        if unknown:
            return coverage.unknown_election(self.kb, unknown, f"{self.prefix}result {text}")
        if not query:
            return self.help(
                "Which constituency? For example: `!result South West Norfolk` or `!result Bootle 2019`."
            )
        found = self.lookup.seat(query, election)
        if isinstance(found, Answer):
            return found
        contest, lead = found.contest, found.lead
        if said:
            lead = f"{said} {lead}" if lead else said
        if not self.kb.is_declared(contest):  # being counted: who stands, and the previous result
            return undeclared(self.kb, contest, lead)
        return result_answer(self.kb, self.kb.facts_for(contest), lead)

    def candidate(self, text: str) -> Answer:
        """!candidate NAME [YEAR]: a person's record, computed from every election they stood in."""
        if not text.strip():
            return self.help("Whose record? For example: `!candidate Liz Truss`.")
        return self.understanding.candidate(text)

    def national(self, text: str, exit_polls: Mapping[str, ExitPoll] | None = None) -> Answer:
        """!national [YEAR]: seats, votes and share by party; against the exit poll (a server's
        own, by election, else the curated one) where there is one for that election."""
        wanted, said = self._short_year(text.strip())  # '!national 83'
        wanted = wanted.strip()
        if re.fullmatch(byelections.NOW, wanted.lower()):
            return byelections.now(self.kb, Query(what="commons_now"))
        election = parse_election(wanted, self.kb.elections) if wanted else self.default_election
        facts = self.kb.national.get(election or "")
        if facts is None:
            return coverage.unknown_election(
                self.kb, wanted or "that year", f"{self.prefix}national {wanted}"
            )
        poll = (exit_polls or {}).get(facts.election.id) or self.kb.exit_polls.get(
            facts.election.id
        )
        answer = with_exit_poll(self.kb, national_answer(self.kb, facts), facts, poll)
        return replace(answer, notes=(said.strip("()"), *answer.notes)) if said else answer

    def map(self, text: str) -> Answer:
        """!map [YEAR] [PLACE | SEAT | PARTY ...]: the hex map; what follows the year is read as
        a question about a map ('scotland', 'hendon', 'labour share', 'changed hands')."""
        rest, election, unknown = self.split_election(text)
        if unknown:
            return coverage.unknown_election(self.kb, unknown, f"{self.prefix}map {text}")
        target = self.kb.elections.get(election or self.default_election or "")
        if target is None:
            return coverage.unknown_election(
                self.kb, text or "that year", f"{self.prefix}map {text}"
            )
        if not rest:
            return maps.election_map(self.kb, target)
        found = self.understanding.finder.find(rest)
        named = found.seats or found.places or found.parties or found.people
        if not named and map_mode(fold(rest), False) == "winner":  # a name, not a kind of map
            found = self.lookup.seat(rest, target.id, command="map")
            if isinstance(found, Answer):
                return found
            rest = self.seats.display.get(found.key, rest)
        return self.understand(f"where is {rest} on the map {target.id}")

    def targets(self, text: str) -> Answer:
        """!targets PARTY [in PLACE] [held by PARTY]: a party's target seats (issue 21)."""
        return self.understand(f"targets {text}".strip())

    def swing(self, text: str) -> Answer:
        """!swing [3 from labour to conservative | labour -5 reform +5]: seats on a uniform
        national swing; alone, the swingometer (issue 21)."""
        text = text.strip()
        if not text:
            return self.understand("swingometer")
        if re.match(r"^[+-]?\d+(\.\d+)?\b", text):  # '3 from labour to conservative'
            return self.understand(f"on a swing of {text}")
        return self.understand(f"what if {text}")

    def show_help(self, _text: str = "") -> Answer:
        """!help: whatever follows it is ignored."""
        return self.help()

    def help(self, lead: str | None = None) -> Answer:
        """How to ask, from the command table."""
        lines = [lead] if lead else []
        lines += [
            "I answer questions about UK general elections from the official results.",
            f"I know {coverage.coverage(self.kb)}.",
        ]
        items = tuple(
            f"`{self.prefix}{c.example}` - {c.help}"
            + (f" (also {', '.join(self.prefix + a for a in c.aliases)})" if c.aliases else "")
            for c in COMMANDS
            if c.name != "help"
        )
        return Answer(
            kind="help",
            title="How to ask",
            lines=tuple(lines),
            items=items
            + (
                "Or just ask: 'How many seats did the Lib Dems win in the South West?', "
                "'Green share 2019 vs 2024', 'smallest majority in Scotland'",
            ),
        )
