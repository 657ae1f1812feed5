"""Charts: answers as pictures (PNG, drawn with Pillow). Knows nothing of Discord.

`render_chart(kb, request)` draws one chart from the knowledge base; `chart_png(kb, request)` is
the same through a cache kept per knowledge-base snapshot, so a chart asked for twice is drawn
once, and a reload (a new snapshot) starts afresh.
"""

from __future__ import annotations

import re
import threading
import weakref
from collections import OrderedDict

from bot.answer.models import ChartRequest
from bot.charts.changes import draw_changes
from bot.charts.hexmap import NoMap, draw_plan, plan_map
from bot.charts.house import draw_house
from bot.charts.night import draw_night
from bot.charts.result import draw_result
from bot.charts.seat_history import draw_history
from bot.charts.swingometer import draw_swingometer
from bot.kb.knowledge import KnowledgeBase


class ChartError(LookupError):
    """The knowledge base cannot draw this chart (an unknown seat or election)."""


def _seat_facts(kb: KnowledgeBase, request: ChartRequest):
    facts = kb.facts.get((request.election, request.seat or ""))
    if facts is None:
        raise ChartError(f"no result for seat {request.seat!r} in {request.election}")
    return facts


def _national(kb: KnowledgeBase, request: ChartRequest):
    national = kb.national.get(request.election)
    if national is None:
        raise ChartError(f"no results for election {request.election!r}")
    return national


def _map_plan(kb: KnowledgeBase, request: ChartRequest):
    try:
        return plan_map(kb, request)
    except NoMap as error:
        raise ChartError(str(error)) from None


def _swingometer(kb: KnowledgeBase, request: ChartRequest):
    if len(request.parties) != 2:
        raise ChartError("a swingometer needs two parties")
    return _national(kb, request), request.parties, request.swing


# Each kind: what it is drawn from, and how.
DRAWERS = {
    "result": (_seat_facts, draw_result),
    "history": (_seat_facts, draw_history),
    "house": (_national, draw_house),
    "changes": (_national, draw_changes),
    "night": (_national, draw_night),
    "map": (_map_plan, draw_plan),
    "swingometer": (_swingometer, draw_swingometer),
}


def render_chart(kb: KnowledgeBase, request: ChartRequest) -> bytes:
    """Draw one chart as PNG bytes (uncached)."""
    if request.kind not in DRAWERS:
        raise ChartError(f"unknown chart kind {request.kind!r}")
    subject, draw = DRAWERS[request.kind]
    return draw(kb, subject(kb, request)).png()


def filename(request: ChartRequest) -> str:
    """A file name for the chart: result-2024-E14001497.png."""
    parts = [request.kind, request.election] + ([request.seat] if request.seat else [])
    if request.kind == "map":  # what the map shows, where, and at which point of a count
        parts += [p for p in (request.mode, request.party) if p and p != "winner"]
        parts += [request.place[1]] if request.place and request.place[0] != "uk" else []
        parts += [f"{request.declared}-declared"] if request.declared is not None else []
    parts += [*request.parties] + (
        [f"swing{request.swing:.1f}"] if request.swing is not None else []
    )
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", "-".join(parts)).strip("-") + ".png"


# The cache: per knowledge base (by identity, dropped when that base is freed or forgotten).

CACHE_SIZE = 256  # charts per snapshot; a PNG is 10-60 kB
_lock = threading.Lock()
_caches: dict[int, OrderedDict[ChartRequest, bytes]] = {}
_drawn = 0  # how many charts were drawn (not served from the cache), for tests and the bench


def drawn() -> int:
    return _drawn


def forget(kb: KnowledgeBase) -> None:
    """Drop a snapshot's charts (the store calls this when it swaps in a new knowledge base)."""
    with _lock:
        _caches.pop(id(kb), None)


def chart_png(kb: KnowledgeBase, request: ChartRequest) -> bytes:
    """The chart's PNG, drawn once per snapshot and request."""
    global _drawn
    key = id(kb)
    with _lock:
        cache = _caches.get(key)
        if cache is not None and request in cache:
            cache.move_to_end(request)
            return cache[request]
    png = render_chart(kb, request)
    with _lock:
        _drawn += 1
        cache = _caches.get(key)
        if cache is None:
            cache = _caches[key] = OrderedDict()
            # A freed base's id can be reused: its charts go with it.
            weakref.finalize(kb, forget_id, key)
        cache[request] = png
        while len(cache) > CACHE_SIZE:
            cache.popitem(last=False)
    return png


def forget_id(key: int) -> None:
    with _lock:
        _caches.pop(key, None)
