"""`bench`: knowledge-base build time and memory, and answer latency, measured in one process."""

from __future__ import annotations

import difflib
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bot.answer.text import render_text
from bot.engine import Engine
from bot.kb.build import build


def _p(samples_ns: list[int], q: float) -> float:
    ordered = sorted(samples_ns)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))] / 1e6


def _percentiles(samples_ns: list[int]) -> str:
    ordered = sorted(samples_ns)
    mean = statistics.fmean(ordered) / 1e6
    return (
        f"p50 {_p(ordered, 0.5):.3f} ms  p99 {_p(ordered, 0.99):.3f} ms  mean {mean:.3f} ms  "
        f"max {ordered[-1] / 1e6:.3f} ms  (n={len(ordered)})"
    )


def time_each(items: list[str], answer: Callable[[str], object], repeat: int) -> list[int]:
    for item in items:  # warm caches once
        answer(item)
    samples = []
    for _ in range(repeat):
        for item in items:
            started = time.perf_counter_ns()
            answer(item)
            samples.append(time.perf_counter_ns() - started)
    return samples


def free_text_questions(engine: Engine) -> list[str]:
    """Questions over every seat and the main people, in several phrasings."""
    kb = engine.kb
    questions = []
    for election in kb.real_elections()[-2:]:  # every seat of the two latest elections
        for number, contest in enumerate(kb.contests[election.id].values()):
            questions.append(f"Who won {contest.name} in {election.id}?")
            questions.append(f"What was the turnout in {contest.name}?")
            if number % 4 == 0:  # a typo: one letter dropped from the middle of the name
                middle = len(contest.name) // 2
                questions.append(f"who won {contest.name[:middle] + contest.name[middle + 1 :]}")
    questions += [
        "How many seats did the Lib Dems win?",
        "Which seat had the smallest majority in 2019?",
        "When did a former prime minister last lose their seat?",
        "What was Liz Truss's majority in 2019?",
        "zxqv plorb",
        "When did Labour last win South West Norfolk?",
        "History of South West Norfolk",
        "How many seats did Labour win in 1945?",
        "What was the lowest turnout ever?",
    ]
    return questions


def query_model_questions(engine: Engine) -> dict[str, list[str]]:
    """The kinds of question the query model added: places, comparisons, rankings within a place."""
    places = [
        "england", "scotland", "wales", "northern ireland", "the north east", "the north west",
        "yorkshire", "the east midlands", "the west midlands", "the east of england", "london",
        "the south east", "the south west",
    ]  # fmt: skip
    parties = ["labour", "tory", "lib dem", "green", "reform", "snp"]
    kb = engine.kb
    latest = [e.id for e in kb.real_elections()][-2:]
    seats = list(kb.contests[latest[-1]].values())[::25]
    return {
        "places": [f"{party} seats in {place}" for place in places for party in parties]
        + [f"{party} share in {place} {latest[0]}" for place in places for party in parties],
        "rankings within a place": [
            f"{measure} in {place} {election}"
            for place in places
            for measure in ("lowest turnout", "smallest majority", "safest seat", "most candidates")
            for election in latest
        ],
        "comparisons": [
            f"{party} {what} {latest[0]} vs {latest[-1]}"
            for party in parties
            for what in ("seats", "votes", "share")
        ]
        + [
            f"{party} seats in {place} since {latest[0]}"
            for place in places
            for party in parties[:3]
        ]
        + [f"who won {c.name} in {latest[0]} and {latest[-1]}" for c in seats],
    }


def chart_requests(kb) -> dict[str, list]:
    """Every chart each kind can draw from this base (results: every seat of the two latest)."""
    from bot.answer.charts import history_charts, national_charts, result_charts

    latest = kb.real_elections()[-2:]
    seats = [kb.facts_for(c) for e in latest for c in kb.contests[e.id].values()]
    requests: dict[str, list] = {
        "result": [],
        "house": [],
        "changes": [],
        "history": [],
        "night": [],
    }
    for facts in seats:
        requests["result"].extend(result_charts(kb, facts))
    if any(f.contest.party_level for f in kb.facts.values()):  # history needs the 1918-2019 file
        requests["history"] = [r for f in seats[-650:] for r in history_charts(kb, f)]
    for national in kb.national.values():
        for request in national_charts(national):
            requests[request.kind].append(request)
        if national.changed_hands:
            from bot.answer.models import ChartRequest

            requests["changes"].append(ChartRequest("changes", national.election.id))
    requests["map"] = map_requests(kb)
    return {kind: found for kind, found in requests.items() if found}


def map_requests(kb) -> list:
    """Maps of every election a layout fits: each kind of shading, two places and a seat."""
    from bot.answer.models import ChartRequest
    from bot.hexlayout import layout_name

    found = []
    for election in kb.real_elections():
        national = kb.national.get(election.id)
        if national is None or layout_name(election.year, election.notional) is None:
            continue
        top = [p.party for p in national.parties[:2]]
        found += [
            ChartRequest("map", election.id, mode="winner"),
            ChartRequest("map", election.id, mode="changed"),
            *(ChartRequest("map", election.id, mode="share", party=p) for p in top),
            ChartRequest("map", election.id, mode="second", party=top[-1]),
            ChartRequest("map", election.id, mode="won", party=top[0]),
            ChartRequest("map", election.id, mode="winner", place=("nation", "Scotland")),
            ChartRequest("map", election.id, mode="winner", place=("region", "London")),
            ChartRequest("map", election.id, seat=kb.contest_key(national.contests[0].contest)),
        ]
    return found


def bench_charts(kb, repeat: int) -> None:
    """Chart rendering: each kind uncached (drawn every time), then every chart from the cache."""
    from bot import charts

    requests = chart_requests(kb)
    charts.render_chart(kb, next(iter(requests.values()))[0])  # load the font once
    for kind, found in requests.items():
        samples = time_each(
            found,
            lambda request: charts.render_chart(kb, request),
            1 if len(found) > 100 else repeat,
        )
        print(f"chart {kind} ({len(found)} charts), uncached: {_percentiles(samples)}")
    # As many charts as the cache holds, a few of each kind: drawn once to warm, then served.
    every = [r for found in requests.values() for r in found[: charts.CACHE_SIZE // len(requests)]]
    charts.forget(kb)
    cached = time_each(every, lambda request: charts.chart_png(kb, request), repeat)
    print(f"charts from the cache ({len(every)} charts): {_percentiles(cached)}")


def run_bench(paths: list[Path], repeat: int = 3) -> int:
    """Build the base from `paths`, then time every kind of answer in this one process."""
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    kb = build(paths)
    build_seconds = time.perf_counter() - started
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    engine_started = time.perf_counter()
    engine = Engine(kb)
    _ = engine.understanding  # build the free-text indexes too
    engine_seconds = time.perf_counter() - engine_started
    counts = kb.counts()
    print(
        f"knowledge base: {counts['contests']:,} contests, {counts['candidacies']:,} candidacies, "
        f"{counts['people']:,} people from {', '.join(map(str, paths))}"
    )
    print(f"build: {build_seconds:.3f} s  (+ name indexes {engine_seconds:.3f} s)")
    print(
        f"peak memory (RSS): {rss_after / 1024:.0f} MiB, of which the build added {(rss_after - rss_before) / 1024:.0f} MiB"
    )
    print(f"resident memory after the build (RSS now): {_rss_now_mib():.0f} MiB")

    def answer(question: str) -> str:
        return render_text(engine.ask(question))

    elections = kb.real_elections()
    # The same !result questions whatever is loaded: every seat of the two latest elections, so a
    # base with a century of history can be compared with one of 2019 and 2024 alone.
    latest = [
        f"!result {c.name} {e.id}" for e in elections[-2:] for c in kb.contests[e.id].values()
    ]
    print(
        f"!result over every seat of {', '.join(e.id for e in elections[-2:])}: "
        f"{_percentiles(time_each(latest, answer, repeat))}"
    )
    older = [f"!result {c.name} {e.id}" for e in elections[:-2] for c in kb.contests[e.id].values()]
    if older:
        print(
            f"!result over every older seat ({elections[0].id}-{elections[-3].id}): "
            f"{_percentiles(time_each(older, answer, 1))}"
        )

    questions = free_text_questions(engine)
    free = time_each(questions, answer, repeat)
    print(f"free-text questions: {_percentiles(free)}")
    for kind, asked in query_model_questions(engine).items():
        print(f"  {kind}: {_percentiles(time_each(asked, answer, repeat))}")
    names = list(engine.seats.index.exact)
    # difflib is slow: time it on a sample of the same questions (every fourth one).
    baseline = [q.split(" in ")[0].removeprefix("Who won ").lower() for q in questions[::4]]
    naive = time_each(baseline, lambda name: difflib.get_close_matches(name, names, n=3), repeat)
    print(
        f"naive baseline (difflib.get_close_matches over the same seat names): {_percentiles(naive)}"
    )
    print(
        f"free text vs the naive baseline, this run: p50 {_p(naive, 0.5) / _p(free, 0.5):.0f}x, "
        f"p99 {_p(naive, 0.99) / _p(free, 0.99):.1f}x faster"
    )
    from bot.projection_bench import bench_projection  # issue 21

    bench_projection(
        kb, answer, time_each, lambda what, samples: print(f"{what}: {_percentiles(samples)}")
    )
    bench_charts(kb, repeat)
    from bot.live.bench import bench_night

    bench_night(kb, build_seconds)
    from bot.live.bench import bench_capacity

    bench_capacity(kb)
    from bot.live.bench import bench_reload

    bench_reload(paths)
    bench_snapshot(kb, engine, paths)
    bench_start(paths)
    return 0


def _rss_now_mib() -> float:
    """This process's resident memory now (Linux), else its peak."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_snapshot(kb, engine: Engine, paths: list[Path]) -> None:
    """Writing and reading the snapshot of the built base, in this process."""
    from bot.kb import snapshot

    with tempfile.TemporaryDirectory() as data:
        folder = snapshot.folder_in(Path(data))
        started = time.perf_counter()
        key = snapshot.fingerprint(paths)
        fingerprinted = time.perf_counter()
        written = snapshot.save(folder, paths, key, (kb, engine))
        saved = time.perf_counter()
        loaded = snapshot.load(folder, paths, key)
        read = time.perf_counter()
        size = written.stat().st_size / 2**20 if written else 0
    if loaded is None:
        print("snapshot: could not be written or read back (see the log)")
        return
    print(
        f"snapshot: fingerprint of the files and code {fingerprinted - started:.3f} s, "
        f"write {saved - fingerprinted:.3f} s, read back {read - saved:.3f} s ({size:.0f} MiB)"
    )


def _timed_run(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - started


def bench_start(paths: list[Path]) -> None:
    """Cold starts of `python -m bot ask`, each a new process: without a snapshot (it builds, then
    writes one), with it, and the imports alone (the floor)."""
    from bot.kb import snapshot

    imports = (
        "import bot.__main__, bot.console, bot.engine, bot.store, bot.settings, bot.answer.text"
    )
    ask = [sys.executable, "-m", "bot", "ask"]
    for path in paths:
        ask += ["--kb", str(path)]
    ask.append("!result South West Norfolk")
    with tempfile.TemporaryDirectory() as data:
        env = {**os.environ, "DATA_DIR": data}
        floor = [_timed_run([sys.executable, "-c", imports], env) for _ in range(3)]
        building = []
        for _ in range(2):
            shutil.rmtree(snapshot.folder_in(Path(data)), ignore_errors=True)
            building.append(_timed_run(ask, env))
        loading = [_timed_run(ask, env) for _ in range(3)]
    floor_s, with_s = statistics.median(floor), statistics.median(loading)
    print(
        f"cold start of `ask` (median of 3; a new process each): imports alone {floor_s:.2f} s; "
        f"without a snapshot (builds, then writes it) {statistics.median(building):.2f} s; "
        f"from the snapshot {with_s:.2f} s = {with_s / floor_s:.1f}x the imports (limit 3x)"
    )
