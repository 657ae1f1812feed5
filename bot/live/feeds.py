"""Where new results come from: a watched folder and a polled URL, one apply path for both.

Both hand files to `apply` (bot.live.feeds.reload_apply by default): the same validated path as
/kb reload, so a bad file is reported with its file and line and the live base keeps serving.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp
import watchfiles

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
            problems = "; ".join(str(p) for p in result.problems[:5])
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
    """Result files dropped into a folder are applied as they arrive (watchfiles)."""

    def __init__(self, folder: Path, apply: Apply, debounce_ms: int = 500):
        self.folder = Path(folder)
        self.apply = apply
        self.debounce_ms = debounce_ms
        self.stop = asyncio.Event()

    async def run(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        existing = sorted(
            p for p in self.folder.rglob("*") if p.is_file() and not p.name.startswith(".")
        )
        if existing:  # at start-up (a restart mid-night): what is already there, once
            try:
                await self.apply(existing)
            except Exception:
                log.exception("result feed: applying the files already in %s failed", self.folder)
        async for changes in watchfiles.awatch(
            self.folder, stop_event=self.stop, debounce=self.debounce_ms, recursive=True
        ):
            # deleted files too: a result taken out of the feed is taken out of the base
            files = sorted(
                {Path(path) for _, path in changes if not Path(path).name.startswith(".")}
            )
            if files:
                try:
                    await self.apply(files)
                except Exception:  # a feed never brings the bot down
                    log.exception("result feed: applying %s failed", files)


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
