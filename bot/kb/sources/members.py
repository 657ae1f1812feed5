"""The Commons Library's lists of MPs elected and of MPs defeated (CBP-10009 companion workbooks).

`MPs-elected` has one row per seat: the MP's middle names, MNIS id (blank for new members),
whether they are a "New member", a "Re-elected Member" or a "Historical member" (a former MP
returning), and the seat they sat for before the boundary change. `Defeated-MPs` has one row per
sitting MP who lost. Both are recognised by their snake_case header, never by their file name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from pydantic import ValidationError

from bot.kb.sources.base import KnowledgeFileError, Loaded, Problem, parse_int
from bot.kb.sources.library import _NEW_BOUNDARY, party_code
from bot.models import Membership
from bot.text import repair_mojibake

ELECTED_COLUMNS = {"ons_id", "constituency_name", "surname", "mnis_id", "candidate_type"}
DEFEATED_COLUMNS = {"ons_id", "constituency_name", "surname", "mnis_id", "defeated_mp"}
STATUS = {
    "new member": "new",
    "re-elected member": "re-elected",
    "historical member": "returning",
}
_YEAR_IN_NAME = re.compile(r"(?<!\d)(19[1-9]\d|20\d\d)(?!\d)")


def is_members_header(header: Iterable[str]) -> bool:
    names = set(header)
    return names >= ELECTED_COLUMNS or names >= DEFEATED_COLUMNS


def xlsx_rows(path: Path) -> Iterator[tuple[int, dict[str, object]]]:
    """Rows of the first sheet whose header (in its first 10 rows) is a members list."""
    import openpyxl  # optional: only needed for the xlsx release

    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        header: list[str] | None = None
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = ["" if v is None else v for v in values]
            if header is None:
                names = [str(c).strip() for c in cells]
                if is_members_header(names):
                    header = names
                elif number > 10:
                    return
                continue
            if not any(str(c).strip() for c in cells):
                continue
            yield number, dict(zip(header, cells, strict=False))
    finally:
        workbook.close()


def _election(path: Path, rows: list[tuple[int, dict[str, object]]]) -> str:
    """The year in the file's name, else 2024 when the seats are on the 2024 boundaries."""
    found = _YEAR_IN_NAME.findall(path.name)
    if found:
        return found[-1]
    codes = [str(row.get("ons_id") or "") for _, row in rows[:50]]
    return "2024" if codes and all(_NEW_BOUNDARY.match(c) for c in codes) else "2019"


def _text(row: dict[str, object], column: str) -> str:
    return repair_mojibake(str(row.get(column) or "").strip())


def read_members(path: Path, rows: list[tuple[int, dict[str, object]]]) -> Loaded:
    """Either list: every row becomes a Membership; a row that cannot is refused with its line."""
    file = str(path)
    election = _election(path, rows)
    defeated = bool(rows) and "defeated_mp" in rows[0][1]
    what = "MPs defeated" if defeated else "MPs elected"
    loaded = Loaded(kind=f"Commons Library list of {what} ({election})")
    problems: list[Problem] = []
    for line, row in rows:
        try:
            if defeated:
                status = "defeated"
            else:
                kind = _text(row, "candidate_type")
                status = STATUS.get(kind.lower())
                if status is None:
                    raise KnowledgeFileError(
                        [Problem(file, f"unknown candidate_type {kind!r}", line)]
                    )
            party_name = _text(row, "party_name")
            member = Membership(
                election=election,
                ons_id=_text(row, "ons_id"),
                constituency=_text(row, "constituency_name"),
                status=status,
                first_name=_text(row, "firstname"),
                surname=_text(row, "surname"),
                middle_names=_text(row, "middlenames"),
                title=_text(row, "title"),
                mnis_id=parse_int(row.get("mnis_id"), "mnis_id", file, line),
                party=party_code(_text(row, "party_abbreviation"), party_name),
                party_name=party_name or "Independent",
                gender=_text(row, "gender") or None,
                old_constituency=_text(row, "old_constituency") or None,
                result=_text(row, "result") or None,
                source=f"{path.name}:{line}",
            )
        except KnowledgeFileError as error:
            problems.extend(error.problems)
            continue
        except ValidationError as error:
            problems.extend(Problem(file, d["msg"], line) for d in error.errors())
            continue
        if not member.ons_id or not member.surname:
            problems.append(Problem(file, "a row has no ons_id or surname", line))
            continue
        loaded.members.append(member)
    if problems:
        raise KnowledgeFileError(problems[:20])
    return loaded
