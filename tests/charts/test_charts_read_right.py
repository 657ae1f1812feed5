"""Charts that read right: what a new user found wrong when looking at every chart, checked on
the layout each chart draws from and on the rendered pictures of the real results."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image

import bot.charts as charts
from bot.answer.models import ChartRequest
from bot.charts.changes import PAD as CHANGES_PAD
from bot.charts.changes import gains_and_losses
from bot.charts.changes import layout as changes_layout
from bot.charts.draw import BACKGROUND, HATCH, MARGIN, WIDTH, Canvas, darker, rgb
from bot.charts.house import (
    OWN_SLICE,
    UNDECLARED,
    expected_seats,
    legend_items,
    share_bars,
    slice_label,
)
from bot.charts.night import header_text as night_header
from bot.charts.result import bar_boxes, draw_result
from bot.charts.seat_history import (
    BOUNDARY,
    cell_boxes,
    cell_label,
    cells,
    draw_history,
    key_items,
    names,
    subtitle_text,
)
from bot.seat_history import seat_line
from bot.text import token_key


def picture(kb, request: ChartRequest) -> Image.Image:
    image = Image.open(io.BytesIO(charts.render_chart(kb, request)))
    image.load()
    return image.convert("RGB")


# The House: every slice in the legend, every label names its party ----------------------------


@pytest.mark.parametrize("election", ["2019", "2024"])
def test_every_slice_of_the_house_bars_has_a_legend_entry(full_kb, election):
    national = full_kb.national[election]
    bars = share_bars(full_kb, national, expected_seats(full_kb, national))
    legend = legend_items(full_kb, national, bars)
    fills = {fill for _, fill in legend}
    for piece in [*bars[0], *bars[1]]:
        assert piece.fill in fills, piece.name
    assert sum(p.share for p in bars[1]) == pytest.approx(100, abs=0.01)
    assert sum(p.value for p in bars[0]) == 650
    if election == "2019":  # the Brexit Party's 2% of the vote, with no seat
        assert ("Brexit Party 0", rgb(full_kb.party("BRX").colour)) in legend
    assert ("Others", None) in legend  # the small parties' striped slice


@pytest.mark.parametrize("election", ["1945", "1983", "2017"])
def test_older_results_others_share_their_legend_entry(history_kb, election):
    """The 1918-2017 file has its own "others" (Oth, grey): the small parties join that slice,
    so the bars and the legend agree on one "Others"."""
    national = history_kb.national[election]
    bars = share_bars(history_kb, national, expected_seats(history_kb, national))
    legend = legend_items(history_kb, national, bars)
    fills = {fill for _, fill in legend}
    for piece in [*bars[0], *bars[1]]:
        assert piece.fill in fills, piece.name
    others = [p for p in bars[1] if p.abbrev == "Oth"]
    assert len(others) == 1 and others[0].fill == rgb(history_kb.party("Oth").colour)
    assert [label for label, _ in legend].count("Others") <= 1
    assert sum(p.share for p in bars[1]) == pytest.approx(100, abs=0.01)


def test_small_parties_are_one_others_slice(full_kb):
    national = full_kb.national["2024"]
    seats_bar, votes_bar = share_bars(full_kb, national, 650)
    named = {p.name for p in votes_bar if p.fill is not None}
    for party in national.parties:
        label = full_kb.party(party.party).label
        big = party.share >= OWN_SLICE or 100 * party.seats / 650 >= OWN_SLICE
        assert (label in named) == big, label
    others = next(p for p in votes_bar if p.fill is None)
    assert others.share == pytest.approx(
        sum(p.share for p in national.parties if full_kb.party(p.party).label not in named),
        abs=0.01,
    )
    assert "Reform UK" in named and "Brexit Party" not in named


def test_undeclared_seats_have_their_own_slice_and_legend_entry(shipped_kb):
    national = shipped_kb.national["2024"]
    bars = share_bars(shipped_kb, national, 650)
    undeclared = [p for p in bars[0] if p.fill == UNDECLARED]
    assert len(undeclared) == 1 and undeclared[0].value == 650 - len(national.contests)
    assert ("Not yet declared", UNDECLARED) in legend_items(shipped_kb, national, bars)


@pytest.mark.parametrize("election", ["2019", "2024"])
def test_bar_labels_name_their_party(full_kb, election):
    """SNP's 7% of the seats in 2019 was labelled "7%" alone: a label now starts with the party."""
    national = full_kb.national[election]
    canvas = Canvas.new(10)
    labelled = 0
    for piece in [p for bar in share_bars(full_kb, national, 650) for p in bar]:
        for width in range(1, 700, 3):
            shown = slice_label(canvas, piece, width)
            if shown is not None:
                assert shown[0].split(" ")[0] == piece.abbrev, (piece, shown)
                assert canvas.measure(shown[0], shown[1]) + 6 <= width
                labelled += 1
    assert labelled


def bar_rows(image: Image.Image, first: tuple[int, int, int]) -> list[int]:
    """The y of the top of each share bar: where the first party's colour starts a tall run in
    the bars' first column."""
    pixels = image.load()
    x = MARGIN + 72
    column = [pixels[x, y] == first for y in range(image.height)]
    return [
        y
        for y in range(1, image.height - 30)
        if column[y] and not column[y - 1] and all(column[y : y + 30])
    ]


def runs(image: Image.Image, y: int, x0: int, x1: int) -> list[tuple[tuple[int, int, int], int]]:
    """(colour, length) of each run of one colour along a row."""
    pixels = image.load()
    out: list[list] = []
    for x in range(x0, x1):
        colour = pixels[x, y]
        if out and out[-1][0] == colour:
            out[-1][1] += 1
        else:
            out.append([colour, 1])
    return [(c, n) for c, n in out]


@pytest.mark.parametrize("election", ["2019", "2024"])
def test_every_colour_in_the_drawn_bars_is_in_the_drawn_legend(full_kb, election):
    image = picture(full_kb, ChartRequest("house", election))
    first = share_bars(full_kb, full_kb.national[election], 650)[0][0].fill
    tops = bar_rows(image, first)
    assert len(tops) == 2, tops
    pixels = image.load()
    # The legend: between the hemicycle's base and the first bar. A swatch is 16 px square.
    legend_colours = set()
    for y in range(tops[0] - 140, tops[0]):
        for x in range(MARGIN, WIDTH - MARGIN):
            if pixels[x, y] != BACKGROUND and all(
                pixels[x + dx, y + dy] == pixels[x, y] for dx in range(6) for dy in range(6)
            ):
                legend_colours.add(pixels[x, y])
    striped = any(
        any(colour == HATCH for colour, _ in runs(image, y, MARGIN, WIDTH - MARGIN))
        for y in range(tops[0] - 140, tops[0])
    )
    for top in tops:
        for colour, length in runs(image, top + 3, MARGIN + 71, WIDTH - MARGIN - 1):
            if colour == HATCH or colour == (242, 244, 246):  # the others' stripes
                assert striped
            elif length >= 2:
                assert colour in legend_colours, (top, colour)


# A seat's result: the winner's bar reads in the winner's colour -------------------------------


@pytest.mark.parametrize(("name", "election"), [("Bootle", "2019"), ("Ynys Môn", "2024")])
def test_the_winners_bar_is_mostly_the_party_colour(full_kb, name, election):
    """Bootle 2019's majority is 88% of Labour's bar: it was drawn pale pink, now Labour red."""
    contest = next(c for c in full_kb.contests[election].values() if c.name == name)
    facts = full_kb.facts[(election, full_kb.contest_key(contest))]
    canvas = draw_result(full_kb, facts)
    image = Image.open(io.BytesIO(canvas.png())).convert("RGB")
    votes = [p.candidacy.votes for p in facts.placed]
    top = canvas.height - 34 - 56 * len(votes)
    boxes = bar_boxes(top, votes, WIDTH)
    x0, y0, x1, y1 = boxes[0]
    split = boxes[1][2]
    colour = rgb(full_kb.party(facts.placed[0].party).colour)
    pixels = image.load()
    inside = [pixels[x, y] for x in range(x0 + 1, x1 - 1) for y in range(y0 + 1, y1)]
    assert sum(p == colour for p in inside) / len(inside) >= 0.6
    # The majority is still marked: a line at the runner-up's length, darker stripes beyond it.
    assert pixels[split, y0 - 2] != BACKGROUND
    beyond = {pixels[x, y0 + 1] for x in range(split + 4, x1 - 1)}
    assert darker(colour, 0.72) in beyond
    # No pale tint of the colour: every pixel of the majority's top row is the colour or darker.
    assert all(sum(p) <= sum(colour) for p in beyond)


# Seats changing hands: counts have room ------------------------------------------------------


@pytest.mark.parametrize("election", ["2019", "2024"])
def test_gains_and_losses_labels_have_room(full_kb, election):
    """2024's "-252" sat against the left edge: now a count goes inside its bar when it fits,
    else beyond its end, and every bar and count keeps PAD clear of the margins."""
    rows = gains_and_losses(full_kb.national[election])
    canvas = Canvas.new(10)
    centre, laid = changes_layout(canvas, rows)
    left, right = MARGIN + CHANGES_PAD, WIDTH - MARGIN - CHANGES_PAD
    longest = max((bar for row in laid for bar in row), key=lambda b: b.x1 - b.x0)
    for (party, gained, lost), bars in zip(rows, laid, strict=True):
        assert [b.label for b in bars] == [f"-{lost}"] * bool(lost) + [f"+{gained}"] * bool(gained)
        for bar in bars:
            width = canvas.measure(bar.label, 18)
            assert left - 1 <= bar.x0 <= bar.x1 <= right + 1, party
            loss = bar.label.startswith("-")
            assert (bar.x1 == centre) if loss else (bar.x0 == centre)
            if bar.inside:  # the count within its bar
                assert bar.x0 <= bar.label_x - (0 if loss else width) - 4
                assert bar.label_x + (width if loss else 0) + 4 <= bar.x1
            else:  # beyond the bar's end, inside the margins
                assert (bar.label_x - width >= left) if loss else (bar.label_x + width <= right)
                assert (bar.label_x < bar.x0) if loss else (bar.label_x > bar.x1)
    assert longest.inside and longest.x1 - longest.x0 > WIDTH / 3  # the long bars use the width


def test_the_largest_loss_is_not_against_the_edge(full_kb):
    image = picture(full_kb, ChartRequest("changes", "2024"))
    pixels = image.load()
    # The last row is the Conservatives' -252: its bar row is clear for PAD inside the margin.
    y = image.height - 40 - 22 // 2
    assert [pixels[x, y] for x in range(MARGIN + CHANGES_PAD - 2)] == [BACKGROUND] * (
        MARGIN + CHANGES_PAD - 2
    )
    con = rgb(full_kb.party("Con").colour)
    assert pixels[MARGIN + CHANGES_PAD + 2, y] == con


# A seat's history: its names, its elections, its key ------------------------------------------


def history_of(kb, name: str):
    contest = next(c for c in kb.contests["2024"].values() if c.name == name)
    facts = kb.facts[("2024", kb.contest_key(contest))]
    return facts, seat_line(kb, contest)


def test_two_elections_in_a_year_are_labelled_by_month(history_kb):
    labels = [cell_label(e.id) for e in history_kb.real_elections()]
    assert "Feb 74" in labels and "Oct 74" in labels
    assert len(set(labels)) == len(labels)
    assert all(re.fullmatch(r"\d{4}|[A-Z][a-z]{2} \d\d", label) for label in labels), labels


@pytest.mark.parametrize(
    ("name", "under"),
    [
        ("Chorley", "under this name"),
        ("South West Norfolk", "under this name or its older forms"),  # Norfolk South Western
        ("Kingston upon Hull East", "under its 2 names"),  # and Hull East
        ("Na h-Eileanan an Iar", "under its 2 names"),  # and Western Isles
        ("Ynys Môn", "under this name"),  # the older file writes Ynys Mon: one spelling
    ],
)
def test_history_says_under_which_names(history_kb, name, under):
    facts, line = history_of(history_kb, name)
    spelled = {f.contest.name for f in line}
    renamed = {token_key(n) for n in spelled}
    subtitle = subtitle_text(history_kb, line)
    assert subtitle.endswith(under)
    assert ("this name" in subtitle) == (len(renamed) == 1)
    assert "1974O" not in subtitle and "1974F" not in subtitle
    key = dict(
        (text.split(":")[0], text)
        for _, text in key_items(history_kb, line, cells(history_kb, line))
    )
    if len(renamed) > 1:
        for group in names(line):
            assert group.name in key["Names"]
    elif name == "South West Norfolk":
        assert key["Also written"] == "Also written: Norfolk South Western, Norfolk South West"


def test_boundary_changes_have_a_drawn_key_entry(history_kb):
    """The key was a bare "|" character: now it is the cells' own mark, a heavy bar, with words."""
    facts, line = history_of(history_kb, "Bootle")
    grid = cells(history_kb, line)
    key = key_items(history_kb, line, grid)
    assert (BOUNDARY, "boundary change") in key
    assert all("|" not in text for _, text in key)
    canvas = draw_history(history_kb, facts)
    image = canvas.image
    pixels = image.load()
    ink = (31, 35, 40)
    # Below the cells (whose boundary marks are such bars too): a solid bar of ink, 4 px wide
    # and taller than the key's text.
    top = Canvas.new(10).header("History of Bootle", subtitle_text(history_kb, line))
    below = cell_boxes(top, len(grid), WIDTH)[-1][3] + 5
    rows = (len(grid) + 14) // 15
    found = [
        (x, y)
        for y in range(int(below), canvas.height - 34 - 18)
        for x in range(MARGIN, MARGIN + 20)
        if all(pixels[x + dx, y + dy] == ink for dx in range(4) for dy in range(18))
    ]
    assert rows == 2 and found


# The night's subtitle: no word left alone -----------------------------------------------------


def test_the_night_subtitle_leaves_no_word_alone(full_kb):
    """It wrapped with "majority" alone on its second line. Now it fits on one line at the
    chart's width, and wherever it must wrap, the lines come out even and the date stays whole."""
    title, subtitle = night_header(full_kb, full_kb.national["2019"])
    canvas = Canvas.new(10)
    assert canvas.wrap(subtitle, WIDTH - 2 * MARGIN, 18) == [subtitle]
    for width in range(260, WIDTH - 2 * MARGIN, 9):
        lines = canvas.wrap(subtitle, width, 18, lines=4)
        assert " ".join(lines) == subtitle, width  # nothing cut off
        assert all(len(line.split(" ")) > 1 for line in lines), (width, lines)
        assert any("Fri\u00a013\u00a0Dec" in line for line in lines)
        shortest, longest = (f(canvas.measure(line, 18) for line in lines) for f in (min, max))
        assert shortest >= 0.5 * longest, (width, lines)


def test_balanced_wrapping_evens_the_lines():
    canvas = Canvas.new(10)
    text = "Seats won by party and the share of the vote they won across the whole of the country"
    width = canvas.measure(text, 18) - 20  # greedy wrapping would leave "country" alone
    greedy = canvas.wrap(text, width, 18, balanced=False)
    assert greedy[-1] == "country"
    balanced = canvas.wrap(text, width, 18)
    assert len(balanced) == 2 and " ".join(balanced) == text
    assert abs(canvas.measure(balanced[0], 18) - canvas.measure(balanced[1], 18)) < 80
