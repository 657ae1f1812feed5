"""What every reader returns, and the errors and warnings it can raise."""

from __future__ import annotations

import csv
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.models import (
    Annotation,
    Election,
    ExitPoll,
    Membership,
    Office,
    Party,
    Person,
    Precedent,
    SeatAlias,
)


@dataclass(frozen=True)
class Problem:
    """An error or warning about one knowledge file, with its line where known."""

    file: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


class KnowledgeFileError(Exception):
    """A knowledge file that cannot be used; carries every problem found in it."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class ContestPart:
    """What one file says about one contest; several parts merge into a Contest."""

    election: str
    name: str
    source: str
    ons_id: str | None = None
    region: str | None = None
    country: str | None = None
    electorate: int | None = None
    valid_votes: int | None = None
    invalid_votes: int | None = None
    declared_result: str | None = None
    declared_at: str | None = None
    candidacies: list[dict[str, Any]] | None = None
    seats: int | None = None
    unopposed: bool | None = None
    party_level: bool | None = None
    boundaries: str | None = None
    override: bool = False  # a hand-written contest marked to replace one from the same folder
    new_seat: bool = False  # a hand-written contest that creates a seat the other sources lack

    MERGED_FIELDS = (
        "name",
        "ons_id",
        "region",
        "country",
        "electorate",
        "valid_votes",
        "invalid_votes",
        "declared_result",
        "declared_at",
        "candidacies",
        "seats",
        "unopposed",
        "party_level",
        "boundaries",
    )

    def absorb(self, other: ContestPart) -> None:
        """Take every field the other part provides (later sources win)."""
        for name in self.MERGED_FIELDS:
            value = getattr(other, name)
            if value is not None:
                setattr(self, name, value)
        self.source = (
            other.source if self.source == other.source else f"{self.source}; {other.source}"
        )


@dataclass
class Loaded:
    """Everything read from one file."""

    kind: str
    contests: list[ContestPart] = field(default_factory=list)
    elections: list[Election] = field(default_factory=list)
    parties: list[Party] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    precedents: list[Precedent] = field(default_factory=list)
    offices: list[Office] = field(default_factory=list)
    members: list[Membership] = field(default_factory=list)
    annotations: list[Annotation] = field(default_factory=list)
    aliases: list[SeatAlias] = field(default_factory=list)
    nicknames: list[tuple[str, ...]] = field(default_factory=list)
    exit_polls: list[tuple[ExitPoll, str, int | None]] = field(default_factory=list)  # file, line
    keys: list[tuple[str, str, int | None]] = field(default_factory=list)  # (section, key, line)
    warnings: list[Problem] = field(default_factory=list)


MAX_PROBLEMS_PER_FILE = 20


def csv_rows(path: Path, encoding: str) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows as dicts keyed by stripped header names, with their line numbers.

    A row with a different number of cells than the header is refused (after every good row has
    been read, so all such rows are listed, up to MAX_PROBLEMS_PER_FILE).

    Read in a thread while the bot serves (a reload), a tight loop over the C reader keeps the GIL
    from the event loop for tens of ms at a time (measured: 27 ms over the 1918-2019 file), so it
    gives the GIL away every 200 rows.
    """
    file = str(path)
    problems: list[Problem] = []
    with path.open(encoding=encoding, newline="") as handle:
        reader = csv.reader(handle)
        header = [h.strip().strip('"').strip() for h in next(reader, [])]
        for count, row in enumerate(reader):
            if count % 200 == 0:
                time.sleep(0)  # lets the event loop's thread in: see below
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header) and not _only_blank_extras(row, len(header)):
                if len(problems) < MAX_PROBLEMS_PER_FILE:
                    problems.append(
                        Problem(
                            file,
                            f"row has {len(row)} cells but the header has {len(header)} columns",
                            reader.line_num,
                        )
                    )
                continue
            yield reader.line_num, dict(zip(header, row, strict=False))
    if problems:
        raise KnowledgeFileError(problems)


def _only_blank_extras(row: list[str], width: int) -> bool:
    """Trailing empty cells past the header (a spreadsheet's stray commas) are harmless."""
    return len(row) > width and not any(cell.strip() for cell in row[width:])


def problem_at(source: str, message: str) -> Problem:
    """A Problem for a contest part's source ('file.csv:12'), with the line split out."""
    file, _, line = source.rpartition(":")
    if file and line.isdigit() and ";" not in source:
        return Problem(file, message, int(line))
    return Problem(source, message)


_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")


def parse_int(value: Any, what: str, file: str, line: int | None) -> int | None:
    """An integer cell ('37,508' allowed); blank is None; anything else is a Problem."""
    if value is None:
        return None
    if isinstance(value, str) and value.isdigit():  # the common case, fast
        return int(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if value != int(value):
            raise KnowledgeFileError(
                [Problem(file, f"{what} is not a whole number: {value}", line)]
            )
        number = int(value)
    else:
        text = _THOUSANDS.sub("", str(value)).strip()
        if not text:
            return None
        try:
            number = int(float(text)) if "." in text else int(text)
        except ValueError:
            raise KnowledgeFileError(
                [Problem(file, f"{what} is not a number: {value!r}", line)]
            ) from None
    if number < 0:
        raise KnowledgeFileError([Problem(file, f"{what} is negative: {number}", line)])
    return number


def parse_float(value: Any) -> float | None:
    """A decimal cell; blank is None."""
    if value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip()
    return float(text) if text else None
