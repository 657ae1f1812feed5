"""Polling days of UK general elections since 1918, and what each is measured against."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from bot.models import Election

POLLING_DAYS: dict[str, dt.date] = {
    "1918": dt.date(1918, 12, 14),
    "1922": dt.date(1922, 11, 15),
    "1923": dt.date(1923, 12, 6),
    "1924": dt.date(1924, 10, 29),
    "1929": dt.date(1929, 5, 30),
    "1931": dt.date(1931, 10, 27),
    "1935": dt.date(1935, 11, 14),
    "1945": dt.date(1945, 7, 5),
    "1950": dt.date(1950, 2, 23),
    "1951": dt.date(1951, 10, 25),
    "1955": dt.date(1955, 5, 26),
    "1959": dt.date(1959, 10, 8),
    "1964": dt.date(1964, 10, 15),
    "1966": dt.date(1966, 3, 31),
    "1970": dt.date(1970, 6, 18),
    "1974F": dt.date(1974, 2, 28),
    "1974O": dt.date(1974, 10, 10),
    "1979": dt.date(1979, 5, 3),
    "1983": dt.date(1983, 6, 9),
    "1987": dt.date(1987, 6, 11),
    "1992": dt.date(1992, 4, 9),
    "1997": dt.date(1997, 5, 1),
    "2001": dt.date(2001, 6, 7),
    "2005": dt.date(2005, 5, 5),
    "2010": dt.date(2010, 5, 6),
    "2015": dt.date(2015, 5, 7),
    "2017": dt.date(2017, 6, 8),
    "2019": dt.date(2019, 12, 12),
    "2024": dt.date(2024, 7, 4),
}
NOTIONAL_2019 = "2019-notional"
# Elections fought on new boundaries whose notional baseline no file here holds: a named result's
# hold or gain is the Library's own `Result`, and its changes in share are not available.
REDRAWN_WITHOUT_NOTIONAL = frozenset({"2010"})


def published_changes_usable(election_id: str, party_level: bool) -> bool:
    """May a result without a baseline loaded show the source's own changes in share? Not for a
    named result of an election fought on new boundaries against notional results we lack (the
    build and a declaration both ask here)."""
    return party_level or election_id not in REDRAWN_WITHOUT_NOTIONAL


def election_for(election_id: str) -> Election | None:
    """The Election record for an id we know the polling day of."""
    if election_id == NOTIONAL_2019:
        return Election(
            id=NOTIONAL_2019,
            date=POLLING_DAYS["2019"],
            name="notional 2019 result on the 2024 boundaries",
            notional=True,
            source="Rallings & Thrasher, Denver and Whyte estimates for BBC, ITV, Sky News and PA",
        )
    day = POLLING_DAYS.get(election_id)
    if day is None:
        return None
    ids = list(POLLING_DAYS)
    position = ids.index(election_id)
    previous = ids[position - 1] if position else None
    if election_id == "2024":
        baseline, label = NOTIONAL_2019, "notional 2019"
    else:
        baseline, label = previous, previous and election_label(previous)
    return Election(
        id=election_id,
        date=day,
        name=f"{election_label(election_id)} general election",
        baseline=baseline,
        baseline_label=label,
    )


def election_label(election_id: str) -> str:
    """How an election is written in a sentence: '2019', 'February 1974'."""
    if election_id == "1974F":
        return "February 1974"
    if election_id == "1974O":
        return "October 1974"
    return election_id


def election_short(election_id: str) -> str:
    """How an election is written in a table or a list: '2019', 'Feb 1974', 'Oct 1974'."""
    label = election_label(election_id)
    return f"{label[:3]} {label.split()[-1]}" if " " in label else label


def parse_election(text: str, known: Iterable[str] = ()) -> str | None:
    """'2019', '1974f', 'feb 1974' -> an election id we know (or one in `known`: an election a
    knowledge file defines), else None."""
    text = text.strip().lower()
    if text.upper() in POLLING_DAYS or text.upper() in known:
        return text.upper()
    if text in {"feb 1974", "february 1974", "1974 february"}:
        return "1974F"
    if text in {"oct 1974", "october 1974", "1974 october"}:
        return "1974O"
    return None
