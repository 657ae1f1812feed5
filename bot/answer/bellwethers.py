"""Answers about seats across elections: bellwethers, strongholds and the longest-held seats."""

from __future__ import annotations

from bot import bellwethers as bw
from bot import format as fmt
from bot.answer.common import plural
from bot.answer.models import Answer, Table
from bot.answer.result import party_level_note
from bot.answer.seat_history import history_source
from bot.kb.calendar import election_label, election_short
from bot.kb.knowledge import KnowledgeBase
from bot.places import UK, Place, holds
from bot.seat_history import when
from bot.text import quote

HISTORICAL_FILE = (
    "the Commons Library's constituency results for every general election 1918-2019 "
    "(CBP-8647, the file 1918-2019election_results.csv)"
)
DEFAULT_SHOWN, MOST_SHOWN = 10, 25


def _needs_history(kb: KnowledgeBase, what: str, since: str | None) -> Answer:
    """Say what the knowledge loaded covers and which file the question needs."""
    known = bw.general_elections(kb)
    if len(known) >= 3:  # the history is loaded: the year asked about is not an election
        return Answer(
            kind="fact",
            title=f"{fmt.capital(what)}: no such election",
            lines=(
                f"I hold the general elections from {known[0]} to {known[-1]}; none of them is "
                f"'{quote(since or '', 12)}'. Ask, for example, since {known[-4]}.",
            ),
        )
    held = fmt.join_names(known) if known else "no general election"
    asked = f" back to {election_label(since)}" if since else ""
    return Answer(
        kind="fact",
        title=f"{fmt.capital(what)}: not enough history loaded",
        lines=(
            f"{fmt.capital(what)}{asked} need a seat's results at many general elections, and the "
            f"knowledge loaded holds {held} only.",
            f"Load {HISTORICAL_FILE}: `python -m bot kb download`, or run with `--kb` and a folder "
            "that holds it (see the README).",
        ),
    )


def _span(kb: KnowledgeBase, since: str | None, upto: str) -> list[str]:
    known = bw.general_elections(kb)
    order = {e: i for i, e in enumerate(known)}
    start = order.get(since, 0) if since else 0
    return [e for e in known if start <= order[e] <= order[upto]]


def _shown(n: int) -> int:
    return min(n if n > 1 else DEFAULT_SHOWN, MOST_SHOWN)


def _cut(runs: list[bw.Run], n: int) -> list[bw.Run]:
    """The first n runs, and any tied with the last of them (up to MOST_SHOWN)."""
    if len(runs) <= n:
        return runs
    last = runs[n - 1].elections
    shown = [r for i, r in enumerate(runs) if i < n or r.elections == last]
    return shown[:MOST_SHOWN]


def _boundary_notes(kb: KnowledgeBase, runs: list[bw.Run], upto: str) -> list[str]:
    notes = []
    crossed = [r for r in runs if r.boundary_changes(kb)]
    if crossed:
        notes.append(
            f"{plural(len(crossed), 'seat')} shown crossed boundary changes during the run: a seat is "
            "followed by its name from election to election (the Library's names in any word "
            "order, and our curated aliases), not by its area, so the voters are not always the "
            "same. A seat renamed at a review starts a new line."
        )
    election = kb.elections[upto]
    if election.baseline and any(r.elections > 1 for r in runs):
        label = election.baseline_label or election.baseline
        differ = []
        for run in runs:
            key = (election.baseline, kb.contest_key(run.latest.contest))
            notional = kb.facts.get(key)
            before = run.contests[-2] if run.elections > 1 else None
            if (
                notional is not None
                and before is not None
                and kb.party_root(notional.winner.party) != kb.party_root(before.winner.party)
            ):
                differ.append(run.name)
        previous = kb.elections.get(_previous(kb, upto) or "")
        text = (
            f"The {election_label(upto)} seats are on new boundaries; each is linked to the "
            f"{election_label(previous.id) if previous else 'previous'} seat of the same name, while the "
            f"Library measures {election_label(upto)} changes against the {label} results (estimates on the new "
            "boundaries)."
        )
        if differ:
            text += (
                f" In {fmt.join_names(differ[:5])}{' and others' if len(differ) > 5 else ''} the "
                f"{label} winner differs from the old seat's."
            )
        notes.append(text)
    if any(f.contest.party_level for r in runs for f in r.contests):
        notes.append(party_level_note(kb))
    return notes


def _previous(kb: KnowledgeBase, election: str) -> str | None:
    known = bw.general_elections(kb)
    index = known.index(election)
    return known[index - 1] if index else None


def _source(runs: list[bw.Run]) -> str:
    return history_source([f for r in runs for f in r.contests])


def _where(place: Place | None) -> tuple[str, str]:
    if place is None or place.is_whole:
        return "", ""
    return f" in {place.name}", f", {place.name}"


def bellwether(
    kb: KnowledgeBase,
    since: str | None,
    upto: str | None,
    place: Place | None = None,
    n: int = 1,
    unknown: str | None = None,
) -> Answer:
    """Seats that voted with the winning party at every election since `since` (else the longest
    such runs), up to `upto` (the latest by default)."""
    known = bw.general_elections(kb)
    if unknown or len(known) < 3 or (since and since not in known):
        return _needs_history(kb, "bellwether seats", since or unknown)
    upto = upto if upto in known else known[-1]
    winners = bw.national_winners(kb)
    where, suffix = _where(place)
    runs = [r for r in _bellwethers(kb, upto) if holds(place or UK, r.latest.contest)]
    seats = sum(1 for c in kb.contests[upto].values() if holds(place or UK, c))
    span = _span(kb, since, upto)
    method = "Winning party: the one that won most seats at each general election (" + ", ".join(
        f"{election_short(e)} {kb.party(winners[e]).abbrev}" for e in span if e in winners
    )
    method += "); a hung parliament's government may be another party's."
    if since:
        whole = [r for r in runs if r.elections >= len(span)]
        if whole:
            head = (
                f"{plural(len(whole), 'seat')} of the {seats:,}{where} at the {election_label(upto)} election "
                f"voted for the winning party at every general election from "
                f"{election_label(span[0])} to {election_label(upto)} ({len(span)} elections)."
            )
            shown = _cut(whole, _shown(n))
        else:
            head = (
                f"No seat{where} voted for the winning party at every general election from "
                f"{election_label(since)} to {election_label(upto)}. The longest runs up to "
                f"{election_label(upto)}:"
            )
            shown = _cut(runs, _shown(n))
        title = (
            f"Bellwethers{suffix}: with the winner at every election since {election_label(since)}"
        )
    else:
        head = (
            f"The seats{where} with the longest unbroken runs of voting for the winning party, "
            f"up to {election_label(upto)}:"
        )
        shown = _cut(runs, _shown(n))
        title = f"Bellwethers{suffix}: the longest runs with the winning party, to {election_label(upto)}"
    if not runs:
        return Answer(
            kind="fact",
            title=title,
            lines=(
                f"No seat{where} voted for the winning party in {election_label(upto)}.",
                method,
            ),
        )
    if runs[0].elections == 1:  # nobody's run goes back beyond the latest election
        winner = kb.party(winners[upto]).label
        text = (
            f"No seat{where} voted for the winning party at the two latest elections in a row: "
            f"{plural(len(runs), 'seat')}{where} voted for {winner}, the winning party, in {election_label(upto)}."
        )
        return Answer(kind="fact", title=title, lines=(text, method), source=_source(runs[:1]))
    lines = [head]
    listed = whole if since and whole else runs
    if len(listed) > len(shown):
        lines.append(f"The table shows {len(shown)} of {len(listed):,}, the longest runs first.")
    lines.append(method)
    rows = tuple(
        (
            r.name,
            election_short(r.first_id),
            str(r.elections),
            ", ".join(map(election_short, r.boundary_changes(kb))) or "none",
        )
        for r in shown
    )
    return Answer(
        kind="list",
        title=title,
        lines=tuple(lines),
        table=Table(
            ("Seat", "With the winner since", "Elections", "New boundaries in"),
            rows,
            (False, False, True, False),
            caption="Seats",
        ),
        notes=tuple(_boundary_notes(kb, shown, upto)),
        source=_source(shown),
    )


def _bellwethers(kb: KnowledgeBase, upto: str) -> list[bw.Run]:
    return kb.cached(("bellwethers", upto), lambda: bw.bellwethers(kb, upto))


def strongholds(
    kb: KnowledgeBase,
    party: str | None,
    since: str | None,
    upto: str | None,
    place: Place | None = None,
    n: int = 1,
    unknown: str | None = None,
) -> Answer:
    """A party's longest-held seats (or every party's), unbroken runs of wins up to `upto`."""
    known = bw.general_elections(kb)
    what = (
        f"{fmt.possessive(fmt.the(kb.party(party).name))} longest-held seats"
        if party
        else "the longest-held seats"
    )
    if unknown or len(known) < 3 or (since and since not in known):
        return _needs_history(kb, what, since or unknown)
    upto = upto if upto in known else known[-1]
    where, suffix = _where(place)
    every = kb.cached(("strongholds", upto, party), lambda: bw.strongholds(kb, upto, party))
    runs = [r for r in every if holds(place or UK, r.latest.contest)]
    title = f"{fmt.capital(what)}{suffix}, to {election_label(upto)}"
    if since:
        span = len(_span(kb, since, upto))
        runs = [r for r in runs if r.elections >= span]
        title = f"{fmt.capital(what)}{suffix}: held at every election since {election_label(since)}"
    if not runs:
        who = kb.party(party).label if party else "any party"
        text = (
            f"{who} has held no seat{where} at every election since {election_label(since)}."
            if since
            else f"{who} won no seat{where} in {election_label(upto)}."
        )
        return Answer(kind="fact", title=title, lines=(text,))
    shown = _cut(runs, _shown(n))
    top = shown[0]
    holder = fmt.the(kb.party(top.latest.winner.party).name)
    lines = [
        f"{top.name} has returned {holder} at every general election since {when(top.first)} "
        f"({top.elections} in a row)"
        + (f"; {plural(len(runs), 'seat')}{where} in all" if since else "")
        + ".",
        "A seat's run: consecutive general elections won by the same party (the Liberal "
        "Democrats continuing the Liberals), up to "
        f"{election_label(upto)}; the narrowest majority shows how safe it stayed.",
    ]
    if len(runs) > len(shown):
        lines.append(f"The table shows {len(shown)} of {len(runs):,}.")
    rows = []
    for r in shown:
        narrow = r.narrowest()
        rows.append(
            (
                r.name,
                kb.party(r.latest.winner.party).abbrev,
                election_short(r.first_id),
                str(r.elections),
                f"{fmt.pct(narrow.majority_pct)} ({election_short(narrow.contest.election)})"
                if narrow
                else "unopposed",
            )
        )
    return Answer(
        kind="list",
        title=title,
        lines=tuple(lines),
        table=Table(
            ("Seat", "Party", "Held since", "Elections", "Narrowest majority"),
            tuple(rows),
            (False, False, False, True, True),
            caption="Seats",
        ),
        notes=tuple(_boundary_notes(kb, shown, upto)),
        source=_source(shown),
        colour=kb.party(party).colour if party else None,
    )
