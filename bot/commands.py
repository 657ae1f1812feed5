"""The one table of commands: names, aliases, usage and help, read by every front end."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Command:
    """A command as users type it; `method` names the Engine method that answers it."""

    name: str
    aliases: tuple[str, ...]
    usage: str
    help: str
    method: str
    example: str

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    @property
    def description(self) -> str:
        """The help as a slash command's description: 'The full result in one constituency'."""
        return self.help[:1].upper() + self.help[1:]


COMMANDS: tuple[Command, ...] = (
    Command(
        "result",
        ("results", "r"),
        "NAME [YEAR | by-election]",
        "the full result in one constituency (or its by-election)",
        "result",
        "result South West Norfolk",
    ),
    Command(
        "candidate",
        ("c", "mp"),
        "NAME [YEAR]",
        "a candidate's record and biography (a constituency's name: its MP)",
        "candidate",
        "candidate Liz Truss",
    ),
    Command(
        "national",
        (),
        "[YEAR | now]",
        "seats, votes and share by party at one election (now: after the by-elections)",
        "national",
        "national 2019",
    ),
    Command(
        "map",
        ("hexmap",),
        "[YEAR] [PLACE | SEAT | PARTY share]",
        "the map: every seat as an equal hexagon, in its winner's colour",
        "map",
        "map 2024",
    ),
    Command(
        "ask",
        ("q",),
        "QUESTION",
        "ask a question in plain English (or just ask it)",
        "understand",
        "ask who won Hendon?",
    ),
    # issue 21: projections from an election's results (bot/exts/projection.py)
    Command(
        "targets",
        (),
        "PARTY [in PLACE] [held by PARTY] [YEAR]",
        "a party's target seats, by the swing it needs",
        "targets",
        "targets reform in wales",
    ),
    Command(
        "swing",
        ("whatif",),
        "[N from PARTY to PARTY | PARTY -N PARTY +N]",
        "seats on a uniform national swing (a projection, not a forecast); alone, the swingometer",
        "swing",
        "swing 3 from labour to conservative",
    ),
    Command("help", ("h",), "", "how to ask", "show_help", "help"),
)

BY_NAME: dict[str, Command] = {name: c for c in COMMANDS for name in c.names}


def command(name: str) -> Command:
    """The command with this name; KeyError if there is none."""
    return BY_NAME[name]
