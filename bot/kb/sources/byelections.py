"""By-election results as Parliament publishes them (electionresults.parliament.uk, compiled by
the Commons Library): `by-elections/constituencies.csv` and `by-elections/candidacies.csv`.

The layouts are the Library's general-election ones with the polling day in front (`By-election
date, Writ date` or `Election date`). Each by-election becomes an election of its own, never a
second result for a general election's seat. The published files differ from one Parliament to
the next: a byte-order mark in some, `ONS ID2` for `ONS ID`, `M`/`F` beside `Male`/`Female`,
`RUK Hold` beside `Lab hold`, trailing spaces, and `[x]` for a count the Library does not give
(read as not given, with a warning).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path

from bot.kb.sources.base import (
    ContestPart,
    KnowledgeFileError,
    Loaded,
    Problem,
    parse_float,
    parse_int,
)
from bot.kb.sources.library import party_code
from bot.models import Election
from bot.text import repair_mojibake, slug

CONSTITUENCY_COLUMNS = {"By-election date", "Constituency name", "Result", "Valid votes"}
CANDIDATE_COLUMNS = {"Election date", "Constituency name", "Candidate first name", "Votes"}
PREFIX = "by-"
NOT_GIVEN = "[x]"
_GENDERS = {"m": "Male", "f": "Female"}
_RESULT_WORDS = re.compile(r"\b(Hold|Gain From|Gain from|GAIN FROM|HOLD)\b")


def is_constituency_header(header: Iterable[str]) -> bool:
    return set(header) >= CONSTITUENCY_COLUMNS


def is_candidate_header(header: Iterable[str]) -> bool:
    names = set(header)
    return names >= CANDIDATE_COLUMNS and bool(names & {"ONS ID", "ONS ID2"})


def is_by_election(election_id: str) -> bool:
    """Whether an election id names a by-election (the ids this reader gives)."""
    return election_id.startswith(PREFIX)


def election_id(day: dt.date, ons_id: str | None, seat: str) -> str:
    """One id per by-election: its polling day and seat ('by-2025-05-01-E14001455')."""
    return f"{PREFIX}{day.isoformat()}-{ons_id or slug(seat)}"


def by_election(day: dt.date, seat: str, ons_id: str | None, writ: dt.date | None) -> Election:
    return Election(
        id=election_id(day, ons_id, seat),
        date=day,
        name=f"{seat} by-election",
        kind="by-election",
        writ_date=writ,
        source="Parliament's election results (electionresults.parliament.uk), House of Commons Library",
    )


def _cell(row: dict[str, str], column: str) -> str:
    return repair_mojibake((row.get(column) or "").strip())


def _date(text: str, what: str, file: str, line: int) -> dt.date:
    try:
        return dt.datetime.strptime(text.strip(), "%d/%m/%Y").date()
    except ValueError:
        raise KnowledgeFileError(
            [Problem(file, f"{what} is not a date (day/month/year): {text!r}", line)]
        ) from None


def _count(
    row: dict[str, str], column: str, file: str, line: int, warnings: list[Problem]
) -> int | None:
    """A count, where `[x]` (the Library's 'not given') is None with a warning."""
    value = _cell(row, column)
    if value.lower() == NOT_GIVEN:
        seat = _cell(row, "Constituency name")
        warnings.append(Problem(file, f"{seat}: {column} is not given ({NOT_GIVEN})", line))
        return None
    return parse_int(value, column, file, line)


def _result(text: str) -> str | None:
    """'RUK Hold' as the Library writes it elsewhere: 'RUK hold'."""
    return _RESULT_WORDS.sub(lambda match: match.group(0).lower(), text) or None


def _contest_of(row: dict[str, str], day_column: str, file: str, line: int):
    """(seat, polling day, ONS code) of a row: which by-election it belongs to."""
    seat = _cell(row, "Constituency name")
    if not seat:
        raise KnowledgeFileError([Problem(file, "a row has no constituency name", line)])
    day = _date(_cell(row, day_column), day_column, file, line)
    return seat, day, _cell(row, "ONS ID") or _cell(row, "ONS ID2") or None


def read_constituencies(path: Path, rows: list[tuple[int, dict[str, str]]]) -> Loaded:
    """By-election results by constituency: polling day, writ, electorate, totals, result."""
    file = str(path)
    loaded = Loaded(kind="Parliament's by-election results by constituency")
    problems: list[Problem] = []
    for line, row in rows:
        try:
            seat, day, ons_id = _contest_of(row, "By-election date", file, line)
            writ_text = _cell(row, "Writ date")
            writ = _date(writ_text, "Writ date", file, line) if writ_text else None
            election = by_election(day, seat, ons_id, writ)
            part = ContestPart(
                election=election.id,
                name=seat,
                ons_id=ons_id,
                region=_cell(row, "Region name") or None,
                country=_cell(row, "Country name") or None,
                electorate=_count(row, "Electorate", file, line, loaded.warnings),
                valid_votes=_count(row, "Valid votes", file, line, loaded.warnings),
                invalid_votes=_count(row, "Invalid votes", file, line, loaded.warnings),
                declared_result=_result(_cell(row, "Result")),
                declared_at=_cell(row, "Declaration time") or None,
                source=f"{path.name}:{line}",
            )
        except KnowledgeFileError as error:
            problems.extend(error.problems)
            continue
        loaded.elections.append(election)
        loaded.contests.append(part)
    if problems:
        raise KnowledgeFileError(problems)
    return loaded


def read_candidates(path: Path, rows: list[tuple[int, dict[str, str]]]) -> Loaded:
    """By-election results by candidate: one row per candidate, grouped into by-elections."""
    file = str(path)
    loaded = Loaded(kind="Parliament's by-election results by candidate")
    parts: dict[str, ContestPart] = {}
    problems: list[Problem] = []
    for line, row in rows:
        try:
            seat, day, ons_id = _contest_of(row, "Election date", file, line)
            party_name = _cell(row, "Party name")
            gender = _cell(row, "Candidate gender")
            change = parse_float(_cell(row, "Change"))
            votes = _count(row, "Votes", file, line, loaded.warnings)
            if votes is None:
                raise KnowledgeFileError(
                    [Problem(file, f"{seat}: a by-election candidate has no votes", line)]
                )
            candidacy = {
                "name": f"{_cell(row, 'Candidate first name')} {_cell(row, 'Candidate surname')}".strip(),
                "party": party_code(_cell(row, "Party abbreviation"), party_name),
                "party_name": party_name or "Independent",
                "votes": votes,
                "sitting_mp": _cell(row, "Sitting MP").lower() in {"yes", "y", "true", "1"},
                "former_mp": _cell(row, "Former MP").lower() in {"yes", "y", "true", "1"},
                "gender": _GENDERS.get(gender.lower(), gender) or None,
                "mnis_id": parse_int(_cell(row, "Member MNIS ID"), "Member MNIS ID", file, line),
                "dc_id": parse_int(
                    _cell(row, "Democracy Club person ID") or _cell(row, "DC Person ID"),
                    "Democracy Club person ID",
                    file,
                    line,
                ),
                "published_change": None if change is None else change * 100,
                "_line": line,
                "_file": path.name,
            }
        except (KnowledgeFileError, ValueError) as error:
            if isinstance(error, KnowledgeFileError):
                problems.extend(error.problems)
            else:
                problems.append(Problem(file, f"a number cannot be read: {error}", line))
            continue
        key = election_id(day, ons_id, seat)
        part = parts.get(key)
        if part is None:
            loaded.elections.append(by_election(day, seat, ons_id, None))
            part = parts[key] = ContestPart(
                election=key,
                name=seat,
                ons_id=ons_id,
                region=_cell(row, "Region name") or None,
                country=_cell(row, "Country name") or None,
                source=f"{path.name}:{line}",
                candidacies=[],
                party_level=False,
            )
        part.candidacies.append(candidacy)
    if problems:
        raise KnowledgeFileError(problems)
    for part in parts.values():
        part.valid_votes = sum(c["votes"] for c in part.candidacies)
    loaded.contests = list(parts.values())
    return loaded
