"""Exit polls: the parties an exit poll names, as people write them, resolved to party codes; and
a moderator's line ('Lab 410 Con 131 LD 61 Others 19') read into seats by party."""

from __future__ import annotations

import re
from collections.abc import Mapping

from bot.kb.calendar import parse_election
from bot.kb.knowledge import KnowledgeBase
from bot.models import ExitPoll, Party
from bot.text import fold

OTHERS = "Oth"  # everyone an exit poll does not name
MAX_LINE = 400  # characters of a moderator's line read
_PAIR = re.compile(r"\s*([^\d,;:=]+?)\s*[:=]?\s*(\d{1,4})\s*[,;]?")


class ExitPollError(ValueError):
    """An exit poll that cannot be used; the message says why, in words a moderator reads."""


def party_names(parties: Mapping[str, Party]) -> dict[str, str]:
    """Folded code, abbreviation, name, alias or nickname -> party code."""
    names: dict[str, str] = {}
    for party in parties.values():  # an abbreviation two parties share is the weakest claim
        names.setdefault(fold(party.abbrev), party.code)
    for party in parties.values():
        for name in (party.name, party.short_name, *party.aliases, *party.nicknames):
            if name:
                names[fold(name)] = party.code
    for party in parties.values():
        names[fold(party.code)] = party.code  # a code always means its own party
    return names


def by_code(seats: Mapping[str, int], names: Mapping[str, str]) -> dict[str, int]:
    """Seats keyed by party code; an unknown party, or one party named twice, is refused."""
    resolved: dict[str, int] = {}
    said: dict[str, str] = {}
    for name, count in seats.items():
        code = names.get(fold(str(name)))
        if code is None:
            raise ExitPollError(f"I don't know a party called '{str(name)[:40]}'")
        if code in resolved:
            raise ExitPollError(f"'{said[code]}' and '{str(name)[:40]}' are the same party")
        resolved[code] = count
        said[code] = str(name)[:40]
    return resolved


def resolved(poll: ExitPoll, names: Mapping[str, str]) -> ExitPoll:
    """The poll with its parties as codes (ExitPollError if one is unknown)."""
    return poll.model_copy(update={"seats": by_code(poll.seats, names)})


def parse_seats(text: str, names: Mapping[str, str]) -> dict[str, int]:
    """'Lab 410 Con 131, Lib Dems: 61 Others 19' -> {'Lab': 410, 'Con': 131, 'LD': 61, 'Oth': 19}."""
    text = (text or "").strip()[:MAX_LINE]
    pairs: dict[str, int] = {}
    at = 0
    for match in _PAIR.finditer(text):
        if match.start() != at:
            break
        name = match.group(1).strip()
        if name in pairs:
            raise ExitPollError(f"'{name[:40]}' is given twice")
        pairs[name] = int(match.group(2))
        at = match.end()
    rest = text[at:].strip()
    if rest or not pairs:
        shown = f" I could not read '{rest[:40]}'." if rest and pairs else ""
        raise ExitPollError(
            "Give each party and its seats, e.g. `Lab 410 Con 131 LD 61 Reform 13 SNP 10 "
            f"PC 4 Green 2 Others 19`.{shown}"
        )
    return by_code(pairs, names)


def check_total(seats: Mapping[str, int], fought: int, election: str) -> None:
    """Refuse a poll that gives out more seats than the election has (when its seats are known)."""
    total = sum(seats.values())
    if fought and total > fought:
        raise ExitPollError(
            f"These add up to {total:,} seats, but the {election} election has {fought:,} in the "
            "knowledge loaded."
        )


ENTERED_BY = "as entered by this server's moderators"


def server_poll(election: str, seats: Mapping[str, int]) -> ExitPoll:
    """A moderator's exit poll as the answers read it."""
    return ExitPoll(election=election, seats=dict(seats), by=ENTERED_BY)


def election_of(kb: KnowledgeBase, text: str) -> tuple[str, str]:
    """(election, the rest): a year said first, else the election being counted, else the latest."""
    words = (text or "").strip().split(maxsplit=1)
    election = parse_election(words[0], kb.elections) if words else None
    if election is None and words and words[0][:1].isdigit():
        raise ExitPollError(f"I hold no general election called '{words[0][:12]}'.")
    if election is not None and words[0][:1].isdigit():
        text = words[1] if len(words) > 1 else ""
    else:
        election = next(iter(kb.progress), None) or _latest(kb)
    if election is None or election not in kb.national or kb.elections[election].by_election:
        raise ExitPollError("I hold no general election to enter an exit poll for.")
    return election, text


def seats_at(kb: KnowledgeBase, election: str) -> int:
    """Seats being fought: those counted (declared or not), else those with results."""
    progress = kb.progress.get(election)
    return progress.total if progress else len(kb.contests.get(election, {}))


def read_entry(kb: KnowledgeBase, text: str) -> tuple[str, dict[str, int]]:
    """'[2024] Lab 410 Con 131 ...' -> (election, seats by party code). ExitPollError says what
    is wrong."""
    election, text = election_of(kb, text)
    seats = parse_seats(text, party_names(kb.parties))
    check_total(seats, seats_at(kb, election), election)
    return election, seats


def _latest(kb: KnowledgeBase) -> str | None:
    latest = [e for e in kb.real_elections() if not e.by_election]
    return latest[-1].id if latest else None
