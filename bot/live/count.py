"""A real night from a feed: result files become declarations, served 'so far' and announced.

The feed's files hold the results declared so far (the Library's layout, re-published as seats
declare, or our YAML, one file per declared contest). Each time files change:

- When the knowledge names who is standing (nominations) and every new result is for a seat
  nominated and not yet declared, with candidates the nominations name, only the changed files
  are read and validated, and their results are declared one by one onto the live base
  (`bot.kb.declare`): milliseconds, not a rebuild.
- Anything else (the first file, a correction to a declared seat, a new party or candidate, a
  seat nobody nominated, curated records) takes the full validated reload, as /kb reload does.

Either way a bad file is refused with its file and line, reported, and the live base keeps
serving. New declarations are announced in time order, and the election counts as in progress
until every nominated seat (or as many as the previous election had) has declared.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import multiprocessing
import shutil
import tempfile
import time
import weakref
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from bot.engine import Engine
from bot.kb.build import KnowledgeBaseError, contest_from_part, is_nomination
from bot.kb.declare import declared_order, hold_back
from bot.kb.knowledge import KnowledgeBase
from bot.kb.sources import ContestPart, KnowledgeFileError, Loaded, Problem, list_files, read_file
from bot.live.corrections import Correction, announce_correction, correction_text, winner_changes
from bot.live.feeds import Apply, Report, reload_apply
from bot.live.night import Declaration, Night
from bot.live.screen import Counting, Screened, plain, restore, screen, withdraw
from bot.live.view import derive_engine
from bot.models import Contest
from bot.store import ReloadResult
from bot.text import fold, token_key

log = logging.getLogger(__name__)


class NeedsRebuild(Exception):
    """The files say something the cheap path cannot apply; the full reload will."""


def expected_seats(kb: KnowledgeBase, election: str) -> int:
    """Seats the election will fill: its nominations, else as many as the previous election's."""
    elections = [e.id for e in kb.real_elections()]
    index = elections.index(election)
    before = len(kb.contests[elections[index - 1]]) if index else 0
    nominated = kb.nominations.get(election, {}).keys() | kb.contests.get(election, {}).keys()
    progress = kb.progress.get(election)
    return max(before, len(nominated), progress.total if progress else 0)


def election_being_counted(kb: KnowledgeBase) -> str | None:
    """The election a feed is adding to: the latest, when it has fewer seats than it will fill."""
    latest = kb.latest_election()
    if latest is None:
        return None
    progress = kb.progress.get(latest.id)
    if progress is not None:
        return latest.id
    return latest.id if len(kb.contests[latest.id]) < expected_seats(kb, latest.id) else None


def night_after(
    old: KnowledgeBase, new: KnowledgeBase, engine: Engine
) -> tuple[Night, list[Declaration]] | None:
    """The count in `new`, and the declarations `old` did not have yet, in time order."""
    election = election_being_counted(new) or (
        new.latest_election().id if new.latest_election() else None
    )
    if election is None:
        return None
    before = old.contests.get(election, {})
    seats = new.contests.get(election, {})
    fresh = sorted(
        (k for k in seats if k not in before),
        key=lambda key: declared_order(seats[key].declared_at),
    )
    base = hold_back(new, election, fresh, expected_seats(new, election))
    night = Night(base, derive_engine(engine, base), election, {k: seats[k] for k in fresh})
    return night, [night.declare(key) for key in fresh]


class FeedCount:
    """The feed's side of the night: the files read so far and the count they feed.

    Changed files are screened one by one (`bot.live.screen`) into a folder of accepted copies,
    and only those copies are counted: a refused file is reported and left out, and the others
    go on. That folder is the feed's layer when a full reload is needed.
    """

    def __init__(
        self, store, folder: Path, report: Report | None = None, announcer=None, accepted=None
    ):
        self.store = store
        self.source = Path(folder)
        if accepted is None:
            accepted = Path(tempfile.mkdtemp(prefix="results-accepted-"))
            weakref.finalize(self, shutil.rmtree, str(accepted), True)
        self.folder = Path(accepted)  # the accepted copies: what the count reads
        self.folder.mkdir(parents=True, exist_ok=True)
        self.report = report
        self.announcer = announcer
        self.rebuild = reload_apply(store, self.folder)
        self.night: Night | None = None
        self.serving: KnowledgeBase | None = None  # the base this count last served
        self.parts: dict[Path, list[ContestPart]] = {}  # each feed file's contests, as last read
        self.read_all = False  # every file in the folder is in `parts` (watchfiles brings the rest)
        self.files_of: dict[str, set[Path]] = {}  # seat key -> the files with parts of it
        self.preread: dict[Path, Loaded] = {}  # copies just screened: read once

    def _forget(self, file: Path, by_name: dict[str, str]) -> None:
        for part in self.parts.pop(file, ()):
            self.files_of.get(_key(part, by_name), set()).discard(file)

    def resume(self, night: Night) -> None:
        """Count onto `night` (the store serving its base) with nothing accepted yet."""
        self.night, self.serving = night, self.store.current.kb
        self.parts, self.files_of, self.read_all = {}, {}, not any(_feed_files(self.folder))

    def _adopt(self) -> None:
        """Count onto the base being served when it is counting an election with nominations
        (no rebuild needed for the first file); its layers include the accepted copies."""
        kb = self.store.current.kb
        election = election_being_counted(kb)
        if election is None or election not in kb.progress or not kb.nominations.get(election):
            return
        if self.folder not in self.store.paths:
            self.store.paths = [*self.store.paths, self.folder]  # a /kb reload keeps the count
        self.night = Night(kb, self.store.current.engine, election)
        self.serving = kb
        self.parts, self.read_all = _read_all(self.folder)
        by_name = _nominated_keys(kb, election)
        self.files_of = {}
        for file, parts in self.parts.items():
            for part in parts:
                self.files_of.setdefault(_key(part, by_name), set()).add(file)

    def _screen_checks(self) -> Counting | None:
        """What this feed's files are checked against: the election counted and its seats."""
        kb = self.night.base if self.night is not None else self.store.current.kb
        election = self.night.election if self.night is not None else election_being_counted(kb)
        if election is None:
            return None
        return kb.cached(("feed-counting", election), lambda: Counting.of(kb, election))

    async def _screen(self, files: list[Path]) -> list[Screened]:
        """Screen each file in a worker process (a big file's parsing never holds this process's
        GIL), or in a thread where no process can be started."""
        checks = await asyncio.to_thread(self._screen_checks)
        screened = []
        for file in files:
            result = await _off_the_loop(screen, self.source, self.folder, file, checks)
            if result.loaded is None and result.refused is None:
                withdraw(self.folder, result.copy)
            screened.append(result)
        return screened

    async def apply(self, files: list[Path]) -> ReloadResult:
        started = time.perf_counter()
        files = sorted({Path(f) for f in files})
        screened = await self._screen(files)
        refusals = [s.refused for s in screened if s.refused]
        for refusal in refusals:
            await self._say(f"result feed: {refusal}; the rest of the feed goes on")
        for waiting in (s for s in screened if s.waiting):
            log.info(
                "result feed: %s: %d seat(s) wait for all their candidates' rows (%s)",
                waiting.copy.name,
                len(waiting.waiting),
                ", ".join(waiting.waiting[:5]),
            )
        self.preread = {s.copy: s.loaded for s in screened if s.loaded is not None}
        copies = [s.copy for s in screened if s.refused is None]
        problems = tuple(
            Problem(s.copy.name, s.refused.partition(": ")[2] or s.refused)
            for s in screened
            if s.refused
        )
        if not copies:
            return ReloadResult(not refusals, time.perf_counter() - started, problems=problems)
        result = await self._count(copies, started)
        self.preread = {}
        if problems:
            result = dataclasses.replace(result, ok=False, problems=result.problems + problems)
        return result

    async def _count(self, files: list[Path], started: float) -> ReloadResult:
        """Declare what the accepted copies add (cheaply, or by a reload); a copy that a later
        check refuses is put back as it was, reported, and the others counted without it."""
        refused: list[Problem] = []
        for _ in range(4):
            if self.night is None or self.store.current.kb is not self.serving:
                self.night = None
                await asyncio.to_thread(self._adopt)
            if self.night is not None and self.store.current.kb is self.serving:
                try:
                    declarations = await asyncio.to_thread(self._declare, files)
                except KnowledgeBaseError as error:
                    bad = await self._set_aside(error.problems)
                    refused += error.problems
                    files = [f for f in files if f not in bad]
                    if not bad or not files:
                        return self._refused(refused, started)
                    continue
                except NeedsRebuild as why:
                    log.info("result feed: a full reload (%s)", why)
                else:
                    await self._serve_and_announce(self.night.base, declarations)
                    return ReloadResult(
                        not refused,
                        time.perf_counter() - started,
                        declared=len(declarations),
                        problems=tuple(refused),
                    )
            result = await self._reload()
            if result.ok:
                return dataclasses.replace(result, problems=tuple(refused), ok=not refused)
            bad = await self._set_aside(result.problems)
            refused += result.problems
            if not bad:
                return self._refused(refused, started)
        return self._refused(refused, started)

    async def _set_aside(self, problems) -> set[Path]:
        """Accepted copies named by these problems go back to the version served before."""
        named = {Path(p.file).name for p in problems if p.file}
        bad = {f for f in _feed_files(self.folder) if f.name in named}
        for file in bad:
            restore(self.folder, file)
            self.parts.pop(file, None)
            self.preread.pop(file, None)  # what is read next is the restored copy
        self.read_all = self.read_all and not bad
        listed = "; ".join(plain(p, self.folder) for p in problems[:5])
        await self._say(f"result feed: refused, still serving the previous result: {listed}")
        return bad

    def _refused(self, problems, started: float) -> ReloadResult:
        return ReloadResult(False, time.perf_counter() - started, problems=tuple(problems))

    async def _say(self, message: str) -> None:
        log.warning(message)
        if self.report is not None:
            try:
                await self.report(message[:1900])
            except Exception:  # a report is best effort; the count goes on
                log.exception("result feed: could not report")

    # The full path ------------------------------------------------------------------------

    async def _reload(self) -> ReloadResult:
        old = self.store.current.kb
        result = await self.rebuild([])
        if not result.ok:
            return result
        new, engine = self.store.current.kb, self.store.current.engine
        found, corrections = await asyncio.to_thread(_after_reload, old, new, engine)
        self.night, self.serving = None, self.store.current.kb
        self.parts, self.read_all = await asyncio.to_thread(_read_all, self.folder)
        self.files_of = {}
        if found is None:
            return result
        self.night, declarations = found
        by_name = _nominated_keys(self.night.base, self.night.election)
        for file, parts in self.parts.items():
            for part in parts:
                self.files_of.setdefault(_key(part, by_name), set()).add(file)
        total = self.night.total
        if self.night.complete:
            self.night = None  # every seat is in: the rebuilt base is the answer
            await self._announce(new, declarations)
        else:
            await self._serve_and_announce(new, declarations)
        await self._correct(new, corrections, total)
        return dataclasses.replace(result, declared=len(declarations))

    async def _correct(self, kb: KnowledgeBase, corrections: list[Correction], total: int) -> None:
        for correction in corrections:
            log.warning("result feed: %s", correction_text(kb, correction))
            if self.announcer is not None:
                await announce_correction(self.announcer, kb, correction, total)

    # The cheap path -----------------------------------------------------------------------

    def _declare(self, files: list[Path]) -> list[Declaration]:
        """The changed copies' new results, declared in time order (off the event loop)."""
        return [self.night.declare_contest(k, c) for k, c in self._read_declarations(files)]

    def _read_declarations(self, files: list[Path]) -> list[tuple[str, Contest]]:
        """New results in the changed files, validated, as (key, contest) in time order."""
        night = self.night
        kb, election = night.base, night.election
        nominated = kb.nominations.get(election, {})
        if not nominated:
            raise NeedsRebuild(f"no nominations for {election}")
        if not self.read_all:
            raise NeedsRebuild("a file of the feed could not be read at the last reload")
        by_name = _nominated_keys(kb, election)
        staged: dict[Path, list[ContestPart]] = {}  # kept only if every file is good
        problems: list[Problem] = []
        for file in files:
            if not file.exists():
                staged[file] = []
                continue
            try:
                loaded = self.preread.pop(file, None) or read_file(file)
            except KnowledgeFileError as error:
                problems.extend(error.problems)
                continue
            if any(
                (loaded.parties, loaded.people, loaded.precedents, loaded.elections, loaded.offices)
            ) or any(p.election != election for p in loaded.contests):
                raise NeedsRebuild(f"{file.name} holds more than results of {election}")
            staged[file] = loaded.contests
        if problems:
            raise KnowledgeBaseError(problems)
        parts = {**self.parts, **staged}
        touched = {_key(p, by_name) for f in staged for p in (*self.parts.get(f, ()), *staged[f])}
        found = []
        for key in touched:
            holding = {f for f in self.files_of.get(key, ()) if f not in staged}
            holding |= {f for f, ps in staged.items() if any(_key(p, by_name) == key for p in ps)}
            part = _merge(key, holding, parts, by_name)
            has_result = part is not None and part.candidacies and not is_nomination(part)
            if night.is_declared(key):
                if not has_result:
                    raise NeedsRebuild(f"the result for {night.contests[key].name} was withdrawn")
                if not _same_result(night.contests[key], part):
                    raise NeedsRebuild(f"{part.name} has a corrected result")
                continue
            if not has_result:
                continue  # details before the result, or still only who is standing
            if key not in nominated:
                raise NeedsRebuild(f"{part.name} is not among the seats nominated")
            found.append((key, self._contest(kb, nominated[key], part)))
        for file, contests in staged.items():  # every file was good: they are the feed now
            self._forget(file, by_name)
            if contests or file.exists():
                self.parts[file] = contests
            for part in contests:
                self.files_of.setdefault(_key(part, by_name), set()).add(file)
        return sorted(found, key=lambda pair: (declared_order(pair[1].declared_at), pair[0]))

    def _contest(self, kb: KnowledgeBase, nomination: Contest, part: ContestPart) -> Contest:
        """A declared result, its candidates linked to the people nominated (else NeedsRebuild)."""
        people = {fold(c.name): c.person_id for c in nomination.candidacies if c.name}
        parties = _party_names(kb)
        part = dataclasses.replace(part, candidacies=[dict(c) for c in part.candidacies])
        for candidacy in part.candidacies:
            if fold(candidacy.get("name") or "") not in people:
                raise NeedsRebuild(f"{candidacy.get('name')} was not nominated in {part.name}")
            code = parties.get(fold(candidacy["party"]))
            if code is None:
                raise NeedsRebuild(f"a party new to the knowledge: {candidacy['party']}")
            candidacy["party"] = code
            if candidacy.pop("_resolve_party", False) or not candidacy.get("party_name"):
                candidacy["party_name"] = kb.party(code).name
        part.name, part.ons_id = nomination.name, nomination.ons_id
        part.region = part.region or nomination.region
        part.country = part.country or nomination.country
        contest, warnings = contest_from_part(
            part, lambda candidacy: people[fold(candidacy["name"])]
        )
        for warning in warnings:
            log.warning("result feed: %s", warning)
        return contest

    # Serving and announcing -----------------------------------------------------------------

    async def _serve_and_announce(self, kb: KnowledgeBase, declarations: list[Declaration]) -> None:
        night = self.night
        view, engine = await asyncio.to_thread(night.view)
        self.store.serve(view, engine, f"count of {night.election}")
        self.serving = view
        await self._announce(kb, declarations)
        log.info(
            "result feed: %d new declaration(s); %d of %d declared",
            len(declarations),
            night.declared,
            night.total,
        )

    async def _announce(self, kb: KnowledgeBase, declarations: list[Declaration]) -> None:
        if self.announcer is not None:
            for declaration in declarations:
                await self.announcer.announce(kb, declaration)


_workers: ProcessPoolExecutor | None = None


async def _off_the_loop(function, *args):
    """Run `function` in the feed's worker process (started on first use); in a thread if the
    process cannot be had."""
    global _workers
    loop = asyncio.get_running_loop()
    try:
        if _workers is None:  # started from a thread: starting a process takes a while
            _workers = await asyncio.to_thread(_new_worker)
        return await loop.run_in_executor(_workers, function, *args)
    except (BrokenProcessPool, OSError, RuntimeError) as error:
        log.warning("result feed: screening in a thread (%s)", type(error).__name__)
        _workers = None
        return await asyncio.to_thread(function, *args)


def _new_worker() -> ProcessPoolExecutor:
    workers = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
    workers.submit(int).result()
    return workers


async def start_worker() -> None:
    """Start the feed's worker process ahead of the first file (its start-up is a fork)."""
    await _off_the_loop(int)


def _read_all(folder: Path) -> tuple[dict[Path, list[ContestPart]], bool]:
    """Every feed file's contests, as the reload just accepted them; False if one failed now."""
    try:
        return {file: read_file(file).contests for file in _feed_files(folder)}, True
    except (KnowledgeFileError, OSError, UnicodeDecodeError):
        return {}, False  # the next change takes the full reload, which reports it


def _feed_files(folder: Path):
    return (p for p in list_files(folder) if p.is_file())


def _after_reload(old: KnowledgeBase, new: KnowledgeBase, engine: Engine):
    """The count in the rebuilt base, and the declared seats whose winner it changes."""
    found = night_after(old, new, engine)
    election = found[0].election if found else None
    return found, winner_changes(old, new, election) if election else []


def _nominated_keys(kb: KnowledgeBase, election: str) -> dict[str, str]:
    """The seats nominated at `election`, by their names' order-free form."""
    nominated = kb.nominations.get(election, {})
    return kb.cached(
        ("nominated-keys", election), lambda: {token_key(c.name): k for k, c in nominated.items()}
    )


def _key(part: ContestPart, by_name: dict[str, str]) -> str:
    """A part's seat: its code, else the seat nominated under its name."""
    return part.ons_id or by_name.get(token_key(part.name), token_key(part.name))


def _merge(
    key: str, files, parts: dict[Path, list[ContestPart]], by_name: dict[str, str]
) -> ContestPart | None:
    """Every file's parts of one seat, merged as a build merges one folder's files."""
    merged: ContestPart | None = None
    for file in sorted(files):
        for part in parts.get(file, ()):
            if _key(part, by_name) != key:
                continue
            if merged is None:
                merged = dataclasses.replace(part)
                continue
            if merged.candidacies and part.candidacies:
                if is_nomination(part):
                    continue
                if not is_nomination(merged):
                    raise NeedsRebuild(f"two results for {part.name}")  # the build reports it
            merged.absorb(part)
    return merged


def _same_result(contest: Contest, part: ContestPart) -> bool:
    """Does the part give the result already declared (candidates' votes, electorate, time)?"""
    given = sorted((fold(c.get("name") or ""), c["votes"]) for c in part.candidacies)
    known = sorted((fold(c.name), c.votes) for c in contest.candidacies)
    return (
        given == known
        and part.electorate in (None, contest.electorate)
        and part.declared_at in (None, contest.declared_at)
    )


def _party_names(kb: KnowledgeBase) -> dict[str, str]:
    """Folded code, name, short name, alias or nickname -> party code."""

    def names() -> dict[str, str]:
        found: dict[str, str] = {}
        for code, party in kb.parties.items():
            for name in party.names:
                found.setdefault(fold(name), code)
        for code in kb.parties:
            found[fold(code)] = code
        return found

    return kb.cached(("party-names",), names)


def live_apply(store, folder, report: Report | None = None, announcer=None) -> Apply:
    """The feeds' apply: declarations applied to the live base, or a validated reload."""
    return FeedCount(store, folder, report, announcer).apply
