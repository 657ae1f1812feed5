"""`python -m bot replay ELECTION` and `console --replay ELECTION`: a real night, replayed."""

from __future__ import annotations

import asyncio
import sys
import threading
import time
from pathlib import Path

from bot.answer.models import ChartRequest
from bot.charts import chart_png, filename
from bot.engine import Engine
from bot.kb.declare import hold_back
from bot.kb.knowledge import KnowledgeBase
from bot.live import declaration_text
from bot.live.announcer import milestone_charts
from bot.live.night import Declaration, Night
from bot.live.replay import Schedule, play, schedule
from bot.live.view import until
from bot.store import exempt_from_gc


def start(kb: KnowledgeBase, election: str, prefix: str = "!") -> tuple[Night, Schedule]:
    """A night over the base as it stood before `election`, with every seat undeclared."""
    if election not in kb.contests or kb.elections[election].notional:
        known = ", ".join(e.id for e in kb.real_elections())
        raise SystemExit(
            f"No results for an election called {election!r} to replay (known: {known})."
        )
    plan = schedule(kb, election)
    base = hold_back(until(kb, election), election)
    engine = lambda: Engine(base, prefix)  # noqa: E731 - made when a question is first asked
    night = Night(base, engine, election, kb.contests[election], order=plan.order)
    exempt_from_gc()
    return night, plan


def run_replay(
    kb: KnowledgeBase, election: str, speed: float, history: bool = True, chart: Path | None = None
) -> int:
    """Print every declaration as the bot would announce it, and the running tally; with `chart`,
    write the map into that folder at the milestones the announcer attaches it to."""
    started = time.perf_counter()
    night, plan = start(kb, election)
    print(f"Replaying the {night.base.elections[election].name}: {night.total} seats, {plan.note}.")
    if not plan.timed:
        print(f"Note: {plan.note}.")

    def emit(declaration: Declaration) -> None:
        print(declaration_text.text(night.base, declaration, history))
        for milestone in declaration.milestones:
            if milestone.kind == "majority":
                sys.stdout.flush()
        if chart is not None and milestone_charts(declaration):
            for path in write_maps(night, declaration, chart):
                print(f"  Map written to {path}")

    asyncio.run(play(night, plan, speed, emit))
    if chart is not None:  # the map at the end, whatever the milestones were
        final = ChartRequest("map", election, mode="winner", declared=night.declared)
        path = chart / filename(final)
        if not path.exists():
            path.write_bytes(chart_png(night.view()[0], final))
            print(f"Map written to {path}")
    print(f"Final tally ({night.declared} of {night.total} declared): {night.tally_text()}.")
    print(f"Replayed in {time.perf_counter() - started:.1f} s.")
    return 0


def write_maps(night: Night, declaration: Declaration, folder: Path) -> list[Path]:
    """The declaration's milestone maps, as the count stood then, written into the folder."""
    view, _ = night.view()
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for request in milestone_charts(declaration):
        path = folder / filename(request)
        path.write_bytes(chart_png(view, request))
        written.append(path)
    return written


def run_console_replay(kb: KnowledgeBase, election: str, speed: float, prefix: str = "!") -> int:
    """A console that answers 'so far' while the replay plays in the background."""
    from bot.answer.text import render_text

    night, plan = start(kb, election, prefix)
    lock = threading.Lock()
    print(f"Replaying the {night.base.elections[election].name} at {speed:g}x, {plan.note}.")
    print("Ask as you would in Discord; answers are as they stood at that moment. 'quit' leaves.")

    def emit(declaration: Declaration) -> None:
        with lock:
            print("\n" + declaration_text.text(night.base, declaration))

    def background() -> None:
        async def go() -> None:
            async def lock_free_emit(declaration: Declaration) -> None:
                emit(declaration)

            await play(night, plan, speed, lock_free_emit)

        with lock:
            pass
        asyncio.run(go())
        print("\nThe replay is over: every seat has declared.")

    # Declarations are applied on the replay's thread; questions read a view of one moment.
    thread = threading.Thread(target=background, daemon=True, name="replay")
    thread.start()
    while True:
        try:
            line = input("returning-officer (replay)> ")
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if line.strip().lower() in {"quit", "exit"}:
            return 0
        if line.strip():
            with lock:
                _, engine = night.view()
                print(render_text(engine.ask(line)))
