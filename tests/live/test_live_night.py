"""An election in progress: replay order, 'so far' answers, undeclared seats, milestones."""

from __future__ import annotations

import asyncio

import pytest

from bot.answer.text import render_text
from bot.live.cli import start
from bot.live.replay import play, schedule

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def replay_2019(full_kb):
    night, plan = start(full_kb, "2019")
    return night, plan


def test_2019_replays_in_the_librarys_order(replay_2019):
    night, plan = replay_2019
    first = night.contests[plan.keys[0]]
    last = night.contests[plan.keys[-1]]
    assert plan.timed and len(plan.keys) == 650
    assert (first.name, first.declared_at) == ("Newcastle upon Tyne Central", "12/12/2019 23:27")
    assert (last.name, last.declared_at[-5:]) == ("St Ives", "14:52")


def test_replay_ends_with_the_official_tally(full_kb):
    night, plan = start(full_kb, "2019")
    seen = []
    asyncio.run(play(night, plan, 0, seen.append))
    assert [d.number for d in seen] == list(range(1, 651))
    tally = dict(night.tally())
    assert (tally["Con"], tally["Lab"], tally["SNP"], tally["LD"]) == (365, 202, 48, 11)
    kinds = [m.kind for d in seen for m in d.milestones]
    assert kinds.count("majority") == 1 and kinds.count("first_gain") == 1
    assert kinds[-1] == "last_seat"
    assert seen[-1].milestones[-1].seat == "St Ives"


def test_national_when_the_conservatives_pass_326(full_kb):
    night, plan = start(full_kb, "2019")
    moment = {}

    def watch(declaration):
        if any(m.kind == "majority" for m in declaration.milestones):
            moment["declaration"] = declaration
            moment["view"] = night.view()

    asyncio.run(play(night, plan, 0, watch))
    declaration = moment["declaration"]
    kb, engine = moment["view"]
    assert dict(declaration.tally)["Con"] == 326
    text = render_text(engine.ask("!national"))
    n = declaration.number
    assert f"{n} of 650 declared" in text
    assert "Conservative" in text and "326 seats so far" in text
    assert f"{650 - n} seats are still to declare" in text
    # The view answers for 2019 as the latest election: 2024 has not happened yet.
    assert kb.latest_election().id == "2019"
    left = render_text(engine.ask("how many seats are left?"))
    assert f"{650 - n} of 650 seats still to declare" in left


def test_undeclared_seat_says_so_with_the_previous_result(full_kb):
    night, plan = start(full_kb, "2019")
    for key in plan.keys[:3]:
        night.declare(key)
    kb, engine = night.view()
    text = render_text(engine.ask("!result St Ives"))
    assert "St Ives has not declared yet" in text
    assert "Derek Thomas" in text  # standing (nominations), without the votes
    declared = render_text(engine.ask("!result Blyth Valley"))
    assert "Ian Levy" in declared and "not declared" not in declared
    has = render_text(engine.ask("has St Ives declared?"))
    assert "not declared yet" in has


def test_applying_a_declaration_does_not_touch_the_base(full_kb):
    night, plan = start(full_kb, "2019")
    before = night.base.national["2019"]
    night.declare(plan.keys[0])
    kb, _ = night.view()
    assert night.base.national["2019"] is before  # the base is never changed
    assert len(kb.national["2019"].contests) == 1
    with pytest.raises(ValueError):
        night.declare(plan.keys[0])  # never twice


def test_2024_replays_in_a_stated_order(full_kb):
    plan = schedule(full_kb, "2024")
    assert not plan.timed and "alphabetical" in plan.note and len(plan.keys) == 650


def test_undeclared_seat_shows_the_previous_result_from_history(history_kb):
    night, _ = start(history_kb, "2019")
    _, engine = night.view()
    text = render_text(engine.ask("!result St Ives"))
    assert "not declared yet" in text and "Last time (2017)" in text


def test_rankings_during_the_count_say_so_far(full_kb):
    night, plan = start(full_kb, "2019")
    for key in plan.keys[:100]:
        night.declare(key)
    _, engine = night.view()
    answer = engine.ask("which seat had the smallest majority in 2019?")
    assert answer.title.endswith("(so far)")
    assert "So far: 100 of 650 seats of the 2019 general election have declared." in answer.notes
    declared = {night.contests[k].name for k in plan.keys[:100]}
    assert any(name in " ".join(answer.lines) for name in declared)


def test_questions_about_an_undeclared_seat_reveal_nothing(full_kb):
    night, plan = start(full_kb, "2019")
    night.declare(plan.keys[0])
    _, engine = night.view()
    for question in (
        "who won St Ives?",
        "what was the majority in St Ives?",
        "who is standing in St Ives?",
    ):
        text = render_text(engine.ask(question))
        assert "St Ives has not declared yet" in text, question
        assert "4,280" not in text  # the result hidden until it declares
    assert "Derek Thomas" in render_text(engine.ask("who is standing in St Ives?"))


def test_nothing_of_an_undeclared_seat_leaks_through_people_records_or_history(full_kb):
    """Three seats in: St Ives (the last to declare) is known only by who stands there."""
    night, plan = start(full_kb, "2019")
    for key in plan.keys[:3]:
        night.declare(key)
    kb, engine = night.view()
    st_ives = full_kb.contests["2019"][plan.keys[-1]]
    votes = {f"{c.votes:,}" for c in st_ives.candidacies}
    for question in (
        "!candidate Derek Thomas",
        "is Derek Thomas a new MP?",
        "who replaced Derek Thomas?",
        "how many votes did Derek Thomas get in 2019?",
        "St Ives history",
        "who won St Ives?",
    ):
        text = render_text(engine.ask(question))
        assert not any(v in text for v in votes), question
        assert "not declared yet" in text or "has not declared" in text, question
    largest = render_text(engine.ask("biggest majority in 2019"))
    assert "Newcastle upon Tyne Central" in largest and "(so far)" in largest
    biggest = full_kb.national["2019"].rankings["majority"].order[-1].contest.name
    assert biggest not in largest  # the night's largest majority has not declared yet
    ministers = render_text(engine.ask("which ministers lost their seats?"))
    assert "Of the 0 sitting MPs defeated" in ministers
    assert kb.careers.get(st_ives.candidacies[0].person_id, ()) == ()
    assert not kb.membership(st_ives.candidacies[0].person_id, "2019")


def test_no_hold_is_called_a_first_win_and_elections_are_written_out(full_kb):
    """The 1918-2019 file lumps the Greens and Northern Ireland's parties into 'others': a seat
    they held then is no 'first win' now (Brighton, Pavilion; Strangford)."""
    from bot.live import declaration_text

    night, plan = start(full_kb, "2019")
    texts = {}
    asyncio.run(play(night, plan, 0, lambda d: texts.__setitem__(d.facts.contest.name, d)))
    for declaration in texts.values():
        block = declaration_text.text(night.base, declaration)
        if declaration.facts.outcome.gain is False:
            assert "first win" not in block, block
        assert "1974F" not in block and "1974O" not in block
    assert "first win" not in declaration_text.text(night.base, texts["Brighton, Pavilion"])


def test_places_count_every_seat_of_the_place_while_counting(full_kb):
    night, plan = start(full_kb, "2019")
    for key in plan.keys[:20]:
        night.declare(key)
    kb, engine = night.view()
    seats = full_kb.contests["2019"].values()
    scottish = sum(1 for c in seats if c.country == "Scotland")
    declared = sum(1 for k in plan.keys[:20] if full_kb.contests["2019"][k].country == "Scotland")
    text = render_text(engine.ask("how many seats are left in Scotland?"))
    assert f"{scottish - declared} of {scottish} seats in Scotland still to declare" in text


def test_a_seats_curated_notes_return_with_its_declaration(full_kb):
    """South West Norfolk 2024 is annotated (declared 06:48, the last in Norfolk)."""
    night, plan = start(full_kb, "2024")
    swn = next(k for k in plan.keys if full_kb.contests["2024"][k].name == "South West Norfolk")
    for key in plan.keys[:30]:
        night.declare(key)
    kb, engine = night.view()
    waiting = render_text(engine.ask("!result South West Norfolk"))
    assert "not declared yet" in waiting and "630" not in waiting
    assert "Terry Jermy won by 630" not in render_text(engine.ask("South West Norfolk"))
    night.declare(swn)
    kb, engine = night.view()
    card = render_text(engine.ask("!result South West Norfolk"))
    assert "06:48" in card and "630" in card
    for key in plan.keys:
        if not night.is_declared(key):
            night.declare(key)
    kb, engine = night.view()
    notes = {k: v for k, v in full_kb.annotations.items() if k[0] == "2024"}
    assert {k: v for k, v in kb.annotations.items() if k[0] == "2024"} == notes  # all back
    assert "2024" not in kb.progress


def test_biographies_written_later_are_withheld_during_a_replay(full_kb):
    night, plan = start(full_kb, "2024")
    for key in plan.keys[:30]:
        night.declare(key)
    kb, engine = night.view()
    for name in ("Jacob Rees-Mogg", "Penny Mordaunt", "Keir Starmer"):
        text = render_text(engine.ask(f"!candidate {name}"))
        assert "Standing in" in text and "not declared yet" in text, name
        assert " lost " not in text and "Prime Minister (" not in text.split("Offices")[0], name
    starmer = render_text(engine.ask("!candidate Keir Starmer"))
    assert "Prime Minister" not in starmer  # he became prime minister after that night


def test_comparisons_with_an_election_being_counted_compare_like_with_like(full_kb):
    night, plan = start(full_kb, "2024")
    for key in plan.keys[:30]:
        night.declare(key)
    kb, engine = night.view()
    text = render_text(engine.ask("labour seats 2019 vs 2024"))
    assert "With 30 of 650 seats declared, the totals are not comparable yet" in text
    gains = sum(
        1
        for k in plan.keys[:30]
        if (f := full_kb.facts[("2024", k)]).outcome.gain and f.winner.party == "Lab"
    )
    losses = sum(
        1
        for k in plan.keys[:30]
        if (f := full_kb.facts[("2024", k)]).outcome.gain and f.outcome.previous == "Lab"
    )
    assert f"a net change of {gains - losses:+d} against notional 2019" in text
    assert "Change 2019 to 2024" not in text
    more = render_text(engine.ask("did labour win more seats in 2024 than 2019?"))
    assert more.splitlines()[1].startswith("Not known yet")


def test_declared_figures_are_those_a_build_computes(full_kb):
    """The figures added declaration by declaration equal a whole recount at every step sampled,
    and at the end the official national result, rankings included."""
    from bot.kb.knowledge import national_facts

    night, plan = start(full_kb, "2019")
    for number, key in enumerate(plan.keys, start=1):
        night.declare(key)
        if number in (1, 2, 50, 326, 649):
            kb, _ = night.view()
            live = kb.national["2019"]
            whole = national_facts(live.election, list(live.contests))
            assert live.parties == whole.parties and live.turnout_pct == whole.turnout_pct
            assert live.rankings == whole.rankings
    kb, _ = night.view()
    live, official = kb.national["2019"], full_kb.national["2019"]
    assert live.parties == official.parties
    assert live.valid_votes == official.valid_votes and live.electorate == official.electorate
    for measure, ranking in official.rankings.items():
        assert ranking.values == live.rankings[measure].values, measure
        assert [f.contest.name for f in ranking.order] == [
            f.contest.name for f in live.rankings[measure].order
        ], measure
