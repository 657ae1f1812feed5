"""One spelling per seat name at each election: the Commons Library's (or our curated one)
where files write a name differently in case and punctuation only ('City of Chester' in the
Library's files, 'City Of Chester' in Parliament's). An election only Parliament's files give
takes the spelling of another election where Parliament's capitalises small words ('Of', 'Upon')
that the Library writes in lower case; a by-election takes the spelling of the Library's latest
results ('Sheffield Brightside and Hillsborough', not Parliament's 'Sheffield, Brightside and
Hillsborough'). Every spelling still finds the seat: names are looked up folded."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from bot.kb.sources.base import ContestPart
from bot.kb.sources.byelections import is_by_election
from bot.text import fold

# Words a seat name writes in lower case between others: 'Stratford-on-Avon', 'City of Chester'.
_SMALL = frozenset(
    {"of", "and", "upon", "on", "the", "in", "with", "le", "under", "by", "next", "an"}
)

Rank = tuple[int, int]
Spellings = dict[tuple[str, str], tuple[Rank, str]]  # (election or '', folded name) -> best


def shouting(name: str) -> int:
    """Small words capitalised after a name's first word ('City Of Chester': 1)."""
    words = name.replace("-", " ").split()[1:]
    return sum(1 for w in words if w.lower() in _SMALL and w[:1].isupper())


def rank(name: str, source: str) -> Rank:
    """Lower is preferred: the Library's results files and curated YAML first, then the name with
    fewest small words capitalised."""
    file = Path(source.split(";")[0].rsplit(":", 1)[0]).name
    preferred = file.startswith("HoC-GE") or file.endswith((".yaml", ".yml"))
    return (0 if preferred else 1, shouting(name))


def note(parts: Iterable[ContestPart], spellings: Spellings) -> None:
    """Keep, for each election's folded name and for the name in any election, the best spelling
    read so far (the last of equals, as later sources win a merge)."""
    for part in parts:
        if not part.name:
            continue
        here, folded = rank(part.name, part.source), fold(part.name)
        for key in ((part.election, folded), ("", folded)):
            best = spellings.get(key)
            if best is None or here <= best[0]:  # of equals, the later source (as it merges)
                spellings[key] = (here, part.name)


def apply(parts: Iterable[ContestPart], spellings: Spellings) -> None:
    """Give every part its election's preferred spelling, with small words in lower case where
    another election spells them so."""
    for part in parts:
        folded = fold(part.name or "")
        best = spellings.get((part.election, folded))
        if best is None:
            continue
        name = best[1]
        rank_anywhere, anywhere = spellings[("", folded)]
        if shouting(name) > shouting(anywhere):
            name = anywhere
        elif is_by_election(part.election) and rank_anywhere[0] == 0:
            name = anywhere  # a by-election's seat, as the Library's latest results spell it
        part.name = name
