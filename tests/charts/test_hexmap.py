"""The map (issue 20): one hex per seat, read back pixel by pixel against the official files.

The expected colours and gains come from the Commons Library's own constituency files (read here
independently of the bot's readers) and the hex layouts from ../shared/data/hexmaps; only where
each hex is drawn comes from the drawer (`locate`).
"""

from __future__ import annotations

import io
import json
import tomllib

import discord.ext.test as dpytest
import pytest
from PIL import Image

from bot.answer.models import ChartRequest
from bot.charts import ChartError, chart_png, render_chart
from bot.charts.draw import BACKGROUND, RULE, rgb
from bot.charts.hexmap import VIRIDIS, locate, plan_map, share_colour, viridis
from bot.hexlayout import FOLDER, layout, layout_name
from bot.live.cli import start
from bot.text import token_key
from tests.helpers.bots import slash
from tests.helpers.data import DATA, ROOT, library_constituencies, needs_data


def luminance(colour) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in colour[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def picture(png: bytes) -> Image.Image:
    return Image.open(io.BytesIO(png)).convert("RGB")


def official_hexes(year: str) -> dict[str, str]:
    """The Library's ONS ID -> the hex's code in the shared layout (by code, else by name)."""
    name = "uk-constituencies-2023.hexjson" if year == "2024" else "constituencies.hexjson"
    hexes = json.loads((DATA / "hexmaps" / name).read_text("utf-8"))["hexes"]
    by_name = {token_key(h["n"]): code for code, h in hexes.items()}
    found = {}
    for row in library_constituencies(year):
        ons = row["ONS ID"]
        found[ons] = ons if ons in hexes else by_name[token_key(row["Constituency name"])]
    return found


# The layouts shipped ---------------------------------------------------------------------------


def test_the_layouts_ship_in_the_package_with_their_licence():
    assert "Open Innovations" in (FOLDER / "LICENSE").read_text()
    assert {h.code[:3] for h in layout("2024").hexes} == {"E14", "S14", "W07", "N05"}
    assert {h.code[:3] for h in layout("2010").hexes} == {"E14", "S14", "W07", "N06"}
    assert len(layout("2024").hexes) == len(layout("2010").hexes) == 650
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert {"*.hexjson", "LICENSE"} <= set(data["package-data"]["bot.charts.hexmaps"])


@needs_data
def test_the_shipped_layouts_are_the_official_files_unchanged():
    for path in (DATA / "hexmaps").iterdir():
        assert (FOLDER / path.name).read_bytes() == path.read_bytes(), path.name


def test_which_layout_serves_which_election():
    assert layout_name(2024) == layout_name(2029) == "2024"
    assert layout_name(2019, notional=True) == "2024"  # the notional 2019 is on the new seats
    assert layout_name(2010) == layout_name(2019) == "2010"
    assert layout_name(2005) is None and layout_name(1997) is None


# Every seat in its winner's colour, gains ringed -------------------------------------------------


@needs_data
@pytest.mark.parametrize("year", ["2024", "2019"])
def test_every_hex_centre_is_its_winners_colour_and_gains_are_ringed(full_kb, year):
    request = ChartRequest("map", year)
    image = picture(render_chart(full_kb, request))
    where = locate(full_kb, request)
    hexes = official_hexes(year)
    rows = library_constituencies(year)
    assert len(rows) == len(hexes) == len(where) == 650
    assert len(set(hexes.values())) == 650  # one hex per seat, none shared
    gains = 0
    for row in rows:
        centre, ring = where[hexes[row["ONS ID"]]]
        colour = rgb(full_kb.party(row["First party"]).colour)
        assert image.getpixel(centre) == colour, row["Constituency name"]
        gained = "gain" in row["Result"]
        assert (image.getpixel(ring) != colour) == gained, (row["Constituency name"], row["Result"])
        gains += gained
    assert gains == (303 if year == "2024" else sum("gain" in r["Result"] for r in rows))


@needs_data
def test_the_changed_hands_map_keeps_gains_in_full_colour_and_pales_the_rest(full_kb):
    request = ChartRequest("map", "2024", mode="changed")
    image = picture(render_chart(full_kb, request))
    where = locate(full_kb, request)
    hexes = official_hexes("2024")
    for row in library_constituencies("2024"):
        centre, ring = where[hexes[row["ONS ID"]]]
        colour = rgb(full_kb.party(row["First party"]).colour)
        if "gain" in row["Result"]:
            assert image.getpixel(centre) == colour and image.getpixel(ring) != colour
        else:
            assert image.getpixel(centre) != colour
            assert luminance(image.getpixel(centre)) > luminance(colour)  # paler
    assert plan_map(full_kb, request).title.endswith("303 of 650 seats changed hands")


# A party's share -----------------------------------------------------------------------------


@pytest.mark.parametrize("top", [10.0, 30.0, 60.0, 80.0, 100.0])
def test_the_share_scale_brightens_with_every_class(top):
    classes = [luminance(share_colour(share, top)) for share in range(0, int(top), 5)]
    assert all(a < b for a, b in zip(classes, classes[1:], strict=False))
    shares = [luminance(share_colour(i / 10, top)) for i in range(0, 1001)]
    assert all(a <= b for a, b in zip(shares, shares[1:], strict=False))
    assert viridis(0) == VIRIDIS[0] and viridis(1) == VIRIDIS[-1]


@needs_data
@pytest.mark.parametrize(("party", "column"), [("Lab", "Lab"), ("RUK", "RUK"), ("LD", "LD")])
def test_share_shading_increases_with_share(full_kb, party, column):
    request = ChartRequest("map", "2024", mode="share", party=party)
    image = picture(render_chart(full_kb, request))
    where = locate(full_kb, request)
    hexes = official_hexes("2024")
    shares = []
    for row in library_constituencies("2024"):
        votes = int(row[column] or 0)
        if votes:
            share = votes / int(row["Valid votes"])
            shares.append((share, luminance(image.getpixel(where[hexes[row["ONS ID"]]][0]))))
    shares.sort()
    assert len(shares) > 400
    assert all(a[1] <= b[1] + 1e-9 for a, b in zip(shares, shares[1:], strict=False))
    assert shares[0][1] < shares[-1][1]


# No map before 2010 ----------------------------------------------------------------------------


@needs_data
def test_before_2010_there_is_no_map(history_kb, history_engine):
    for question in ("map of 1997", "!map 2005", "map of scotland in 1983"):
        answer = history_engine.ask(question)
        assert answer.kind == "not_found" and not answer.charts, question
        assert "no map" in " ".join(answer.lines).lower()
    with pytest.raises(ChartError, match="no map"):
        render_chart(history_kb, ChartRequest("map", "1997"))
    for question, year in (("map of 2010", "2010"), ("map 2017", "2017"), ("!map 2015", "2015")):
        [chart] = history_engine.ask(question).charts
        assert chart == ChartRequest("map", year, mode="winner")
        image = picture(render_chart(history_kb, chart))  # party-level results: placed by code
        placed = locate(history_kb, chart)
        assert len(placed) == 650
        assert sum(image.getpixel(c) != BACKGROUND for c, _ in placed.values()) == 650


# During a count --------------------------------------------------------------------------------


@needs_data
def test_mid_count_undeclared_seats_are_outlines_and_the_title_counts(full_kb):
    night, plan = start(full_kb, "2019")
    for key in plan.keys[:412]:
        night.declare(key)
    kb, engine = night.view()
    request = ChartRequest("map", "2019")
    assert plan_map(kb, request).title == "2019 general election: 412 of 650 declared"
    image = picture(render_chart(kb, request))
    where = locate(kb, request)
    hexes = official_hexes("2019")
    declared = {kb.contest_key(c) for c in kb.contests["2019"].values()}
    assert len(declared) == 412
    for row in library_constituencies("2019"):
        centre, ring = where[hexes[row["ONS ID"]]]
        if row["ONS ID"] in declared:
            assert image.getpixel(centre) == rgb(kb.party(row["First party"]).colour)
        else:
            assert image.getpixel(centre) == image.getpixel(ring) == BACKGROUND
    # the outline of an undeclared hex: its top corner, just inside
    undeclared = next(r for r in library_constituencies("2019") if r["ONS ID"] not in declared)
    (cx, cy), _ = where[hexes[undeclared["ONS ID"]]]
    column = [image.getpixel((cx, y)) for y in range(cy - 40, cy)]
    assert RULE in column
    answer = engine.ask("map of 2019")
    assert "412 of 650 seats have declared so far" in " ".join(answer.lines)
    # where a seat still to declare is: outlined, hollow
    answer = engine.ask(f"where is {undeclared['Constituency name']}")
    [chart] = answer.charts
    assert chart.seat == undeclared["ONS ID"] and "has not declared yet" in " ".join(answer.lines)
    image = picture(render_chart(kb, chart))
    (cx, cy), _ = locate(kb, chart)[hexes[undeclared["ONS ID"]]]
    assert image.getpixel((cx, cy)) == BACKGROUND
    assert (0, 0, 0) in [image.getpixel((x, cy)) for x in range(cx - 30, cx)]
    # the map of a milestone: as it stood after that many declarations
    earlier = ChartRequest("map", "2019", declared=326)
    assert plan_map(kb, earlier).title == "2019 general election: 326 of 650 declared"


# The questions ---------------------------------------------------------------------------------

ASKED = [
    ("map of 2024", ChartRequest("map", "2024", mode="winner")),
    ("map 2019", ChartRequest("map", "2019", mode="winner")),
    ("map of the seats that changed hands", ChartRequest("map", "2024", mode="changed")),
    ("map of labour's share", ChartRequest("map", "2024", mode="share", party="Lab")),
    (
        "where did reform come second, on a map",
        ChartRequest("map", "2024", mode="second", party="RUK"),
    ),
    ("map of scotland", ChartRequest("map", "2024", mode="winner", place=("nation", "Scotland"))),
    ("where is Hendon", ChartRequest("map", "2024", seat="E14001279")),
    ("show the lib dem seats on a map", ChartRequest("map", "2024", mode="won", party="LD")),
    (
        "green share in the south west in 2019 on a map",
        ChartRequest("map", "2019", mode="share", party="Green", place=("region", "South West")),
    ),
    ("!map", ChartRequest("map", "2024", mode="winner")),
    ("!map 2019", ChartRequest("map", "2019", mode="winner")),
    ("!map hendon 2019", ChartRequest("map", "2019", seat="E14000741")),
    (
        "!map wales labour share",
        ChartRequest("map", "2024", mode="share", party="Lab", place=("nation", "Wales")),
    ),
]


@needs_data
@pytest.mark.parametrize(("question", "chart"), ASKED)
def test_map_questions_ask_for_the_right_map(engine, question, chart, full_kb):
    answer = engine.ask(question)
    assert answer.charts == (chart,), question
    assert answer.lines and not answer.is_error
    assert render_chart(full_kb, chart).startswith(b"\x89PNG")


@needs_data
@pytest.mark.parametrize(
    "question", ["who won Hendon", "where did Liz Truss finish", "where is the safest seat"]
)
def test_questions_that_are_not_about_a_map_get_none(engine, question):
    assert not any(c.kind == "map" for c in engine.ask(question).charts)


@needs_data
def test_the_answer_says_in_words_what_the_map_shows(engine):
    text = " ".join(engine.ask("map of 2024").lines)
    assert "Labour 411, Conservative 121, Liberal Democrat 72" in text
    assert "303 that changed hands (vs notional 2019)" in text
    text = " ".join(engine.ask("where did reform come second, on a map").lines)
    assert "came second in 98 seats" in text and "Labour 89, Conservative 9" in text
    text = " ".join(engine.ask("where is Hendon").lines)
    assert "London" in text and "Lab gain from Con" in text
    assert engine.ask("!map narnia").kind == "not_found"


@needs_data
def test_a_named_seat_is_outlined_in_black(full_kb):
    request = ChartRequest("map", "2024", seat="E14001279")
    image = picture(render_chart(full_kb, request))
    (cx, cy), _ = locate(full_kb, request)["E14001279"]
    assert image.getpixel((cx, cy)) == rgb(full_kb.party("Lab").colour)  # full colour
    row = [image.getpixel((x, cy)) for x in range(cx - 30, cx)]
    assert (0, 0, 0) in row  # its outline


# Discord -----------------------------------------------------------------------------------------


@needs_data
@pytest.mark.bot(knowledge="full", charts=True)
async def test_the_map_command_attaches_the_map(bot, full_kb, sent):
    await dpytest.message("!map 2019")
    payload, files = sent[-1]
    assert list(files) == ["map-2019.png"]
    assert files["map-2019.png"] == chart_png(full_kb, ChartRequest("map", "2019", mode="winner"))
    [embed] = payload["embeds"]
    assert embed["image"]["url"] == "attachment://map-2019.png"
    assert "Conservative 365" in embed["description"]
    assert dpytest.get_message().attachments[0].filename == "map-2019.png"
    await dpytest.message("!ask map of scotland")
    assert list(sent[-1][1]) == ["map-2024-Scotland.png"]
    await dpytest.message("!map 1992")  # not loaded here: said, and nothing attached
    payload, files = sent[-1]
    assert files == {} and "1992" in payload["embeds"][0]["description"]


@needs_data
@pytest.mark.bot(knowledge="full", charts=True)
async def test_slash_map_attaches_the_map(bot, full_kb, adapter):
    options = [
        {"name": "election", "type": 3, "value": "2024"},
        {"name": "show", "type": 3, "value": "labour share"},
    ]
    await bot.tree._call(slash(bot, "map", options))
    [files] = adapter.files
    [file] = files
    assert file.filename == "map-2024-share-Lab.png"
    file.fp.seek(0)
    request = ChartRequest("map", "2024", mode="share", party="Lab")
    assert file.fp.read() == chart_png(full_kb, request)
    assert (
        adapter.responses[0]["data"]["embeds"][0]["image"]["url"] == f"attachment://{file.filename}"
    )


# Election night: the map at milestones, and at the end of a replay ------------------------------


@needs_data
def test_a_replay_writes_the_map_at_the_majority_and_at_the_end(full_kb, tmp_path, capsys):
    from bot.live.cli import run_replay

    assert run_replay(full_kb, "2019", 0.0, chart=tmp_path / "maps") == 0
    out = capsys.readouterr().out
    names = sorted(p.name for p in (tmp_path / "maps").iterdir())
    assert names == ["map-2019-596-declared.png", "map-2019-650-declared.png"]
    assert "a majority in the House of Commons" in out and "Map written to" in out
    majority = picture((tmp_path / "maps" / names[0]).read_bytes())
    assert majority.size[0] == 800


@needs_data
async def test_milestone_posts_carry_the_map_and_the_sender_attaches_it(full_kb):
    from types import SimpleNamespace

    from bot.exts.delivery import DiscordSender
    from bot.live.announcer import milestone_post

    night, plan = start(full_kb, "2019")
    declarations = [night.declare(key) for key in plan.keys]
    posts = [
        milestone_post(night.base, d, m, "channel:1", 1) for d in declarations for m in d.milestones
    ]
    with_map = {p.item.split(":")[1]: p.charts for p in posts if p.charts}
    assert set(with_map) == {"majority", "last_seat"}
    assert with_map["majority"] == (ChartRequest("map", "2019", mode="winner", declared=596),)
    assert all(not p.charts for p in posts if p.item.split(":")[1] not in with_map)

    view, _ = night.view()
    sent = []

    class Channel:
        async def send(self, **kwargs):
            sent.append(kwargs)

    bot = SimpleNamespace(
        settings=SimpleNamespace(charts=True),
        store=SimpleNamespace(current=SimpleNamespace(kb=view)),
    )
    sender = DiscordSender(bot)

    async def target(destination):
        return Channel()

    sender._target = target
    majority = next(p for p in posts if p.item.startswith("milestone:majority"))
    await sender(majority)
    [file] = sent[-1]["files"]
    assert file.filename == "map-2019-596-declared.png"
    assert sent[-1]["embed"].image.url == "attachment://map-2019-596-declared.png"
    file.fp.seek(0)
    image = picture(file.fp.read())
    assert image.size[0] == 800
    first = next(p for p in posts if p.item.startswith("milestone:first_seat"))
    await sender(first)
    assert "files" not in sent[-1]  # other milestones: words only


@needs_data
def test_a_town_is_the_seats_named_after_it_and_an_unknown_word_is_said(engine, full_kb):
    answer = engine.ask("map of birmingham")
    [chart] = answer.charts
    assert chart.place == ("named", "Birmingham")
    assert "Each of the 9 Birmingham seats" in answer.lines[0]
    assert len(locate(full_kb, chart)) == 9
    answer = engine.ask("map of narnia")
    assert any("didn't recognise 'narnia'" in note for note in answer.notes)


# 2010-2017 as Parliament's own results files load them ------------------------------------------

PARLIAMENT = {"2010": "55", "2015": "56", "2017": "57"}


@pytest.fixture(scope="module")
def parliament_kb():
    if not DATA.is_dir():
        pytest.skip("official data (../shared/data) is absent")
    from bot.kb.build import SHIPPED_KNOWLEDGE, build

    return build([SHIPPED_KNOWLEDGE, DATA / "historical", DATA / "parliament"])


@needs_data
@pytest.mark.parametrize("year", sorted(PARLIAMENT))
def test_parliaments_2010_to_2017_seats_all_have_codes_and_their_winners_colours(
    parliament_kb, year
):
    import csv

    path = DATA / "parliament" / PARLIAMENT[year] / "general-election" / "constituencies.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))  # no header row in these files
    assert len(rows) == 650
    assert all(c.ons_id for c in parliament_kb.contests[year].values())
    request = ChartRequest("map", year)
    image = picture(render_chart(parliament_kb, request))
    where = locate(parliament_kb, request)
    grid = layout("2010")
    for row in rows:
        ons, name, result, first = row[0], row[2], row[11], row[12]
        assert ons in grid.by_code, name  # placed by its GSS code, no name needed
        centre, ring = where[ons]
        colour = rgb(parliament_kb.party(first).colour)
        assert image.getpixel(centre) == colour, (name, first)
        assert (image.getpixel(ring) != colour) == ("gain" in result), (name, result)


def test_a_fresh_clone_maps_what_it_has_and_says_the_rest_is_not_loaded(shipped_engine, shipped_kb):
    answer = shipped_engine.ask("!map")
    [chart] = answer.charts
    assert "Results are loaded for 1 of the 650 seats" in answer.lines[0]
    plan = plan_map(shipped_kb, chart)
    assert plan.title == "2024 general election: results loaded for 1 of 650 seats"
    image = picture(render_chart(shipped_kb, chart))
    where = locate(shipped_kb, chart)
    centre, ring = where["E14001497"]  # South West Norfolk, the sample's seat: Lab gain from Con
    assert image.getpixel(centre) == rgb(shipped_kb.party("Lab").colour) != image.getpixel(ring)
    assert sum(image.getpixel(c) == BACKGROUND for c, _ in where.values()) == 649
