"""What a results folder may hand the count: files inside it, readable, complete and possible.

Each changed file is screened on its own, so one bad file never blocks another:

- a path that is a symbolic link, or leads out of the folder, is refused without being opened;
- the file is copied (never following a link) into the count's own folder of accepted files, and
  only that copy is read, so what was checked is what is counted;
- a file that cannot be decoded, or is not a results file, is refused;
- a result for a seat not nominated for the election being counted, or with more votes than the
  seat's last known electorate (`PLAUSIBLE_ELECTORATE` when none is known), is refused;
- in the Library's layout a seat whose rows do not yet name every nominated candidate waits:
  its rows are left out of the accepted copy until they are all there.

Reports name files relative to the folder, never a host path.
"""

from __future__ import annotations

import csv
import difflib
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from bot.kb.build import KnowledgeBaseError, contest_from_part, is_nomination
from bot.kb.knowledge import KnowledgeBase
from bot.kb.sources import (
    MAX_TABLE_BYTES,
    ContestPart,
    KnowledgeFileError,
    Loaded,
    Problem,
    read_file,
)
from bot.models import Contest
from bot.text import fold, token_key

# Votes in one seat when no electorate is known for it: more than any UK electorate since 1950
# (the largest in 2019, the Isle of Wight, had 113,021 electors; since 2024 all but a few
# protected seats have 69,724-77,062), so only impossible figures are refused.
PLAUSIBLE_ELECTORATE = 150_000
IN_PROGRESS_SUFFIXES = (".tmp", ".part", ".partial", ".crdownload", ".swp", "~")
STAGING, PREVIOUS = ".staging", ".previous"  # inside the accepted folder; hidden from a build


def wanted(folder: Path, path: Path) -> bool:
    """A feed file: not hidden (a dot-file or inside a dot-folder), not a writer's temporary."""
    try:
        parts = path.relative_to(folder).parts
    except ValueError:
        parts = (path.name,)
    return not any(p.startswith(".") for p in parts) and not path.name.endswith(
        IN_PROGRESS_SUFFIXES
    )


def shown(folder: Path, path: Path) -> str:
    """A file as reports name it: relative to the folder, never a host path."""
    try:
        return path.relative_to(folder).as_posix()
    except ValueError:
        return path.name


def plain(problem: Problem, folder: Path | None = None) -> str:
    """A problem as a report says it: the file's name and line, its message without host paths."""
    name = Path(problem.file).name if problem.file else ""
    where = f"{name}:{problem.line}" if problem.line else name
    message = problem.message
    for root in {str(folder), str(folder.resolve())} if folder else ():
        message = message.replace(root + os.sep, "").replace(root, "")
    return f"{where}: {message}" if where else message


@dataclass(frozen=True)
class Counting:
    """What a feed's results are checked against: the election counted and its seats (plain
    data, so that screening can run in another process)."""

    election: str
    nominated: bool  # the knowledge names who stands: a seat outside `names` is refused
    names: dict[str, str]  # seat key -> name, nominated or declared
    candidates: dict[str, frozenset[str]]  # seat key -> folded names of who stands
    electorates: dict[str, int]  # seat key -> last known electorate
    by_name: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, kb: KnowledgeBase, election: str) -> Counting:
        nominated = kb.nominations.get(election, {})
        seats = {**nominated, **kb.contests.get(election, {})}
        electorates = {}
        for key in seats:
            known = _last_electorate(kb, election, key, seats[key])
            if known:
                electorates[key] = known
        return cls(
            election,
            bool(nominated),
            {k: c.name for k, c in seats.items()},
            {k: frozenset(fold(c.name) for c in seats[k].candidacies if c.name) for k in seats},
            electorates,
            {token_key(c.name): k for k, c in seats.items()},
        )

    def key(self, part: ContestPart) -> str | None:
        if part.ons_id and part.ons_id in self.names:
            return part.ons_id
        return self.by_name.get(token_key(part.name))


def _last_electorate(kb: KnowledgeBase, election: str, key: str, contest: Contest) -> int | None:
    """The seat's last known electorate: this election's, else its latest before."""
    if contest.electorate:
        return contest.electorate
    order = kb.election_order
    here = order.get(election, 0)
    earlier = [
        c
        for e, c in kb.seat_history(contest.name).items()
        if c.electorate and order.get(e, here) < here
    ]
    if not earlier:
        for e, seats in kb.contests.items():  # a notional contest, same code
            c = seats.get(key)
            if c is not None and c.electorate and order.get(e, here) <= here:
                earlier.append(c)
    return (
        max(earlier, key=lambda contest: order.get(contest.election, 0)).electorate
        if earlier
        else None
    )


@dataclass
class Screened:
    """One changed file's fate: accepted (its copy and what was read), deleted, or refused."""

    source: Path
    copy: Path
    loaded: Loaded | None = None  # None: the file is gone
    refused: str | None = None
    waiting: tuple[str, ...] = ()


def screen(folder: Path, accepted: Path, source: Path, counting: Counting | None) -> Screened:
    """Check one changed file of `folder`; an accepted one is copied into `accepted`."""
    name = shown(folder, source)
    copy = accepted / name
    result = Screened(source, copy)
    if not os.path.lexists(source):
        return result
    why = _leaves_folder(folder, source)
    if why:
        return _refuse(result, f"{name}: {why}; it was not opened")
    staging = accepted / STAGING / name
    staging.parent.mkdir(parents=True, exist_ok=True)
    try:
        _copy_without_following(source, staging)
        result.loaded = read_file(staging)
        if result.loaded.kind == "skipped":
            return _refuse(result, f"{name}: {_why_skipped(staging)}", staging)
        if counting is not None:
            result.waiting = _check(result.loaded, counting, name)
    except _TooBig as error:
        return _refuse(result, f"{name}: {error}", staging)
    except (KnowledgeFileError, KnowledgeBaseError) as error:
        listed = "; ".join(plain(p, accepted) for p in error.problems[:5])
        return _refuse(result, listed or f"{name}: refused", staging)
    except csv.Error as error:
        return _refuse(result, f"{name}: not readable as CSV ({error}); refused", staging)
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or type(error).__name__
        return _refuse(result, f"{name}: could not be read ({reason})", staging)
    if result.waiting:
        _drop_rows(staging, result.loaded, result.waiting)
    copy.parent.mkdir(parents=True, exist_ok=True)
    if copy.exists():  # the version being served, kept until the new one is counted
        previous = accepted / PREVIOUS / name
        previous.parent.mkdir(parents=True, exist_ok=True)
        os.replace(copy, previous)
    os.replace(staging, copy)
    return result


class _TooBig(Exception):
    pass


def _refuse(result: Screened, why: str, staging: Path | None = None) -> Screened:
    if staging is not None:
        staging.unlink(missing_ok=True)
    result.loaded, result.refused = None, why
    return result


def _leaves_folder(folder: Path, path: Path) -> str | None:
    """Why a path may not be opened: a link, or somewhere outside the folder (no file is opened)."""
    try:
        parts = path.relative_to(folder).parts
    except ValueError:
        return "is outside the results folder"
    step = folder
    for part in parts:
        step = step / part
        if step.is_symlink():
            return "is a symbolic link (results must be real files inside the folder)"
    if not path.resolve().is_relative_to(folder.resolve()):
        return "leads out of the results folder"
    if not path.is_file():
        return "is not a regular file"
    return None


def _copy_without_following(source: Path, target: Path) -> None:
    """Copy a file, refusing a link put in its place since it was checked."""
    handle = os.open(source, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(handle, "rb") as data:
        size = os.fstat(data.fileno()).st_size
        if size > MAX_TABLE_BYTES:
            raise _TooBig(
                f"too big to be a results file: {size:,} bytes (at most {MAX_TABLE_BYTES:,})"
            )
        with target.open("wb") as out:
            shutil.copyfileobj(data, out, 1 << 20)


def _why_skipped(path: Path) -> str:
    """Why a file is not a results file: undecodable text, or content we do not recognise."""
    if path.suffix.lower() in {".xlsx", ".yaml", ".yml"}:
        return "not a results file we recognise; refused"
    data = path.read_bytes()
    if b"\x00" in data[:65536]:
        return "cannot be decoded: not text (it holds NUL bytes); refused"
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            data.decode(encoding)
        except UnicodeDecodeError as error:
            bad = error
            continue
        return "not a results file we recognise (no Library header); refused"
    line = data[: bad.start].count(b"\n") + 1
    return (
        f"cannot be decoded: byte 0x{data[bad.start]:02x} on line {line} is neither UTF-8 nor "
        "Windows-1252 text; refused"
    )


def _check(loaded: Loaded, counting: Counting, name: str) -> tuple[str, ...]:
    """Refuse what cannot be true of the election counted; the seats still waiting for rows."""
    waiting = []
    library = loaded.kind.startswith("Commons Library results by candidate")
    for part in loaded.contests:
        if not part.candidacies or is_nomination(part):
            continue
        if part.election != counting.election:
            raise KnowledgeFileError(
                [
                    Problem(
                        name,
                        f"{part.name}: a result of the {part.election} election, but the "
                        f"{counting.election} election is being counted (a Library file names "
                        f"its election: HoC-GE{counting.election}-...)",
                    )
                ]
            )
        key = counting.key(part)
        if key is None and counting.nominated:
            raise KnowledgeFileError([Problem(name, _not_nominated(part, counting))])
        _check_votes(part, counting, key, name)
        if key is None:
            continue  # no nominations loaded: a seat cannot be checked against them
        if library:
            given = {fold(c.get("name") or "") for c in part.candidacies}
            if not counting.candidates[key] <= given:
                waiting.append(part.name)
                continue
        contest_from_part(part, lambda candidacy: "")  # a build's own checks, file by file
    return tuple(waiting)


def _not_nominated(part: ContestPart, counting: Counting) -> str:
    names = sorted(set(counting.names.values()))
    close = difflib.get_close_matches(part.name, names, n=3, cutoff=0.6)
    hint = f" (did you mean {' or '.join(close)}?)" if close else ""
    return f"{part.name} is not a seat nominated for the {counting.election} election{hint}"


def _check_votes(part: ContestPart, counting: Counting, key: str | None, name: str) -> None:
    known = part.electorate or (counting.electorates.get(key) if key else None)
    bound = known or PLAUSIBLE_ELECTORATE
    bound *= part.seats or 1
    what = (
        f"{part.name}'s last known electorate of {known:,}"
        if known
        else f"any UK constituency's electorate (no electorate is known for {part.name}; the "
        f"bound is {PLAUSIBLE_ELECTORATE:,})"
    )
    line = None
    for c in part.candidacies:
        if (c["votes"] or 0) > bound:
            line = c.get("_line")
            message = f"{c.get('name') or c['party']} has {c['votes']:,} votes, more than {what}"
            raise KnowledgeFileError([Problem(name, message, line)])
    total = sum(c["votes"] or 0 for c in part.candidacies)
    if total > bound:
        raise KnowledgeFileError(
            [Problem(name, f"{part.name}: {total:,} votes in all, more than {what}")]
        )


def _drop_rows(copy: Path, loaded: Loaded, waiting: tuple[str, ...]) -> None:
    """Leave the rows of seats still waiting out of the accepted copy (and of what was read)."""
    late = [p for p in loaded.contests if p.name in waiting]
    drop = {c["_line"] for p in late for c in p.candidacies}
    loaded.contests = [p for p in loaded.contests if p.name not in waiting]
    encoding = "utf-8-sig"
    try:
        copy.read_bytes().decode(encoding)
    except UnicodeDecodeError:
        encoding = "cp1252"
    kept = copy.with_name(copy.name + ".kept")
    with (
        copy.open(encoding=encoding, newline="") as handle,
        kept.open("w", encoding="utf-8", newline="") as out,
    ):
        reader, writer = csv.reader(handle), csv.writer(out)
        for row in reader:
            if reader.line_num not in drop:
                writer.writerow(row)
    os.replace(kept, copy)


def withdraw(accepted: Path, copy: Path) -> None:
    """A file taken out of the feed: its accepted copy goes too."""
    copy.unlink(missing_ok=True)
    (accepted / PREVIOUS / copy.relative_to(accepted)).unlink(missing_ok=True)


def restore(accepted: Path, copy: Path) -> bool:
    """Put back the copy served before this one (after a later check refused it); False if none."""
    previous = accepted / PREVIOUS / copy.relative_to(accepted)
    if previous.exists():
        os.replace(previous, copy)
        return True
    copy.unlink(missing_ok=True)
    return False
