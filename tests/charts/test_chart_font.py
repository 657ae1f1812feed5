"""The bundled font: shipped in the package with its licence, and it draws accents, so names
are drawn as the data spells them ("Sinn Féin", "Ynys Môn"), never folded or drawn as boxes."""

from __future__ import annotations

import tomllib

from PIL import Image

from bot.charts.draw import FACES, SMALL, Canvas, drawable, font, glyph, plain
from tests.helpers.data import ROOT


def ink(image: Image.Image) -> set[tuple[int, int]]:
    pixels = image.load()
    return {
        (x, y)
        for x in range(image.width)
        for y in range(image.height)
        if pixels[x, y] != (255, 255, 255)
    }


def test_the_font_ships_inside_the_package_with_its_licence():
    for path in FACES.values():
        assert path.is_file() and path.parent == ROOT / "bot" / "charts" / "fonts"
    assert "Bitstream" in (ROOT / "bot" / "charts" / "fonts" / "LICENSE").read_text()
    with open(ROOT / "pyproject.toml", "rb") as file:
        data = tomllib.load(file)["tool"]["setuptools"]["package-data"]["bot.charts"]
    assert "fonts/*.ttf" in data and "fonts/LICENSE" in data
    assert font(SMALL).getname() == ("DejaVu Sans", "Condensed")
    assert font(SMALL, bold=True).getname() == ("DejaVu Sans", "Condensed Bold")


def test_names_with_accents_are_not_folded():
    for name in [
        "Sinn Féin",
        "Ynys Môn",
        "Dwyfor Meirionnydd",
        "Na h-Eileanan an Iar",
        "Siân Gwenllian",
    ]:
        assert plain(name) == name
    assert all(drawable(c) for c in "éôâêîûŵŷÉÔáíóúàèìòùäëïöüçñ\u2212\u2013\u2014·")


def test_accented_letters_draw_their_accent_not_a_box():
    """'ô' is an 'o' with ink above it, and no character the charts use draws the missing box."""
    missing = glyph("\uffff", 22)
    for accented, bare in [("ô", "o"), ("é", "e"), ("ŵ", "w"), ("Ô", "O")]:
        g, b = glyph(accented, 22), glyph(bare, 22)
        assert g.mask is not None and missing.mask is not None
        assert g.mask.tobytes() != missing.mask.tobytes(), accented
        assert g.offset[1] < b.offset[1], accented  # the accent reaches higher than the letter
        assert g.advance == b.advance


def test_a_drawn_accent_is_in_the_picture():
    """Drawn on a canvas, 'Ynys Môn' has ink above the 'o' where 'Ynys Mon' has none."""
    pictures = []
    for text in ("Ynys Môn", "Ynys Mon"):
        canvas = Canvas.new(60, 300)
        width = canvas.text((10, 10), text, 22)
        pictures.append(ink(canvas.image))
    accented, bare = pictures
    assert width > 0 and bare < accented
    extra = accented - bare
    x_of_o = 10 + Canvas.new(10).measure("Ynys M", 22)
    assert all(x_of_o - 1 <= x <= x_of_o + glyph("o", 22).advance + 1 for x, _ in extra)
    assert max(y for _, y in extra) < min(y for x, y in bare if x >= x_of_o)


def test_every_name_in_the_official_results_is_drawable(full_kb):
    """Seat, candidate and party names of 2019 and 2024: every character is in the font."""
    seen = set()
    for election in ("2019", "2024"):
        for contest in full_kb.contests[election].values():
            seen.update(contest.name)
            for candidacy in contest.candidacies:
                seen.update(candidacy.name or "")
                seen.update(candidacy.party_name or "")
    for party in full_kb.parties.values():
        seen.update(party.label)
    assert {"é", "ô"} <= seen  # Sinn Féin, Ynys Môn
    assert [c for c in sorted(seen) if not drawable(c)] == []
