"""Hex layouts of the 650 seats, and the geometry of drawing them (no drawing here, no Pillow).

The layouts are Open Innovations' HexJSON files (MIT, `bot/charts/hexmaps/LICENSE`, shipped as
package data beside the charts that draw them, read here by path so that answers can ask which
seats a map holds without importing the charts): one hex per
seat, keyed by GSS code, in "odd-r" offset coordinates (odd rows shifted right by half a hex) with
r growing northwards. Hexes are drawn pointy-top: a row is 1.5 radii below the one above it, a
column sqrt(3) radii to the right of the one before.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from bot.text import fold, token_key

SQRT3 = math.sqrt(3)
# Which file holds which boundaries (checked: the 2023 file's codes are the 2024 seats', the
# other's the 2010-2019 seats', with Northern Ireland's N06 codes).
FOLDER = Path(__file__).resolve().parent / "charts" / "hexmaps"
FILES = {"2010": "constituencies.hexjson", "2024": "uk-constituencies-2023.hexjson"}
BOUNDARIES = {"2010": "the 2010-2019 boundaries", "2024": "the 2024 boundaries"}
FIRST_YEAR = 2010  # no layout fits the seats of earlier elections

NATION_OF_CODE = {"E": "England", "S": "Scotland", "W": "Wales", "N": "Northern Ireland"}
# The regions as the two files spell them: GSS region codes (2024), short codes (2010-2019).
REGION_NAMES = {
    "E12000001": "North East",
    "E12000002": "North West",
    "E12000003": "Yorkshire and The Humber",
    "E12000004": "East Midlands",
    "E12000005": "West Midlands",
    "E12000006": "East of England",
    "E12000007": "London",
    "E12000008": "South East",
    "E12000009": "South West",
    "NE": "North East",
    "NW": "North West",
    "YH": "Yorkshire and The Humber",
    "EM": "East Midlands",
    "WM": "West Midlands",
    "EA": "East of England",
    "LO": "London",
    "SE": "South East",
    "SW": "South West",
}
# Cities shown for orientation on a whole map, when two or more seats are named after them.
CITIES = ("Glasgow", "Edinburgh", "Belfast", "Cardiff", "Manchester", "Birmingham", "Bristol")


@dataclass(frozen=True)
class Hex:
    code: str
    name: str
    q: int
    r: int
    region: str | None  # an English region's name; None outside England

    @property
    def nation(self) -> str:
        return NATION_OF_CODE.get(self.code[:1], "")

    @property
    def column(self) -> float:
        """Horizontal position in hex widths (odd rows half a hex to the right)."""
        return self.q + (0.5 if self.r & 1 else 0.0)


@dataclass(frozen=True)
class Layout:
    """One HexJSON layout: its hexes, found by GSS code or by name."""

    name: str  # "2010" | "2024"
    hexes: tuple[Hex, ...]
    by_code: dict[str, Hex] = field(repr=False)
    by_name: dict[str, Hex] = field(repr=False)

    @property
    def boundaries(self) -> str:
        return BOUNDARIES[self.name]


@cache
def layout(name: str) -> Layout:
    """The layout shipped in the package ('2010' or '2024'), read once."""
    data = json.loads((FOLDER / FILES[name]).read_text("utf-8"))
    if data.get("layout") != "odd-r":
        raise ValueError(f"{FILES[name]}: expected an odd-r layout, not {data.get('layout')!r}")
    hexes = tuple(
        Hex(
            code,
            entry["n"],
            int(entry["q"]),
            int(entry["r"]),
            REGION_NAMES.get(entry.get("region") or entry.get("a") or ""),
        )
        for code, entry in sorted(data["hexes"].items())
    )
    return Layout(
        name,
        hexes,
        {h.code: h for h in hexes},
        {token_key(h.name): h for h in hexes},
    )


def layout_name(year: int, notional: bool = False) -> str | None:
    """The layout for an election: 2010-2019's seats, or 2024's (and later, and the notional 2019
    on the 2024 boundaries); None before 2010, whose seats neither layout holds."""
    if notional and year == 2019:
        return "2024"
    if year < FIRST_YEAR:
        return None
    return "2010" if year < 2024 else "2024"


def find_hex(layout: Layout, code: str | None, name: str) -> Hex | None:
    """A seat's hex: by GSS code, else by name (the 2023 file keeps the old codes of five
    Scottish seats whose names did not change in 2024)."""
    return layout.by_code.get(code or "") or layout.by_name.get(token_key(name))


def in_place(hex_: Hex, kind: str, name: str) -> bool:
    """Is the hex inside a place (bot.places kinds: uk, gb, nation, region, named)?"""
    if kind == "uk":
        return True
    if kind == "gb":
        return hex_.nation != "Northern Ireland"
    if kind == "nation":
        return hex_.nation == name
    if kind == "region":
        return hex_.region == name
    if kind == "named":
        return fold(name) in fold(hex_.name.replace(",", " ")).split()
    return False


@dataclass(frozen=True)
class Frame:
    """Where hexes go on the image: radius and the pixel position of column 0, row 0."""

    radius: float
    x0: float
    y0: float

    def centre(self, hex_: Hex) -> tuple[float, float]:
        return (self.x0 + SQRT3 * self.radius * hex_.column, self.y0 - 1.5 * self.radius * hex_.r)

    def corners(self, hex_: Hex, scale: float = 1.0) -> list[tuple[float, float]]:
        """The hex's six corners (pointy-top), `scale` of the radius from its centre."""
        cx, cy = self.centre(hex_)
        return corners(cx, cy, self.radius * scale)


@cache
def _unit_corners() -> tuple[tuple[float, float], ...]:
    return tuple(
        (math.cos(math.radians(60 * k - 30)), math.sin(math.radians(60 * k - 30))) for k in range(6)
    )


def corners(cx: float, cy: float, radius: float) -> list[tuple[float, float]]:
    return [(cx + radius * dx, cy + radius * dy) for dx, dy in _unit_corners()]


def extent(hexes: list[Hex] | tuple[Hex, ...]) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) of the hexes in radii, with column 0, row 0 at (0, 0)."""
    xs = [SQRT3 * h.column for h in hexes]
    ys = [-1.5 * h.r for h in hexes]
    return (min(xs) - SQRT3 / 2, min(ys) - 1, max(xs) + SQRT3 / 2, max(ys) + 1)


def fit(
    hexes: list[Hex] | tuple[Hex, ...],
    box: tuple[float, float, float, float],
    largest: float = 40.0,
) -> Frame:
    """The frame that fits the hexes, centred, into the box (left, top, right, bottom) in pixels,
    with hexes at most `largest` pixels in radius."""
    left, top, right, bottom = extent(hexes)
    width, height = right - left, bottom - top
    radius = min((box[2] - box[0]) / width, (box[3] - box[1]) / height, largest)
    x0 = (box[0] + box[2]) / 2 - radius * (left + right) / 2
    y0 = (box[1] + box[3]) / 2 - radius * (top + bottom) / 2
    return Frame(radius, x0, y0)


def size_for(hexes: list[Hex] | tuple[Hex, ...], width: float, largest: float = 40.0) -> float:
    """The height in pixels the hexes need when fitted to `width` (before any height limit)."""
    left, top, right, bottom = extent(hexes)
    radius = min(width / (right - left), largest)
    return radius * (bottom - top)
