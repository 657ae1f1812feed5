"""Human summaries of a knowledge base: what was loaded, and what changed between two."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.kb.knowledge import KnowledgeBase
from bot.kb.sources.base import Problem


def without_folders(problem: Problem) -> Problem:
    """The problem naming its file but not the host's folders (for Discord)."""
    return Problem(Path(problem.file).name, problem.message, problem.line)


SEE_ALL_WARNINGS = "`python -m bot kb check --all-warnings` lists them"


def warnings_count(warnings: Sequence[Problem]) -> str:
    """How many warnings, counted by file: '68 (67 in 1918-2019election_results.csv, 1 in README.md)'.

    The official files bring the same warnings on every load (67 about the 1918-2019 file's own
    arithmetic), so they are counted in one line instead of burying everything else.
    """
    by_file = Counter(Path(w.file).name for w in warnings).most_common()
    named = ", ".join(f"{count} in {name}" for name, count in by_file[:3])
    if len(by_file) > 3:
        named += f", {sum(count for _, count in by_file[3:])} in {len(by_file) - 3} more files"
    return f"{len(warnings)} ({named})"


def log_warnings(logger: logging.Logger, warnings: Sequence[Problem]) -> None:
    """One INFO line for a load's warnings; each of them at DEBUG (LOG_LEVEL=DEBUG)."""
    if not warnings:
        return
    logger.info(
        "knowledge base warnings: %s; %s, LOG_LEVEL=DEBUG logs each",
        warnings_count(warnings),
        SEE_ALL_WARNINGS,
    )
    for warning in warnings:
        logger.debug("knowledge base warning: %s", warning)


def describe(kb: KnowledgeBase, names_only: bool = False, all_warnings: bool = False) -> str:
    """What `kb check` prints; with names_only (for `/kb status`), no host folder is shown.
    Warnings are one line unless all_warnings (`kb check --all-warnings`) lists each."""
    name = (lambda path: Path(path).name) if names_only else _as_typed
    counts = kb.counts()
    report = kb.report
    elections = (
        ", ".join(f"{e.id} ({len(kb.contests[e.id])} contests)" for e in kb.real_elections())
        or "none"
    )
    lines = [
        f"Elections: {elections}",
        *(
            f"{name.capitalize()}: {value:,}"
            for name, value in counts.items()
            if name != "elections"
        ),
        f"Overridden by later sources: {report.overridden}",
        f"Built in {report.seconds:.2f} s from: {', '.join(map(name, report.sources))}",
        "Files:",
        *(f"  {kind}: {name(file)}" for file, kind in report.files if kind != "skipped"),
    ]
    if not report.warnings:
        lines.append("Warnings: none")
    elif all_warnings:
        lines.append(f"Warnings ({len(report.warnings)}):")
        shown = map(without_folders, report.warnings) if names_only else report.warnings
        lines.extend(f"  {w}" for w in shown)
    else:
        lines.append(f"Warnings: {warnings_count(report.warnings)}; {SEE_ALL_WARNINGS}")
    return "\n".join(lines)


@dataclass(frozen=True)
class Difference:
    """What a reload changed, by kind of record."""

    added: dict[str, int]
    removed: dict[str, int]
    changed: dict[str, int]

    def summary(self) -> str:
        parts = []
        for kind in ("elections", "contests", "people", "precedents"):
            numbers = [
                f"+{self.added.get(kind, 0)}" if self.added.get(kind) else "",
                f"-{self.removed.get(kind, 0)}" if self.removed.get(kind) else "",
                f"~{self.changed.get(kind, 0)}" if self.changed.get(kind) else "",
            ]
            shown = " ".join(n for n in numbers if n)
            parts.append(f"{kind} {shown or 'unchanged'}")
        return "; ".join(parts)

    @property
    def nothing(self) -> bool:
        return (
            not any(self.added.values())
            and not any(self.removed.values())
            and not any(self.changed.values())
        )


def difference(old: KnowledgeBase, new: KnowledgeBase) -> Difference:
    """Added, removed and changed elections, contests, people and precedents."""
    tables = {
        "elections": (
            {e.id: e for e in old.real_elections()},
            {e.id: e for e in new.real_elections()},
        ),
        "contests": (_contests(old), _contests(new)),
        "people": (old.people, new.people),
        "precedents": ({p.id: p for p in old.precedents}, {p.id: p for p in new.precedents}),
    }
    added, removed, changed = {}, {}, {}
    for kind, (before, after) in tables.items():
        added[kind] = len(after.keys() - before.keys())
        removed[kind] = len(before.keys() - after.keys())
        changed[kind] = sum(1 for k in before.keys() & after.keys() if before[k] != after[k])
    return Difference(added, removed, changed)


def _contests(kb: KnowledgeBase) -> dict:
    real = {e.id for e in kb.real_elections()}
    return {
        (election, key): contest.model_copy(update={"source": ""})
        for election, seats in kb.contests.items()
        if election in real
        for key, contest in seats.items()
    }


def _as_typed(path: str) -> str:
    """A path as someone in this folder would type it: relative when it is under it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
