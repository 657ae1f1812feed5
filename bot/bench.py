"""`bench`: knowledge-base build time and memory, and answer latency, measured in one process."""

from __future__ import annotations

import difflib
import resource
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from bot.answer.text import render_text
from bot.engine import Engine
from bot.kb.build import build


def _percentiles(samples_ns: list[int]) -> str:
    ordered = sorted(samples_ns)
    p50 = ordered[len(ordered) // 2] / 1e6
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] / 1e6
    mean = statistics.fmean(ordered) / 1e6
    return f"p50 {p50:.3f} ms  p99 {p99:.3f} ms  mean {mean:.3f} ms  max {ordered[-1] / 1e6:.3f} ms  (n={len(ordered)})"


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
    return {kind: found for kind, found in requests.items() if found}


def bench_charts(kb, repeat: int) -> None:
    """Chart rendering: each kind uncached (drawn every time), then every chart from the cache."""
    from bot import charts

    requests = chart_requests(kb)
    charts.render_chart(kb, next(iter(requests.values()))[0])  # load the font once
    for kind, found in requests.items():
        samples = time_each(
            found, lambda r: charts.render_chart(kb, r), 1 if len(found) > 100 else repeat
        )
        print(f"chart {kind} ({len(found)} charts), uncached: {_percentiles(samples)}")
    # As many charts as the cache holds, a few of each kind: drawn once to warm, then served.
    every = [r for found in requests.values() for r in found[: charts.CACHE_SIZE // len(requests)]]
    charts.forget(kb)
    cached = time_each(every, lambda r: charts.chart_png(kb, r), repeat)
    print(f"charts from the cache ({len(every)} charts): {_percentiles(cached)}")


def run_bench(paths: list[Path], repeat: int = 3) -> int:
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

    commands = [
        f"!result {contest.name} {election.id}"
        for election in kb.real_elections()
        for contest in kb.contests[election.id].values()
    ]
    print(
        f"!result (resolve, compute, render) over every seat: "
        f"{_percentiles(time_each(commands, lambda q: render_text(engine.ask(q)), repeat))}"
    )

    questions = free_text_questions(engine)
    print(
        f"free-text questions: "
        f"{_percentiles(time_each(questions, lambda q: render_text(engine.ask(q)), repeat))}"
    )
    names = list(engine.seats.exact)
    # difflib is slow: time it on a sample of the same questions (every fourth one).
    baseline = [q.split(" in ")[0].removeprefix("Who won ").lower() for q in questions[::4]]
    print(
        f"naive baseline (difflib.get_close_matches over the same seat names): "
        f"{_percentiles(time_each(baseline, lambda q: difflib.get_close_matches(q, names, n=3), repeat))}"
    )
    bench_charts(kb, repeat)
    return 0
