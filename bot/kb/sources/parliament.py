"""Parliament's results data (electionresults.parliament.uk, `results-by-parliament/NN/`).

The general-election files of Parliaments 55-58 (2010, 2015, 2017, 2019) are the Commons
Library's results-by-candidate and results-by-constituency layouts with **no header row**: they
are recognised by their content and given the Library's column names here, then read by the
Library reader. Folder 59 (2024) has headers and needs nothing of this module.

By-election files (`NN/by-elections/`) have headers starting `Election date` or
`By-election date`; they are recognised so that they are never read as general-election contests.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from bot.kb.sources.base import MAX_PROBLEMS_PER_FILE, KnowledgeFileError, Problem

CANDIDATE_COLUMNS = [
    "ONS ID", "ONS region ID", "Constituency name", "County name", "Region name", "Country name",
    "Constituency type", "Party name", "Party abbreviation", "Electoral Commission party ID",
    "MNIS party ID", "Electoral Commission adjunct party ID", "Candidate first name",
    "Candidate surname", "Candidate gender", "Sitting MP", "Former MP", "Member MNIS ID", "Votes",
    "Share", "Change",
]  # fmt: skip
CONSTITUENCY_COLUMNS = [
    "ONS ID", "ONS region ID", "Constituency name", "County name", "Region name", "Country name",
    "Constituency type", "Declaration time", "Member first name", "Member surname",
    "Member gender", "Result", "First party", "Second party", "Electorate", "Valid votes",
    "Invalid votes", "Majority",
]  # fmt: skip
# One column of votes per party after the first 18, by election (matched against the candidates).
_PARTY_COLUMNS = {
    "2010": ["Con", "Lab", "LD", "UKIP", "Green", "SNP", "PC", "DUP", "SF", "SDLP", "UCUNF", "APNI",
             "All other candidates"],
    "2015": ["Con", "Lab", "LD", "UKIP", "Green", "SNP", "PC", "DUP", "SF", "SDLP", "UUP", "APNI",
             "All other candidates"],
    "2017": ["Con", "Lab", "LD", "UKIP", "Green", "SNP", "PC", "DUP", "SF", "SDLP", "UUP", "APNI",
             "All other candidates", "Of which other winner"],
    "2019": ["Con", "Lab", "LD", "BRX", "Green", "SNP", "PC", "DUP", "SF", "SDLP", "UUP", "APNI",
             "All other candidates", "Of which other winner"],
}  # fmt: skip
# The general election that opened each Parliament (the folder numbers of results-by-parliament).
PARLIAMENTS = {"55": "2010", "56": "2015", "57": "2017", "58": "2019", "59": "2024"}

_CODE = re.compile(r"^[ENSW]\d{8}$")
_RESULT = re.compile(r"\b(hold|gain from)\b|^\S+ win$", re.IGNORECASE)
_DECLARED_YEAR = re.compile(r"^\d{1,2}/\d{1,2}/(\d{4})\b")
_YEAR_IN_NAME = re.compile(r"(?<!\d)(19[1-9]\d|20\d\d)(?!\d)")


def headerless_kind(cells: list[str]) -> str | None:
    """'candidates' or 'constituencies' for a first row that is data, not a header; else None."""
    cells = [c.strip() for c in cells]
    if len(cells) < 21 or not (_CODE.match(cells[0]) and _CODE.match(cells[1])):
        return None
    if len(cells) in (21, 22) and (cells[18].isdigit() or not cells[18]):
        return "candidates"
    if len(cells) >= 31 and _RESULT.search(cells[11]):
        return "constituencies"
    return None


def headerless_election(path: Path, first_rows: list[list[str]]) -> str:
    """Which general election a header-less file is about.

    In order: a year in the file's name; the declaration times in the file (the constituency
    file); the declaration times of the constituency file beside it (for the candidate file,
    which has no dates); the Parliament folder it was published in (`55/general-election/`).
    """
    found = _YEAR_IN_NAME.findall(path.name)
    if found:
        return found[-1]
    for cells in first_rows:
        year = _declared_year(cells)
        if year:
            return year
    sibling = path.with_name("constituencies.csv")
    if sibling != path and sibling.is_file():
        with sibling.open(encoding="utf-8-sig", newline="") as handle:
            for number, cells in enumerate(csv.reader(handle)):
                year = _declared_year(cells) if headerless_kind(cells) == "constituencies" else None
                if year or number > 20:
                    if year:
                        return year
                    break
    for part in reversed(path.parts[:-1]):
        if part in PARLIAMENTS:
            return PARLIAMENTS[part]
    raise KnowledgeFileError(
        [
            Problem(
                str(path),
                "a Commons Library results file without a header row, and nothing says which "
                "election it is: put the year in its name (HoC-GE2015-results-by-candidate.csv) "
                "or keep it in its Parliament folder (56/general-election/)",
            )
        ]
    )


def _declared_year(cells: list[str]) -> str | None:
    if len(cells) > 7:
        found = _DECLARED_YEAR.match(cells[7].strip())
        if found:
            return found.group(1)
    return None


def columns_for(kind: str, election: str, width: int) -> list[str]:
    """The Library's column names for a header-less file of that kind, election and width."""
    if kind == "candidates":
        return CANDIDATE_COLUMNS + ["DC Person ID"] * (width > len(CANDIDATE_COLUMNS))
    parties = _PARTY_COLUMNS.get(election, [])
    if len(CONSTITUENCY_COLUMNS) + len(parties) != width:  # a year we have not matched: numbered
        parties = [f"Party column {n}" for n in range(1, width - len(CONSTITUENCY_COLUMNS) + 1)]
    return CONSTITUENCY_COLUMNS + parties


def headerless_rows(
    path: Path, encoding: str, kind: str, election: str
) -> list[tuple[int, dict[str, str]]]:
    """Every row of a header-less file as a dict under the Library's column names.

    A row whose width differs from the first row's is refused (all such rows listed, up to
    MAX_PROBLEMS_PER_FILE), as for a file with a header.
    """
    file = str(path)
    rows: list[tuple[int, dict[str, str]]] = []
    problems: list[Problem] = []
    with path.open(encoding=encoding, newline="") as handle:
        reader = csv.reader(handle)
        columns: list[str] | None = None
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if columns is None:
                columns = columns_for(kind, election, len(cells))
            if len(cells) != len(columns):
                if len(problems) < MAX_PROBLEMS_PER_FILE:
                    problems.append(
                        Problem(
                            file,
                            f"row has {len(cells)} cells but the file's rows have {len(columns)}",
                            reader.line_num,
                        )
                    )
                continue
            rows.append((reader.line_num, dict(zip(columns, cells, strict=True))))
    if problems:
        raise KnowledgeFileError(problems)
    return rows
