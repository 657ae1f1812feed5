"""Notional 2019 results on the 2024 boundaries (Rallings & Thrasher et al. for the broadcasters)."""

from __future__ import annotations

from pathlib import Path

from bot.kb.sources.base import ContestPart, KnowledgeFileError, Loaded, Problem, parse_int
from bot.models import SeatAlias

NOTIONAL_COLUMNS = {"Boundary Comm name", "PA name", "ONS code", "Win19", "total_votes"}
ELECTION_ID = "2019-notional"

# Vote columns that are sums of others (counting them would double the votes).
_AGGREGATES = {"TotOthv", "MaxOthv"}
# Vote columns whose party code differs from the column name.
_COLUMN_PARTY = {
    "Conv": "Con",
    "Labv": "Lab",
    "Grnv": "Green",
    "Brxv": "BRX",
    "ADVv": "Adv",
    "COMLv": "Comm L",
    "LIBv": "Lib",
    "PBPv": "PBPA",
    "TIGv": "IGC",
    "YESHv": "Yesh",
    "YRKSv": "Yrks",
    "PATRv": "Patr",
    "GWLDv": "Gwld",
    "SNAVv": "SNav",
    "INETv": "INet",
    "JACv": "JACP",
    "RENv": "Ren",
    "LBTv": "LPUK",
    "SLPv": "SL",
    "SOCv": "SPGB",
}
# How the file names parties in its Win19 and Second19 columns.
WINNER_CODES = {"Spkr": "Spk", "All": "APNI"}


def is_notional_header(header: list[str]) -> bool:
    return set(header) >= NOTIONAL_COLUMNS


def _party_for(column: str, country: str) -> str:
    """The party behind a vote column (codes are matched to the results' own at build time)."""
    if column.startswith("IND") and column[3:-1].isdigit():
        return "Ind"
    code = _COLUMN_PARTY.get(column) or column[:-1]
    if code == "Green" and country == "Northern Ireland":
        return "GreenNI"
    return code


def read_notional(path: Path, rows: list[tuple[int, dict[str, str]]]) -> Loaded:
    """One contest per row, with one pseudo-candidacy per party that stood (no names)."""
    file = str(path)
    loaded = Loaded(kind="notional 2019 results on the 2024 boundaries")
    problems: list[Problem] = []
    for line, row in rows:
        name = (row.get("Boundary Comm name") or "").strip()
        country = (row.get("country_name") or "").strip()
        try:
            candidacies = []
            for column, cell in row.items():
                if not column.endswith("v") or column in _AGGREGATES:
                    continue
                votes = parse_int(cell, column, file, line)
                if votes:
                    party = _party_for(column, country)
                    candidacies.append(
                        {
                            "name": "",
                            "party": party,
                            "party_name": party,
                            "votes": votes,
                            "_line": line,
                        }
                    )
            total = parse_int(row.get("total_votes"), "total_votes", file, line)
            electorate = parse_int(row.get("electorate"), "electorate", file, line)
        except KnowledgeFileError as error:
            problems.extend(error.problems)
            continue
        winner = (row.get("Win19") or "").strip()
        winner = WINNER_CODES.get(winner, winner)
        counted = sum(c["votes"] for c in candidacies)
        residual = (total or 0) - counted
        if residual > 0 and winner and winner not in {c["party"] for c in candidacies}:
            # The Speaker has no column of their own: their votes are the rest of the total.
            candidacies.append(
                {
                    "name": "",
                    "party": winner,
                    "party_name": winner,
                    "votes": residual,
                    "_line": line,
                }
            )
        elif total is not None and residual:
            loaded.warnings.append(
                Problem(
                    file,
                    f"{name}: party votes add to {counted:,}, total_votes says {total:,}",
                    line,
                )
            )
        top = max(candidacies, key=lambda candidacy: candidacy["votes"], default=None)
        if top and winner and top["party"] != winner:
            loaded.warnings.append(
                Problem(file, f"{name}: Win19 says {winner}, the votes say {top['party']}", line)
            )
        loaded.contests.append(
            ContestPart(
                election=ELECTION_ID,
                name=name,
                ons_id=(row.get("ONS code") or "").strip() or None,
                country=country or None,
                electorate=electorate,
                valid_votes=sum(c["votes"] for c in candidacies),
                candidacies=candidacies,
                source=f"{path.name}:{line}",
            )
        )
        pa_name = (row.get("PA name") or "").strip()
        if pa_name and pa_name != name:
            loaded.aliases.append(SeatAlias(alias=pa_name, constituency=name))
    if problems:
        raise KnowledgeFileError(problems)
    return loaded
