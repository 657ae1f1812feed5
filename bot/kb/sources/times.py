"""Declaration times: when each seat of one election declared, attached to its contests.

Two kinds of file, recognised by their header and values, never by their name:

- the Commons Library's "Winning members" release (CBP-10009, `ons_id`, `time_recorded`): when
  the Library recorded each result, said as "recorded by the Commons Library";
- an operator's own list: a constituency name or GSS code and a time, in any column order
  (`Constituency`, `Declaration time`; `ons_id`, `time`; ...).

Times are a date and a time (`05/07/2024 07:10`, `2024-07-05 07:10`, month-first `7/5/24 7:10`
as a spreadsheet's export writes them) or a time alone (`23:30` is polling night, from 22:00 when
polls close; `07:10` or `17:10`, any earlier time, is the day after). Which election a file is
about comes from its dates, or, for times alone, from the election whose seats it names best.
Attached times replace any the results carry.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from bot.kb.sources.base import KnowledgeFileError, Loaded, Problem
from bot.models import DECLARED_AT, Contest, Election
from bot.text import fold, token_key

LIBRARY = "recorded by the Commons Library"
SOURCE_TAG = "; declaration time "  # appended to a contest's source, then what the times are
_GSS = re.compile(r"^[ENSWK]\d{8}$")
_CLOCK = re.compile(r"^(\d{1,2})[:.](\d{2})(?::\d{2})?$")
_SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})[ T]+(\d{1,2}):(\d{2})(?::\d{2})?$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[ T]+(\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$")
NAME_HEADERS = {"constituency", "constituency name", "seat", "seat name", "name"}
RESULT_HEADERS = {"votes", "valid votes", "electorate"}  # a results file, not a list of times
POLLS_CLOSE = dt.time(22)
DAYS_COUNTED = 4  # a date within this many days of polling day belongs to that election


@dataclass(frozen=True)
class TimeRow:
    line: int
    code: str | None
    name: str | None
    clock: dt.time
    dates: tuple[dt.date, ...]  # none: a time alone; two: day and month either way round


@dataclass
class TimesLoaded(Loaded):
    """A times file: no records of its own, times for the build to attach."""

    file: str = ""
    said: str = ""  # 'recorded by the Commons Library' | 'from declaration-times.csv'
    rows: list[TimeRow] = field(default_factory=list)
    layer: str = ""  # the --kb path it was loaded from (set by the build)


def _columns(header: Iterable[str]) -> tuple[int | None, int | None, int | None]:
    """Positions of the code, name and time columns."""
    code = name = time = None
    for position, cell in enumerate(header):
        folded = fold(str(cell))
        words = folded.split()
        if code is None and (
            folded in {"ons id", "ons id2", "ons code", "gss code", "gss", "code"}
            or re.fullmatch(r"pcon\d\dcd", folded)
            or folded == "constituency code"
        ):
            code = position
        elif name is None and folded in NAME_HEADERS:
            name = position
        elif time is None and ("time" in words or (words and words[0].startswith("declar"))):
            time = position
    return code, name, time


def is_times_header(header: Iterable[str]) -> bool:
    cells = list(header)
    if any(fold(str(c)) in RESULT_HEADERS for c in cells):
        return False
    code, name, time = _columns(cells)
    return time is not None and (code is not None or name is not None)


def read_csv_times(path: Path, encoding: str) -> TimesLoaded:
    with path.open(encoding=encoding, newline="") as handle:
        rows = list(enumerate(csv.reader(handle), start=1))
    return read_times(path, rows)


def read_xlsx_times(path: Path) -> TimesLoaded | None:
    """A workbook whose first sheet is a list of times (header in its first 10 rows), else None."""
    import openpyxl  # optional: only needed for workbooks

    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        rows = enumerate(workbook.worksheets[0].iter_rows(values_only=True), start=1)
        head = list(islice(rows, 10))
        for start, (_, values) in enumerate(head):
            if is_times_header("" if v is None else str(v) for v in values):
                return read_times(path, [*head[start:], *rows])
        return None
    finally:
        workbook.close()


def read_times(path: Path, rows: list[tuple[int, Iterable[object]]]) -> TimesLoaded:
    """Rows after (and including) the header; a row short of the header is fine if it has the
    cells a time needs (a spreadsheet's export drops trailing blanks). A time that cannot be read
    is refused with its line."""
    header = [str(c or "").strip() for c in rows[0][1]]
    code_at, name_at, time_at = _columns(header)
    folded = {fold(h) for h in header}
    library = {"ons id", "time recorded", "mnis id"} <= folded
    said = LIBRARY if library else f"from {path.name}"
    kind = "declaration times " + ("recorded by the Commons Library" if library else "(a list)")
    loaded = TimesLoaded(kind=kind, file=str(path), said=said)
    problems: list[Problem] = []
    parsed: list[tuple[int, str | None, str | None, object]] = []
    for line, values in rows[1:]:
        cells = _aligned(list(values), len(header), name_at)

        def cell(at: int | None, cells: list[object] = cells) -> object:
            return cells[at] if at is not None and at < len(cells) else None

        when = cell(time_at)
        code = str(cell(code_at) or "").strip() or None
        name = str(cell(name_at) or "").strip() or None
        if when in (None, "") or not (code or name):
            continue  # a blank line, or a seat with no time: counted as missing when attached
        if code and not _GSS.match(code):
            code, name = None, name or code  # a name in the code column
        parsed.append((line, code, name, when))
    day_first = _day_first(when for *_, when in parsed)
    for line, code, name, when in parsed:
        reading = _when(when, day_first)
        if reading is None:
            if len(problems) < 20:
                problems.append(
                    Problem(
                        str(path),
                        f"{name or code}: {str(when)!r} is not a time (HH:MM, or a date and time)",
                        line,
                    )
                )
            continue
        loaded.rows.append(TimeRow(line, code, name, *reading))
    if problems:
        raise KnowledgeFileError(problems)
    return loaded


def _aligned(cells: list[object], width: int, name_at: int | None) -> list[object]:
    """A row's cells under its header: trailing blanks past the header dropped, and a name
    written with unquoted commas ('Argyll, Bute & South Lochaber,06:43') put back together."""
    while len(cells) > width and str(cells[-1] or "").strip() == "":
        cells.pop()
    extra = len(cells) - width
    if extra > 0 and name_at is not None:
        name = ",".join(str(c or "") for c in cells[name_at : name_at + extra + 1])
        cells[name_at : name_at + extra + 1] = [name]
    return cells


def _day_first(values: Iterable[object]) -> bool | None:
    """Whether a file's d/m/y dates put the day first: True, False, or None (either reads)."""
    for value in values:
        found = _SLASHED.match(str(value).strip())
        if found:
            first, second = int(found.group(1)), int(found.group(2))
            if first > 12:
                return True
            if second > 12:
                return False
    return None


def _when(value: object, day_first: bool | None) -> tuple[dt.time, tuple[dt.date, ...]] | None:
    if isinstance(value, dt.datetime):
        return value.time().replace(second=0, microsecond=0), (value.date(),)
    if isinstance(value, dt.time):
        return value.replace(second=0, microsecond=0), ()
    text = str(value).strip()
    try:
        if found := _CLOCK.match(text):
            return dt.time(int(found.group(1)), int(found.group(2))), ()
        if found := _ISO.match(text):
            year, month, day, hour, minute = (int(n) for n in found.groups())
            return dt.time(hour, minute), (dt.date(year, month, day),)
        if found := _SLASHED.match(text):
            a, b, year, hour, minute = (int(n) for n in found.groups())
            year += 2000 if year < 100 else 0
            orders = {True: (b, a), False: (a, b)}  # (month, day)
            wanted = [day_first] if day_first is not None else [True, False]
            dates = []
            for order in wanted:
                month, day = orders[order]
                try:
                    dates.append(dt.date(year, month, day))
                except ValueError:
                    continue
            return (dt.time(hour, minute), tuple(dict.fromkeys(dates))) if dates else None
    except ValueError:
        return None
    return None


# Attaching ------------------------------------------------------------------------------------


def said_of(contest: Contest) -> str | None:
    """How a contest's attached time is said ('recorded by the Commons Library'), or None."""
    _, tag, said = contest.source.rpartition(SOURCE_TAG)
    return said if tag else None


def attach(
    tables: list[TimesLoaded],
    contests: dict[str, dict[str, Contest]],
    elections: Mapping[str, Election],
) -> tuple[list[Problem], dict[str, str]]:
    """Give each table's election its times. A later `--kb` path wins a seat; within one path
    the Commons Library's record wins over other lists (each still gives the seats it alone has).

    Returns the warnings (seats a file gives no time for, rows naming no seat) and, for the load
    report, each file's kind with what it covered.
    """
    layers = {table.layer: n for n, table in reversed(list(enumerate(tables)))}
    tables = sorted(tables, key=lambda table: (layers[table.layer], table.said == LIBRARY))
    warnings: list[Problem] = []
    kinds: dict[str, str] = {}
    gaps: list[tuple[TimesLoaded, str, list[str]]] = []
    for table in tables:
        election = _election_of(table, contests, elections)
        if election is None:
            warnings.append(
                Problem(table.file, "names no seat of any election loaded: no times attached")
            )
            continue
        seats = contests[election]
        timed, unknown = _match(table, seats, elections[election].date)
        for key, text in timed.items():
            contest = seats[key]
            source = contest.source.rpartition(SOURCE_TAG)[0] or contest.source
            seats[key] = contest.model_copy(
                update={"declared_at": text, "source": f"{source}{SOURCE_TAG}{table.said}"}
            )
        kinds[table.file] = f"{table.kind}, {len(timed)} of the {len(seats)} seats of {election}"
        gaps.append((table, election, sorted(seats.keys() - timed.keys())))
        if unknown:
            warnings.append(
                Problem(
                    table.file,
                    f"{len(unknown)} rows name no seat of {election} (first: "
                    f"{unknown[0].name or unknown[0].code}); their times are not used",
                    unknown[0].line,
                )
            )
    for table, election, missing in gaps:  # said once every file has given what it has
        if missing:
            warnings.append(_gap(table, election, missing, contests[election]))
    return warnings, kinds


def _match(
    table: TimesLoaded, seats: Mapping[str, Contest], polling_day: dt.date
) -> tuple[dict[str, str], list[TimeRow]]:
    """Seat key -> the Library's 'dd/mm/yyyy HH:MM', by GSS code, name, or a shortened name;
    and the rows that name no seat."""
    by_name = {token_key(c.name): key for key, c in seats.items()}
    found: list[tuple[str, TimeRow]] = []
    unknown: list[TimeRow] = []
    for row in table.rows:
        key = row.code if row.code in seats else by_name.get(token_key(row.name or ""))
        if key:
            found.append((key, row))
        else:
            unknown.append(row)
    shortened = _shortened(unknown, seats, {key for key, _ in found})
    found += shortened
    matched = {id(row) for _, row in shortened}
    timed = {
        key: dt.datetime.combine(_date_for(row, polling_day), row.clock).strftime(DECLARED_AT)
        for key, row in found
    }
    return timed, [row for row in unknown if id(row) not in matched]


def _gap(
    table: TimesLoaded, election: str, missing: list[str], seats: Mapping[str, Contest]
) -> Problem:
    names = sorted(seats[k].name for k in missing)
    shown = "; ".join(names[:5]) + ("; ..." if len(names) > 5 else "")
    untimed = sum(1 for k in missing if not seats[k].declared_at)
    if untimed == 0:
        then = "another file gives " + ("its time" if len(missing) == 1 else "their times")
    else:
        then = (
            f"{untimed} with no time from any file: a replay plays "
            f"{'it' if untimed == 1 else 'them'} after every seat with a time, and never calls a "
            "seat the last to declare"
        )
    return Problem(
        table.file,
        f"no declaration time for {len(missing)} of the {len(seats)} seats of {election} "
        f"({shown}); {then}",
    )


def _shortened(
    unknown: list[TimeRow], seats: Mapping[str, Contest], taken: set[str]
) -> list[tuple[str, TimeRow]]:
    """Rows naming a seat short ('Hull West & Haltemprice'): the one seat not otherwise timed
    whose name has every word of theirs."""
    words = {key: set(token_key(c.name).split()) for key, c in seats.items() if key not in taken}
    found = []
    for row in unknown:
        wanted = set(token_key(row.name or "").split())
        matches = [key for key, have in words.items() if wanted and wanted <= have]
        if len(matches) == 1:
            found.append((matches[0], row))
    return found


def _election_of(
    table: TimesLoaded,
    contests: Mapping[str, Mapping[str, Contest]],
    elections: Mapping[str, Election],
) -> str | None:
    """The election a table's dates fall in (within a few days of polling day), or, for times
    alone, the one whose seats it names most (the latest on a tie)."""
    candidates = [e for e in elections.values() if not e.notional and contests.get(e.id)]
    dated = [row for row in table.rows if row.dates]

    def score(election: Election) -> int:
        if dated:
            return sum(1 for row in dated if any(_near(d, election.date) for d in row.dates))
        seats = contests[election.id]
        names = {token_key(c.name) for c in seats.values()}
        return sum(
            1 for row in table.rows if row.code in seats or token_key(row.name or "") in names
        )

    scored = [(score(e), e.date, e.id) for e in candidates]
    best = max(scored, default=(0, None, None))
    return best[2] if best[0] else None


def _near(date: dt.date, polling_day: dt.date) -> bool:
    return 0 <= (date - polling_day).days <= DAYS_COUNTED


def _date_for(row: TimeRow, polling_day: dt.date) -> dt.date:
    """The row's date (of two readings, the one near polling day); a time alone is polling
    night from 22:00, when polls close, else the day after."""
    for date in row.dates:
        if _near(date, polling_day):
            return date
    if row.dates:
        return row.dates[0]
    return polling_day if row.clock >= POLLS_CLOSE else polling_day + dt.timedelta(days=1)
