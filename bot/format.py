"""Numbers and dates as people read them: 11,847; 26.7%; +8.4pp; Thursday 4 July 2024."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping

from bot.models import declared_time

OPEN_PARLIAMENT = (
    "Contains Parliamentary information licensed under the Open Parliament Licence v3.0."
)
BRIEFINGS = {
    "2024": "House of Commons Library, General election 2024 results (CBP-10009)",
    "2019": "House of Commons Library, General Election 2019: full results and analysis (CBP-8749)",
}
for _year in ("2010", "2015", "2017"):  # named results: Parliament's own results data
    BRIEFINGS[_year] = (
        f"House of Commons Library, {_year} general election results "
        "(electionresults.parliament.uk)"
    )
HISTORY_BRIEFING = "House of Commons Library, General election results from 1918 to 2019 (CBP-8647)"
LATER_SOURCE = (
    "the results and nominations loaded into Returning Officer (no Commons Library briefing yet)"
)
NOTIONAL_SOURCE = "notional 2019 results on the 2024 boundaries (Rallings & Thrasher, Denver and Whyte, for the broadcasters)"


def votes(number: int) -> str:
    return f"{number:,}"


def plural(n: int, word: str, many: str | None = None) -> str:
    """'1 seat', '4 seats', '1,200 candidates'; `many` for a word that does not just add an s
    ('1 party', '2 parties')."""
    return f"{n:,} {word if n == 1 else many or word + 's'}"


def tally(seats: Iterable[tuple[str, int]], abbreviations: Mapping[str, str]) -> str:
    """Seats by party as a declaration's tally reads: 'Lab 411, Con 121, LD 72'."""
    return ", ".join(f"{abbreviations.get(party, party)} {n}" for party, n in seats)


def pct(value: float | None, places: int = 1) -> str:
    """26.7%; very small non-zero values keep two decimals (a 15-vote majority is 0.04%, not 0.0%)."""
    if value is None:
        return "n/a"
    if 0 < abs(value) < 0.1 and places == 1:
        places = 2
    return f"{value:.{places}f}%"


def pp(value: float | None) -> str:
    """A signed change in percentage points; '0.0pp' carries no sign."""
    if value is None:
        return "new"
    text = f"{value:+.1f}"
    if text in {"+0.0", "-0.0"}:
        text = "0.0"
    return f"{text}pp"


def long_date(day: dt.date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def declared(text: str | None) -> str | None:
    """The Library's '13/12/2019 04:47' as '04:47 on Friday 13 December 2019'; other text as is."""
    if not text:
        return None
    moment = declared_time(text)
    if moment is None:
        return text.strip()
    return f"{moment:%H:%M} on {long_date(moment.date())}"


def source_line(election_id: str, party_level: bool = False) -> str:
    if party_level:
        return f"Source: {HISTORY_BRIEFING}. {OPEN_PARLIAMENT}"
    return sources_line([election_id])


def briefing(election_id: str, party_level: bool = False) -> str:
    """The Library briefing behind an election's results (the 1918-2019 one for party totals)."""
    if party_level or election_id < "2010":
        return HISTORY_BRIEFING
    if election_id in BRIEFINGS:
        return BRIEFINGS[election_id]
    year = election_id[:4]
    if year.isdigit() and int(year) > max(map(int, BRIEFINGS)):
        return LATER_SOURCE  # an election after the Library's last briefing: the files loaded
    return HISTORY_BRIEFING


def sources_line(election_ids: list[str]) -> str:
    """'Source: ...' naming each briefing once, in order, with the licence."""
    briefings = list(dict.fromkeys(briefing(e) for e in election_ids))
    licence = "" if briefings == [LATER_SOURCE] else f" {OPEN_PARLIAMENT}"
    return f"Source: {'; '.join(briefings)}.{licence}"


def join_names(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def the(name: str) -> str:
    """'the Labour Party', 'the Liberal Democrats', but 'Plaid Cymru', 'Reform UK'."""
    if name.lower().startswith("the ") or not (
        name.endswith(("Party", "Democrats", "Alliance", "independents")) or " Party of " in name
    ):
        return name
    return f"the {name}"


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


_PLURAL_NAMES = ("Democrats", "Liberals", "Unionists", "independents", "Conservatives", "Greens")


def has(subject: str) -> str:
    """'has' or 'have' for a party's name: 'the Liberal Democrats have', 'the Labour Party has'."""
    return "have" if subject.endswith(_PLURAL_NAMES) else "has"


# Labels that are adjectives ('Conservative MP'): as a subject, their plural ('the Conservatives')
_ADJECTIVE_LABELS = ("Conservative", "Liberal Democrat", "Green", "Liberal", "Unionist")


def party_noun(party) -> str:
    """How a sentence names a party, in the words its label uses, so an answer names each party
    one way: 'the Conservatives', 'the Liberal Democrats', 'the Greens', 'the SNP', 'the DUP',
    'Labour'; any other party by its name ('Reform UK', 'the Brexit Party', 'Plaid Cymru')."""
    label = party.label
    if label.endswith(_ADJECTIVE_LABELS) and " " not in label.replace("Liberal Democrat", "LD"):
        return f"the {label}s"
    if re.fullmatch(r"[A-Z]{2,6}", label):
        return f"the {label}"
    if party.name == f"{label} Party" and " " not in label:
        return label  # 'Labour', not 'the Labour Party'
    return the(party.name)


def nth(rank: int) -> str:
    """'' for the first ('the smallest'), else '2nd ' ('the 2nd smallest')."""
    return "" if rank == 1 else f"{ordinal(rank)} "


def seats_declared(declared: int, total: int) -> str:
    """'1 of 650 seats has declared', '300 of 650 seats have declared'."""
    return f"{declared} of {total} seats {'has' if declared == 1 else 'have'} declared"


def verb_for(subject: str, singular: str, plural: str) -> str:
    """The verb agreeing with a party's name: 'the Labour Party leads', 'the Liberal Democrats lead'."""
    return plural if has(subject) == "have" else singular


def possessive(name: str) -> str:
    """ "Labour's", "the Liberal Democrats'"."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"
