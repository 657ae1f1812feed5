"""Recognise a knowledge file by its content and hand it to the right reader."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from bot.kb.sources import (
    byelections,
    historical,
    library,
    members,
    notional,
    parliament,
    times,
)
from bot.kb.sources.base import (
    ContestPart,
    KnowledgeFileError,
    Loaded,
    Problem,
    csv_rows,
)
from bot.kb.sources.curated import looks_curated, read_curated

__all__ = ["ContestPart", "KnowledgeFileError", "Loaded", "Problem", "read_file", "list_files"]

# Bounds that keep a reload quick whatever file is dropped in (the official files are under 2 MB).
MAX_YAML_BYTES = 1_000_000  # hand-written knowledge: a bigger file is a mistake or an attack
MAX_TABLE_BYTES = 30_000_000  # CSV and xlsx


def list_files(path: Path) -> list[Path]:
    """A file, or every file below a folder (sorted, hidden files left out)."""
    if path.is_file():
        return [path]
    return sorted(
        p
        for p in path.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
    )


def _text_header(path: Path) -> tuple[list[str], str] | None:
    """The first line of a text file as CSV cells, and the encoding that reads the whole file."""
    data = path.read_bytes()
    if b"\x00" in data[:65536]:
        return None
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        end = text.find("\n")  # not splitlines(): one call over a 30 MB file holds the GIL
        first = (text if end < 0 else text[:end]).rstrip("\r")
        cells = next(csv.reader(io.StringIO(first)), [])
        return [c.strip().strip('"').strip() for c in cells], encoding
    return None


def read_file(path: Path) -> Loaded:
    """Read one knowledge file; unrecognised files come back empty with a warning."""
    _check_size(path)
    if looks_curated(path):
        return read_curated(path)
    if path.suffix.lower() == ".xlsx":
        return _read_xlsx(path)
    sniffed = _text_header(path)
    if sniffed is None:
        return _skipped(path, "not a text file we know (skipped)")
    header, encoding = sniffed
    if byelections.is_candidate_header(header):  # before the Library's layouts it extends
        return byelections.read_candidates(path, list(csv_rows(path, encoding)))
    if byelections.is_constituency_header(header):
        return byelections.read_constituencies(path, list(csv_rows(path, encoding)))
    headerless = parliament.headerless_kind(header)
    if headerless:  # Parliament's 2010-2019 general-election files: the Library's layout, no header
        return _read_headerless(path, encoding, headerless)
    if library.is_candidate_header(header):
        return library.read_candidates(path, list(csv_rows(path, encoding)))
    if library.is_constituency_header(header):
        return library.read_constituencies(path, list(csv_rows(path, encoding)))
    if notional.is_notional_header(header):
        return notional.read_notional(path, list(csv_rows(path, encoding)))
    if historical.is_historical_header(header):
        return historical.read_historical(path, list(csv_rows(path, encoding)))
    if times.is_times_header(header):  # before the lists of MPs: the Library's has their columns
        return times.read_csv_times(path, encoding)
    if members.is_members_header(header):
        return members.read_members(path, list(csv_rows(path, encoding)))
    return _skipped(path, "not a knowledge file we recognise (skipped)")


def _read_headerless(path: Path, encoding: str, kind: str) -> Loaded:
    with path.open(encoding=encoding, newline="") as handle:
        first = [row for _, row in zip(range(5), csv.reader(handle), strict=False)]
    election = parliament.headerless_election(path, first)
    rows = parliament.headerless_rows(path, encoding, kind, election)
    if kind == "candidates":
        return library.read_candidates(path, rows, election)
    return library.read_constituencies(path, rows, election)


def _check_size(path: Path) -> None:
    limit = MAX_YAML_BYTES if looks_curated(path) else MAX_TABLE_BYTES
    size = path.stat().st_size
    if size > limit:
        raise KnowledgeFileError(
            [
                Problem(
                    str(path), f"too big to be knowledge: {size:,} bytes (the limit is {limit:,})"
                )
            ]
        )


def _read_xlsx(path: Path) -> Loaded:
    try:
        rows = list(library.xlsx_rows(path))
    except ImportError:
        return _skipped(
            path, "xlsx needs openpyxl: pip install 'returning-officer[xlsx]' (skipped)"
        )
    except Exception as error:  # a damaged workbook must not stop the load
        return _skipped(path, f"could not read the workbook ({error.__class__.__name__}; skipped)")
    header = set(rows[0][1]) if rows else set()
    if library.is_candidate_header(header):
        return library.read_candidates(path, rows)
    if library.is_constituency_header(header):
        return library.read_constituencies(path, rows)
    try:  # a list of declaration times; the lists of MPs: one sheet, header on its first row
        if (timed := times.read_xlsx_times(path)) is not None:
            return timed
        listed = list(members.xlsx_rows(path))
    except KnowledgeFileError:
        raise  # a time that cannot be read: refused with its line, as in a CSV
    except Exception as error:
        return _skipped(path, f"could not read the workbook ({error.__class__.__name__}; skipped)")
    if listed:
        return members.read_members(path, listed)
    return _skipped(path, "a workbook without a Commons Library results sheet (skipped)")


def _skipped(path: Path, why: str) -> Loaded:
    return Loaded(kind="skipped", warnings=[Problem(str(path), why)])
