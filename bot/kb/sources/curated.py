"""Our own curated knowledge in YAML: parties, people, precedents, annotations, aliases, elections."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, Field, ValidationError

from bot.kb.sources.base import ContestPart, KnowledgeFileError, Loaded, Problem
from bot.models import (
    Annotation,
    Election,
    ExitPoll,
    Office,
    Party,
    Person,
    Precedent,
    Record,
    SeatAlias,
)


class CuratedCandidate(Record):
    """A candidate in a contest written by hand (a moderator's correction)."""

    name: str
    party: str = Field(description="party code, name or alias; checked against the known parties")
    votes: int | None = Field(default=None, ge=0, description="leave out until the seat declares")
    sitting_mp: bool = False


class CuratedContest(Record):
    """A whole contest written by hand; replaces the same contest from earlier sources."""

    election: str
    constituency: str
    ons_id: str | None = None
    electorate: int | None = Field(default=None, ge=0)
    invalid_votes: int | None = Field(default=None, ge=0)
    declared_result: str | None = None
    declared_at: str | None = None
    override: bool = Field(
        default=False,
        description="replace the official result for this seat from the same folder (reported)",
    )
    new_seat: bool = Field(
        default=False,
        description="a seat the other sources for this election do not have (else refused)",
    )
    candidates: tuple[CuratedCandidate, ...] = Field(min_length=1)


SECTIONS: dict[str, type[BaseModel]] = {
    "elections": Election,
    "parties": Party,
    "people": Person,
    "precedents": Precedent,
    "offices": Office,
    "annotations": Annotation,
    "aliases": SeatAlias,
    "contests": CuratedContest,
    "exit_polls": ExitPoll,  # issue 21: parties resolved at build (bot.kb.exitpolls)
}
NICKNAMES = "nicknames"
# The field that must be unique within a section (checked across a folder at build time).
_KEYS = {
    "parties": "code",
    "people": "id",
    "precedents": "id",
    "elections": "id",
    "exit_polls": "election",
}
_LINES = "__lines__"


class _LineLoader(yaml.SafeLoader):
    """A safe loader that remembers the line of every mapping key."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    lines: dict[Any, int] = {"": node.start_mark.line + 1}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in lines:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"duplicate key '{key}' (first on line {lines[key]})",
                key_node.start_mark,
            )
        lines[key] = key_node.start_mark.line + 1
    mapping[_LINES] = lines
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)

MAX_ALIAS_EXPANSION = 10_000  # entries that YAML aliases may add to a document


def _expanded_size(node: yaml.Node, sizes: dict[int, int]) -> int:
    """Entries in the document once every alias is expanded (each node counted once per use)."""
    known = sizes.get(id(node))
    if known is not None:
        return known
    sizes[id(node)] = 1  # a node that refers to itself counts once
    if isinstance(node, yaml.SequenceNode):
        children = node.value
    elif isinstance(node, yaml.MappingNode):
        children = [child for pair in node.value for child in pair]
    else:
        children = []
    size = 1 + sum(_expanded_size(child, sizes) for child in children)
    sizes[id(node)] = size
    return size


def _load_yaml(file: str, data: bytes) -> Any:
    """Parse with line numbers, refusing duplicate keys and alias bombs before building anything."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise KnowledgeFileError(
            [Problem(file, f"not UTF-8 text: byte 0x{data[error.start]:02x} cannot be read", line)]
        ) from None
    loader = _LineLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        sizes: dict[int, int] = {}
        expanded = _expanded_size(node, sizes)
        if expanded - len(sizes) > MAX_ALIAS_EXPANSION:
            raise KnowledgeFileError(
                [
                    Problem(
                        file,
                        f"YAML aliases expand this file to {expanded:,} entries "
                        f"(at most {MAX_ALIAS_EXPANSION:,} may come from aliases)",
                        node.start_mark.line + 1,
                    )
                ]
            )
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        raise KnowledgeFileError(
            [Problem(file, f"invalid YAML: {error.problem}", mark.line + 1 if mark else None)]
        ) from None
    except yaml.YAMLError as error:
        raise KnowledgeFileError([Problem(file, f"invalid YAML: {error}")]) from None
    except RecursionError:
        raise KnowledgeFileError([Problem(file, "invalid YAML: nested too deeply")]) from None
    finally:
        loader.dispose()


def _strip_lines(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_lines(v) for k, v in value.items() if k != _LINES}
    if isinstance(value, list):
        return [_strip_lines(v) for v in value]
    return value


def looks_curated(path: Path) -> bool:
    return path.suffix.lower() in {".yaml", ".yml"}


def read_curated(path: Path) -> Loaded:
    """Validate every entry; any problem rejects the file, naming the line."""
    file = str(path)
    document = _load_yaml(file, path.read_bytes())
    loaded = Loaded(kind="curated knowledge")
    if document is None:
        loaded.warnings.append(Problem(file, "empty file, skipped"))
        return loaded
    if not isinstance(document, dict):
        raise KnowledgeFileError(
            [Problem(file, "expected sections such as 'parties:' at the top level", 1)]
        )
    lines = document.pop(_LINES, {})
    problems: list[Problem] = []
    for section, entries in document.items():
        line = lines.get(section)
        if section == NICKNAMES:
            problems.extend(_read_nicknames(file, entries, line, loaded))
            continue
        model = SECTIONS.get(section)
        if model is None:
            known = ", ".join([*SECTIONS, NICKNAMES])
            problems.append(Problem(file, f"unknown section '{section}' (known: {known})", line))
            continue
        if not isinstance(entries, list):
            problems.append(Problem(file, f"'{section}' should be a list of entries", line))
            continue
        target = getattr(loaded, section, None)
        for entry in entries:
            entry_lines = entry.get(_LINES, {}) if isinstance(entry, dict) else {}
            try:
                record = model.model_validate(_strip_lines(entry))
            except ValidationError as error:
                for detail in error.errors():
                    where = _line_of(entry, detail["loc"]) or line
                    field = _path(detail["loc"])
                    label = f"{section}: '{field}' " if field else f"{section}: "
                    problems.append(Problem(file, f"{label}{_plain(detail)}", where))
                continue
            entry_line = entry_lines.get("", line)
            key = _KEYS.get(section)
            if key is not None:
                loaded.keys.append((section, getattr(record, key), entry_line))
            if isinstance(record, CuratedContest):
                try:
                    loaded.contests.append(_contest_part(path, record, entry))
                except KnowledgeFileError as error:
                    problems.extend(error.problems)
                continue
            if isinstance(record, ExitPoll):  # its parties are checked once all are known
                loaded.exit_polls.append((record, file, entry_lines.get("seats", entry_line)))
                continue
            if model is not Election and hasattr(record, "source") and record.source is None:
                record = record.model_copy(update={"source": f"{path.name}:{entry_line}"})
            target.append(record)
    if problems:
        raise KnowledgeFileError(problems)
    return loaded


def _read_nicknames(file: str, entries: Any, line: int | None, loaded: Loaded) -> list[Problem]:
    if not isinstance(entries, list) or not all(
        isinstance(group, list) and all(isinstance(n, str) for n in group) for group in entries
    ):
        return [
            Problem(
                file, "'nicknames' should be a list of lists of names, e.g. [Liz, Elizabeth]", line
            )
        ]
    loaded.nicknames.extend(tuple(group) for group in entries)
    return []


def _line_of(entry: Any, loc: tuple[Any, ...]) -> int | None:
    """The line of the deepest part of an entry that an error's location reaches."""
    line = entry.get(_LINES, {}).get("") if isinstance(entry, dict) else None
    node = entry
    for step in loc:
        if isinstance(node, dict):
            line = node.get(_LINES, {}).get(step, line)
            node = node.get(step)
        elif isinstance(node, list) and isinstance(step, int) and step < len(node):
            node = node[step]
            if isinstance(node, dict):
                line = node.get(_LINES, {}).get("", line)
        else:
            break
    return line


def _path(loc: tuple[Any, ...]) -> str:
    text = ""
    for step in loc:
        text += f"[{step + 1}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text


def _plain(detail: dict[str, Any]) -> str:
    kind = detail.get("type", "")
    if kind == "extra_forbidden":
        return "is not a known field (a typo?)"
    if kind == "missing":
        return "is required"
    return str(detail.get("msg", "is invalid"))


def _contest_part(path: Path, contest: CuratedContest, raw: dict[str, Any]) -> ContestPart:
    """A contest's result, or (every candidate's votes left out) who is standing in it."""
    raw_candidates = raw.get("candidates") or []
    blank = [c for c in contest.candidates if c.votes is None]
    standing = len(blank) == len(contest.candidates)
    if blank and not standing:
        raise KnowledgeFileError(
            [
                Problem(
                    str(path),
                    f"{contest.constituency} ({contest.election}): votes are missing for "
                    f"{blank[0].name} but given for others (give every candidate's votes once the "
                    "seat declares, and none before)",
                    raw.get(_LINES, {}).get(""),
                )
            ]
        )
    candidacies = []
    for candidate, raw_candidate in zip(contest.candidates, raw_candidates, strict=False):
        line = (
            raw_candidate.get(_LINES, {}).get("party") if isinstance(raw_candidate, dict) else None
        )
        candidacies.append(
            {
                "name": candidate.name,
                "party": candidate.party,
                "party_name": candidate.party,
                "votes": candidate.votes,
                "sitting_mp": candidate.sitting_mp,
                "_line": line,
                "_resolve_party": True,
            }
        )
    return ContestPart(
        election=contest.election,
        name=contest.constituency,
        ons_id=contest.ons_id,
        electorate=contest.electorate,
        invalid_votes=contest.invalid_votes,
        valid_votes=None if standing else sum(c.votes for c in contest.candidates),
        declared_result=contest.declared_result,
        declared_at=contest.declared_at,
        candidacies=candidacies,
        party_level=False,
        override=contest.override,
        new_seat=contest.new_seat,
        source=f"{path.name}:{raw.get(_LINES, {}).get('', '')}",
    )
