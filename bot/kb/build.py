"""Sources -> KnowledgeBase: layering, identity linking, validation, computed facts."""

from __future__ import annotations

import datetime as dt
import difflib
import gc
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from bot.kb import byelections, exitpolls, spellings
from bot.kb.calendar import election_for
from bot.kb.declare import declared_order
from bot.kb.knowledge import KnowledgeBase, LoadReport, Progress, national_facts
from bot.kb.measure import baseline_for, measure, measured, party_maps, seats_by_line
from bot.kb.sources import ContestPart, KnowledgeFileError, Loaded, Problem, list_files, read_file
from bot.kb.sources import times as declaration_times
from bot.kb.sources.base import problem_at
from bot.models import (
    Annotation,
    Candidacy,
    Contest,
    Election,
    ExitPoll,
    Membership,
    Office,
    Party,
    Person,
    Precedent,
)
from bot.text import fold, slug, token_key


def _shipped_knowledge() -> Path:
    """knowledge/ beside the package (a checkout), else in the working folder (the Docker image)."""
    beside = Path(__file__).resolve().parents[2] / "knowledge"
    return beside if beside.is_dir() else Path.cwd() / "knowledge"


SHIPPED_KNOWLEDGE = _shipped_knowledge()


class KnowledgeBaseError(Exception):
    """The sources could not be built into a knowledge base; every problem is listed."""

    def __init__(self, problems: list[Problem], warnings: list[Problem] | None = None):
        self.problems = problems
        self.warnings = warnings or []
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class _Gathered:
    """Everything read from all sources, before it is validated and linked."""

    contests: dict[tuple[str, str], ContestPart] = field(default_factory=dict)
    keys_by_name: dict[tuple[str, str], str] = field(default_factory=dict)
    overridden: int = 0
    kept_detail: int = 0
    parties: dict[str, Party] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    precedents: dict[str, Precedent] = field(default_factory=dict)
    offices: dict[str, Office] = field(default_factory=dict)
    members: dict[tuple[str, str, str, str], Membership] = field(default_factory=dict)
    annotations: list[Annotation] = field(default_factory=list)
    aliases: dict[str, str] = field(default_factory=dict)
    elections: dict[str, Election] = field(default_factory=dict)
    nicknames: list[tuple[str, ...]] = field(default_factory=list)
    exit_polls: dict[str, tuple[ExitPoll, str, int | None]] = field(default_factory=dict)
    files: list[tuple[str, str]] = field(default_factory=list)
    linked_people: dict[str, Person] = field(default_factory=dict)
    nominations: dict[str, dict[str, Contest]] = field(default_factory=dict)
    repeated: Counter = field(default_factory=Counter)  # (kept file, repeating file) -> seats
    by_elections: dict[tuple[str, str], Contest] = field(default_factory=dict)
    times: list[declaration_times.TimesLoaded] = field(default_factory=list)
    spellings: dict = field(default_factory=dict)  # bot.kb.spellings: folded name -> best
    warnings: list[Problem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def build(paths: list[Path] | None = None) -> KnowledgeBase:
    """Build a knowledge base from files and folders, later ones overriding earlier ones."""
    started = time.perf_counter()
    paths = [Path(p) for p in (paths or [SHIPPED_KNOWLEDGE])]
    collecting = gc.isenabled()
    gc.disable()  # a bulk load makes millions of objects that all live: skip the collector's passes
    try:
        return _build(paths, started)
    finally:
        if collecting:
            gc.enable()


def _build(paths: list[Path], started: float) -> KnowledgeBase:
    gathered = _Gathered()
    for path in paths:
        _read_layer(path, gathered)
    spellings.apply(gathered.contests.values(), gathered.spellings)
    by_parts = byelections.take_parts(gathered.contests)  # no general election's seats
    _check_hand_written_seats(gathered)
    contests = _make_contests(gathered)
    _make_by_elections(gathered, by_parts)
    if gathered.problems:
        raise KnowledgeBaseError(gathered.problems, gathered.warnings)
    elections = _elections(gathered, contests)
    if gathered.problems:
        raise KnowledgeBaseError(gathered.problems, gathered.warnings)
    if gathered.times:  # declaration times files: onto their election's contests
        warnings, kinds = declaration_times.attach(gathered.times, contests, elections)
        gathered.warnings.extend(warnings)
        gathered.files = [(file, kinds.get(file, kind)) for file, kind in gathered.files]
    return _assemble(gathered, contests, elections, paths, started)


def _read_layer(path: Path, gathered: _Gathered) -> None:
    """One --kb path: files within it must agree; together they override earlier layers."""
    if not path.exists():
        gathered.problems.append(Problem(str(path), "no such file or folder"))
        return
    parts: list[ContestPart] = []
    keys: dict[tuple[str, str], Problem] = {}
    for file in list_files(path):
        try:
            loaded = read_file(file)
        except KnowledgeFileError as error:
            gathered.problems.extend(error.problems)
            continue
        except (OSError, UnicodeDecodeError) as error:
            reason = getattr(error, "strerror", None) or error  # without the host's folders
            gathered.problems.append(Problem(str(file), f"could not read: {reason}"))
            continue
        gathered.files.append((str(file), loaded.kind))
        gathered.warnings.extend(loaded.warnings)
        _check_unique_keys(str(file), loaded, keys, gathered)
        _take_curated(loaded, gathered)
        if isinstance(loaded, declaration_times.TimesLoaded):
            loaded.layer = str(path)
            gathered.times.append(loaded)
        parts.extend(loaded.contests)
        spellings.note(loaded.contests, gathered.spellings)
    for part in parts:  # codes first, so a contest given by name meets the coded one
        if part.ons_id:
            gathered.keys_by_name.setdefault((part.election, token_key(part.name)), part.ons_id)
    layer: dict[tuple[str, str], ContestPart] = {}
    # overrides apply to the merged result
    for part in sorted(parts, key=lambda part: part.override):
        key = _contest_key(part, gathered)
        layer[key] = _merge_in_folder(layer[key], part, gathered) if key in layer else part
    for (kept, repeating), seats in gathered.repeated.items():
        gathered.warnings.append(
            Problem(
                repeating,
                f"repeats the results of {Path(kept).name} for {seats} seats (the same votes): "
                "read once",
            )
        )
    gathered.repeated.clear()
    for key, part in layer.items():
        existing = gathered.contests.get(key)
        if existing is None:
            gathered.contests[key] = part
        elif is_nomination(part) and existing.candidacies and not is_nomination(existing):
            gathered.warnings.append(
                problem_at(
                    part.source,
                    f"{part.name} ({part.election}): who is standing is ignored, the seat's "
                    f"result is already loaded (from {existing.source})",
                )
            )  # who stood, given after the result: the result stands
        elif part.party_level and existing.candidacies and existing.party_level is False:
            gathered.kept_detail += 1  # votes by party never replace named candidates
        else:
            gathered.overridden += 1
            existing.absorb(part)


WHOLE_ELECTION = 500  # seats of a whole election: 600 or more at every one since 1918


def _check_hand_written_seats(gathered: _Gathered) -> None:
    """A hand-written contest must be for a seat the other sources know at that election, or at
    its baseline or the election before (when one of them is loaded whole), unless it says
    `new_seat: true`: a slip ('Hendn') must not make a 651st seat."""
    known: dict[str, dict[str, str]] = defaultdict(dict)  # election -> seat key -> name
    written = []
    for (election, key), part in gathered.contests.items():
        if Path(part.source.rpartition(":")[0]).suffix.lower() in {".yaml", ".yml"}:
            written.append((election, key, part))  # only from our YAML: nothing else merged in
        else:
            known[election][key] = known[election].get(key) or part.name
            known[election].setdefault(token_key(part.name), part.name)
    for election, key, part in written:
        if part.new_seat:
            continue
        seats = _seats_around(election, known, gathered)
        if not seats or key in seats or token_key(part.name) in seats:
            continue
        close = difflib.get_close_matches(part.name, sorted(set(seats.values())), n=3, cutoff=0.6)
        hint = f"; did you mean {' or '.join(close)}?" if close else ""
        gathered.problems.append(
            problem_at(
                part.source,
                f"{part.name} ({election}) is not a seat known at the {election} election or the "
                f"one before{hint} (a contest for a seat of its own says 'new_seat: true')",
            )
        )


def _seats_around(
    election: str, known: dict[str, dict[str, str]], gathered: _Gathered
) -> dict[str, str]:
    """Seats other sources give at this election, its baseline and the election before it."""
    this = gathered.elections.get(election) or election_for(election)
    if this is None:
        return {}
    before = [
        e
        for e in (gathered.elections.get(i) or election_for(i) for i in known)
        if e is not None and not e.notional and e.date < this.date
    ]
    around = [election, this.baseline or ""]
    if before:
        around.append(max(before, key=lambda election: election.date).id)
    if not any(len(set(known.get(name, {}).values())) >= WHOLE_ELECTION for name in around):
        return {}  # a sample of seats (the shipped one): too few to call a name unknown
    seats: dict[str, str] = {}
    for name in around:
        seats |= known.get(name, {})
    return seats


def _check_unique_keys(
    file: str, loaded: Loaded, seen: dict[tuple[str, str], Problem], gathered: _Gathered
) -> None:
    """Two parties with one code, or two people with one id, in one folder: refuse both."""
    for section, key, line in loaded.keys:
        here = Problem(file, "", line)
        first = seen.setdefault((section, key), here)
        if first is not here:
            name = Path(first.file).name  # a file name: the message may reach Discord
            where = f"{name}:{first.line}" if first.line else name
            gathered.problems.append(
                Problem(file, f"{section}: '{key}' is already defined at {where}", line)
            )


def _merge_in_folder(existing: ContestPart, part: ContestPart, gathered: _Gathered) -> ContestPart:
    """Two files of one folder about one contest: complementary parts merge; two results do not."""
    if not (existing.candidacies and part.candidacies):
        existing.absorb(part)  # candidates from one file, electorate and totals from another
        return existing
    if is_nomination(existing) != is_nomination(part):
        return existing if is_nomination(part) else part  # the result, not who stood
    if existing.party_level != part.party_level:
        gathered.kept_detail += 1  # votes by party never replace named candidates
        return part if existing.party_level else existing
    if not part.override and _same_votes(existing, part):
        # One result published twice (the Library's CSV, its workbook, Parliament's copy):
        # the first read is kept.
        first = existing.source.split(";")[0].rsplit(":", 1)[0]
        gathered.repeated[(first, part.source.rsplit(":", 1)[0])] += 1
        return existing
    if part.override and not existing.override:
        gathered.overridden += 1
        gathered.warnings.append(
            problem_at(
                part.source,
                f"{part.name} ({part.election}) replaces the result from {existing.source} "
                "(override: true)",
            )
        )
        existing.absorb(part)
        existing.override = True  # a second hand-written result for the seat is an error
        return existing
    gathered.problems.append(
        problem_at(
            part.source,
            f"{part.name} ({part.election}) already has a result from {existing.source} in the "
            "same folder: keep one, move the correction to a later --kb path, "
            "or mark the hand-written contest 'override: true'",
        )
    )
    return existing


def _same_votes(a: ContestPart, b: ContestPart) -> bool:
    """Two results with the same candidates' votes (names aside)."""
    votes_a = sorted(c["votes"] or 0 for c in a.candidacies or [])
    votes_b = sorted(c["votes"] or 0 for c in b.candidacies or [])
    return votes_a == votes_b


def is_nomination(part: ContestPart) -> bool:
    """A part naming who stands and no votes: a nomination, before the seat declares."""
    return bool(part.candidacies) and all(c["votes"] is None for c in part.candidacies)


def _contest_key(part: ContestPart, gathered: _Gathered) -> tuple[str, str]:
    """One key per election and seat: the ONS code, or the name where no code is given."""
    by_name = (part.election, token_key(part.name))
    if part.ons_id:
        gathered.keys_by_name.setdefault(by_name, part.ons_id)
        return part.election, part.ons_id
    return part.election, gathered.keys_by_name.get(by_name, by_name[1])


def _take_curated(loaded: Loaded, gathered: _Gathered) -> None:
    for party in loaded.parties:
        gathered.parties[party.code] = party
    for person in loaded.people:
        gathered.people[person.id] = person  # a later folder's entry replaces an earlier one
    for precedent in loaded.precedents:
        gathered.precedents[precedent.id] = precedent
    for office in loaded.offices:
        gathered.offices[office.title] = office
    for member in loaded.members:  # a later list's line for the same MP and seat replaces it
        kind = "defeated" if member.status == "defeated" else "elected"
        key = (member.election, kind, member.ons_id, str(member.mnis_id or member.surname))
        gathered.members[key] = member
    gathered.annotations.extend(loaded.annotations)
    for alias in loaded.aliases:
        gathered.aliases[alias.alias] = alias.constituency
    for election in loaded.elections:
        known = gathered.elections.get(election.id)
        if not (known and known.writ_date and not election.writ_date):  # a by-election's writ
            gathered.elections[election.id] = election
    gathered.nicknames.extend(loaded.nicknames)
    for poll, file, line in loaded.exit_polls:  # a later layer's poll replaces an earlier one
        gathered.exit_polls[poll.election] = (poll, file, line)


# Parties ------------------------------------------------------------------------------------


def _party_lookup(gathered: _Gathered, seen: dict[str, Counter]) -> dict[str, str]:
    """Folded code, name, alias or nickname -> party code."""
    lookup: dict[str, str] = {}
    for code in seen:
        lookup.setdefault(fold(code), code)
    for code, names in seen.items():
        for name in names:
            lookup.setdefault(fold(name), code)
    for party in gathered.parties.values():
        for name in party.names:
            lookup[fold(name)] = party.code
    for code in [*seen, *gathered.parties]:
        lookup[fold(code)] = code  # a code always means its own party
    return lookup


def _complete_parties(gathered: _Gathered, seen: dict[str, Counter]) -> dict[str, Party]:
    """Curated parties, plus every party the results name, called by its commonest name."""
    parties = dict(gathered.parties)
    for code, names in seen.items():
        if code not in parties:
            parties[code] = Party(code=code, name=names.most_common(1)[0][0], abbreviation=code)
    return parties


# Contests and people ------------------------------------------------------------------------


class _Links:
    """Union-find over candidacies and their MNIS / Democracy Club identifiers."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, node: str) -> str:
        self.parent.setdefault(node, node)
        while self.parent[node] != node:
            self.parent[node] = self.parent[self.parent[node]]
            node = self.parent[node]
        return node

    def union(self, a: str, b: str) -> None:
        self.parent[self.find(a)] = self.find(b)


def _make_contests(gathered: _Gathered) -> dict[str, dict[str, Contest]]:
    seen: dict[str, Counter] = defaultdict(Counter)
    for part in gathered.contests.values():
        if part.candidacies and not part.election.endswith("-notional") and not part.party_level:
            for c in part.candidacies:  # the party names the results print, for each code
                if not c.get("_resolve_party"):
                    seen[c["party"]][c["party_name"]] += 1
    lookup = _party_lookup(gathered, seen)

    # Party codes: notional columns and hand-written contests name parties loosely.
    for part in gathered.contests.values():
        for c in part.candidacies or []:
            if c.get("_resolve_party"):
                code = lookup.get(fold(c["party"]))
                if code is None:
                    gathered.problems.append(
                        Problem(
                            part.source.split(":")[0],
                            f"unknown party '{c['party']}'",
                            c.get("_line"),
                        )
                    )
                    continue
                c["party"] = code
                c["party_name"] = gathered.parties[code].name if code in gathered.parties else code
            elif part.election.endswith("-notional"):
                c["party"] = lookup.get(fold(c["party"]), c["party"])
    gathered.parties = _complete_parties(gathered, seen)
    for part in gathered.contests.values():
        if part.party_level or part.election.endswith("-notional"):
            for c in part.candidacies or []:  # votes by party: show the party's own name
                party = gathered.parties.get(c["party"])
                c["party_name"] = party.label if party else c["party"]

    person_of, gathered.linked_people = _link_people(gathered)
    contests: dict[str, dict[str, Contest]] = defaultdict(dict)
    for (election, key), part in gathered.contests.items():
        candidacies = part.candidacies or []
        if not candidacies:
            gathered.problems.append(
                problem_at(part.source, f"{part.name} ({election}): no candidates")
            )
            continue
        nominated = is_nomination(part)
        try:
            contest, warnings = contest_from_part(
                part, lambda candidacy: person_of.get(id(candidacy), "")
            )
        except KnowledgeBaseError as error:
            gathered.problems.extend(error.problems)
            continue
        gathered.warnings.extend(warnings)
        if nominated:
            gathered.nominations.setdefault(election, {})[key] = contest
            continue
        contests[election][key] = contest
    return contests


def _make_by_elections(gathered: _Gathered, parts: dict[tuple[str, str], ContestPart]) -> None:
    """By-elections, apart from the general elections: a candidate is linked to a person from
    the general elections' results by MNIS or Democracy Club id only; a winner (or an MP) the
    general elections do not name gets a record of their own."""
    known = byelections.person_ids(gathered.linked_people)
    for key, part in parts.items():
        candidacies = part.candidacies or []
        if not candidacies:
            gathered.problems.append(problem_at(part.source, f"{part.name}: no candidates"))
            continue
        for c in candidacies:
            code = c["party"]
            if code not in gathered.parties:
                gathered.parties[code] = Party(code=code, name=c["party_name"], abbreviation=code)
        winner = max(candidacies, key=lambda c: c.get("votes") or 0)
        try:
            contest, warnings = contest_from_part(
                part,
                lambda candidacy, part=part, winner=winner: _by_election_person(
                    candidacy, part, candidacy is winner, known, gathered.linked_people
                ),
            )
        except KnowledgeBaseError as error:
            gathered.problems.extend(error.problems)
            continue
        gathered.warnings.extend(warnings)
        if warnings:  # the Library's two files disagree: said with the result, not only at load
            said = (
                f"The Library's files disagree here: the candidates' votes add to "
                f"{contest.valid_votes:,}, the constituency file gives {part.valid_votes:,} valid "
                "votes. Figures here are from the candidates' votes."
            )
            gathered.annotations.append(
                Annotation(election=key[0], constituency=part.name, notes=(said,))
            )
        gathered.by_elections[key] = contest


def _by_election_person(
    candidacy: dict[str, Any],
    part: ContestPart,
    won: bool,
    known: dict[str, str],
    people: dict[str, Person],
) -> str:
    """The person a by-election candidate is: the one the general elections' results link by
    MNIS or Democracy Club id, else (for a winner, or anyone the files give an MP's MNIS id) a
    record of their own, so every MP can be asked about; else nobody."""
    keys = [
        f"{kind}:{candidacy[field]}"
        for kind, field in (("mnis", "mnis_id"), ("dc", "dc_id"))
        if candidacy.get(field)
    ]
    linked = next((known[key] for key in keys if key in known), None)
    if linked or not (won or candidacy.get("mnis_id")) or not candidacy.get("name"):
        return linked or ""
    person_id = (
        keys[0] if keys else f"cand:{slug(candidacy['name'])}:{slug(part.name)}:{part.election}"
    )
    people[person_id] = Person(
        id=person_id,
        name=candidacy["name"],
        mnis_id=candidacy.get("mnis_id") or None,
        dc_id=candidacy.get("dc_id") or None,
    )
    for key in keys:
        known[key] = person_id  # the same person at a later by-election
    return person_id


def contest_from_part(
    part: ContestPart, person_id: Callable[[dict[str, Any]], str]
) -> tuple[Contest, list[Problem]]:
    """One contest from its merged parts, validated: its warnings, or KnowledgeBaseError.

    A part that names who stands and gives no votes becomes a nomination (every vote 0).
    """
    election, candidacies = part.election, part.candidacies or []
    nominated = is_nomination(part)
    try:
        # One validation call per contest: pydantic checks the nested candidacies in Rust.
        contest = Contest.model_validate(
            {
                "election": election,
                "name": part.name,
                "ons_id": part.ons_id,
                "region": part.region,
                "country": part.country,
                "electorate": part.electorate,
                "valid_votes": 0 if nominated else _valid_votes(part),
                "invalid_votes": None if nominated else part.invalid_votes,
                "candidacies": [
                    {k: v for k, v in c.items() if not k.startswith("_")}
                    | {"person_id": person_id(c), "votes": c["votes"] or 0}
                    for c in candidacies
                ],
                "declared_result": None if nominated else part.declared_result,
                "declared_at": None if nominated else part.declared_at,
                "seats": part.seats or 1,
                "unopposed": bool(part.unopposed),
                "party_level": bool(part.party_level),
                "boundaries": part.boundaries,
                "source": part.source,
            }
        )
    except ValidationError as error:
        raise KnowledgeBaseError(
            [
                problem_at(part.source, f"{part.name} ({election}): {detail['msg']}")
                for detail in error.errors()
            ]
        ) from None
    impossible = impossible_votes(contest)
    if impossible:
        row = _row_of_excess(candidacies, contest)
        raise KnowledgeBaseError(
            [problem_at(row or part.source, f"{part.name} ({election}): {impossible}")]
        )
    warnings = []
    if (
        not nominated
        and not part.party_level
        and part.valid_votes is not None
        and part.valid_votes != contest.valid_votes
    ):
        warnings.append(
            Problem(
                part.source,
                f"{part.name} ({election}): candidates' votes add to {contest.valid_votes:,} "
                f"but the constituency file gives {part.valid_votes:,} valid votes",
            )
        )
    return contest, warnings


def _valid_votes(part: ContestPart) -> int:
    """The candidates' votes; for votes by party group, the file's own total where it is more
    (the party columns of the 1918-2019 file miss some candidates' votes in a few seats)."""
    counted = sum(c["votes"] for c in part.candidacies or [])
    if part.party_level and part.valid_votes and part.valid_votes > counted:
        return part.valid_votes
    return counted


def _row_of_excess(candidacies: list[dict[str, Any]], contest: Contest) -> str | None:
    """'file.csv:line' of a candidate row with more votes than the electorate, where known."""
    most = (contest.electorate or 0) * contest.seats
    for c in candidacies:
        if c["votes"] > most and c.get("_file") and c.get("_line"):
            return f"{c['_file']}:{c['_line']}"
    return None


def impossible_votes(contest: Contest) -> str | None:
    """Why a contest's votes cannot be true (more votes than voters), or None.

    In old multi-member seats each voter had one vote per seat, so the bounds scale with seats.
    """
    if contest.electorate is None:
        return None
    if contest.electorate == 0:
        return "votes were cast but the electorate is 0" if contest.valid_votes else None
    most = contest.electorate * contest.seats
    for candidacy in contest.candidacies:
        if candidacy.votes > most:
            who = candidacy.name or candidacy.party_name
            return f"{who} has {candidacy.votes:,} votes, more than the electorate of {contest.electorate:,}"
    if contest.valid_votes > most:
        return (
            f"{contest.valid_votes:,} valid votes, more than the electorate of "
            f"{contest.electorate:,} (a turnout over 100%)"
        )
    if contest.valid_votes + (contest.invalid_votes or 0) > most:
        return (
            f"{contest.valid_votes:,} valid and {contest.invalid_votes:,} invalid votes, more than "
            f"the electorate of {contest.electorate:,}"
        )
    return None


def _link_people(gathered: _Gathered) -> tuple[dict[int, str], dict[str, Person]]:
    """Give every real candidacy a person id; the same MNIS or DC id is the same person."""
    links = _Links()
    candidacies: list[tuple[dict[str, Any], ContestPart]] = []
    for part in gathered.contests.values():
        if part.election.endswith("-notional"):
            continue
        for c in part.candidacies or []:
            if not c.get("name"):
                continue  # votes by party: nobody to link
            node = f"c{id(c)}"
            links.find(node)
            if c.get("mnis_id"):
                links.union(node, f"mnis:{c['mnis_id']}")
            if c.get("dc_id"):
                links.union(node, f"dc:{c['dc_id']}")
            candidacies.append((c, part))
    _link_by_seat(candidacies, links)
    groups: dict[str, list[tuple[dict[str, Any], ContestPart]]] = defaultdict(list)
    for c, part in candidacies:
        groups[links.find(f"c{id(c)}")].append((c, part))

    curated_by_id: dict[str, Person] = {}
    for person in gathered.people.values():
        for key in (
            f"mnis:{person.mnis_id}" if person.mnis_id else "",
            f"dc:{person.dc_id}" if person.dc_id else "",
        ):
            if key:
                curated_by_id[key] = person

    person_of: dict[int, str] = {}
    people: dict[str, Person] = {}
    merged: set[str] = set()
    for members in groups.values():
        members.sort(key=lambda member: member[1].election)
        mnis = sorted({c["mnis_id"] for c, _ in members if c.get("mnis_id")})
        dcs = sorted({c["dc_id"] for c, _ in members if c.get("dc_id")})
        latest, latest_part = members[-1]
        if mnis:
            person_id = f"mnis:{mnis[0]}"
        elif dcs:
            person_id = f"dc:{dcs[0]}"
        else:
            person_id = (
                f"cand:{slug(latest['name'])}:{slug(latest_part.name)}:{latest_part.election}"
            )
        curated = next(
            (
                curated_by_id[k]
                for k in [*(f"mnis:{m}" for m in mnis), *(f"dc:{d}" for d in dcs)]
                if k in curated_by_id
            ),
            None,
        )
        names = list(dict.fromkeys(c["name"] for c, _ in reversed(members)))
        person = Person(
            id=person_id,
            name=latest["name"],
            other_names=tuple(names[1:]),
            mnis_id=mnis[0] if mnis else None,
            dc_id=dcs[0] if dcs else None,
        )
        if curated is not None:
            person = _with_curated(person, curated)
            merged.add(curated.id)
        people[person.id] = person
        for c, _ in members:
            person_of[id(c)] = person.id

    by_name: dict[str, list[str]] = defaultdict(list)
    for person in people.values():
        by_name[fold(person.name)].append(person.id)
    for curated in gathered.people.values():
        if curated.id in merged:
            continue
        matches = by_name.get(fold(curated.name), [])
        if len(matches) == 1 and not (curated.mnis_id or curated.dc_id):
            people[matches[0]] = _with_curated(people[matches[0]], curated)
        else:
            people[curated.id] = curated
    return person_of, people


def _link_by_seat(candidacies: list[tuple[dict[str, Any], ContestPart]], links: _Links) -> None:
    """A candidate with no MNIS or Democracy Club id (a hand-written contest, a nomination, a
    feed's result, a candidate the files give no id) is the same person as the candidates of that
    name who stood for the same seat at other elections: an MP standing again, most often.

    Not where one election has two candidates of that name in the seat, nor where the ids given
    say two different people stood under it.
    """
    stood: dict[tuple[str, str], list[tuple[str, str, bool]]] = defaultdict(list)
    seat_keys: dict[int, str] = {}
    for c, part in candidacies:
        has_id = bool(c.get("mnis_id") or c.get("dc_id"))
        seat = seat_keys.get(id(part))
        if seat is None:
            seat = seat_keys[id(part)] = token_key(part.name)
        stood[(fold(c["name"]), seat)].append((part.election, f"c{id(c)}", has_id))
    for entries in stood.values():
        if len(entries) < 2 or all(has_id for _, _, has_id in entries):
            continue
        if len({election for election, _, _ in entries}) < len(entries):
            continue  # two of that name in one contest
        if len({links.find(node) for _, node, has_id in entries if has_id}) > 1:
            continue
        first = entries[0][1]
        for _, node, _ in entries[1:]:
            links.union(node, first)


def _link_members(
    gathered: _Gathered, contests: dict[str, dict[str, Contest]], people: dict[str, Person]
) -> dict[str, tuple[Membership, ...]]:
    """The Library's lists of MPs elected and defeated, by person: linked by MNIS id, or, for a
    new member (the list gives none), as the winner of the seat the list names.

    A member's middle names become another form of their name ("Kirsty Ann Blackman").
    """
    if not gathered.members:
        return {}
    by_mnis: dict[int, str] = {}
    for seats in contests.values():
        for contest in seats.values():
            for candidacy in contest.candidacies:
                if candidacy.mnis_id and candidacy.person_id:
                    by_mnis.setdefault(candidacy.mnis_id, candidacy.person_id)
    linked: dict[str, list[Membership]] = defaultdict(list)
    unlinked: list[Membership] = []
    for member in gathered.members.values():
        person_id = by_mnis.get(member.mnis_id) if member.mnis_id else None
        contest = contests.get(member.election, {}).get(member.ons_id)
        if person_id is None and member.status != "defeated" and contest is not None:
            person_id = contest.candidacies[0].person_id or None
        if person_id is None or person_id not in people:
            unlinked.append(member)
            continue
        linked[person_id].append(member)
        person = people[person_id]
        if member.middle_names and member.full_name not in (person.name, *person.other_names):
            people[person_id] = person.model_copy(
                update={"other_names": (*person.other_names, member.full_name)}
            )
    if unlinked:
        first = unlinked[0]
        gathered.warnings.append(
            Problem(
                first.source.rsplit(":", 1)[0],
                f"{len(unlinked)} MPs in the Library's lists of MPs elected or defeated match no "
                f"candidate in the results loaded (first: {first.name}, {first.constituency}); "
                "load the results of that election too",
            )
        )
    return {pid: tuple(rows) for pid, rows in linked.items()}


def _check_offices_agree(gathered: _Gathered, people: dict[str, Person]) -> None:
    """A person's own list of offices and the `offices` section (who held 'Prime Minister' when)
    are two views of one record: where both name the same post for the same person, the dates
    must agree, or the disagreement is reported."""
    by_name: dict[str, list[Person]] = defaultdict(list)
    for person in people.values():
        if person.offices:
            for name in (person.name, *person.other_names):
                by_name[fold(name)].append(person)
    for office in gathered.offices.values():
        for tenure in office.holders:
            for person in by_name.get(fold(tenure.person), []):
                for held in person.offices:
                    if fold(held.title) != fold(office.title):
                        continue
                    if (held.start, held.end) != (tenure.start, tenure.end):
                        gathered.warnings.append(
                            Problem(
                                person.source or person.id,
                                f"{person.name}: {held.title} from {held.start} to "
                                f"{held.end or 'now'} here, but the offices section says "
                                f"{tenure.start} to {tenure.end or 'now'}",
                            )
                        )


def _with_curated(person: Person, curated: Person) -> Person:
    names = [
        n for n in (person.name, *person.other_names, *curated.other_names) if n != curated.name
    ]
    return person.model_copy(
        update={
            "id": curated.id,
            "name": curated.name,
            "other_names": tuple(dict.fromkeys(names)),
            "bio": curated.bio,
            "facts": curated.facts,
            "offices": curated.offices,
            "source": curated.source,
        }
    )


# Elections and assembly ---------------------------------------------------------------------


def _elections(gathered: _Gathered, contests: dict[str, dict[str, Contest]]) -> dict[str, Election]:
    elections: dict[str, Election] = {}
    for election_id in [*contests, *gathered.nominations]:
        election = gathered.elections.get(election_id) or election_for(election_id)
        if election is None:
            part = next(p for (e, _), p in gathered.contests.items() if e == election_id)
            gathered.problems.append(
                problem_at(
                    part.source, f"election '{election_id}' is not a UK general election we know"
                )
            )
            continue
        elections[election_id] = election
    for election_id, election in gathered.elections.items():
        elections.setdefault(election_id, election)
    return elections


def _assemble(
    gathered: _Gathered,
    contests: dict[str, dict[str, Contest]],
    elections: dict[str, Election],
    paths: list[Path],
    started: float,
) -> KnowledgeBase:
    parties = gathered.parties
    maps = party_maps(parties)

    facts = {}
    # A curated alias joins an old name to today's line of history ("Orkney and Zetland").
    alias_lines = {
        token_key(alias): token_key(target) for alias, target in gathered.aliases.items()
    }
    alias_lines = {k: v for k, v in alias_lines.items() if k != v}

    def line_of(name: str) -> str:
        key = token_key(name)
        return alias_lines.get(key, key)

    seat_histories: dict[str, dict[str, Contest]] = defaultdict(dict)
    for election_id, seats in contests.items():
        election = elections[election_id]
        baseline_seats = contests.get(election.baseline or "", {})
        baseline_by_line = seats_by_line(baseline_seats, line_of)
        for key, contest in seats.items():
            line_key = line_of(contest.name)
            baseline = baseline_for(contest, key, line_key, baseline_seats, baseline_by_line)
            facts[(election_id, key)] = measure(contest, baseline, election, maps)
            if not election.notional:
                seat_histories[line_key][election_id] = contest

    for (election_id, key), contest in gathered.by_elections.items():
        elections[election_id], facts[(election_id, key)] = byelections.measured(
            elections[election_id],
            contest,
            contests,
            elections,
            lambda contest, baseline, label: measured(contest, baseline, label, maps),
        )

    progress = _count_progress(gathered.nominations, contests, elections)
    for election_id in progress:
        contests.setdefault(election_id, {})  # nominated, and nothing declared yet
    national = {
        e.id: national_facts(e, [facts[(e.id, k)] for k in contests.get(e.id, {})])
        for e in elections.values()
        if not e.notional and (contests.get(e.id) or e.id in progress)
    }
    people = gathered.linked_people
    careers: dict[str, list[tuple[Contest, Candidacy]]] = defaultdict(list)
    for election_id, seats in contests.items():
        if elections[election_id].notional:
            continue
        for contest in seats.values():
            for candidacy in contest.candidacies:
                if candidacy.person_id:
                    careers[candidacy.person_id].append((contest, candidacy))
    memberships = _link_members(gathered, contests, people)
    _check_offices_agree(gathered, people)
    exit_polls = _exit_polls(gathered, parties)
    annotations = {}
    for note in gathered.annotations:
        key = (note.election, line_of(note.constituency))
        seats_then = {line_of(c.name) for c in contests.get(note.election, {}).values()}
        if note.election in contests and key[1] not in seats_then:
            gathered.warnings.append(
                Problem(
                    note.source or "",
                    f"annotation for unknown contest {note.constituency} ({note.election})",
                )
            )
        annotations[key] = note
    report = LoadReport(
        sources=tuple(str(p) for p in paths),
        files=tuple(gathered.files),
        overridden=gathered.overridden,
        kept_detail=gathered.kept_detail,
        warnings=tuple(gathered.warnings),
        built_at=dt.datetime.now(dt.UTC),
        seconds=time.perf_counter() - started,
    )
    return KnowledgeBase(
        elections=elections,
        contests=dict(contests),
        facts=facts,
        national=national,
        parties=parties,
        people=people,
        careers={
            k: tuple(sorted(v, key=lambda cc: elections[cc[0].election].date))
            for k, v in careers.items()
        },
        precedents=tuple(gathered.precedents.values()),
        offices=tuple(gathered.offices.values()),
        memberships=memberships,
        annotations=annotations,
        seat_aliases=dict(gathered.aliases),
        nicknames=tuple(gathered.nicknames),
        report=report,
        progress=progress,
        nominations=gathered.nominations,
        by_election_keys=tuple(gathered.by_elections),
        exit_polls=exit_polls,
        seat_histories=dict(seat_histories),
        alias_lines=alias_lines,
    )


def _exit_polls(gathered: _Gathered, parties: dict[str, Party]) -> dict[str, ExitPoll]:
    """Curated exit polls with their parties as codes; an unknown party refuses the file."""
    names = exitpolls.party_names(parties)
    found = {}
    for election, (poll, file, line) in gathered.exit_polls.items():
        try:
            found[election] = exitpolls.resolved(poll, names)
        except exitpolls.ExitPollError as error:
            gathered.problems.append(Problem(file, f"exit_polls ({election}): {error}", line))
    if gathered.problems:
        raise KnowledgeBaseError(gathered.problems, gathered.warnings)
    return found


def _count_progress(
    nominations: dict[str, dict[str, Contest]],
    contests: dict[str, dict[str, Contest]],
    elections: dict[str, Election],
) -> dict[str, Progress]:
    """Elections with seats nominated but not declared: being counted, in declaration order.

    The seats being fought are those nominated, and at least as many as the baseline had (a
    knowledge base may name who stands in only some of them).
    """
    progress = {}
    for election, nominated in nominations.items():
        declared = contests.get(election, {})
        if nominated.keys() <= declared.keys():
            continue
        order = sorted(declared, key=lambda key: declared_order(declared[key].declared_at))
        baseline = len(contests.get(elections[election].baseline or "", {}))
        total = max(len(nominated.keys() | declared), baseline)
        progress[election] = Progress(election, tuple(order), total)
    return progress
