"""A real night from a feed: new result files become 'so far' answers and announcements, once."""

from __future__ import annotations

import csv

from bot.answer.text import render_text
from bot.db.database import Database
from bot.kb.build import SHIPPED_KNOWLEDGE, build
from bot.live.announcer import Announcer
from bot.live.count import live_apply
from bot.settings import default_url
from bot.store import KnowledgeStore
from tests.helpers.data import DATA, needs_data
from tests.helpers.nominations import CANDIDATES_2024, blank_votes, official

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


def _feed_file(path, seats: set[str], change: dict[str, int] | None = None) -> None:
    """The Library's 2024 layout with only these seats' rows: a feed as results come in."""
    with CANDIDATES_2024.open(encoding="utf-8-sig", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["Constituency name"] in seats]
    for row in rows:
        name = f"{row['Candidate first name']} {row['Candidate surname']}"
        row["Votes"] = str((change or {}).get(name, row["Votes"]))
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


@needs_data
async def test_nominated_seats_declare_onto_the_live_base_without_a_rebuild(tmp_path):
    nominations = tmp_path / "nominations"
    nominations.mkdir()
    blank_votes(CANDIDATES_2024, nominations / "HoC-GE2024-candidates.csv")
    store = KnowledgeStore.load([SHIPPED_KNOWLEDGE, DATA / "ge2019", nominations])
    database = await Database.open(default_url(tmp_path))
    await database.update_server(1, results_channel_id=10)
    sent, reports = [], []

    async def send(post):
        sent.append(post.title)

    async def report(text):
        reports.append(text)

    announcer = Announcer(database, send)
    announcer.start()
    folder = tmp_path / "incoming"
    folder.mkdir()
    feed = folder / "HoC-GE2024-results-by-candidate.csv"
    apply = live_apply(store, folder, report, announcer)
    try:
        _feed_file(feed, {"Hendon"})
        first = await apply([feed])  # the first file: a full, validated reload
        assert first.ok and first.declared == 1
        built = store.current.kb.report
        _feed_file(feed, {"Hendon", "Chipping Barnet"})
        second = await apply([feed])
        assert second.ok and second.declared == 1
        assert store.current.kb.report is built  # declared onto the live base, not rebuilt
        await announcer.drain()
        assert sent == [
            "Hendon (2 of 650): Lab win",
            "Chipping Barnet (3 of 650): Lab win",
        ]
        card = render_text(store.engine.ask("!result Chipping Barnet"))
        for name, votes in official("Chipping Barnet"):
            assert f"{votes:,}" in card and name in card
        assert "3 of 650 declared" in render_text(store.engine.ask("!national"))
        assert "has not declared yet" in render_text(
            store.engine.ask("!result Finchley and Golders Green")
        )

        again = await apply([feed])  # the same file again: nothing new, nothing announced
        assert again.ok and again.declared == 0
        (folder / "bad.yaml").write_text("contests: [\n", encoding="utf-8")
        serving = store.current
        refused = await apply([folder / "bad.yaml"])
        assert not refused.ok and "bad.yaml" in reports[-1]
        assert store.current is serving
        (folder / "bad.yaml").unlink()

        loser = min(official("Hendon"), key=lambda pair: pair[1])[0]
        _feed_file(feed, {"Hendon", "Chipping Barnet"}, {loser: 101})  # a recount, same winner
        corrected = await apply([feed])
        assert corrected.ok and store.current.kb.report is not built  # a correction rebuilds
        assert "101" in render_text(store.engine.ask("!result Hendon"))
        await announcer.drain()
        assert len(sent) == 2  # the winner stands: applied quietly, not announced again

        jogia = "Ameet Jogia"  # second by 15 votes: a recount that makes him the winner
        _feed_file(feed, {"Hendon", "Chipping Barnet"}, {loser: 101, jogia: 15_900})
        assert (await apply([feed])).ok
        assert "15,900" in render_text(store.engine.ask("!result Hendon"))
        await announcer.drain()
        assert sent[2:] == [
            "Correction: Hendon: David Pinto-Duschinsky (Labour) was announced as the winner; "
            "now Ameet Jogia (Conservative) wins, Con win."
        ]
        assert (await apply([feed])).ok  # the same file again: the correction is not repeated
        await announcer.drain()
        assert len(sent) == 3
    finally:
        await announcer.stop()
        await database.close()


def _library_seats() -> list[str]:
    with CANDIDATES_2024.open(encoding="utf-8-sig", newline="") as handle:
        return list(dict.fromkeys(r["Constituency name"] for r in csv.DictReader(handle)))


@needs_data
async def test_the_cheap_path_agrees_with_a_build_through_refusals_withdrawals_and_the_end(
    tmp_path,
):
    """Whatever the feed does, the live base ends as a fresh build of the same files."""
    nominations = tmp_path / "nominations"
    nominations.mkdir()
    blank_votes(CANDIDATES_2024, nominations / "HoC-GE2024-candidates.csv")
    paths = [SHIPPED_KNOWLEDGE, DATA / "ge2019", nominations]
    store = KnowledgeStore.load(paths)
    folder = tmp_path / "incoming"
    folder.mkdir()
    apply = live_apply(store, folder)
    seats = [s for s in _library_seats() if s != "South West Norfolk"]  # the sample's, declared
    first, second = folder / "GE2024-first.csv", folder / "GE2024-second.csv"

    def same_as_a_build() -> None:
        built = build([*paths, folder])
        live = store.current.kb
        assert live.contests["2024"].keys() == built.contests["2024"].keys()
        assert live.national["2024"].parties == built.national["2024"].parties
        assert live.progress.keys() == built.progress.keys()

    _feed_file(first, set(seats[:40]) | {"South West Norfolk"})
    assert (await apply([first])).ok  # a full reload
    built = store.current.kb.report
    _feed_file(first, set(seats[:60]) | {"South West Norfolk"})  # cumulative, re-touching all
    assert (await apply([first])).declared == 20
    assert store.current.kb.report is built  # the declared seats re-read do not force a rebuild
    same_as_a_build()

    # A batch with one bad file is refused whole; its good file counts once the bad one goes.
    _feed_file(second, set(seats[60:70]))
    (folder / "bad.yaml").write_text("contests: [\n", encoding="utf-8")
    assert not (await apply([second, folder / "bad.yaml"])).ok
    (folder / "bad.yaml").unlink()
    await apply([folder / "bad.yaml"])
    same_as_a_build()
    assert len(store.current.kb.contests["2024"]) == 71

    # A seat taken out of the feed is taken out of the base.
    _feed_file(first, set(seats[1:60]) | {"South West Norfolk"})
    assert (await apply([first])).ok
    same_as_a_build()
    assert "has not declared yet" in render_text(store.engine.ask(f"!result {seats[0]}"))

    # The last seats in: the count is complete, and answers stop saying 'so far'.
    _feed_file(second, set(seats[60:]) | {seats[0]})
    assert (await apply([second])).ok
    same_as_a_build()
    assert "2024" not in store.current.kb.progress
    assert "so far" not in render_text(store.engine.ask("!national"))


@needs_data
async def test_the_next_election_from_nominations_to_results(tmp_path):
    """2029, defined in a knowledge file with who stands in two seats; results arrive as YAML."""
    from tests.helpers.nominations import NEXT_ELECTION

    nominations = tmp_path / "nominations"
    nominations.mkdir()
    (nominations / "next.yaml").write_text(NEXT_ELECTION, encoding="utf-8")
    store = KnowledgeStore.load([SHIPPED_KNOWLEDGE, DATA / "ge2024", nominations])
    folder = tmp_path / "incoming"
    folder.mkdir()
    apply = live_apply(store, folder)
    (folder / "hendon.yaml").write_text(
        "contests:\n"
        "  - election: '2029'\n"
        "    constituency: Hendon\n"
        "    candidates:\n"
        "      - {name: David Pinto-Duschinsky, party: Lab, votes: 18000}\n"
        "      - {name: Ameet Jogia, party: Con, votes: 19000}\n"
        "      - {name: Jane Doe, party: Reform UK, votes: 3000}\n",
        encoding="utf-8",
    )
    assert (await apply([folder / "hendon.yaml"])).declared == 1
    assert "1 of 650 declared" in render_text(store.engine.ask("!national"))
    jogia = render_text(store.engine.ask("!candidate Ameet Jogia"))
    assert "defeating the sitting MP, David Pinto-Duschinsky" in jogia
    assert "2024" in jogia  # his 2024 contest is his too: the same person, by name and seat
    loser = render_text(store.engine.ask("!candidate David Pinto-Duschinsky"))
    assert "MP for Hendon until 2029; first elected in 2024" in loser
    assert "Defeated in Hendon in 2029" in loser
