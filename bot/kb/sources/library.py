"""Commons Library results by candidate and by constituency (CBP-8749, CBP-10009), CSV or xlsx."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from bot.kb.sources.base import (
    ContestPart,
    KnowledgeFileError,
    Loaded,
    Problem,
    parse_float,
    parse_int,
)
from bot.text import repair_mojibake

CANDIDATE_COLUMNS = {"ONS ID", "Constituency name", "Candidate first name", "Votes"}
CONSTITUENCY_COLUMNS = {"ONS ID", "Constituency name", "Valid votes", "First party", "Result"}

_YEAR_IN_NAME = re.compile(r"(?<!\d)(19[1-9]\d|20\d\d)(?!\d)")
# Codes of the constituencies first used in 2024 (E14001063+, W07000081+, S14000060+, N05).
_NEW_BOUNDARY = re.compile(
    r"^(E1400(1(0[6-9]\d|[1-9]\d\d))|W07000(08[1-9]|09\d|1[01]\d)|S140000[6-9]\d|S140001\d\d|N05)"
)


# How the Library writes Labour and Co-operative candidates: they are Labour ('Lab').
LABOUR_COOP = frozenset({"Lab Coop", "Lab Co-op"})


def is_candidate_header(header: Iterable[str]) -> bool:
    return set(header) >= CANDIDATE_COLUMNS


def is_constituency_header(header: Iterable[str]) -> bool:
    return set(header) >= CONSTITUENCY_COLUMNS


def party_code(abbreviation: str, party_name: str) -> str:
    """The party key: the Library's abbreviation, with the Northern Ireland Greens kept apart."""
    abbreviation = abbreviation.strip()
    if abbreviation == "Green" and "northern ireland" in party_name.lower():
        return "GreenNI"
    if abbreviation in LABOUR_COOP:
        return "Lab"
    return abbreviation or party_name.strip() or "Ind"


def _election_year(path: Path, rows: list[tuple[int, dict[str, str]]]) -> str:
    """The election a Library file is about: its name, its declaration times, or its boundaries."""
    found = _YEAR_IN_NAME.findall(path.name)
    if found:
        return found[-1]
    for _, row in rows:
        declared = (row.get("Election") or row.get("Declaration time") or "").strip()
        match = _YEAR_IN_NAME.search(declared)
        if match:
            return match.group(1)
    codes = [row.get("ONS ID", "") for _, row in rows[:50]]
    return "2024" if codes and all(_NEW_BOUNDARY.match(c or "") for c in codes) else "2019"


def _yes(value: str | None) -> bool:
    return (value or "").strip().lower() in {"yes", "y", "true", "1"}


# The Library's (and the ONS's) marks for a figure that is not given: [x] not available,
# [c] confidential, [z] not applicable.
NOT_GIVEN = frozenset({"[x]", "[c]", "[z]", ".."})


def _not_given(value: object) -> bool:
    return isinstance(value, str) and value.strip().lower() in NOT_GIVEN


class _Missing:
    """Figures a file marks as not given: counted per column, said once per file as a warning."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.seen: dict[str, tuple[int, str, int]] = {}  # column -> (count, first seat, line)

    def count(self, row: dict, column: str, seat: str, line: int) -> int | None:
        value = row.get(column)
        if type(value) is str and value.isdigit():  # the common case, fast
            return int(value)
        if _not_given(value):
            self._note(column, seat, line)
            return None
        return parse_int(value, column, self.file, line)

    def fraction(self, row: dict, column: str, seat: str, line: int) -> float | None:
        value = row.get(column)
        if not value or type(value) is not str:
            return parse_float(value)
        if _not_given(value):
            self._note(column, seat, line)
            return None
        try:
            return parse_float(value)
        except ValueError:
            raise KnowledgeFileError(
                [Problem(self.file, f"{column} is not a number: {value!r}", line)]
            ) from None

    def flag(self, row: dict, column: str, seat: str, line: int) -> bool:
        """A Yes/No column; blank or marked is 'not given', taken as No."""
        value = row.get(column)
        if value == "Yes" or value == "No":  # the common case, fast
            return value == "Yes"
        if value is not None and (_not_given(value) or not str(value).strip()):
            self._note(column, seat, line)
            return False
        return _yes(value)

    def _note(self, column: str, seat: str, line: int) -> None:
        count, first, at = self.seen.get(column, (0, seat, line))
        self.seen[column] = (count + 1, first, at)

    def warnings(self, taken_as: dict[str, str]) -> list[Problem]:
        return [
            Problem(
                self.file,
                f"{column} is not given in {count} row{'s' * (count != 1)} (first: {first}); "
                f"{taken_as.get(column, 'left out')}",
                line,
            )
            for column, (count, first, line) in self.seen.items()
        ]


def read_candidates(
    path: Path, rows: list[tuple[int, dict[str, str]]], election: str | None = None
) -> Loaded:
    """Results by candidate: one row per candidate, grouped into contests."""
    file = str(path)
    election = election or _election_year(path, rows)
    missing = _Missing(file)
    loaded = Loaded(kind=f"Commons Library results by candidate ({election})")
    contests: dict[str, ContestPart] = {}
    problems: list[Problem] = []
    for line, row in rows:
        try:
            ons_id = (row.get("ONS ID") or "").strip()
            seat = repair_mojibake((row.get("Constituency name") or "").strip())
            if not seat:
                raise KnowledgeFileError([Problem(file, "a row has no constituency name", line)])
            party_name = repair_mojibake((row.get("Party name") or "").strip())
            first = repair_mojibake((row.get("Candidate first name") or "").strip())
            surname = repair_mojibake((row.get("Candidate surname") or "").strip())
            if _not_given(row.get("Votes")):
                raise KnowledgeFileError(
                    [Problem(file, f"{seat}: a candidate's Votes are not given ([x])", line)]
                )
            votes = parse_int(row.get("Votes"), "Votes", file, line)  # blank: standing, no result
            change = missing.fraction(row, "Change", seat, line)
            dc_id = row.get("DC Person ID") or row.get("Democracy Club person ID")
            candidacy = {
                "name": f"{first} {surname}".strip(),
                "party": party_code(row.get("Party abbreviation") or "", party_name),
                "party_name": party_name or "Independent",
                "votes": votes,
                "sitting_mp": missing.flag(row, "Sitting MP", seat, line),
                "former_mp": missing.flag(row, "Former MP", seat, line),
                "gender": (row.get("Candidate gender") or "").strip() or None,
                "mnis_id": missing.count(row, "Member MNIS ID", seat, line),
                "dc_id": parse_int(dc_id, "DC Person ID", file, line),
                "published_change": None if change is None else change * 100,
                "_line": line,
                "_file": path.name,
            }
        except KnowledgeFileError as error:
            problems.extend(error.problems)
            continue
        key = ons_id or seat
        part = contests.get(key)
        if part is None:
            part = contests[key] = ContestPart(
                election=election,
                name=seat,
                ons_id=ons_id or None,
                region=(row.get("Region name") or "").strip() or None,
                country=(row.get("Country name") or "").strip() or None,
                source=f"{path.name}:{line}",
                candidacies=[],
                party_level=False,
            )
        part.candidacies.append(candidacy)
    if problems:
        raise KnowledgeFileError(problems)
    for part in contests.values():
        blank = [c for c in part.candidacies if c["votes"] is None]
        if blank and len(blank) < len(part.candidacies):
            problems.append(
                Problem(
                    file,
                    f"{part.name}: Votes is blank for {blank[0]['name'] or 'a candidate'} but not "
                    "for the others (leave every candidate's votes blank until the seat declares)",
                    blank[0]["_line"],
                )
            )
        elif not blank:
            part.valid_votes = sum(c["votes"] for c in part.candidacies)
    if problems:
        raise KnowledgeFileError(problems)
    loaded.contests = list(contests.values())
    loaded.warnings.extend(missing.warnings(_TAKEN_AS))
    return loaded


_TAKEN_AS = {
    "Change": "the change is computed where the previous result is loaded",
    "Sitting MP": "taken as not a sitting MP",
    "Former MP": "taken as not a former MP",
    "Member MNIS ID": "the candidate is linked by name within the seat",
}


def read_constituencies(
    path: Path, rows: list[tuple[int, dict[str, str]]], election: str | None = None
) -> Loaded:
    """Results by constituency: electorate, valid and invalid votes, declared result and time."""
    file = str(path)
    election = election or _election_year(path, rows)
    missing = _Missing(file)
    loaded = Loaded(kind=f"Commons Library results by constituency ({election})")
    problems: list[Problem] = []
    for line, row in rows:
        seat = repair_mojibake((row.get("Constituency name") or "").strip())
        try:
            part = ContestPart(
                election=election,
                name=seat,
                ons_id=(row.get("ONS ID") or "").strip() or None,
                region=(row.get("Region name") or "").strip() or None,
                country=(row.get("Country name") or "").strip() or None,
                electorate=missing.count(row, "Electorate", seat, line),
                valid_votes=missing.count(row, "Valid votes", seat, line),
                invalid_votes=missing.count(row, "Invalid votes", seat, line),
                declared_result=(row.get("Result") or "").strip() or None,
                declared_at=(row.get("Declaration time") or "").strip() or None,
                source=f"{path.name}:{line}",
            )
        except KnowledgeFileError as error:
            problems.extend(error.problems)
            continue
        if not part.name:
            problems.append(Problem(file, "a row has no constituency name", line))
            continue
        loaded.contests.append(part)
    if problems:
        raise KnowledgeFileError(problems)
    loaded.warnings.extend(missing.warnings({"Valid votes": "the candidates' votes are counted"}))
    return loaded


def xlsx_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a Library workbook's Data sheet, found after its title and notes rows."""
    import openpyxl  # optional: only needed for the xlsx release

    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook["Data"] if "Data" in workbook.sheetnames else workbook.worksheets[0]
        header: list[str] | None = None
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = ["" if v is None else v for v in values]
            if header is None:
                names = [str(c).strip() for c in cells]
                if "ONS ID" in names and "Constituency name" in names:
                    header = names
                elif number > 10:
                    return
                continue
            if not any(str(c).strip() for c in cells):
                continue
            yield (
                number,
                {
                    h: (c if isinstance(c, (int, float)) else str(c))
                    for h, c in zip(header, cells, strict=False)
                },
            )
    finally:
        workbook.close()
