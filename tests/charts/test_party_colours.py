"""Party colours stay distinguishable side by side: every pair of parties that share a chart in
2019 or 2024 (the House's legend and bars, a seat's bars) differs by at least MIN_DIFFERENCE."""

from __future__ import annotations

import itertools

import pytest

from bot.charts.colours import MIN_DIFFERENCE, ciede2000, difference
from bot.charts.draw import NO_COLOUR, rgb

# Sharma, Wu and Dalal (2005), "The CIEDE2000 colour-difference formula": test pairs 1, 4, 7,
# 13-16 (hue differences either side of 180 degrees), 17-20 and 25.
SHARMA = [
    ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
    ((50.0, -1.3802, -84.2814), (50.0, 0.0, -82.7485), 1.0),
    ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
    ((50.0, 2.49, -0.001), (50.0, -2.49, 0.0009), 7.1792),
    ((50.0, 2.49, -0.001), (50.0, -2.49, 0.001), 7.1792),
    ((50.0, 2.49, -0.001), (50.0, -2.49, 0.0011), 7.2195),
    ((50.0, 2.49, -0.001), (50.0, -2.49, 0.0012), 7.2195),
    ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
    ((50.0, 2.5, 0.0), (61.0, -5.0, 29.0), 22.8977),
    ((50.0, 2.5, 0.0), (56.0, -27.0, -3.0), 31.903),
    ((50.0, 2.5, 0.0), (58.0, 24.0, 15.0), 19.4535),
    ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
]


@pytest.mark.parametrize(("first", "second", "expected"), SHARMA)
def test_ciede2000_matches_the_published_test_pairs(first, second, expected):
    assert ciede2000(first, second) == pytest.approx(expected, abs=1e-4)
    assert ciede2000(second, first) == pytest.approx(expected, abs=1e-4)


def test_difference_of_srgb_colours():
    assert difference((0, 0, 0), (0, 0, 0)) == 0
    assert difference((0, 0, 0), (255, 255, 255)) == pytest.approx(100, abs=0.01)


def colour(kb, party: str) -> tuple[int, int, int]:
    return rgb(kb.party(party).colour)


def together(kb, election: str) -> dict[frozenset[str], str]:
    """Pairs of parties drawn side by side: in the House chart (every party with a seat or 0.5%
    of the vote), and in a seat's bars (candidates in one contest); each with where."""
    pairs: dict[frozenset[str], str] = {}
    house = [p.party for p in kb.national[election].parties if p.seats or p.share >= 0.5]
    for a, b in itertools.combinations(house, 2):
        pairs.setdefault(frozenset((a, b)), f"the House {election}")
    for contest in kb.contests[election].values():
        parties = {c.party for c in contest.candidacies}
        for a, b in itertools.combinations(sorted(parties), 2):
            pairs.setdefault(frozenset((a, b)), f"{contest.name} {election}")
    return pairs


@pytest.mark.parametrize("election", ["2019", "2024"])
def test_parties_drawn_together_have_distinct_colours(full_kb, election):
    close = []
    for pair, where in together(full_kb, election).items():
        a, b = sorted(pair)
        if not full_kb.party(a).colour or not full_kb.party(b).colour:
            continue  # a party with no colour of its own is drawn grey and named on its bar
        distance = difference(colour(full_kb, a), colour(full_kb, b))
        if distance < MIN_DIFFERENCE:
            close.append(f"{a}/{b} {distance:.1f} ({where})")
    assert close == []


def test_the_pairs_found_hard_to_tell_apart_now_differ(full_kb):
    for a, b in [
        ("SF", "PC"),
        ("SDLP", "Green"),
        ("Con", "UUP"),
        ("LD", "Lib"),
        ("SDLP", "GreenNI"),
    ]:
        assert difference(colour(full_kb, a), colour(full_kb, b)) >= MIN_DIFFERENCE, (a, b)


def test_coloured_parties_stand_apart_from_the_grey_of_uncoloured_ones(full_kb):
    """A party with no colour is drawn NO_COLOUR grey; none that has one may look like it."""
    for party in full_kb.parties.values():
        if party.colour and party.code not in ("Oth", "Spk", "Ind"):
            assert difference(rgb(party.colour), NO_COLOUR) >= MIN_DIFFERENCE, party.code
