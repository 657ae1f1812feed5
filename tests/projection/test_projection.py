"""Projections (issue 21) against the Library's 2024 candidate file, read here independently.

The expected figures are computed in this file with the csv module and simple loops over the
Commons Library's CBP-10009 candidate file; the bot's own arithmetic (bot/projection) and its
answers (through `Engine.ask`) must agree with them.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.answer.text import render_text
from bot.charts import render_chart
from bot.places import Place
from bot.projection.base import baseline
from bot.projection.needed import LARGEST, MAJORITY, goal_test, search
from bot.projection.swing import PROPORTIONAL, project
from bot.projection.targets import targets
from bot.understand import projection as reading
from bot.understand.elections import find_elections
from bot.understand.rules import read_query
from tests.helpers.answers import ask
from tests.helpers.data import DATA, needs_data

pytestmark = needs_data

CANDIDATES = DATA / "ge2024" / "HoC-GE2024-results-by-candidate.csv"


# The independent computation --------------------------------------------------------------


def library_seats() -> dict[str, dict]:
    """Each seat: its name, country, and runners as (party, share %), highest first.

    Candidates of one party count together; each independent stands alone; the NI Greens are
    kept apart from the Green Party (the bot shows them apart too).
    """
    rows: dict[str, list[dict]] = defaultdict(list)
    with CANDIDATES.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            rows[row["ONS ID"]].append(row)
    seats = {}
    for code, candidates in rows.items():
        valid = sum(int(c["Votes"]) for c in candidates)
        runners: dict[str, float] = {}
        for i, c in enumerate(candidates):
            party = c["Party abbreviation"]
            if party == "Ind":
                party = f"Ind#{i}"
            elif party == "Green" and c["Country name"] == "Northern Ireland":
                party = "GreenNI"
            runners[party] = runners.get(party, 0.0) + 100.0 * int(c["Votes"]) / valid
        ordered = sorted(runners.items(), key=lambda pair: -pair[1])
        seats[code] = {
            "name": candidates[0]["Constituency name"],
            "country": candidates[0]["Country name"],
            "runners": ordered,
        }
    return seats


def national_shares(seats: dict[str, dict]) -> dict[str, float]:
    votes: Counter = Counter()
    total = 0
    with CANDIDATES.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            votes[row["Party abbreviation"]] += int(row["Votes"])
            total += int(row["Votes"])
    return {party: 100.0 * n / total for party, n in votes.items()}


def winner(runners, changes, scale=None) -> str:
    best, best_share = None, -1.0
    for party, share in runners:
        if party in changes:
            share = share * scale[party] if scale else share + changes[party]
            share = max(share, 0.0)
        if share > best_share:
            best, best_share = party, share
    return best.split("#")[0]


def seats_after(seats, changes, scale=None) -> Counter:
    return Counter(winner(s["runners"], changes, scale) for s in seats.values())


def target_names(seats, party, country=None, holder=None) -> list[str]:
    found = []
    for seat in seats.values():
        top_party, top = seat["runners"][0]
        if top_party == party or (country and seat["country"] != country):
            continue
        if holder and top_party.split("#")[0] != holder:
            continue
        share = dict(seat["runners"]).get(party)
        if share is not None:
            found.append(((top - share) / 2, seat["name"]))
    return [name for _, name in sorted(found)]


def majority_threshold(seats, losing, gaining, line) -> float:
    """The swing above which `gaining` holds `line` seats: each seat's own threshold, sorted."""
    thresholds = []
    for seat in seats.values():
        shares = dict(seat["runners"])
        if gaining not in shares:
            continue
        mine = shares[gaining]
        needs = [
            (share - mine) / 2 if party == losing else share - mine
            for party, share in shares.items()
            if party != gaining
        ]
        thresholds.append(max(needs, default=-100.0))
    return sorted(thresholds)[line - 1]


@pytest.fixture(scope="module")
def seats():
    return library_seats()


@pytest.fixture(scope="module")
def base(full_kb):
    return baseline(full_kb, full_kb.national["2024"])


# Uniform and proportional swing -----------------------------------------------------------

CHANGES = [
    {"Lab": -5, "RUK": 5},
    {"Lab": -3, "Con": 3},
    {"LD": 4},
    {"Con": 6, "Lab": -2, "LD": -1.5},
    {"SNP": 5},
    {"Green": 3, "Lab": -4},
    {"RUK": 12.5, "Con": -6},
]


@pytest.mark.parametrize("changes", CHANGES, ids=lambda c: repr(c))
def test_uniform_swing_matches_the_library_file(base, seats, changes):
    assert +project(base, changes).counts == +seats_after(seats, changes)


def test_the_issue_figures(seats, base):
    first = seats_after(seats, {"Lab": -5, "RUK": 5})
    assert (first["Lab"], first["Con"], first["LD"], first["RUK"]) == (355, 159, 72, 16)
    second = seats_after(seats, {"Lab": -3, "Con": 3})
    assert (second["Lab"], second["Con"]) == (355, 179)
    assert project(base, {"Lab": -5, "RUK": 5}).counts["RUK"] == first["RUK"]


@pytest.mark.parametrize("changes", [{"Lab": -5, "RUK": 5}, {"Con": 4, "Lab": -4}, {"LD": 3}])
def test_proportional_swing_matches_the_library_file(base, seats, changes):
    shares = national_shares(seats)
    scale = {p: max(0.0, (shares[p] + v) / shares[p]) for p, v in changes.items()}
    assert +project(base, changes, PROPORTIONAL).counts == +seats_after(seats, changes, scale)


def test_no_change_is_the_result_itself(base, seats):
    assert +project(base, {}).counts == +seats_after(seats, {})
    assert project(base, {}).changed == ()


def test_a_share_never_goes_below_zero(base):
    # Reform stood nearly everywhere with small shares in places: -40 takes them to zero, not below.
    projection = project(base, {"RUK": -40})
    assert projection.counts["RUK"] == 0
    assert sum(projection.counts.values()) == base.size


def test_a_projection_inside_a_place(base, seats):
    projection = project(base, {"Lab": -5}, place=Place("nation", "Scotland"))
    scottish = {k: s for k, s in seats.items() if s["country"] == "Scotland"}
    assert +projection.counts == +seats_after(scottish, {"Lab": -5})
    assert projection.total == len(scottish)


# Targets ------------------------------------------------------------------------------------


@pytest.mark.parametrize("party", ["RUK", "Lab", "Con", "LD", "Green", "SNP", "PC"])
def test_target_order_matches_the_library_file(base, seats, party):
    found, total = targets(base, party, limit=30)
    expected = target_names(seats, party)
    assert [t.seat.name for t in found] == expected[:30]
    assert total == len(expected)


def test_reforms_first_five_targets(seats):
    assert target_names(seats, "RUK")[:5] == [
        "Sittingbourne and Sheppey",
        "Basildon and Billericay",
        "Llanelli",
        "Hornchurch and Upminster",
        "South West Norfolk",
    ]


def test_targets_in_a_place_and_held_by_a_party(base, seats):
    found, _ = targets(base, "Lab", Place("nation", "Scotland"), limit=15)
    assert [t.seat.name for t in found] == target_names(seats, "Lab", country="Scotland")[:15]
    found, _ = targets(base, "LD", holder="Con", limit=15)
    assert [t.seat.name for t in found] == target_names(seats, "LD", holder="Con")[:15]
    assert all(t.holder == "Con" for t in found)


def test_swing_needed_is_half_the_gap(base, seats):
    first = targets(base, "RUK", limit=1)[0][0]
    runners = dict(next(s for s in seats.values() if s["name"] == first.seat.name)["runners"])
    assert first.swing_needed == pytest.approx((max(runners.values()) - runners["RUK"]) / 2)


# What it would take -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "losing, gaining", [("Lab", "Con"), ("Lab", "RUK"), ("Lab", "LD"), ("Lab", "Green")]
)
def test_swing_for_a_majority_matches_sorted_thresholds(base, seats, losing, gaining):
    reached = search(base, losing, gaining, goal_test(base, gaining, MAJORITY))
    expected = majority_threshold(seats, losing, gaining, base.majority_line)
    assert reached.swing == pytest.approx(expected)
    # Just short of it the party has no majority; just past it, it has one.
    below = seats_after(seats, {losing: -(expected - 0.001), gaining: expected - 0.001})
    above = seats_after(seats, {losing: -(expected + 0.001), gaining: expected + 0.001})
    assert below[gaining] < base.majority_line <= above[gaining]
    assert reached.counts[gaining] == above[gaining]


@pytest.mark.parametrize("losing, gaining", [("Lab", "Con"), ("Lab", "RUK")])
def test_swing_to_become_largest_party(base, seats, losing, gaining):
    reached = search(base, losing, gaining, goal_test(base, gaining, LARGEST))

    def largest(counts):
        return counts[gaining] > max(n for p, n in counts.items() if p != gaining)

    s = reached.swing
    assert not largest(seats_after(seats, {losing: -(s - 0.001), gaining: s - 0.001}))
    assert largest(seats_after(seats, {losing: -(s + 0.001), gaining: s + 0.001}))
    assert reached.tipping is not None


def test_keeping_a_majority(base, seats):
    reached = search(base, "Lab", "Con", goal_test(base, "Lab", MAJORITY, keep=True))
    s = reached.swing
    assert seats_after(seats, {"Lab": -(s - 0.001), "Con": s - 0.001})["Lab"] >= 326
    assert seats_after(seats, {"Lab": -(s + 0.001), "Con": s + 0.001})["Lab"] < 326


# Reading the questions ----------------------------------------------------------------------


def test_reading_changes(engine):
    forms = engine.understanding.finder.party_forms
    read = lambda text: reading.read(text, forms)  # noqa: E731
    assert read("what if labour fell 5 points and reform rose 5").changes == {"Lab": -5, "RUK": 5}
    assert read("what if the lib dems gained 4").changes == {"LD": 4}
    assert read("labour -3.5, greens +2").changes == {"Lab": -3.5, "Green": 2}
    assert read("what if labour and the tories both fell 3").changes == {"Lab": -3, "Con": -3}
    said = read("swing of 3 points from labour to the conservatives")
    assert (said.swing, said.from_party, said.to_party) == (3, "Lab", "Con")
    said = read("on a five point swing to reform")
    assert (said.swing, said.from_party, said.to_party) == (5, None, "RUK")
    assert read("what if reform got 30%").absolute == {"RUK": 30}
    assert read("what if reform won 20%").absolute == {"RUK": 20}
    assert read("what if labour lost 5 points to reform").changes == {"Lab": -5, "RUK": 5}
    assert read("what if reform gained 5 from the tories").changes == {"Con": -5, "RUK": 5}
    assert read("what if reform took 4 points off labour").changes == {"Lab": -4, "RUK": 4}
    three = read("what if labour fell 2 and the snp rose 3 and reform up 4").changes
    assert three == {"Lab": -2, "SNP": 3, "RUK": 4}
    assert read("lib dem targets held by the tories").holder == "Con"
    assert read("what if labour gained 50 seats").seats_number


def intent(engine, question: str) -> str:
    elections = find_elections(question, engine.understanding.known)
    return read_query(engine.understanding.finder.find(elections.rest), elections).what


@pytest.mark.parametrize(
    "question, what",
    [
        ("reform's top 20 targets", "targets"),
        ("labour targets in scotland", "targets"),
        ("lib dem targets held by the tories", "targets"),
        ("Reform target seats", "targets"),
        ("most winnable seats for the greens", "targets"),
        ("what if labour fell 5 points and reform rose 5", "what_if"),
        ("what if the lib dems gained 4", "what_if"),
        ("on a 5 point swing", "what_if"),
        ("swing of 3 points from labour to the conservatives", "what_if"),
        ("what swing do the tories need for a majority", "swing_goal"),
        ("how far is reform from largest party", "swing_goal"),
        ("swingometer", "swingometer"),
        ("If Labour lost 4% to the Tories, how many seats would they have?", "what_if"),
        ("how many seats would reform win with 25%", "what_if"),
        ("would labour keep its majority on a 6 point swing to reform", "what_if"),
        ("which seats would the lib dems gain on a 3 point swing", "what_if"),
        ("what swing is needed for a hung parliament", "swing_goal"),
        # Questions about swings that happened are not projections
        ("What was the swing in Hendon?", "swing"),
        ("largest swing", "ranking"),
        ("What was the national swing from Conservative to Labour?", "swing"),
        ("What swing did Labour need to win South West Norfolk in 2019?", "swing_needed"),
        ("which seats had the biggest swing to reform", "ranking"),
    ],
)
def test_phrasings(engine, question, what):
    assert intent(engine, question) == what


# Answers through ask ------------------------------------------------------------------------


def test_what_if_answer(engine, seats):
    expected = seats_after(seats, {"Lab": -5, "RUK": 5})
    text = ask(engine, "what if labour fell 5 points and reform rose 5")
    assert "Labour" in text and f"win {expected['Lab']} of 650 seats" in text
    assert (
        f"Reform UK            {expected['RUK']}" in text
        or f"Reform UK {expected['RUK']}" in text.replace("  ", " ")
    )
    assert "not a forecast" in text and "Method: uniform national swing" in text
    assert "2024 general election" in text
    assert "and " in text and "more." in text  # the seats changing hands, then 'and N more'


def test_butler_swing_answer(engine, seats):
    expected = seats_after(seats, {"Lab": -3, "Con": 3})
    answer = engine.ask("swing of 3 points from labour to the conservatives")
    rows = {row[0]: int(row[1]) for row in answer.table.rows}
    assert rows["Labour"] == expected["Lab"] and rows["Conservative"] == expected["Con"]
    assert answer.charts and answer.charts[0].kind == "swingometer"
    assert answer.charts[0].parties == ("Lab", "Con") and answer.charts[0].swing == 3


def test_on_a_five_point_swing(engine, seats):
    answer = engine.ask("how many seats would the tories win on a 5 point swing")
    expected = seats_after(seats, {"Lab": -5, "Con": 5})
    rows = {row[0]: int(row[1]) for row in answer.table.rows}
    assert rows["Conservative"] == expected["Con"]
    text = render_text(answer)
    assert "Taking the swing to run from Labour to Conservative" in text
    assert ("Hung parliament" in text) == (max(expected.values()) < 326)


def seat_names(answer) -> list[str]:
    """The seats of a targets answer, in order ('3. Llanelli: needs ...')."""
    return [item.split(". ", 1)[1].split(": needs ")[0] for item in answer.items]


def test_targets_answer(engine, seats):
    answer = engine.ask("reform's top 20 targets")
    names = seat_names(answer)
    assert names == target_names(seats, "RUK")[:20]
    text = render_text(answer)
    assert "not a forecast" in text and "(winner's share - its share) / 2" in text
    assert "Sittingbourne and Sheppey: needs 1.72 points (held by Lab" in text
    scottish = engine.ask("labour targets in scotland")
    assert seat_names(scottish) == target_names(seats, "Lab", "Scotland")[:10]
    held = engine.ask("lib dem targets held by the tories")
    assert seat_names(held) == target_names(seats, "LD", holder="Con")[:10]
    assert all("held by Con," in item for item in held.items)
    assert len(seat_names(engine.ask("top 5 most winnable seats for the greens"))) == 5


def test_goal_answer(engine, seats, base):
    text = ask(engine, "what swing do the tories need for a majority")
    expected = majority_threshold(seats, "Lab", "Con", base.majority_line)
    assert f"more than {expected:.1f} points" in text
    assert "The seat that tips it:" in text
    text = ask(engine, "how far is reform from largest party")
    assert "Reform UK would need a uniform swing of more than" in text


def test_swingometer_answer_and_picture(engine, full_kb):
    answer = engine.ask("swingometer")
    assert answer.charts[0].kind == "swingometer"
    text = render_text(answer)
    assert "Conservative majority: a swing of" in text
    png = render_chart(full_kb, answer.charts[0])
    assert png.startswith(b"\x89PNG") and len(png) > 5_000


@pytest.mark.parametrize(
    "question, says",
    [
        ("target seats", "Whose targets?"),
        ("what if labour fell 60 points", "Too big a change"),
        ("reform's top 20 targets in 2019", "Reform UK did not stand at the 2019"),
        ("what if labour gained 50 seats", "not from seats"),
        ("what if", "Tell me which parties move"),
    ],
)
def test_friendly_refusals(engine, question, says):
    assert says in ask(engine, question)


_WORDS = st.sampled_from(
    [
        "what",
        "if",
        "labour",
        "reform",
        "tories",
        "lib",
        "dems",
        "greens",
        "snp",
        "fell",
        "rose",
        "gained",
        "lost",
        "swing",
        "of",
        "from",
        "to",
        "points",
        "point",
        "%",
        "-5",
        "+3",
        "2.5",
        "0",
        "49",
        "51",
        "100",
        "targets",
        "top",
        "20",
        "in",
        "scotland",
        "held",
        "by",
        "majority",
        "largest",
        "party",
        "need",
        "how",
        "far",
        "swingometer",
        "proportional",
        "and",
        ",",
        "seats",
        "1997",
        "2019",
    ]
)


@given(st.lists(_WORDS, min_size=1, max_size=12))
def test_any_projection_wording_gets_an_answer(engine, words):
    """Whatever mix of projection words is asked, the answer is worded, never a traceback."""
    answer = engine.ask("what if " + " ".join(words))
    assert answer.title and render_text(answer)


def test_the_shipped_sample_is_no_base_for_a_projection(shipped_engine):
    for question in ("on a 5 point swing", "labour targets", "swingometer"):
        text = render_text(shipped_engine.ask(question))
        assert "Not enough results to project" in text and "kb download" in text


def test_a_freed_snapshot_takes_its_baselines_with_it():
    import gc

    from bot.kb.build import build
    from bot.projection import base as cache
    from tests.helpers.data import FULL_SOURCES

    kb = build(FULL_SOURCES[:3])
    baseline(kb, kb.national["2024"])
    key = id(kb)
    assert key in cache._CACHE
    del kb
    gc.collect()
    assert key not in cache._CACHE


PAIRS = [
    ("Lab", "Con"),
    ("Lab", "RUK"),
    ("Con", "LD"),
    ("Lab", "Green"),
    ("SNP", "Lab"),
    ("Con", "RUK"),
]


@given(st.sampled_from(PAIRS), st.floats(min_value=0.0, max_value=25.0, allow_nan=False))
def test_the_sweep_agrees_with_projecting_at_any_swing(base, pair, swing):
    """Where the search says seats change hands is where a projection says they do."""
    from bot.projection.needed import sweep

    losing, gaining = pair
    counts, flips = sweep(base, losing, gaining, swing)
    for flip in flips:
        counts[flip.before] -= 1
        counts[flip.after] += 1
    projected = project(base, {losing: -swing, gaining: swing}).counts
    # A seat exactly on a crossing is a tie; step off it to compare.
    if not any(abs(f.at - swing) < 1e-9 for f in flips):
        assert +counts == +projected


def test_during_a_count_projections_start_from_the_last_whole_election(full_kb):
    from bot.live.cli import start

    night, plan = start(full_kb, "2024")
    for key in plan.keys[:200]:
        night.declare(key)
    _, engine = night.view()
    text = render_text(engine.ask("on a 5 point swing"))
    assert "from the 2019 general election result" in text
    counting = render_text(engine.ask("on a 5 point swing in 2024"))
    assert "still being counted (200 of 650 seats declared)" in counting
