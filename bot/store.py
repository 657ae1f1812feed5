"""The live knowledge base: built off the event loop, validated, swapped whole, diffed."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import gc
import logging
import multiprocessing
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from bot.charts import forget as forget_charts
from bot.engine import Engine
from bot.kb import snapshot
from bot.kb.build import KnowledgeBaseError, build
from bot.kb.knowledge import KnowledgeBase
from bot.kb.report import Difference, difference, log_warnings
from bot.kb.sources.base import Problem

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Snapshot:
    """One consistent knowledge base and the engine that answers from it."""

    kb: KnowledgeBase
    engine: Engine
    loaded_at: dt.datetime
    loaded_by: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class ReloadResult:
    """What a reload did: swapped in a new base (with its differences) or kept the old one."""

    ok: bool
    seconds: float
    difference: Difference | None = None
    problems: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = field(default=())
    declared: int = 0  # new declarations a result feed brought (bot.live.count)


def prepare(paths: list[Path], prefix: str = "!") -> tuple[KnowledgeBase, Engine]:
    """Build a base and its engine, indexes included, so the first question after a swap is fast.

    The collector is off meanwhile and the result frozen (`snapshot.collector_paused`): a base is
    millions of long-lived objects, and a collection over them (about 0.3 s on the 1918-2024 base)
    blocks every thread, the event loop's too. A base holds no reference cycles, so a replaced one
    is freed as soon as it is dropped.
    """
    with snapshot.collector_paused():
        kb = build(paths)
        engine = Engine(kb, prefix)
    return kb, engine


def exempt_from_gc() -> None:
    """Leave what exists now (a base just made) out of every later garbage collection."""
    gc.freeze()


def start(
    paths: list[Path], prefix: str = "!", snapshots: Path | None = None
) -> tuple[KnowledgeBase, Engine]:
    """The base and engine for `paths` at start-up: from the snapshot in `snapshots` when it is
    exactly what these files and this code would build, else built (and the snapshot written)."""
    if snapshots is None:
        return prepare(paths, prefix)
    key = snapshot.fingerprint(paths)
    if key is not None:
        found = snapshot.load(snapshots, paths, key)
        if (
            isinstance(found, tuple)
            and len(found) == 2
            and isinstance(found[0], KnowledgeBase)
            and isinstance(found[1], Engine)
        ):
            kb, engine = found
            engine.prefix = prefix
            log.info("knowledge base loaded from its snapshot")
            return kb, engine
    kb, engine = prepare(paths, prefix)
    # Saved only if no file changed while it was built: the key must describe what was read.
    if key is not None and snapshot.fingerprint(paths) == key:
        snapshot.save(snapshots, paths, key, (kb, engine))
    return kb, engine


def dismantle(holder: list) -> None:
    """Free the structure in `holder` (its only reference) a piece at a time.

    Dropping a whole base at once frees millions of objects in one C call that holds the GIL for
    about 0.1 s, so the event loop stalls whichever thread does it. Taken apart here in Python, the
    thread doing it lets the loop run every few ms. Only what nobody else refers to is taken apart
    (a reader still holding part of the old base keeps it whole); everything else is let go.
    """
    stack = [(node, 0) for node in holder]
    holder.clear()
    while stack:
        node, depth = stack.pop()
        if sys.getrefcount(node) > 2:  # `node` and the call's argument: anything more is shared
            continue
        with contextlib.suppress(TypeError, AttributeError):  # not ours to open: let it go
            stack.extend((child, depth + 1) for child in _parts(node, depth < _OPEN))


# The first levels (the snapshot, the base, its maps, an election's seats) are opened whatever
# their size; deeper, containers up to _BIG items are freed whole (a few microseconds each).
_OPEN = 4
_BIG = 64


def _parts(node: object, open_all: bool) -> list:
    """Take an unshared node apart: its children (it no longer holds them), or [] to free it whole."""
    if isinstance(node, dict) and (open_all or len(node) > _BIG):
        children = list(node.values())
        node.clear()
        return children
    if isinstance(node, list | set) and (open_all or len(node) > _BIG):
        children = list(node)
        node.clear()
        return children
    if isinstance(node, tuple | frozenset) and (open_all or len(node) > _BIG):
        return list(node)  # the node itself is freed when dropped, its children still held
    if open_all and type(node).__module__.startswith("bot.") and hasattr(node, "__dict__"):
        attributes = vars(node)
        children = list(attributes.values())
        attributes.clear()
        return children
    return []


class KnowledgeStore:
    """Holds the current snapshot; readers take `store.current` once per question."""

    def __init__(
        self,
        paths: list[Path],
        kb: KnowledgeBase,
        engine: Engine,
        loaded_by: str = "start-up",
        snapshots: Path | None = None,
    ):
        self.paths = list(paths)
        self.snapshots = snapshots  # where a successful reload has its snapshot written
        self.snapshot_writing: asyncio.Task | None = None  # the latest reload's, while it runs
        self._snapshot = Snapshot(
            kb, engine, dt.datetime.now(dt.UTC), loaded_by, tuple(map(str, paths))
        )
        self._lock = asyncio.Lock()

    @classmethod
    def load(
        cls, paths: list[Path], prefix: str = "!", snapshots: Path | None = None
    ) -> KnowledgeStore:
        """Start-up: from the snapshot in `snapshots` where it is current (see `start`)."""
        kb, engine = start(paths, prefix, snapshots)
        log_warnings(log, kb.report.warnings)
        return cls(paths, kb, engine, snapshots=snapshots)

    @property
    def current(self) -> Snapshot:
        return self._snapshot

    @property
    def engine(self) -> Engine:
        return self._snapshot.engine

    @property
    def reloading(self) -> bool:
        return self._lock.locked()

    async def close(self) -> None:
        """On a clean stop: let a snapshot still being written finish (a few seconds at most)."""
        if self.snapshot_writing is not None and not self.snapshot_writing.done():
            with contextlib.suppress(TimeoutError, asyncio.CancelledError):
                await asyncio.wait_for(self.snapshot_writing, timeout=30)

    def serve(self, kb: KnowledgeBase, engine: Engine, by: str) -> None:
        """Swap in a derived snapshot (an election's 'so far' view, bot.live): no rebuild, no diff."""
        self._snapshot = Snapshot(kb, engine, dt.datetime.now(dt.UTC), by, self._snapshot.sources)

    async def reload(self, requested_by: str, paths: list[Path] | None = None) -> ReloadResult:
        """Rebuild in a thread; swap only if the new base is valid. One reload at a time.

        Nothing big runs on the event loop: the build, the engine's indexes and the comparison
        with the old base are made in a thread, and the old base is freed in one, a piece at a time.
        """
        async with self._lock:
            with _quick_handover():
                return await self._reload(requested_by, paths)

    async def _reload(self, requested_by: str, paths: list[Path] | None) -> ReloadResult:
        paths = list(paths or self.paths)
        started = time.perf_counter()
        old = self._snapshot
        try:
            kb, engine, changes = await asyncio.to_thread(
                _prepare_and_compare, paths, self.engine.prefix, old.kb
            )
        except KnowledgeBaseError as error:
            seconds = time.perf_counter() - started
            log.warning(
                "reload by %s rejected: %s", requested_by, "; ".join(map(str, error.problems))
            )
            return ReloadResult(
                False, seconds, problems=tuple(error.problems), warnings=tuple(error.warnings)
            )
        except Exception as error:  # never lose the serving base to an unexpected failure
            seconds = time.perf_counter() - started
            log.exception("reload by %s failed", requested_by)
            return ReloadResult(
                False,
                seconds,
                problems=(Problem("(reload)", f"{type(error).__name__}: {error}"),),
            )
        forget_charts(old.kb)  # the old snapshot's cached charts go with it
        replaced = self._snapshot  # `old`, or a view derived from it meanwhile (bot.live)
        self._snapshot = Snapshot(
            kb, engine, dt.datetime.now(dt.UTC), requested_by, tuple(map(str, paths))
        )
        self.paths = paths
        seconds = time.perf_counter() - started
        log.info(
            "knowledge base reloaded by %s in %.2f s: %s",
            requested_by,
            seconds,
            changes.summary(),
        )
        holder = [old] if replaced is old else [old, replaced]
        del old, replaced
        await asyncio.to_thread(dismantle, holder)
        log_warnings(log, kb.report.warnings)
        if self.snapshots is not None:
            self.snapshot_writing = asyncio.create_task(
                _write_snapshot_aside(paths, self.engine.prefix, self.snapshots),
                name="knowledge snapshot",
            )
        return ReloadResult(True, seconds, changes, warnings=kb.report.warnings)


_handovers = [0, 0.005]  # reloads running now (of any store), and the interval to restore after


@contextlib.contextmanager
def _quick_handover():
    """While a reload's threads run, hand the GIL to the event loop within 1 ms, not 5.

    A thread running Python is asked to let go of the GIL only after the switch interval, so the
    loop can wait that long at every tick; on a busy machine 1 ms cuts its lag about threefold.
    """
    if _handovers[0] == 0:
        _handovers[1] = sys.getswitchinterval()
        sys.setswitchinterval(min(_handovers[1], 0.001))
    _handovers[0] += 1
    try:
        yield
    finally:
        _handovers[0] -= 1
        if _handovers[0] == 0:
            sys.setswitchinterval(_handovers[1])


def _prepare_and_compare(
    paths: list[Path], prefix: str, old: KnowledgeBase
) -> tuple[KnowledgeBase, Engine, Difference]:
    with snapshot.collector_paused():  # as in `prepare`; the comparison makes many objects too
        kb = build(paths)
        engine = Engine(kb, prefix)
        return kb, engine, difference(old, kb)


async def _write_snapshot_aside(paths: list[Path], prefix: str, folder: Path) -> None:
    """After a reload, the snapshot the next start-up loads, written by a separate process.

    Pickling a whole base holds the GIL for up to a second whatever thread does it, which would
    stall the event loop; a child process builds the same files (`start`: only if no file
    changes meanwhile) and writes it on another core. A failure costs only the next cold start.
    """
    workers = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
    try:
        await asyncio.get_running_loop().run_in_executor(
            workers, _write_snapshot, paths, prefix, folder
        )
    except Exception:
        log.exception("knowledge snapshot not written after the reload")
    finally:
        workers.shutdown(wait=False)


def _write_snapshot(paths: list[Path], prefix: str, folder: Path) -> None:
    """In the child: build `paths` unless their snapshot is already current, and write it."""
    if hasattr(os, "nice"):
        os.nice(10)  # background work: on a 2-core machine it yields to the bot that serves
    start(paths, prefix, folder)
