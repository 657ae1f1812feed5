"""Bench lines for projections (issue 21): the arithmetic alone and the whole answer through ask."""

from __future__ import annotations

import gc
from collections.abc import Callable

from bot.places import PLACE_FORMS, UK
from bot.projection.base import build_baseline
from bot.projection.needed import MAJORITY, goal_test, search
from bot.projection.swing import project
from bot.projection.targets import targets

WHAT_IFS = [
    "what if labour fell 5 points and reform rose 5",
    "swing of 3 points from labour to the conservatives",
    "what if the lib dems gained 4",
    "on a 5 point swing",
    "what if reform got 30% and labour fell 6",
    "proportional swing of 4 from labour to reform",
]
GOALS = [
    "what swing do the tories need for a majority",
    "how far is reform from largest party",
    "what swing would the lib dems need for a majority",
    "what swing is needed for a hung parliament",
]
TARGET_PARTIES = ["labour", "conservative", "lib dem", "reform", "green", "snp"]


def bench_projection(kb, ask: Callable[[str], object], timer, report) -> None:
    """Time projections of the latest general election, if it has a national result.

    Timed as the running bot answers: with the loaded base left out of garbage collection
    (bot.store.exempt_from_gc freezes it), else a full collection over millions of objects lands in the tail.
    """
    gc.freeze()
    try:
        _bench(kb, ask, timer, report)
    finally:
        gc.unfreeze()


def _bench(kb, ask: Callable[[str], object], timer, report) -> None:
    latest = [e for e in kb.real_elections() if e.id in kb.national and not e.by_election]
    if not latest:
        return
    national = kb.national[latest[-1].id]
    base = build_baseline(national)
    order = [p for p in base.leaders() if p not in {"Spk", "Ind"}]
    if len(order) < 2 or base.size < 100:
        return  # a sample: nothing worth projecting
    first, second = order[0], order[1]
    changes = [{first: -s, second: s} for s in (1.0, 2.5, 5.0, 7.5, 10.0)] + [
        {p: 3.0} for p in order[:6]
    ]
    report(
        f"uniform-swing projection over {base.size} seats (arithmetic)",
        timer(changes, lambda change: project(base, change), 20),
    )
    report("uniform-swing what-if questions (whole answer)", timer(WHAT_IFS, ask, 5))
    report(
        "swing needed for a majority (arithmetic)",
        timer(
            order[:6],
            lambda party: search(
                base, first if party != first else second, party, goal_test(base, party, MAJORITY)
            ),
            5,
        ),
    )
    report("'what swing is needed for a majority' (whole answer)", timer(GOALS, ask, 5))
    places = [p for p in dict.fromkeys(PLACE_FORMS.values()) if p != UK]
    pairs = [(p, place) for p in order[:6] for place in places]
    report(
        "targets in a place (arithmetic)",
        timer(pairs, lambda pair: targets(base, pair[0], pair[1], limit=10), 20),
    )
    names = ["scotland", "wales", "london", "the north east", "the south west", "england"]
    questions = [f"{party} targets in {place}" for party in TARGET_PARTIES for place in names]
    report("targets in a place (whole answer)", timer(questions, ask, 5))
    from bot.answer.models import ChartRequest
    from bot.charts import render_chart

    election = base.election.id
    charts = [ChartRequest("swingometer", election, parties=(first, p)) for p in order[1:6]]
    charts += [
        ChartRequest("swingometer", election, parties=(first, second), swing=s) for s in (2.5, 5.0)
    ]
    report(
        "chart swingometer, uncached", timer(charts, lambda request: render_chart(kb, request), 2)
    )
