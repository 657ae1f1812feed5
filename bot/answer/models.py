"""Answers: what the bot says, already worded, before it becomes plain text or a Discord embed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["result", "candidate", "national", "list", "fact", "choice", "not_found", "help"]
# A chart kind is a key of bot.charts.DRAWERS (result, house, changes, history, night, map,
# swingometer ...); the table there is the one list, so a new chart is its module and its row.
ChartKind = str


@dataclass(frozen=True)
class ChartRequest:
    """A picture an answer asks for: data only, drawn later from the knowledge base (bot/charts).

    `seat` is the knowledge base's contest key (ONS code, or the name's key) for seat charts.
    A map also says what it shades (`mode`: winner, changed, share, second, won), for which
    `party`, inside which `place` (bot.places: kind and name), and, on election night, after how
    many declarations (`declared`; None: all so far).
    `parties` and `swing`: a swingometer's two parties (from, to) and the swing it points at.
    """

    kind: ChartKind
    election: str
    seat: str | None = None
    mode: str = ""
    party: str | None = None
    place: tuple[str, str] | None = None
    declared: int | None = None
    parties: tuple[str, ...] = ()
    swing: float | None = None


@dataclass(frozen=True)
class Choice:
    """One option offered when a name is ambiguous: its label and the command that picks it."""

    label: str
    command: str


@dataclass(frozen=True)
class Table:
    """A compact table: column headers, rows of cells, and which columns are numbers."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...] = ()
    caption: str = "Candidates"


@dataclass(frozen=True)
class Answer:
    """Everything one reply holds; renderers decide how it looks."""

    kind: Kind
    title: str
    lines: tuple[str, ...] = ()
    fields: tuple[tuple[str, str], ...] = ()
    table: Table | None = None
    notes: tuple[str, ...] = ()
    source: str | None = None
    colour: str | None = None
    choices: tuple[Choice, ...] = ()
    items: tuple[str, ...] = field(default=())
    charts: tuple[ChartRequest, ...] = ()

    @property
    def is_error(self) -> bool:
        return self.kind in {"not_found", "help", "choice"}
