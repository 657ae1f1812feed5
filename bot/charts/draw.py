"""The few drawing primitives every chart uses: canvas, text that fits, bars, legend, hemicycle.

Pillow only. Sizes are pixels on an 800 px wide image, which Discord shows whole on a phone and
scaled down in a desktop embed, so text is never smaller than SMALL.
"""

from __future__ import annotations

import math
import struct
import threading
import unicodedata
import zlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from bot.format import briefing as fmt_briefing

WIDTH = 800
MARGIN = 24
BACKGROUND = (255, 255, 255)
INK = (31, 35, 40)
MUTED = (87, 96, 106)
RULE = (208, 215, 222)
FAINT = (242, 244, 246)
NO_COLOUR = (170, 170, 170)
HATCH = (140, 148, 156)  # the stripes of "others": many small parties, drawn as one patterned slice
Fill = tuple[int, int, int] | None  # a colour, or None for the "others" stripes

TITLE, BODY, SMALL = 30, 22, 18


FONTS = Path(__file__).parent / "fonts"
FACES = {False: FONTS / "DejaVuSansCondensed.ttf", True: FONTS / "DejaVuSansCondensed-Bold.ttf"}


@cache
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    """The bundled font (DejaVu Sans Condensed, shipped in bot/charts/fonts/ with its licence):
    the same everywhere, with the accents of every Latin script ("Sinn Féin", "Ynys Môn")."""
    return ImageFont.truetype(str(FACES[bold]), size)


# FreeType faces are not safe to use from two threads at once, and charts are drawn in worker
# threads: every call into the font goes through this lock (glyphs are then cached).
_FONT_LOCK = threading.Lock()


@cache
def _missing() -> bytes:
    with _FONT_LOCK:
        return bytes(font(BODY).getmask("\uffff"))


@cache
def drawable(char: str) -> bool:
    """True if the bundled font has this character (a box, "tofu", is drawn for one it lacks)."""
    if char in " \u00a0":  # a no-break space keeps words together in wrapped text
        return True
    if not char.isprintable():
        return False
    missing = _missing()
    with _FONT_LOCK:
        return bytes(font(BODY).getmask(char)) != missing


@dataclass(frozen=True)
class Glyph:
    mask: Image.Image | None
    offset: tuple[int, int]
    advance: float


@cache
def glyph(char: str, size: int, bold: bool = False) -> Glyph:
    """One character's bitmap, rendered once: FreeType per string costs ~20 us a character."""
    with _FONT_LOCK:
        face = font(size, bold)
        mask, offset = face.getmask2(char, mode="L")
        advance = face.getlength(char)
        image = (
            Image.frombytes("L", mask.size, bytes(mask)) if mask.size[0] and mask.size[1] else None
        )
    return Glyph(image, offset, advance)


@cache
def metrics(size: int) -> tuple[int, int]:
    with _FONT_LOCK:
        return font(size).getmetrics()


def length(text: str, size: int, bold: bool = False) -> float:
    """Width of already plain text, from the cached advances."""
    return sum(glyph(c, size, bold).advance for c in text)


def plain(text: str) -> str:
    """The text as the data spells it, less any character the font lacks: those are decomposed
    (a letter with a rare accent keeps its letter) or dropped, so no box is ever drawn."""
    if all(drawable(c) for c in text):
        return text
    out = []
    for char in text:
        if drawable(char):
            out.append(char)
            continue
        out.extend(part for part in unicodedata.normalize("NFKD", char) if drawable(part))
    return "".join(out)


def source(election: str) -> str:
    """A footer: 'Returning Officer · House of Commons Library, CBP-10009'."""
    briefing = fmt_briefing(election)
    code = briefing[briefing.rfind("(") + 1 : briefing.rfind(")")]
    return f"Returning Officer · House of Commons Library, {code}"


def _greedy(words: list[str], width: float, size: int, bold: bool) -> list[str]:
    """Words filled line by line up to `width` (a word wider than that gets a line of its own)."""
    out, current = [], ""
    for word in words:
        trial = f"{current} {word}".strip()
        if length(trial, size, bold) <= width or not current:
            current = trial
        else:
            out.append(current)
            current = word
    out.append(current)
    return out


def plain_lines(text: str) -> list[str]:
    return [plain(line) for line in text.split("\n")]


def rgb(colour: str | None) -> tuple[int, int, int]:
    if not colour:
        return NO_COLOUR
    value = colour.lstrip("#")
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))


def _luminance(colour: tuple[int, int, int]) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@cache
def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    """WCAG contrast ratio between two colours (1 to 21)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@cache
def text_on(fill: tuple[int, int, int]) -> tuple[int, int, int]:
    """Black or white, whichever reads better on the fill (at least 4.5:1 on every party colour)."""
    black, white = (0, 0, 0), (255, 255, 255)
    return black if contrast(black, fill) >= contrast(white, fill) else white


@cache
def edge(fill: tuple[int, int, int]) -> tuple[int, int, int] | None:
    """A darker outline for pale fills (SNP yellow, the Loonies) that vanish on white."""
    if contrast(fill, BACKGROUND) >= 1.6:
        return None
    return tuple(int(c * 0.6) for c in fill)


def darker(colour: tuple[int, int, int], factor: float = 0.75) -> tuple[int, int, int]:
    return tuple(int(c * factor) for c in colour)


@dataclass
class Canvas:
    """An image being drawn, with text helpers that never let a label run off it."""

    image: Image.Image
    draw: ImageDraw.ImageDraw

    @classmethod
    def new(cls, height: int, width: int = WIDTH) -> Canvas:
        image = Image.new("RGB", (width, height), BACKGROUND)
        return cls(image, ImageDraw.Draw(image))

    @property
    def width(self) -> int:
        return self.image.width

    @property
    def height(self) -> int:
        return self.image.height

    def measure(self, text: str, size: int = BODY, bold: bool = False) -> float:
        return length(plain(text), size, bold)

    def fit(self, text: str, width: float, size: int = BODY, bold: bool = False) -> str:
        """The text, shortened with an ellipsis if it would be wider than `width`."""
        text = plain(text)
        if length(text, size, bold) <= width:
            return text
        dots = length("...", size, bold)
        while text and length(text, size, bold) + dots > width:
            text = text[:-1]
        return text.rstrip(" ,-") + "..." if text else ""

    def _glyphs(
        self,
        xy: tuple[float, float],
        text: str,
        size: int,
        fill: tuple[int, int, int],
        anchor: str,
        bold: bool,
    ) -> None:
        """Paste cached glyphs; anchors as Pillow's: l/m/r, then a (top), m (middle), s, d."""
        width = length(text, size, bold)
        ascent, descent = metrics(size)
        x = xy[0] - {"l": 0, "m": width / 2, "r": width}[anchor[0]]
        top = (
            xy[1]
            - {"a": 0, "m": (ascent + descent) / 2, "s": ascent, "d": ascent + descent}[anchor[1]]
        )
        for char in text:
            g = glyph(char, size, bold)
            if g.mask is not None:
                self.image.paste(fill, (round(x + g.offset[0]), round(top + g.offset[1])), g.mask)
            x += g.advance

    def text(
        self,
        xy: tuple[float, float],
        text: str,
        size: int = BODY,
        fill: tuple[int, int, int] = INK,
        anchor: str = "la",
        width: float | None = None,
        bold: bool = False,
    ) -> float:
        """Draw text (fitted to `width`, or to the image from x); return its drawn width."""
        x = xy[0]
        if width is None:  # up to the margin
            if anchor[0] == "l":
                width = self.width - MARGIN - x
            elif anchor[0] == "r":
                width = x - MARGIN
            else:
                width = self.width - 2 * MARGIN
        shown = self.fit(text, width, size, bold)
        drawn = length(shown, size, bold)
        if anchor[0] == "m":  # centred text near an edge is moved in, not cut off
            half = drawn / 2
            xy = (min(max(x, MARGIN / 2 + half), self.width - MARGIN / 2 - half), xy[1])
        self._glyphs(xy, shown, size, fill, anchor, bold)
        return drawn

    def wrap(
        self,
        text: str,
        width: float,
        size: int = BODY,
        lines: int = 2,
        bold: bool = False,
        balanced: bool = True,
    ) -> list[str]:
        """Words into at most `lines` lines of `width` (a newline forces a break), the last
        line shortened if needed. Balanced: a paragraph that needs two lines is broken where its
        lines come out about as long, not with a lone word left on the last."""
        out = []
        for paragraph in plain_lines(text):
            words = [word for word in paragraph.split(" ") if word]  # a no-break space holds
            greedy = _greedy(words, width, size, bold)
            if balanced and len(greedy) > 1:
                # The narrowest width that still needs no more lines: the breaks fall evenly.
                low, high = width / len(greedy), width
                while high - low > 1:
                    mid = (low + high) / 2
                    if len(_greedy(words, mid, size, bold)) <= len(greedy):
                        high = mid
                    else:
                        low = mid
                greedy = _greedy(words, high, size, bold)
            out.extend(greedy)
        if len(out) > lines:
            out = out[: lines - 1] + [" ".join(out[lines - 1 :])]
        return [self.fit(line, width, size, bold) for line in out]

    def header(self, title: str, subtitle: str | None = None) -> int:
        """Title (wrapped over three lines at most) and a muted subtitle; returns the y below."""
        y = MARGIN
        if ": " in title and "\n" not in title and not self.fits(title, TITLE, bold=True):
            # Too long for one line: break after the colon, so the point stays whole.
            head, tail = title.split(": ", 1)
            title = f"{head}:\n{tail}"
        for line in self.wrap(title, self.width - 2 * MARGIN, TITLE, lines=3, bold=True):
            self.text((MARGIN, y), line, TITLE, bold=True)
            y += TITLE + 8
        if subtitle:
            for line in self.wrap(subtitle, self.width - 2 * MARGIN, SMALL):
                self.text((MARGIN, y), line, SMALL, MUTED)
                y += SMALL + 6
        return y + 10

    def fits(self, text: str, size: int = BODY, bold: bool = False) -> bool:
        """True if the text fits on one line between the margins."""
        return length(plain(text), size, bold) <= self.width - 2 * MARGIN

    def footer(self, text: str) -> None:
        self.text((MARGIN, self.height - MARGIN / 2), text, SMALL - 2, MUTED, anchor="ld")

    def bar(
        self,
        box: tuple[float, float, float, float],
        fill: tuple[int, int, int],
        label: str | None = None,
        size: int = SMALL,
    ) -> None:
        """A filled bar, outlined when pale, with an optional label inside (if it fits)."""
        x0, y0, x1, y1 = box
        if x1 < x0:
            x0, x1 = x1, x0
        if x1 - x0 < 1:
            x1 = x0 + 1
        self.draw.rectangle((x0, y0, x1, y1), fill=fill, outline=edge(fill))
        if label and self.measure(label, size) + 12 <= x1 - x0:
            self.text(((x0 + x1) / 2, (y0 + y1) / 2), label, size, text_on(fill), anchor="mm")

    def hatch(self, box: tuple[float, float, float, float]) -> None:
        """The "others" pattern: grey diagonal stripes on a faint fill, outlined."""
        x0, y0, x1, y1 = (round(v) for v in box)
        if x1 - x0 < 1 or y1 - y0 < 1:
            return
        tile = Image.new("RGB", (x1 - x0 + 1, y1 - y0 + 1), FAINT)
        pen = ImageDraw.Draw(tile)
        for k in range(-tile.height, tile.width, 6):
            pen.line((k, tile.height, k + tile.height, 0), fill=HATCH, width=2)
        self.image.paste(tile, (x0, y0))
        self.draw.rectangle((x0, y0, x1, y1), outline=HATCH)

    def swatch(self, x: float, y: float, fill: Fill, size: int = 16) -> None:
        if fill is None:
            self.hatch((x, y, x + size, y + size))
            return
        self.draw.rectangle((x, y, x + size, y + size), fill=fill, outline=edge(fill) or fill)

    def legend(self, items: list[tuple[str, Fill]], y: float, size: int = SMALL) -> float:
        """Swatches and labels in rows that wrap at the image edge; returns the y below them."""
        x = MARGIN
        line = size + 12
        for label, fill in items:
            label = plain(label)
            width = 16 + 6 + self.measure(label, size) + 18
            if x + width > self.width - MARGIN and x > MARGIN:
                x = MARGIN
                y += line
            self.swatch(x, y + (size - 16) / 2 + 2, fill)
            self.text((x + 22, y), label, size, INK, width=self.width - MARGIN - x - 22)
            x += width
        return y + line

    def png(self) -> bytes:
        return encode_png(self.image)


def encode_png(image: Image.Image) -> bytes:
    """An RGB image as PNG: rows unfiltered, zlib level 1.

    Pillow's encoder tries five filters on every row; on flat-coloured charts that costs twice
    as long as the compression and saves little, so charts are written directly (half the time).
    """
    width, height = image.size
    raw = image.convert("RGB").tobytes()
    stride = width * 3
    rows = b"".join(b"\x00" + raw[i : i + stride] for i in range(0, len(raw), stride))

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 1))
        + chunk(b"IEND", b"")
    )


def hemicycle(seats: int, rows: int | None = None) -> tuple[list[tuple[float, float, float]], int]:
    """Seat positions in a half circle, as (angle from the left, 0..pi; radius 0.4..1; row).

    Seats are spread over concentric rows in proportion to each row's length, then ordered by
    angle, so consecutive seats fill a wedge from left to right (one party's seats stay together).
    Returns the positions and the number of rows.
    """
    if seats <= 0:
        return [], 0
    if rows is None:
        rows = max(1, min(16, round(math.sqrt(seats / 3.67))))
    inner = 0.4
    radii = [inner + (1 - inner) * (i + 0.5) / rows for i in range(rows)]
    total = sum(radii)
    counts = [int(seats * r / total) for r in radii]
    # Hand out the seats lost to rounding, outermost rows first.
    for i in sorted(range(rows), key=lambda row: -radii[row])[: seats - sum(counts)]:
        counts[i] += 1
    positions = []
    for row, (radius, count) in enumerate(zip(radii, counts, strict=True)):
        for k in range(count):
            angle = math.pi * (k + 0.5) / count if count > 1 else math.pi / 2
            positions.append((angle, radius, row))
    positions.sort(key=lambda position: (position[0], -position[1]))
    return positions, rows
