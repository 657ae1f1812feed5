"""Commons Library constituency results for every general election 1918-2019 (CBP-8647).

Votes by party group only: Conservative, Liberal (Liberal Democrat from 1992, the SDP-Liberal
Alliance in 1983 and 1987), Labour, SNP or Plaid Cymru, and everyone else together ('oth':
every Northern Ireland party, the Greens, UKIP, the Speaker...). No candidate names.
"""

from __future__ import annotations

import re
from pathlib import Path

from bot.kb.sources.base import ContestPart, KnowledgeFileError, Loaded, Problem, parse_int

HISTORICAL_COLUMNS = {
    "constituency_id",
    "constituency_name",
    "con_votes",
    "election",
    "boundary_set",
}
_ONS = re.compile(r"^[ENSW]\d{8}$")
_UNOPPOSED = re.compile(r"-[1-3]")
OTHERS = "Oth"


def is_historical_header(header: list[str]) -> bool:
    return set(header) >= HISTORICAL_COLUMNS


def liberal_code(election: str) -> str:
    """The party behind the 'lib' column at that election."""
    year = int(election[:4])
    if year >= 1992:
        return "LD"
    if year in (1983, 1987):
        return "SDPLib"
    return "Lib"


def _nationalist(country: str) -> str:
    return "PC" if country.strip().lower() == "wales" else "SNP"


def _electorate_or_none(
    electorate: int | None,
    votes: int,
    seats: int,
    row: dict[str, str],
    loaded: Loaded,
    file: str,
    line: int,
) -> int | None:
    """The electorate, unless it is below the votes and the row's own turnout says it is wrong.

    (Glasgow Govan 1951: electorate 40,925, 41,631 votes, turnout column 84.9%.) Otherwise an
    impossible electorate is kept, and the build refuses it.
    """
    if electorate is None or votes <= electorate * seats:
        return electorate
    try:
        turnout = float((row.get("turnout") or "").strip())
    except ValueError:
        return electorate
    if not 0 < turnout <= 1:
        return electorate
    name = (row.get("constituency_name") or "").strip()
    loaded.warnings.append(
        Problem(
            file,
            f"{name} ({row.get('election', '').strip()}): electorate {electorate:,} is below the "
            f"{votes:,} votes, but the row's own turnout is {turnout:.1%}; electorate left out",
            line,
        )
    )
    return None


def read_historical(path: Path, rows: list[tuple[int, dict[str, str]]]) -> Loaded:
    """One contest per row; a candidacy per party group that stood; -N marks N members returned unopposed."""
    file = str(path)
    loaded = Loaded(kind="Commons Library general election results 1918-2019 (by party)")
    problems: list[Problem] = []
    seen: set[tuple[str, str]] = set()
    for line, row in rows:
        election = (row.get("election") or "").strip().upper()
        name = (row.get("constituency_name") or "").strip()
        country = (row.get("country/region") or "").strip()
        if not election or not name:
            problems.append(Problem(file, "a row without an election or constituency name", line))
            continue
        if (election, name) in seen:  # 1918 has two Louths: Lincolnshire's and Ireland's
            name = f"{name} ({country})"
        seen.add((election, name))
        columns = {
            "Con": "con_votes",
            liberal_code(election): "lib_votes",
            "Lab": "lab_votes",
            _nationalist(country): "natSW_votes",
            OTHERS: "oth_votes",
        }
        candidacies = []
        unopposed = False
        try:
            for party, column in columns.items():
                cell = (row.get(column) or "").strip()
                if cell.startswith("-") and _UNOPPOSED.fullmatch(
                    cell
                ):  # -N: N members returned unopposed
                    unopposed = True
                    votes = 0
                else:
                    votes = parse_int(cell, column, file, line)
                    if not votes:
                        continue
                candidacies.append(
                    {"name": "", "party": party, "party_name": party, "votes": votes, "_line": line}
                )
            total = (row.get("total_votes") or "").strip()
            valid = (
                0 if _UNOPPOSED.fullmatch(total) else parse_int(total, "total_votes", file, line)
            )
            electorate = parse_int(row.get("electorate"), "electorate", file, line)
            seats = parse_int(row.get("seats"), "seats", file, line) or 1
        except KnowledgeFileError as error:
            problems.extend(error.problems)
            continue
        if not candidacies and _UNOPPOSED.fullmatch((row.get("total_votes") or "").strip()):
            unopposed = True
            candidacies.append(
                {"name": "", "party": OTHERS, "party_name": OTHERS, "votes": 0, "_line": line}
            )
            loaded.warnings.append(
                Problem(
                    file,
                    f"{name} ({election}): returned unopposed, party not given; counted as other",
                    line,
                )
            )
        counted = sum(c["votes"] for c in candidacies)
        if valid is not None and counted != valid and not unopposed:
            # The file's own total is the valid vote its shares are of (in 16 Northern Ireland
            # seats of 1997 the party columns hold only some of the votes); a total below its
            # own parties' votes cannot be, and the parties' sum stands.
            kept = "the total is used" if valid > counted else "the parties' sum is used"
            loaded.warnings.append(
                Problem(
                    file,
                    f"{name} ({election}): party votes add to {counted:,}, total_votes says "
                    f"{valid:,}; {kept}",
                    line,
                )
            )
        if unopposed or valid is None or valid < counted:
            valid = counted
        electorate = _electorate_or_none(electorate, counted, seats, row, loaded, file, line)
        ons = (row.get("constituency_id") or "").strip()
        loaded.contests.append(
            ContestPart(
                election=election,
                name=name,
                ons_id=ons if _ONS.match(ons) else None,
                region=country or None,
                country=country or None,
                electorate=electorate,
                valid_votes=valid,
                candidacies=candidacies,
                seats=seats,
                unopposed=unopposed,
                party_level=True,
                boundaries=(row.get("boundary_set") or "").strip() or None,
                source=f"{path.name}:{line}",
            )
        )
    if problems:
        raise KnowledgeFileError(problems)
    return loaded
