"""One model of what ties a knowledge base's records to elections and seats (bot.kb.ties): a view
cut at an election, seats held back and seats declared all follow it, field by field."""

from __future__ import annotations

import dataclasses

import pytest

from bot.facts import ContestFacts
from bot.kb import ties
from bot.kb.declare import contest_facts, declare, declared_order, hold_back
from bot.kb.knowledge import KnowledgeBase
from bot.live.view import until
from bot.models import Contest

# Fields that are not records of an election or a seat: parties, people and curated records
# (cut by date in a view, not by election), and the build's own maps.
UNTIED = {
    "parties",
    "people",
    "precedents",
    "offices",
    "seat_aliases",
    "alias_lines",
    "nicknames",
    "report",
}


def _tied() -> dict[str, ties.Tie]:
    return {
        f.name: f.metadata["tie"] for f in dataclasses.fields(KnowledgeBase) if "tie" in f.metadata
    }


def test_every_field_says_whether_it_is_tied_to_elections():
    """A new field of the knowledge base is either tied (and so kept right by views, replays
    and declarations) or named here as no record of an election."""
    names = {f.name for f in dataclasses.fields(KnowledgeBase)}
    assert names - UNTIED == set(_tied())
    assert {n for n, t in _tied().items() if isinstance(t, ties.Count)} == {
        "contests",
        "national",
        "progress",
        "nominations",
        "withheld_seats",
    }


def _plain(value):
    """A field's value with row order inside a person's or a seat's records set aside."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, ContestFacts):  # compared by identity: its figures, field by field
        return tuple(getattr(value, f.name) for f in dataclasses.fields(value))
    if (
        isinstance(value, tuple)
        and value
        and isinstance(value[0], tuple)
        and isinstance(value[0][0], Contest)
    ):
        return frozenset((pair[0].election, pair[0].name, pair[1].party) for pair in value)
    if isinstance(value, tuple):
        return frozenset(value)
    return value


def test_holding_back_every_seat_and_declaring_them_again_gives_the_built_records(full_kb):
    """Every 2019 seat held back, then declared again in time order, in two batches: each record
    tied to a seat (facts, careers, history lines, curated notes, the Library's member lists)
    is back as the build made it, and the count is complete."""
    held = hold_back(full_kb, "2019", None, 650)
    assert "2019" in held.progress and not held.contests["2019"]
    assert not any(k[0] == "2019" for k in held.facts)
    assert not any(m.election == "2019" for rows in held.memberships.values() for m in rows)
    assert not any(k[0] == "2019" for k in held.annotations)
    assert not any("2019" in line for line in held.seat_histories.values())
    seats = full_kb.contests["2019"]
    order = sorted(seats, key=lambda k: declared_order(seats[k].declared_at))
    half = declare(held, [(k, seats[k], contest_facts(held, seats[k])) for k in order[:325]])
    assert half.progress["2019"].order == tuple(order[:325])
    whole = declare(half, [(k, seats[k], contest_facts(half, seats[k])) for k in order[325:]])
    assert "2019" not in whole.progress
    for name, tie in _tied().items():
        if isinstance(tie, ties.Count):
            continue
        assert _plain(getattr(whole, name)) == _plain(getattr(full_kb, name)), name
    assert whole.national["2019"].parties == full_kb.national["2019"].parties


@pytest.mark.parametrize("election", ["2017", "1992"])
def test_a_view_cut_at_an_election_keeps_no_record_of_a_later_one(history_kb, election):
    view = until(history_kb, election)
    day = history_kb.elections[election].date
    kept = set(view.elections)
    assert all(e.date <= day for e in view.elections.values())
    assert election in kept and "2019" not in kept and "2024" not in kept
    assert set(view.contests) <= kept and set(view.national) <= kept
    assert {k[0] for k in view.facts} <= kept and {k[0] for k in view.annotations} <= kept
    assert {k[0] for k in view.by_election_keys} <= kept
    assert {pair[0].election for rows in view.careers.values() for pair in rows} <= kept
    assert {m.election for rows in view.memberships.values() for m in rows} <= kept
    assert {e for line in view.seat_histories.values() for e in line} <= kept
    # the records of the elections kept are the base's own
    assert view.facts == {k: f for k, f in history_kb.facts.items() if k[0] in kept}
    assert view.seat_history("South West Norfolk") == {
        e: c for e, c in history_kb.seat_history("South West Norfolk").items() if e in kept
    }
