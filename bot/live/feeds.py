"""Where new results come from: a watched folder and a polled URL, one apply path for both.

Both hand files to `apply` (bot.live.count.live_apply on the night, or `reload_apply`: the same
validated path as /kb reload), so a bad file is reported with its file and line (never a host
path) and the live base keeps serving.

A folder's file is handed over only once complete: written by atomic rename (a dot-file or a
temporary name, `*.tmp` or `*.part`, then renamed), or unchanged in size and time for the
settle time (`RESULTS_SETTLE_SECONDS`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp
import watchfiles

from bot.live.screen import plain, wanted

log = logging.getLogger(__name__)

Apply = Callable[[list[Path]], Awaitable[object]]
Report = Callable[[str], Awaitable[None]]


def reload_apply(store, folder: Path, report: Report | None = None) -> Apply:
    """Apply files by reloading the store with `folder` as its last layer (validated, or refused)."""

    async def apply(files: list[Path]) -> object:
        paths = list(store.paths)
        if Path(folder) not in paths:
            paths.append(Path(folder))
        names = ", ".join(p.name for p in files[:5])
        result = await store.reload(f"feed ({names})", paths)
        if not result.ok:
            problems = "; ".join(plain(p, Path(folder)) for p in result.problems[:5])
            message = f"result feed: {names} refused, still serving the previous base: {problems}"
            log.warning(message)
            if report is not None:
                await report(message[:1900])
        return result

    return apply


def feed_file_name(url: str) -> str:
    """Where a URL's file is kept: under its own name, which tells its year and layout apart
    ('HoC-GE2029-results-by-candidate.csv'); 'results.csv' when the URL names none."""
    name = Path(urlsplit(url).path).name
    return name if name and not name.startswith(".") else "results.csv"


class FolderFeed:
    """Result files dropped into a folder are applied once complete (watchfiles).

    A file is complete when it has not changed (size, modification time, inode) for `settle`
    seconds; a file renamed into place is complete at once but waits out the same time, which is
    what makes a file written in pieces safe. Deleted files are handed over too: a result taken
    out of the feed is taken out of the base.
    """

    def __init__(self, folder: Path, apply: Apply, debounce_ms: int = 500, settle: float = 2.0):
        self.folder = Path(folder)
        self.apply = apply
        self.debounce_ms = debounce_ms
        self.settle = max(0.0, settle)
        self.stop = asyncio.Event()
        self.pending: dict[Path, tuple[tuple[int, int, int] | None, float]] = {}

    def _note(self, path: Path, now: float) -> None:
        seen = _signature(path)
        known = self.pending.get(path)
        if known is None or known[0] != seen:
            self.pending[path] = (seen, now)

    def _ready(self, now: float) -> list[Path]:
        """Files unchanged for the settle time; the others wait (their clock restarts on change)."""
        ready = []
        for path, (seen, since) in list(self.pending.items()):
            current = _signature(path)
            if current != seen:
                self.pending[path] = (current, now)
            elif now - since >= self.settle:
                ready.append(path)
                del self.pending[path]
        return sorted(ready)

    async def _hand_over(self) -> None:
        files = self._ready(asyncio.get_running_loop().time())
        if files:
            try:
                await self.apply(files)
            except Exception:  # a feed never brings the bot down
                log.exception("result feed: applying %d file(s) failed", len(files))

    async def run(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        loop = asyncio.get_running_loop()
        for path in self.folder.rglob("*"):  # at start-up (a restart mid-night): what is there
            if wanted(self.folder, path) and not path.is_dir():
                self._note(path, loop.time() - min(self.settle, _age(path)))
        await self._hand_over()
        tick = min(0.5, max(0.05, self.settle / 4))
        async for changes in watchfiles.awatch(
            self.folder,
            stop_event=self.stop,
            debounce=self.debounce_ms,
            recursive=True,
            rust_timeout=int(tick * 1000),
            yield_on_timeout=True,
        ):
            now = loop.time()
            for _, path in changes:
                path = Path(path)
                if wanted(self.folder, path) and not path.is_dir():
                    self._note(path, now)
            await self._hand_over()


def _age(path: Path) -> float:
    """Seconds since the file last changed."""
    try:
        return max(0.0, time.time() - os.lstat(path).st_mtime)
    except OSError:
        return 0.0


def _signature(path: Path) -> tuple[int, int, int] | None:
    """What changes when a file is written to: size, modification time, inode (None: gone)."""
    try:
        stat = os.lstat(path)
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns, stat.st_ino


class UrlFeed:
    """A results file published at a URL, polled with conditional requests; errors back off."""

    def __init__(
        self,
        url: str,
        target: Path,
        apply: Apply,
        interval: float = 30.0,
        max_backoff: float = 600.0,
        report: Report | None = None,
    ):
        self.url = url
        self.target = Path(target)
        self.apply = apply
        self.interval = interval
        self.max_backoff = max_backoff
        self.report = report
        self.etag: str | None = None
        self.modified: str | None = None
        self.failures = 0
        self.stop = asyncio.Event()

    def delay(self) -> float:
        """The wait before the next poll: the interval, doubled for each failure in a row."""
        return min(self.max_backoff, self.interval * (2 ** min(self.failures, 16)))

    async def poll(self, session: aiohttp.ClientSession) -> bool:
        """One conditional request; True when a new file was fetched and applied."""
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.modified:
            headers["If-Modified-Since"] = self.modified
        try:
            async with session.get(self.url, headers=headers) as response:
                if response.status == 304:
                    self.failures = 0
                    return False
                response.raise_for_status()
                body = await response.read()
                self.etag = response.headers.get("ETag", self.etag)
                self.modified = response.headers.get("Last-Modified", self.modified)
        except (aiohttp.ClientError, TimeoutError) as error:
            self.failures += 1
            message = (
                f"result feed {self.url}: {type(error).__name__}: {error}; "
                f"next try in {self.delay():.0f} s"
            )
            log.warning(message)
            if self.report is not None and self.failures in (1, 5, 20):  # not every time
                await self.report(message[:1900])
            return False
        self.failures = 0
        self.target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.target.parent, prefix=".feed-")
        with os.fdopen(handle, "wb") as out:
            out.write(body)
        os.replace(temporary, self.target)  # whole or not at all
        await self.apply([self.target])
        return True

    async def run(self) -> None:
        timeout = aiohttp.ClientTimeout(total=60)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            while not self.stop.is_set():
                try:
                    await self.poll(session)
                except Exception:  # never crash the bot
                    self.failures += 1
                    log.exception("result feed %s failed", self.url)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.stop.wait(), self.delay())
