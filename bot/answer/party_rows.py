"""Which parties a results table names, and the one 'Others' row that gathers the rest."""

from __future__ import annotations

from bot import format as fmt
from bot.kb.knowledge import PartyTotal
from bot.measures import LUMPED

SHOWN_SHARE = 1.0  # a party without a seat gets its own row from this share of the vote up


def table_parties(parties: tuple[PartyTotal, ...]) -> tuple[list[PartyTotal], list[PartyTotal]]:
    """The parties a table names (every one that won a seat, and any other with at least 1% of
    the vote), and the rest, for one 'Others' row, so the seats column adds up."""
    named, rest = [], []
    for total in parties:
        wanted = total.seats > 0 or total.share >= SHOWN_SHARE
        (named if wanted and total.party != LUMPED else rest).append(total)
    return named, rest


def others_cells(rest: list[PartyTotal]) -> tuple[str, str, str, str]:
    """('Others', seats, votes, share) for the parties a table does not name."""
    return (
        "Others",
        str(sum(p.seats for p in rest)),
        fmt.votes(sum(p.votes for p in rest)),
        fmt.pct(sum(p.share for p in rest)),
    )
