"""Charts: valid PNGs of the expected size, bars in proportion to votes, party colours in place,
labels inside the image, every kind drawn from the full knowledge base, and the cache."""

from __future__ import annotations

import io

import pytest
from PIL import Image

import bot.charts as charts
from bot.answer.models import ChartRequest
from bot.charts.changes import gains_and_losses
from bot.charts.draw import BACKGROUND, MARGIN, WIDTH, hemicycle, plain, rgb
from bot.charts.house import expected_seats
from bot.charts.night import declarations
from bot.charts.result import bar_boxes, draw_result
from bot.charts.seat_history import cell_boxes, cells, draw_history
from bot.facts import compute
from bot.models import Candidacy, Contest
from bot.seat_history import seat_line

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def image(png: bytes) -> Image.Image:
    assert png.startswith(PNG_SIGNATURE)
    picture = Image.open(io.BytesIO(png))
    picture.load()
    assert picture.format == "PNG" and picture.mode == "RGB"
    return picture


def seat(kb, name: str, election: str = "2024") -> ChartRequest:
    contest = next(c for c in kb.contests[election].values() if c.name == name)
    return ChartRequest("result", election, kb.contest_key(contest))


def facts_of(kb, request: ChartRequest):
    return kb.facts[(request.election, request.seat)]


def bar_end(picture: Image.Image, y: int) -> int:
    """The rightmost drawn pixel on a row of a bar (nothing else is drawn to its right)."""
    pixels = picture.load()
    for x in range(picture.width - 1, -1, -1):
        if pixels[x, y] != BACKGROUND:
            return x
    return -1


def assert_inside(picture: Image.Image, border: int = 12) -> None:
    """Nothing drawn in the outer border: no label runs off the image."""
    pixels = picture.load()
    w, h = picture.size
    for x in range(w):
        for y in (*range(border), *range(h - border, h)):
            assert pixels[x, y] == BACKGROUND, (x, y)
    for y in range(h):
        for x in (*range(border), *range(w - border, w)):
            assert pixels[x, y] == BACKGROUND, (x, y)


# The seat result -------------------------------------------------------------------------


def test_result_chart_is_a_png_of_the_expected_size(shipped_kb):
    request = seat(shipped_kb, "South West Norfolk")
    facts = facts_of(shipped_kb, request)
    canvas = draw_result(shipped_kb, facts)
    picture = image(charts.render_chart(shipped_kb, request))
    assert picture.size == (WIDTH, canvas.height)
    assert 300 < canvas.height < 1000  # nine candidates: a phone-sized picture


@pytest.mark.parametrize("name", ["South West Norfolk", "Richmond and Northallerton"])
def test_each_bar_is_as_long_as_its_votes(full_kb, name):
    request = seat(full_kb, name)
    facts = facts_of(full_kb, request)
    canvas = draw_result(full_kb, facts)
    picture = image(canvas.png())
    votes = [p.candidacy.votes for p in facts.placed]
    top = canvas.height - 34 - 56 * len(votes)  # bars sit above the footer, a row each
    boxes = bar_boxes(top, votes, WIDTH)
    span = WIDTH - 2 * MARGIN
    for v, (x0, y0, _, _) in zip(votes, boxes, strict=True):
        measured = bar_end(picture, y0 + 2) - x0
        assert measured == pytest.approx(span * v / max(votes), abs=2), (v, measured)
    if name == "Richmond and Northallerton":
        assert len(votes) == 13  # the largest field of 2024


def test_bars_are_in_party_colours(full_kb):
    request = seat(full_kb, "South West Norfolk")
    facts = facts_of(full_kb, request)
    canvas = draw_result(full_kb, facts)
    pixels = image(canvas.png()).load()
    top = canvas.height - 34 - 56 * len(facts.placed)
    boxes = bar_boxes(top, [p.candidacy.votes for p in facts.placed], WIDTH)
    for placed, (x0, y0, _, y1) in list(zip(facts.placed, boxes, strict=True))[:3]:
        assert pixels[x0 + 4, (y0 + y1) // 2] == rgb(full_kb.party(placed.party).colour)
    assert [p.party for p in facts.placed[:3]] == ["Lab", "Con", "RUK"]


def test_long_names_and_accents_stay_inside_the_image(full_kb):
    long = "Alexandra Persephone Montgomery-Fotheringham-Smythe of the Very Long Surname"
    contest = Contest(
        election="2024",
        name="Inverness, Skye and West Ross-shire and Na h-Eileanan an Iar and Somewhere Else",
        valid_votes=30000,
        electorate=70000,
        candidacies=tuple(
            Candidacy(
                name=f"{long} {i}",
                party=party,
                party_name=f"The {party} Party of Ynys Môn",
                votes=v,
            )
            for i, (party, v) in enumerate([("SNP", 15000), ("Lab", 10000), ("Sinn Féin", 5000)])
        ),
    )
    facts = compute(contest, None, None, {}, {})
    picture = image(draw_result(full_kb, facts).png())
    assert_inside(picture)
    assert plain("Sinn Féin, Ynys Môn") == "Sinn Féin, Ynys Môn"  # drawn as the data spells it


@pytest.mark.parametrize(
    "name",
    ["South West Norfolk", "Chorley", "Belfast South and Mid Down", "Richmond and Northallerton"],
)
def test_result_labels_stay_inside(full_kb, name):
    assert_inside(image(charts.render_chart(full_kb, seat(full_kb, name))))


# The House ---------------------------------------------------------------------------------


def test_hemicycle_places_every_seat_once():
    positions, rows = hemicycle(650)
    assert len(positions) == 650 and rows == 13
    assert len({(round(a, 6), round(r, 6)) for a, r, _ in positions}) == 650
    assert [a for a, _, _ in positions] == sorted(a for a, _, _ in positions)


def test_house_seats_in_party_colours(full_kb):
    national = full_kb.national["2024"]
    assert expected_seats(full_kb, national) == 650
    picture = image(charts.render_chart(full_kb, ChartRequest("house", "2024")))
    assert_inside(picture)
    # Count coloured pixels in the hemicycle (above the legend): Labour 411 against Conservative 121.
    crop = picture.crop((0, 0, WIDTH, 480))
    colours = crop.getcolors(maxcolors=1 << 16)
    count = {c: n for n, c in colours}
    labour = count[rgb(full_kb.party("Lab").colour)]
    conservative = count[rgb(full_kb.party("Con").colour)]
    assert labour / conservative == pytest.approx(411 / 121, rel=0.1)


def test_house_so_far_while_seats_are_undeclared(shipped_kb):
    national = shipped_kb.national["2024"]
    assert len(national.contests) < 650 and expected_seats(shipped_kb, national) == 650
    picture = image(charts.render_chart(shipped_kb, ChartRequest("house", "2024")))
    colours = {c for _, c in picture.getcolors(maxcolors=1 << 16)}
    assert rgb(shipped_kb.party("Lab").colour) in colours


# Seats changing hands ----------------------------------------------------------------------


def test_gains_less_losses_equal_the_change_in_seats(full_kb):
    now = {p.party: p.seats for p in full_kb.national["2024"].parties}
    before: dict[str, int] = {}
    for contest in full_kb.contests["2019-notional"].values():  # the notional winners
        before[contest.candidacies[0].party] = before.get(contest.candidacies[0].party, 0) + 1
    rows = gains_and_losses(full_kb.national["2024"])
    assert rows[0][:3] == ("Lab", 218, 7) and rows[-1][:3] == ("Con", 1, 252)
    for party, gained, lost in rows:
        assert gained - lost == now.get(party, 0) - before.get(party, 0), party
    assert_inside(image(charts.render_chart(full_kb, ChartRequest("changes", "2024"))))


# A seat's history ----------------------------------------------------------------------------


def test_history_cells_coloured_by_winner(history_kb):
    request = seat(history_kb, "Bootle")
    facts = facts_of(history_kb, request)
    line = seat_line(history_kb, facts.contest)
    grid = cells(history_kb, line)
    assert len(grid) == 29 and grid[0][0] == "1918" and grid[-1][0] == "2024"
    canvas = draw_history(history_kb, facts)
    picture = image(canvas.png())
    assert_inside(picture)
    pixels = picture.load()
    # Find the cells' top: the first row where the 1918 cell's colour (Conservative) appears.
    con = rgb(history_kb.party("Con").colour)
    x_first = MARGIN + 10
    top = next(y for y in range(canvas.height) if pixels[x_first, y] == con) - 22
    boxes = cell_boxes(top, len(grid), WIDTH)
    for (election, f), (x0, y0, _, _) in zip(grid, boxes, strict=True):
        expected = rgb(history_kb.party(f.winner.party).colour) if f else BACKGROUND
        assert pixels[int(x0) + 6, int(y0) + 4] == expected, election


def test_history_leaves_elections_before_the_seat_empty(history_kb):
    request = seat(history_kb, "Chorley")
    facts = facts_of(history_kb, request)
    grid = cells(history_kb, seat_line(history_kb, facts.contest))
    assert [e for e, f in grid if f is None][:1] == ["1918"]
    assert grid[-1][1].winner.party == "Spk"
    assert_inside(
        image(charts.render_chart(history_kb, ChartRequest("history", "2024", request.seat)))
    )


# The night -----------------------------------------------------------------------------------


def test_night_from_the_2019_declaration_times(full_kb):
    events = declarations(full_kb.national["2019"])
    assert len(events) == 650 and events == sorted(events)
    tally = 0
    for moment, party in events:
        tally += party == "Con"
        if tally == 326:
            assert f"{moment:%H:%M}" == "05:05"
            break
    picture = image(charts.render_chart(full_kb, ChartRequest("night", "2019")))
    assert_inside(picture)
    colours = {c for _, c in picture.getcolors(maxcolors=1 << 16)}
    assert {rgb(full_kb.party(p).colour) for p in ("Con", "Lab", "SNP")} <= colours


# Every kind, the cache -----------------------------------------------------------------------


def test_every_kind_renders_from_the_full_knowledge_base(history_kb):
    requests = [
        seat(history_kb, "South West Norfolk"),
        seat(history_kb, "Bootle", "1945"),
        ChartRequest("house", "1945"),
        ChartRequest("house", "2019"),
        ChartRequest("changes", "1997"),
        ChartRequest("history", "2024", seat(history_kb, "Ynys Môn").seat),
        ChartRequest("night", "2019"),
    ]
    for request in requests:
        picture = image(charts.render_chart(history_kb, request))
        assert picture.width == WIDTH and 200 < picture.height < 1400, request


def test_a_chart_asked_for_twice_is_drawn_once(shipped_kb):
    request = seat(shipped_kb, "South West Norfolk")
    charts.forget(shipped_kb)
    before = charts.drawn()
    first = charts.chart_png(shipped_kb, request)
    second = charts.chart_png(shipped_kb, request)
    assert first is second and charts.drawn() == before + 1
    charts.forget(shipped_kb)  # a reload: drawn afresh
    assert charts.chart_png(shipped_kb, request) == first and charts.drawn() == before + 2


def test_unknown_seat_is_a_chart_error(shipped_kb):
    with pytest.raises(charts.ChartError):
        charts.render_chart(shipped_kb, ChartRequest("result", "2024", "nowhere"))


def test_answers_ask_for_their_charts(engine, full_kb):
    result = engine.ask("!result South West Norfolk")
    assert result.charts == (ChartRequest("result", "2024", "E14001497"),)
    assert engine.ask("!national 2019").charts == (
        ChartRequest("house", "2019"),
        ChartRequest("night", "2019"),
    )
    assert engine.ask("!national 2024").charts == (ChartRequest("house", "2024"),)
    assert charts.filename(result.charts[0]) == "result-2024-E14001497.png"
    assert engine.ask("Which seats did Labour gain?").charts == (ChartRequest("changes", "2024"),)


def test_history_answer_asks_for_its_chart(history_engine):
    answer = history_engine.ask("History of South West Norfolk")
    assert [c.kind for c in answer.charts] == ["history"]


def test_charts_drawn_in_parallel_threads_match(full_kb):
    from concurrent.futures import ThreadPoolExecutor

    names = ["South West Norfolk", "Hendon", "Chorley", "Poole", "Bootle", "Ynys Môn"]
    requests = [seat(full_kb, n) for n in names] + [ChartRequest("house", "2024")]
    alone = [charts.render_chart(full_kb, r) for r in requests]
    with ThreadPoolExecutor(4) as pool:
        together = list(pool.map(lambda r: charts.render_chart(full_kb, r), requests * 3))
    assert together == alone * 3


async def test_a_reload_drops_the_old_snapshots_charts(shipped_kb):
    from bot.engine import Engine
    from bot.kb.build import SHIPPED_KNOWLEDGE
    from bot.store import KnowledgeStore

    store = KnowledgeStore([SHIPPED_KNOWLEDGE], shipped_kb, Engine(shipped_kb))
    request = seat(shipped_kb, "South West Norfolk")
    charts.chart_png(shipped_kb, request)
    assert id(shipped_kb) in charts._caches
    assert (await store.reload("test")).ok
    assert id(shipped_kb) not in charts._caches
    before = charts.drawn()
    charts.chart_png(store.current.kb, request)  # the new snapshot draws afresh
    assert charts.drawn() == before + 1


def test_text_on_every_party_colour_is_legible(shipped_kb):
    from bot.charts.draw import contrast, text_on

    for party in shipped_kb.parties.values():
        fill = rgb(party.colour)
        assert contrast(text_on(fill), fill) >= 4.5, party.code  # WCAG AA for normal text
