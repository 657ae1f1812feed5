"""The knowledge engine against the Commons Library's own published figures, seat by seat."""

from __future__ import annotations

import pytest

from bot.answer.text import render_text
from tests.helpers.data import library_constituencies, needs_data

pytestmark = needs_data


def _winner_name(row: dict[str, str]) -> str:
    return f"{row['Member first name']} {row['Member surname']}".strip()


@pytest.mark.parametrize("year", ["2019", "2024"])
def test_every_seat_matches_the_library(full_kb, year):
    rows = library_constituencies(year)
    assert len(rows) == 650
    by_ons = {c.ons_id: c for c in full_kb.contests[year].values()}
    abbreviations = full_kb.abbreviations()
    mismatches = []
    for row in rows:
        contest = by_ons[row["ONS ID"]]
        facts = full_kb.facts_for(contest)
        expected = (
            int(row["Majority"]),
            int(row["Valid votes"]),
            int(row["Electorate"]),
            row["Result"].replace("Lab Coop", "Lab"),
        )
        got = (
            facts.majority,
            contest.valid_votes,
            contest.electorate,
            facts.outcome.text(abbreviations),
        )
        if got != expected:
            mismatches.append((row["Constituency name"], got, expected))
        # The Library's winner, by name (its member names are the ballot names).
        winner = facts.winner.candidacy.name.replace("Áine", "Áine")
        if winner.split()[-1].lower() != _winner_name(row).split()[-1].lower():
            mismatches.append((row["Constituency name"], winner, _winner_name(row)))
    assert mismatches == []


def test_2024_hold_and_gain_are_computed_not_copied(full_kb):
    computed = [f for k, f in full_kb.facts.items() if k[0] == "2024" and f.outcome.computed]
    assert len(computed) == 650
    assert len(full_kb.national["2024"].changed_hands) == 303


def test_seat_totals(full_kb):
    seats_2024 = {p.party: p.seats for p in full_kb.national["2024"].parties}
    assert (seats_2024["Lab"], seats_2024["Con"], seats_2024["LD"]) == (411, 121, 72)
    assert seats_2024["Green"] == 4 and seats_2024["GreenNI"] == 0
    assert sum(seats_2024.values()) == 650
    seats_2019 = {p.party: p.seats for p in full_kb.national["2019"].parties}
    assert seats_2019["Con"] == 365 and seats_2019["Lab"] == 202 and seats_2019["SNP"] == 48


def test_national_votes_and_turnout(full_kb):
    national = full_kb.national["2024"]
    assert round(national.turnout_pct, 1) == 59.7
    assert national.electorate == 48_253_193
    assert national.valid_votes == 28_809_340
    assert national.party("Lab").votes == 9_708_716
    assert national.party("RUK").votes == 4_117_610
    assert round(national.party("RUK").share, 1) == 14.3
    # The Library's Green column counts the NI Greens too; we keep the two parties apart.
    assert national.party("Green").votes + national.party("GreenNI").votes == 1_944_501
    assert round(full_kb.national["2019"].turnout_pct, 1) == 67.3


def test_rankings(full_kb):
    rankings = full_kb.national["2024"].rankings
    smallest = rankings["majority"].smallest(3)
    assert [(rank, f.contest.name, f.majority) for rank, f in smallest] == [
        (1, "Hendon", 15),
        (2, "Poole", 18),
        (3, "Basildon and Billericay", 20),
    ]
    rank, lowest = rankings["winning_share"].smallest(1)[0]
    assert (rank, lowest.contest.name, round(lowest.winner.share, 1)) == (
        1,
        "South West Norfolk",
        26.7,
    )
    assert rankings["turnout"].smallest(1)[0][1].contest.name == "Manchester Rusholme"
    largest_2019 = full_kb.national["2019"].rankings["majority"].largest(1)[0][1]
    assert (largest_2019.contest.name, largest_2019.majority) == ("Knowsley", 39_942)


def test_ranks_share_ties():
    from bot.kb.knowledge import Ranking

    ranking = Ranking("x", (), (1.0, 2.0, 2.0, 3.0))
    assert [ranking.rank(v, largest=False) for v in (1.0, 2.0, 3.0)] == [1, 2, 4]
    assert [ranking.rank(v, largest=True) for v in (3.0, 2.0, 1.0)] == [1, 2, 4]


MAIN_PARTIES = {"Con", "Lab", "LD", "Green", "RUK", "SNP", "PC", "DUP", "SF", "SDLP", "UUP", "APNI"}


def test_changes_vs_notional_agree_with_the_library(full_kb):
    """Our change in share, computed from the notional file, equals the Library's Change column."""
    compared = 0
    for (election, _), facts in full_kb.facts.items():
        if election != "2024":
            continue
        for placed in facts.placed:
            published = placed.candidacy.published_change
            if published is None:
                if placed.party in MAIN_PARTIES:
                    assert placed.change is None, (facts.contest.name, placed.party)
                continue
            assert placed.change == pytest.approx(published, abs=0.006), (
                facts.contest.name,
                placed.party,
            )
            compared += 1
    assert compared > 2500


def test_defeated_sitting_mps(full_kb):
    defeated = full_kb.national["2024"].defeated
    by_party: dict[str, int] = {}
    for _, placed in defeated:
        by_party[placed.party] = by_party.get(placed.party, 0) + 1
    assert by_party["Con"] >= 170
    assert any(p.candidacy.name == "Liz Truss" for _, p in defeated)


def test_identity_is_linked_across_years(full_kb):
    truss = full_kb.people["liz-truss"]
    assert truss.name == "Liz Truss" and "Elizabeth Truss" in truss.other_names
    career = full_kb.careers["liz-truss"]
    assert [(c.election, c.name, cand.votes) for c, cand in career] == [
        ("2019", "South West Norfolk", 35_507),
        ("2024", "South West Norfolk", 11_217),
    ]


def test_party_quirks(full_kb):
    contests = full_kb.contests
    co_op = [
        c
        for seats in contests.values()
        for s in seats.values()
        for c in s.candidacies
        if c.party_name == "Labour and Co-operative"
    ]
    assert co_op and all(c.party == "Lab" for c in co_op)
    sinn_fein = {
        c.party
        for seats in contests.values()
        for s in seats.values()
        for c in s.candidacies
        if c.party_name.lower().startswith("sinn f")
    }
    assert sinn_fein == {"SF"}
    chorley = next(c for c in contests["2024"].values() if c.name == "Chorley")
    assert chorley.candidacies[0].party == "Spk" and chorley.candidacies[0].name == "Lindsay Hoyle"
    names = {c.name for s in contests["2024"].values() for c in s.candidacies}
    assert "Áine Groogan" in names and not any("Ã" in n for n in names)


def test_notional_baseline_for_south_west_norfolk(full_kb):
    swn = next(c for c in full_kb.contests["2024"].values() if c.name == "South West Norfolk")
    facts = full_kb.facts_for(swn)
    assert facts.baseline is not None and facts.baseline.election == "2019-notional"
    assert facts.baseline_label == "notional 2019"
    assert facts.swing.from_party == "Con" and facts.swing.to_party == "Lab"
    assert round(facts.swing.points, 1) == 25.9
    assert round(facts.swing_needed, 2) == 0.71


def test_south_west_norfolk_card_on_the_full_base(engine):
    text = render_text(engine.ask("!result South West Norfolk"))
    for expected in [
        "South West Norfolk: 2024 general election, Thursday 4 July 2024",
        "Terry Jermy (Labour) elected: Lab gain from Con.",
        "Majority: 630 (1.4%)",
        "Turnout: 59.3%",
        "11,847  26.7%   +8.4pp",
        "11,217  25.3%  -43.4pp",
        "9,958  22.5%",
        "-2.3pp",
        "Swing: 25.9% from Conservative to Labour (Butler swing, vs notional 2019)",
        "Declared 06:48 BST on Friday 5 July 2024.",
        "Contains Parliamentary information licensed under the Open Parliament Licence v3.0.",
    ]:
        assert expected in text, expected
    assert "+2.2" not in text


def test_every_seat_answers(engine, full_kb):
    for election in ("2019", "2024"):
        for contest in full_kb.contests[election].values():
            answer = engine.ask(f"!result {contest.name} {election}")
            assert answer.kind == "result", (contest.name, answer.title)
            assert answer.title.startswith(f"{contest.name}: {election}")
