"""A reload frees the old base a piece at a time, off the loop, and never what a reader still holds."""

from __future__ import annotations

import asyncio
import weakref

from bot.answer.text import render_text
from bot.kb.build import SHIPPED_KNOWLEDGE
from bot.store import KnowledgeStore, dismantle, prepare

QUESTIONS = [
    "!result South West Norfolk",
    "!result South West Norfolk 2019",
    "!candidate Liz Truss",
    "!national 2024",
    "who won south west norfolk?",
    "labour seats in the east of england",
    "smallest majority 2019",
]


def test_a_reader_holding_the_old_base_keeps_it_whole_across_a_reload():
    store = KnowledgeStore.load([SHIPPED_KNOWLEDGE])
    held = store.engine  # a question in flight when the reload swaps
    before = [render_text(held.ask(q)) for q in QUESTIONS]
    result = asyncio.run(store.reload("test"))
    assert result.ok and store.engine is not held
    assert [render_text(held.ask(q)) for q in QUESTIONS] == before
    assert [render_text(store.engine.ask(q)) for q in QUESTIONS] == before


def test_what_nobody_else_holds_is_freed_and_what_they_hold_is_left_intact():
    kb, engine = prepare([SHIPPED_KNOWLEDGE])
    kept = kb.contests["2024"]  # one map still in use elsewhere
    seats = dict(kept)
    gone = weakref.ref(engine)
    holder = [(kb, engine)]
    del kb, engine
    dismantle(holder)
    assert holder == [] and gone() is None
    assert kept == seats  # not emptied: someone else refers to it


def test_the_old_base_is_opened_level_by_level_and_small_deep_parts_freed_whole():
    import datetime as dt

    from bot.store import Snapshot, _parts

    kb, engine = prepare([SHIPPED_KNOWLEDGE])
    snapshot = Snapshot(kb, engine, dt.datetime.now(dt.UTC), "test", ())
    children = _parts(snapshot, open_all=True)
    assert kb in children and engine in children and vars(snapshot) == {}
    big = {number: [number] for number in range(1000)}
    assert len(_parts(big, open_all=False)) == 1000 and big == {}
    small = {"one": [1]}
    assert _parts(small, open_all=False) == [] and small == {"one": [1]}
    assert _parts(("a", "b"), open_all=True) == ["a", "b"]


def test_overlapping_reloads_of_two_stores_restore_the_switch_interval():
    import sys

    before = sys.getswitchinterval()
    first, second = (
        KnowledgeStore.load([SHIPPED_KNOWLEDGE]),
        KnowledgeStore.load([SHIPPED_KNOWLEDGE]),
    )

    async def both():
        return await asyncio.gather(first.reload("a"), second.reload("b"))

    assert all(result.ok for result in asyncio.run(both()))
    assert sys.getswitchinterval() == before


def test_a_live_view_served_when_the_reload_swaps_is_let_go_safely():
    from bot.live.cli import start as start_night

    store = KnowledgeStore.load([SHIPPED_KNOWLEDGE])
    night, plan = start_night(store.current.kb, "2024")
    night.declare(plan.keys[0])
    view_kb, view_engine = night.view()
    store.serve(view_kb, view_engine, "live")  # a view sharing most of the base it came from
    before = [render_text(view_engine.ask(q)) for q in QUESTIONS]
    del view_kb
    assert asyncio.run(store.reload("test")).ok
    assert [render_text(view_engine.ask(q)) for q in QUESTIONS] == before  # still whole
    assert night.view()[1] is view_engine  # the night keeps its own view
