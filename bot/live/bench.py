"""Election-night measurements for `python -m bot bench`: applying a declaration, and loop lag."""

from __future__ import annotations

import asyncio
import contextlib
import csv
import statistics
import tempfile
import time
from pathlib import Path

import yaml

from bot.kb.knowledge import KnowledgeBase
from bot.live.cli import start
from bot.live.count import FeedCount, start_worker
from bot.store import KnowledgeStore


def _ms(seconds: list[float]) -> str:
    ordered = sorted(seconds)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return (
        f"p50 {statistics.median(ordered) * 1e3:.2f} ms  p99 {p99 * 1e3:.2f} ms  "
        f"max {ordered[-1] * 1e3:.2f} ms  (n={len(ordered)})"
    )


def apply_costs(kb: KnowledgeBase, election: str) -> tuple[list[float], list[float]]:
    """Seconds to apply each declaration of a replayed night, and to derive its 'so far' view.

    Applying is what every declaration costs; the view is derived only when a question needs it
    (here after every declaration: the worst case, a question between every two results).
    """
    night, plan = start(kb, election)
    applying, viewing = [], []
    for key in plan.keys:
        started = time.perf_counter()
        night.declare(key)
        middle = time.perf_counter()
        night.view()
        applying.append(middle - started)
        viewing.append(time.perf_counter() - middle)
    return applying, viewing


@contextlib.asynccontextmanager
async def loop_lag(tick: float):
    """Lateness of a ticker on the event loop while the body runs: how long the loop was blocked."""
    lags: list[float] = []
    done = asyncio.Event()

    async def ticker() -> None:
        while not done.is_set():
            expected = time.perf_counter() + tick
            await asyncio.sleep(tick)
            lags.append(max(0.0, time.perf_counter() - expected))

    task = asyncio.create_task(ticker())
    await asyncio.sleep(tick * 2)
    try:
        yield lags
    finally:
        done.set()
        await task


async def _lag_while_replaying(kb: KnowledgeBase, election: str, tick: float) -> list[float]:
    """Lateness of a ticker on the loop while every declaration is applied (view in a thread)."""
    night, plan = start(kb, election)
    async with loop_lag(tick) as lags:
        for key in plan.keys:
            night.declare(key)  # on the loop: the seat's figures and the tally
            await asyncio.to_thread(night.view)  # the 'so far' view, as the live path derives it
    return lags


def bench_night(kb: KnowledgeBase, build_seconds: float) -> None:
    elections = [e.id for e in kb.real_elections() if e.id in ("2019", "2024")]
    if not elections:
        print("election night: no 2019 or 2024 results loaded, nothing to replay")
        return
    election = elections[0]
    applying, viewing = apply_costs(kb, election)
    both = [a + v for a, v in zip(applying, viewing, strict=True)]
    print(
        f"election night ({election}, {len(applying)} declarations, full build {build_seconds:.3f} s):"
    )
    for label, costs in (
        ("apply one declaration", applying),
        ("derive the 'so far' view (when a question needs it)", viewing),
        ("both together", both),
    ):
        print(
            f"  {label}: {_ms(costs)}; worst {100 * max(costs) / build_seconds:.2f}% "
            f"and mean {100 * statistics.fmean(costs) / build_seconds:.3f}% of a full build (limit 2%)"
        )
    lags = asyncio.run(_lag_while_replaying(kb, election, 0.005))
    print(
        f"  event-loop lag while applying every declaration (view derived in a thread): {_ms(lags)} (limit 50 ms)"
    )
    bench_feed(kb, election, build_seconds)
    bench_big_feed_file(kb, election)


def _contest_yaml(contest) -> str:
    """One declared contest in our YAML, as a feed would drop it into the results folder."""
    entry = {
        "election": contest.election,
        "constituency": contest.name,
        "ons_id": contest.ons_id,
        "electorate": contest.electorate,
        "declared_at": contest.declared_at,
        "candidates": [
            {"name": c.name, "party": c.party, "votes": c.votes} for c in contest.candidacies
        ],
    }
    return yaml.safe_dump({"contests": [{k: v for k, v in entry.items() if v is not None}]})


async def _feed_night(kb: KnowledgeBase, election: str, folder: Path, tick: float):
    """Every seat of the night dropped into a results folder as its own file, in order: the
    seconds each took to read, validate, declare onto the live base and serve, and the loop's
    lag meanwhile. The base knows who stood (nominations), as it would on a real night."""
    night, plan = start(kb, election)
    store = KnowledgeStore([], night.base, night.engine)
    count = FeedCount(store, folder)
    count.resume(night)
    costs: list[float] = []
    async with loop_lag(tick) as lags:
        for key in plan.keys:
            path = folder / f"{key}.yaml"
            path.write_text(_contest_yaml(night.results[key]), encoding="utf-8")
            started = time.perf_counter()
            result = await count.apply([path])
            costs.append(time.perf_counter() - started)
            live = store.current.kb
            if not result.ok or result.declared != 1 or live.report is not night.base.report:
                raise RuntimeError(f"the feed did not declare {key} onto the live base: {result}")
    return costs, lags, night


def bench_feed(kb: KnowledgeBase, election: str, build_seconds: float) -> None:
    with tempfile.TemporaryDirectory() as folder:
        costs, lags, night = asyncio.run(_feed_night(kb, election, Path(folder), 0.005))
    print(
        f"  results folder, one file per declaration ({night.declared} of {night.total} "
        f"declared, none rebuilt): {_ms(costs)}; worst {100 * max(costs) / build_seconds:.2f}% "
        "of a full build (limit 2%)"
    )
    print(f"  event-loop lag while the folder's files are applied: {_ms(lags)} (limit 50 ms)")


BIG_FEED_BYTES = 29_000_000  # a results file near the 30 MB a feed file may be


def write_big_feed(night, path: Path, size: int = BIG_FEED_BYTES) -> int:
    """Every result of the night in the Library's candidate layout, each row padded with a notes
    column (ignored by the reader) until the file is `size` bytes: a feed file as big as allowed."""
    rows = [
        (key, contest, candidacy)
        for key, contest in night.results.items()
        for candidacy in contest.candidacies
    ]
    padding = "x" * min(100_000, max(0, size // max(1, len(rows)) - 120))  # csv's field limit
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(
            [
                "ONS ID",
                "Constituency name",
                "Party name",
                "Party abbreviation",
                "Candidate first name",
                "Candidate surname",
                "Votes",
                "Notes",
            ]
        )
        for key, contest, c in rows:
            first, _, surname = (c.name or "").rpartition(" ")
            writer.writerow(
                [contest.ons_id or key, contest.name, c.party_name, c.party, first, surname]
                + [c.votes, padding]
            )
    return len(rows)


async def _lag_while_reading_a_big_file(kb: KnowledgeBase, election: str, folder: Path, tick):
    """The loop's lag while a 29 MB feed file with every result of the night is read, validated
    and declared (nominations known, as on a real night)."""
    night, _ = start(kb, election)
    store = KnowledgeStore([], night.base, night.engine)
    count = FeedCount(store, folder)
    count.resume(night)
    path = folder / f"HoC-GE{election}-results-by-candidate.csv"
    rows = write_big_feed(night, path)
    await start_worker()  # once a night, before the first file
    async with loop_lag(tick) as lags:
        started = time.perf_counter()
        result = await count.apply([path])
        seconds = time.perf_counter() - started
    return lags, seconds, result, rows, path.stat().st_size


def bench_big_feed_file(kb: KnowledgeBase, election: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        lags, seconds, result, rows, size = asyncio.run(
            _lag_while_reading_a_big_file(kb, election, Path(folder), 0.005)
        )
    print(
        f"  a {size / 1e6:.0f} MB results file ({rows:,} rows, every seat): applied in "
        f"{seconds:.2f} s, {result.declared} declared; event-loop lag meanwhile: {_ms(lags)} "
        "(limit 50 ms)"
    )


async def _lag_while_reloading(store: KnowledgeStore, times: int, tick: float) -> list[float]:
    """Lateness of a ticker on the loop while the store rebuilds and swaps its base."""
    async with loop_lag(tick) as lags:
        for _ in range(times):
            result = await store.reload("bench")
            if not result.ok:
                raise RuntimeError(f"the reload failed: {result.problems[:3]}")
    return lags


async def _lag_while_idle(seconds: float, tick: float) -> list[float]:
    async with loop_lag(tick) as lags:
        await asyncio.sleep(seconds)
    return lags


def bench_reload(paths: list[Path], times: int = 3) -> None:
    """Event-loop lag during a reload: the build, indexes, comparison and freeing of the old base;
    beside it, the same ticker's lag with nothing running, which is what the machine adds."""
    store = KnowledgeStore.load(paths)
    started = time.perf_counter()
    lags = asyncio.run(_lag_while_reloading(store, times, 0.005))
    each = (time.perf_counter() - started) / times
    idle = asyncio.run(_lag_while_idle(2.0, 0.005))
    print(
        f"event-loop lag during a reload ({times} reloads, {each:.2f} s each): {_ms(lags)} "
        f"(limit 50 ms); with nothing running, just after: {_ms(idle)}"
    )


def bench_capacity(kb: KnowledgeBase, election: str = "2019") -> None:
    """The capacity model (bot/live/capacity.py): the night's declaration times through the
    announcer's scheduling under Discord's limits, simulated, for each mode and size."""
    from bot.live.capacity import CASES, choose, night_events, simulate
    from bot.live.fanout import LIMITS

    if election not in kb.contests:
        print(f"capacity model: no {election} results loaded, nothing to replay")
        return
    started = time.perf_counter()
    events = night_events(kb, election)
    print(
        f"capacity model ({election}, {len(events)} declarations, simulated time; limits: "
        f"{LIMITS.global_per_second:.0f} requests/s for the bot, {LIMITS.channel_messages} "
        f"messages/{LIMITS.channel_window:.0f} s a channel, {LIMITS.publishes_per_hour} "
        "publishes/hour from the hub):"
    )
    for channels in (10, 1_000, 10_000, 100_000):
        outcomes = [simulate(events, mode, channels) for mode in CASES]
        for outcome in outcomes:
            print("  " + outcome.line())
        best = choose(outcomes)
        verdict = "on time" if best.on_time() else "late: no mode keeps this size on time"
        print(
            f"  recommended at {channels} channels: {best.mode} (worst lag {best.worst:.0f} s, "
            f"milestones {best.milestone_worst:.0f} s; {verdict})"
        )
    print(f"  the model's own run time: {time.perf_counter() - started:.1f} s")
