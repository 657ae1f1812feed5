"""A real night from a feed: new result files become 'so far' answers and announcements, once."""

from __future__ import annotations

from bot.answer.text import render_text
from bot.db.database import Database, default_url
from bot.kb.build import SHIPPED_KNOWLEDGE
from bot.live.announcer import Announcer
from bot.live.count import live_apply
from bot.store import KnowledgeStore
from tests.conftest import DATA, needs_data

HENDON = (
    "contests:\n"
    "  - election: '2024'\n"
    "    constituency: Hendon\n"
    "    candidates:\n"
    "      - {name: David Pinto-Duschinsky, party: Lab, votes: 15855}\n"
    "      - {name: Ameet Jogia, party: Con, votes: 15840}\n"
)


@needs_data
async def test_feed_files_are_counted_served_and_announced_once(tmp_path):
    store = KnowledgeStore.load([SHIPPED_KNOWLEDGE, DATA / "ge2019"])  # 2024: the sample's one seat
    database = await Database.open(default_url(tmp_path))
    await database.update_server(1, results_channel_id=10)
    sent, reports = [], []

    async def send(post):
        sent.append((post.destination, post.item, post.title))

    async def report(text):
        reports.append(text)

    announcer = Announcer(database, send)
    announcer.start()
    folder = tmp_path / "incoming"
    folder.mkdir()
    apply = live_apply(store, folder, report, announcer)
    try:
        (folder / "hendon.yaml").write_text(HENDON, encoding="utf-8")
        assert (await apply([folder / "hendon.yaml"])).ok
        await announcer.drain()
        kb = store.current.kb
        assert len(kb.progress["2024"].order) == 2 and kb.progress["2024"].total == 650
        text = render_text(store.engine.ask("!national 2024"))
        assert "2 of 650 declared" in text and "648 seats are still to declare" in text
        assert [title for _, item, title in sent if item.startswith("seat:")] == [
            "Hendon (2 of 650): Lab win"
        ]
        serving = store.current
        (folder / "bad.yaml").write_text("contests: [\n", encoding="utf-8")
        assert not (await apply([folder / "bad.yaml"])).ok
        assert reports and "bad.yaml" in reports[0]
        assert store.current is serving  # still serving the count so far
        (folder / "bad.yaml").unlink()
        assert (await apply([folder / "hendon.yaml"])).ok  # the same file again: nothing new
        await announcer.drain()
        assert len([s for s in sent if s[1].startswith("seat:")]) == 1
    finally:
        await announcer.stop()
        await database.close()
