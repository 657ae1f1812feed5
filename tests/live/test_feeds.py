"""Result feeds: a watched folder and a polled URL, through the same validated path as a reload."""

from __future__ import annotations

import asyncio

import aiohttp
from aiohttp import web

from bot.engine import Engine
from bot.kb.build import SHIPPED_KNOWLEDGE
from bot.live.feeds import FolderFeed, UrlFeed, reload_apply
from bot.store import KnowledgeStore

CONTEST = (
    "contests:\n"
    "  - election: '2024'\n"
    "    constituency: South West Norfolk\n"
    "    candidates:\n"
    "      - {name: Terry Jermy, party: Lab, votes: 11850}\n"
    "      - {name: Liz Truss, party: Con, votes: 11217}\n"
)
BAD = "contests:\n  - election: '2024'\n    election: '2019'\n"  # a duplicate key: refused


def _store(kb) -> KnowledgeStore:
    return KnowledgeStore([SHIPPED_KNOWLEDGE], kb, Engine(kb))


async def _until(condition, seconds: float = 15.0) -> bool:
    for _ in range(int(seconds / 0.05)):
        if condition():
            return True
        await asyncio.sleep(0.05)
    return condition()


async def test_folder_feed_applies_good_files_and_reports_bad_ones(shipped_kb, tmp_path):
    store, reports = _store(shipped_kb), []

    async def report(text):
        reports.append(text)

    feed = FolderFeed(tmp_path / "incoming", reload_apply(store, tmp_path / "incoming", report), 50)
    task = asyncio.create_task(feed.run())
    try:
        await asyncio.sleep(0.5)  # the watcher is up
        before = store.current
        (tmp_path / "incoming" / "swn.yaml").write_text(CONTEST, encoding="utf-8")
        assert await _until(lambda: store.current is not before)
        facts = store.current.kb.national["2024"].contests[0]
        assert facts.contest.valid_votes == 11850 + 11217  # the dropped file's result is live
        serving = store.current
        (tmp_path / "incoming" / "bad.yaml").write_text(BAD, encoding="utf-8")
        assert await _until(lambda: bool(reports))
        assert "bad.yaml" in reports[0] and "refused" in reports[0]
        assert str(tmp_path) not in reports[0]  # a file's name, never where it lives
        assert store.current is serving  # the live base keeps serving
    finally:
        feed.stop.set()
        await asyncio.wait_for(task, 10)


async def test_url_feed_conditional_requests_and_backoff(tmp_path):
    state = {"status": 200, "gets": 0, "conditional": 0}

    async def results(request):
        state["gets"] += 1
        if state["status"] != 200:
            return web.Response(status=state["status"])
        if request.headers.get("If-None-Match") == '"v1"':
            state["conditional"] += 1
            return web.Response(status=304)
        return web.Response(text=CONTEST, headers={"ETag": '"v1"'})

    app = web.Application()
    app.router.add_get("/results.yaml", results)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    applied, reports = [], []

    async def apply(files):
        applied.append([f.read_text(encoding="utf-8") for f in files])

    async def report(text):
        reports.append(text)

    feed = UrlFeed(
        f"http://127.0.0.1:{port}/results.yaml",
        tmp_path / "feed" / "results.yaml",
        apply,
        interval=1.0,
        report=report,
    )
    try:
        async with aiohttp.ClientSession() as session:
            assert await feed.poll(session) is True and applied == [[CONTEST]]
            assert await feed.poll(session) is False and state["conditional"] == 1  # 304
            state["status"] = 503
            assert await feed.poll(session) is False
            assert await feed.poll(session) is False
            assert feed.failures == 2 and feed.delay() == 4.0  # doubled per failure
            assert len(reports) == 1 and "503" in reports[0]  # reported, not every time
            state["status"] = 200
            await feed.poll(session)
            assert feed.failures == 0 and feed.delay() == 1.0
        assert len(applied) == 1  # nothing new was applied twice
    finally:
        await runner.cleanup()


def test_a_url_feed_keeps_the_files_own_name():
    from bot.live.feeds import feed_file_name

    assert feed_file_name("https://x.org/d/HoC-GE2029-results.csv?v=3") == "HoC-GE2029-results.csv"
    assert feed_file_name("https://x.org/") == "results.csv"
    assert feed_file_name("https://x.org/.hidden") == "results.csv"
