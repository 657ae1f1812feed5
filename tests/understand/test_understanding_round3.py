"""Issue 19, questions: short and spoken years, elections as a whole, places we don't have,
everyday shapes, names as people shorten them, and 'who represents me?'.

Phrasings are written fresh for each class (many per class, not the issue's own examples
alone); expected figures are read from the Library's files here, independently of the bot.
"""

from __future__ import annotations

import csv
import re
from collections import Counter

import pytest

from bot.answer.text import render_text
from bot.understand.followups import FollowUps
from bot.understand.shortnames import expansions
from bot.understand.years import full_year, read_years
from tests.helpers.data import DATA, library_constituencies, needs_data

KNOWN = [
    "1918",
    "1922",
    "1923",
    "1924",
    "1929",
    "1931",
    "1935",
    "1945",
    "1950",
    "1951",
    "1955",
    "1959",
    "1964",
    "1966",
    "1970",
    "1974F",
    "1974O",
    "1979",
    "1983",
    "1987",
    "1992",
    "1997",
    "2001",
    "2005",
    "2010",
    "2015",
    "2017",
    "2019",
    "2024",
]


def ask(engine, question: str, asker: str | None = None):
    answer = engine.ask(question, asker=asker)
    return answer, render_text(answer, everything=True)  # long lists in full


def seats_2024() -> dict[str, dict[str, str]]:
    return {r["Constituency name"]: r for r in library_constituencies("2024")}


def candidates(year: str) -> list[dict[str, str]]:
    path = DATA / f"ge{year}" / f"HoC-GE{year}-results-by-candidate.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def historical() -> list[dict[str, str]]:
    with (DATA / "historical" / "1918-2019election_results.csv").open(
        encoding="utf-8-sig", errors="replace", newline=""
    ) as handle:
        return [
            {k.strip(): (v or "").strip() for k, v in row.items() if k}
            for row in csv.DictReader(handle)
        ]


def notional() -> dict[str, dict[str, str]]:
    path = next((DATA / "notional").glob("*.csv"))
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return {r["Boundary Comm name"]: r for r in csv.DictReader(handle)}


def pct(value: float) -> str:
    return f"{value:.1f}%"


# Short and spoken years: reading (no data needed) ------------------------------------------

READ = [
    ("who won bolsover in 83", "1983", "Taking '83' to mean 1983."),
    ("labour share in '92", "1992", "Taking '92 to mean 1992."),
    ("tory vote back in 79", "1979", "Taking '79' to mean 1979."),
    ("turnout oct 74", "oct 1974", "Taking 'oct 74' to mean October 1974."),
    ("who won the feb 74 election", "feb 1974", "Taking 'feb 74' to mean February 1974."),
    ("seats in 1974 feb", "feb 1974", None),
    ("the 87 election in hendon", "1987", "Taking '87' to mean 1987."),
    ("lib dem seats since 05", "2005", "Taking '05' to mean 2005."),
    ("labour vs '17", "2017", "Taking '17 to mean 2017."),
    ("who won hendon in 24", "2024", "Taking '24' to mean 2024."),
    ("who won in 82", "1982", "Taking '82' to mean 1982."),
    (
        "who won hartlepool last election",
        "the 2024 election",
        "Taking 'last election' to mean 2024.",
    ),
    (
        "bootle the election before",
        "the 2019 election",
        "Taking 'the election before' to mean 2019.",
    ),
    (
        "bootle 2017 and the one before",
        "the 2015 election",
        "Taking 'the one before' to mean 2015.",
    ),
    ("the election before 2017 in hendon", "the 2015 election", None),
]


@pytest.mark.parametrize(("typed", "becomes", "note"), READ, ids=[r[0] for r in READ])
def test_short_years_are_read_and_said(typed, becomes, note):
    read = read_years(typed, KNOWN)
    assert becomes in read.text, read.text
    assert not read.unsure
    if note:
        assert note in read.notes


COUNTS = [
    "top 10 majorities",
    "the 10 closest seats",
    "seats with majorities under 50",
    "labour came second in 10 seats",
    "who got 45 seats",
    "seats won with over 50%",
    "how many seats did the lib dems win",
    "was the 1997 result close",
    "labours share went from 35 to 40 percent",
    "majorities between 10 and 20 seats",
    "seats won with 30 to 35%",
]


@pytest.mark.parametrize("typed", COUNTS)
def test_counts_are_not_years(typed):
    read = read_years(typed, KNOWN)
    assert read.text == typed and not read.unsure and not read.notes


@pytest.mark.parametrize(
    ("typed", "digits"),
    [("who won bolsover 83", "83"), ("labour seats 97", "97"), ("tory share 01", "01")],
)
def test_a_bare_number_that_could_be_a_year_is_kept_to_ask(typed, digits):
    assert read_years(typed, KNOWN).unsure[0][0] == digits


def test_two_digit_years_take_the_election_that_fits():
    assert full_year("83", KNOWN) == "1983"
    assert full_year("17", KNOWN) == "2017"
    assert full_year("24", KNOWN) == "2024"  # 1924 and 2024: the latest
    assert full_year("74", KNOWN) == "1974"  # two that year: asked about later
    assert full_year("82", KNOWN) == "1982"  # no election: the likelier century


# Short and spoken years: answered -------------------------------------------------------------


@needs_data
@pytest.mark.parametrize(
    ("question", "election", "note"),
    [
        ("who won bolsover in 83", "1983", "Taking '83' to mean 1983"),
        ("labour share in '92", "1992", "Taking '92 to mean 1992"),
        ("turnout oct 74", "October 1974", "Taking 'oct 74' to mean October 1974"),
        ("how many seats did the tories get in feb 74", "February 1974", "February 1974"),
        ("how many seats did the libs get in 1974 feb", "February 1974", None),
        ("scotland seats in 79", "1979", "Taking '79' to mean 1979"),
        ("hartlepool result in 97", "1997", "Taking '97' to mean 1997"),
        ("who won sheffield hallam the 2017 one", "2017", None),
        ("who won bootle the election before", "2019", "Taking 'the election before' to mean 2019"),
        ("who won bootle the one before 2019", "2017", "to mean 2017"),
        ("hendon majority last election", "2024", "Taking 'last election' to mean 2024"),
        ("turnout in 55", "1955", "Taking '55' to mean 1955"),
        ("bolsover '83 result", "1983", "Taking '83 to mean 1983"),
        ("bolsover 1983 result", "1983", None),  # 'bolsover' ends in 'over': still a year
    ],
)
def test_short_years_are_answered_for_that_year(history_engine, question, election, note):
    answer, text = ask(history_engine, question)
    assert election in answer.title or election in text.splitlines()[1], text
    if election != "2024":
        assert "2024" not in answer.title
    if note:
        assert note in text


@needs_data
@pytest.mark.parametrize(
    "question", ["who won bolsover 83", "labour seats 97", "turnout in hendon 17", "tory share 01"]
)
def test_a_number_that_could_be_a_year_is_asked_about(history_engine, question):
    answer, text = ask(history_engine, question)
    assert answer.kind == "choice"
    assert "could be a year or a number" in text
    year = answer.title.removeprefix("Did you mean ").rstrip("?")
    assert any(year in c.command for c in answer.choices)
    assert all(c.command.startswith("!ask ") for c in answer.choices)


@needs_data
def test_a_year_we_dont_have_is_said_never_answered_for_another(history_engine):
    answer, text = ask(history_engine, "who won bolsover in 82")
    assert answer.kind == "not_found" and "1982" in text
    assert "2024" not in answer.title


# Elections as a whole ----------------------------------------------------------------------


def _winners(year: str) -> Counter:
    """Seats by the party with most votes in the 1918-2019 file (as the bot counts them)."""
    columns = {
        "con": "Conservative",
        "lib": "Liberal",
        "lab": "Labour",
        "natSW": "Nat",
        "oth": "Other",
    }
    won = Counter()
    for row in historical():
        if row["election"] != year:
            continue
        votes = {p: float(row[f"{c}_votes"] or 0) for c, p in columns.items()}
        won[max(votes, key=votes.get)] += 1
    return won


WHOLE = [
    "who won in {year}?",
    "who won the {year} election",
    "result of the {year} election",
    "winner of the {year} general election",
    "which party won in {year}",
    "who came out on top in {year}",
    "how did the {year} election go",
    "how did the {year} election turn out",
    "{year} result",
    "who won the {year} one",
]


@needs_data
@pytest.mark.parametrize("phrasing", WHOLE)
@pytest.mark.parametrize(("year", "party"), [("1983", "Conservative"), ("1997", "Labour")])
def test_an_election_as_a_whole_gives_the_national_result(history_engine, phrasing, year, party):
    seats = _winners(year)[party]
    answer, text = ask(history_engine, phrasing.format(year=year))
    assert answer.kind == "national", text
    assert year in answer.title
    assert f"won {seats} of" in text


@needs_data
def test_an_election_as_a_whole_said_short(history_engine):
    answer, text = ask(history_engine, "who won in 83?")
    assert answer.kind == "national" and "1983" in answer.title
    assert "Taking '83' to mean 1983" in text


# A place we don't have ---------------------------------------------------------------------

NOWHERE = [
    "result in little whinging",
    "majority in narnia south",
    "who won in trumpton west",
    "turnout in hogwarts",
    "majority in dibley",
    "results for summerisle",
    "who won ankh morpork",
    "result ambridge east",
    "who won in royston vasey",  # 'vasey' is also a candidate's surname
    "who won in walford east",  # one letter from Salford East (last fought 1992): not taken
    # a party's name inside a seat's name is part of it, not the party's national figure
    "majority in camberwick green",
    "turnout in camberwick green",
    "who won camberwick green",
]


@needs_data
@pytest.mark.parametrize("question", NOWHERE)
def test_a_seat_we_dont_have_is_said_so_with_the_nearest_names(engine, question):
    answer, text = ask(engine, question)
    assert answer.kind == "not_found", text
    assert "couldn't find a constituency" in text
    nearest = re.search(r"The nearest names: (.+)\.", text)
    assert nearest, text
    names = set(seats_2024())
    shown = nearest.group(1).split("; ")
    assert shown and all(name in names for name in shown), shown
    assert "Party" not in text  # never the national table


# Everyday shapes ---------------------------------------------------------------------------

CLOSE = [
    "was it tight in {seat}",
    "how close was {seat}",
    "how close was it in {seat}",
    "was {seat} close",
    "how close was the race in {seat}",
    "was it a close one in {seat}",
    "how narrowly was {seat} won",
    "how close did the tories come in {seat}",
]


@needs_data
@pytest.mark.parametrize("phrasing", CLOSE)
@pytest.mark.parametrize("seat", ["Hendon", "Chingford and Woodford Green", "Ynys Môn"])
def test_how_close_asks_the_majority(engine, phrasing, seat):
    majority = int(seats_2024()[seat]["Majority"])
    answer, text = ask(engine, phrasing.format(seat=seat.lower().replace("ô", "o")))
    assert "majority" in answer.title.lower(), text
    assert f"was {majority:,} (" in text


@needs_data
@pytest.mark.parametrize(
    ("question", "seat", "year"),
    [
        ("sunak result", "Richmond and Northallerton", "2024"),
        ("farage result", "Clacton", "2024"),
        ("starmer's result", "Holborn and St Pancras", "2024"),
        ("the result for corbyn in 2019", "Islington North", "2019"),
        ("davey result", "Kingston and Surbiton", "2024"),
        ("show me truss's result", "South West Norfolk", "2024"),
    ],
)
def test_a_surname_and_result_is_their_contests_result(engine, question, seat, year):
    majority = next(
        int(r["Majority"]) for r in library_constituencies(year) if r["Constituency name"] == seat
    )
    answer, text = ask(engine, question)
    assert answer.kind == "result", text
    assert seat in answer.title and year in answer.title
    assert f"Majority: {majority:,}" in text


@needs_data
@pytest.mark.parametrize(
    ("question", "party"),
    [
        ("list the plaid seats", "PC"),
        ("which seats did plaid cymru win", "PC"),
        ("which seats did the independents take", "Ind"),
        ("list the seats independents won", "Ind"),
        ("show me the green seats", "Green"),
        ("which seats did reform win", "RUK"),
    ],
)
def test_a_partys_seats_are_listed_not_counted(engine, question, party):
    rows = library_constituencies("2024")
    wanted = [
        r["Constituency name"]
        for r in rows
        if (r["First party"] == party) or (party == "Ind" and r["First party"] == "Ind")
    ]
    assert wanted
    answer, text = ask(engine, question)
    assert answer.kind == "list", text
    for name in wanted:
        assert name in text


def _top_swing(first: str, second: str) -> tuple[str, float, int]:
    """The seat with the largest Butler swing from `first` to `second` (vs notional 2019)."""
    changes: dict[str, dict[str, float]] = {}
    for row in candidates("2024"):
        if row["Change"] and row["Party abbreviation"] in {first, second}:
            changes.setdefault(row["Constituency name"], {})[row["Party abbreviation"]] = float(
                row["Change"]
            )
    swings = {
        seat: (c[second] - c[first]) / 2 * 100
        for seat, c in changes.items()
        if first in c and second in c
    }
    seat = max(swings, key=swings.get)
    return seat, swings[seat], len(swings)


@needs_data
@pytest.mark.parametrize(
    ("question", "first", "second"),
    [
        ("largest swing from the snp to labour", "SNP", "Lab"),
        ("biggest swing to labour from the snp", "SNP", "Lab"),
        ("where was the biggest swing from con to reform", "Con", "RUK"),
        ("largest swing from the tories to the lib dems", "Con", "LD"),
        ("biggest swing from labour to the greens", "Lab", "Green"),
    ],
)
def test_swing_between_two_named_parties_is_ranked_across_seats(engine, question, first, second):
    seat, swing, seats = _top_swing(first, second)
    answer, text = ask(engine, question)
    assert answer.kind == "list", text
    assert f"was in {seat}: {pct(swing)}" in text
    assert f"over the {seats} seats" in text
    assert "vs notional 2019" in text


def _first_general_win(seat: str, column: str) -> str:
    for row in historical():
        if row["constituency_name"] != seat:
            continue
        votes = {c: float(row[f"{c}_votes"] or 0) for c in ("con", "lib", "lab", "natSW", "oth")}
        if max(votes, key=votes.get) == column:
            return row["election"]
    return ""


@needs_data
@pytest.mark.parametrize(
    "phrasing",
    [
        "the first time the lib dems took {seat}",
        "first time lib dems won {seat}",
        "when did the lib dems win {seat} for the first time",
        "the first ever lib dem win in {seat}",
    ],
)
def test_the_first_time_a_party_took_a_seat(history_engine, phrasing):
    year = _first_general_win("Eastbourne", "lib")
    assert year == "2010"
    answer, text = ask(history_engine, phrasing.format(seat="eastbourne"))
    assert f"first won Eastbourne in {year}" in text, text


@needs_data
@pytest.mark.parametrize(
    ("question", "year", "seat", "speaker"),
    [
        ("what was the speaker's majority", "2024", "Chorley", "Lindsay Hoyle"),
        ("the speakers majority", "2024", "Chorley", "Lindsay Hoyle"),
        ("what was the speaker's majority in 2019", "2019", "Chorley", "Lindsay Hoyle"),
        ("how big a majority did the speaker get", "2024", "Chorley", "Lindsay Hoyle"),
        ("speakers majority 2019", "2019", "Chorley", "Lindsay Hoyle"),
        ("speaker's majority", "2024", "Chorley", "Lindsay Hoyle"),
    ],
)
def test_the_speakers_majority_names_the_speaker(engine, question, year, seat, speaker):
    majority = next(
        int(r["Majority"]) for r in library_constituencies(year) if r["Constituency name"] == seat
    )
    answer, text = ask(engine, question)
    assert speaker in text and seat in text, text
    assert f"{majority:,}" in text


@needs_data
@pytest.mark.parametrize(
    ("question", "seat", "year"),
    [
        ("who stood in clacton", "Clacton", "2024"),
        ("who ran in hendon in 2019", "Hendon", "2019"),
        ("who was standing in ynys mon", "Ynys Môn", "2024"),
        ("candidates in bootle", "Bootle", "2024"),
        ("who was on the ballot in islington north", "Islington North", "2024"),
    ],
)
def test_who_stood_is_the_candidate_list(engine, question, seat, year):
    standing = [r for r in candidates(year) if r["Constituency name"] == seat]
    assert standing
    answer, text = ask(engine, question)
    assert answer.kind == "list", text
    assert f"{len(standing)} candidates stood in {seat}" in text
    for row in standing:
        assert row["Candidate surname"].strip() in text


@needs_data
@pytest.mark.parametrize(
    ("question", "seat", "party"),
    [
        (
            "how big a swing did the lib dems need in godalming and ash in 2024",
            "Godalming and Ash",
            "LD%",
        ),
        ("what swing did labour need in ashfield in 2024", "Ashfield", "LAB%"),
        ("what swing did the lib dems need to take eastbourne in 2024", "Eastbourne", "LD%"),
        ("how much of a swing did labour need in hendon in 2024", "Hendon", "LAB%"),
    ],
)
def test_swing_needed_before_an_election_is_the_baselines(engine, question, seat, party):
    row = notional()[seat]
    shares = {k: float(row[k]) for k in ("CON%", "LAB%", "LD%", "GRN%", "BRX%", "SNP%", "PC%")}
    winner = max(shares, key=shares.get)
    needed = (shares[winner] - shares[party]) / 2
    answer, text = ask(engine, question)
    assert "notional 2019" in text, text
    assert f"needed a swing of {pct(needed)}" in text


@needs_data
def test_swing_needed_when_the_party_already_held_it(engine):
    answer, text = ask(engine, "what swing did the tories need in hendon in 2024")
    assert "already held Hendon on the notional 2019 result" in text


def _safest_rank(seat: str, party: str) -> tuple[int, int]:
    rows = [r for r in library_constituencies("2024") if r["First party"] == party]
    ordered = sorted(rows, key=lambda r: -int(r["Majority"]) / int(r["Valid votes"]))
    names = [r["Constituency name"] for r in ordered]
    return names.index(seat) + 1, len(names)


def _nth(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return "" if n == 1 else f"{n}{suffix} "


@needs_data
@pytest.mark.parametrize(
    ("question", "seat", "party", "label"),
    [
        ("how safe is barnsley north for labour", "Barnsley North", "Lab", "Labour"),
        ("how safe is bootle for labour", "Bootle", "Lab", "Labour"),
        (
            "how safe is richmond and northallerton for the tories",
            "Richmond and Northallerton",
            "Con",
            "Conservative",
        ),
        ("how safe a seat is clacton for reform", "Clacton", "RUK", "Reform UK"),
        ("how safe is bath for the lib dems", "Bath", "LD", "Liberal Democrat"),
        ("is bootle a safe seat", "Bootle", "Lab", "Labour"),
        ("is barnsley north safe for labour", "Barnsley North", "Lab", "Labour"),
    ],
)
def test_how_safe_is_a_rank_among_the_partys_seats(engine, question, seat, party, label):
    rank, total = _safest_rank(seat, party)
    answer, text = ask(engine, question)
    assert f"{seat} was the {_nth(rank)}safest of the {total} {label} seats" in text, text


# Names as people shorten them --------------------------------------------------------------

SHORT = [
    ("notts east", "Nottingham East"),
    ("mid leics", "Mid Leicestershire"),
    ("north west leics", "North West Leicestershire"),
    ("south cambs", "South Cambridgeshire"),
    ("hants east", "East Hampshire"),
    ("staffs moorlands", "Staffordshire Moorlands"),
    ("mid beds", "Mid Bedfordshire"),
    ("west worcs", "West Worcestershire"),
    ("bucks mid", "Mid Buckinghamshire"),
    ("north east herts", "North East Hertfordshire"),
    ("manc central", "Manchester Central"),
    ("brum ladywood", "Birmingham Ladywood"),
    ("south derbys", "South Derbyshire"),
    ("west lancs", "West Lancashire"),
    ("south northants", "South Northamptonshire"),
    ("south west wilts", "South West Wiltshire"),
    ("north east cambs", "North East Cambridgeshire"),
    ("north shrop", "North Shropshire"),
    ("south shrops", "South Shropshire"),
    ("north herefs", "North Herefordshire"),
    ("oxon west", "Oxford West and Abingdon"),
    ("sleaford and north hyke", "Sleaford and North Hykeham"),
    ("gainsbrough", "Gainsborough"),
    ("bassetlw", "Bassetlaw"),
    ("staffordshire moorland", "Staffordshire Moorlands"),
    ("bishop auckand", "Bishop Auckland"),  # 'bishop' alone would be a surname
    ("sutton cold", "Sutton Coldfield"),
    ("east notts", "Nottingham East"),
    ("south leics", "South Leicestershire"),
    ("north east somerst", "North East Somerset and Hanham"),  # 'north east' is also a region
    ("hastngs and rye", "Hastings and Rye"),
]


@needs_data
@pytest.mark.parametrize(
    "phrasing", ["who won {x}", "result in {x}", "majority in {x}", "!result {x}"]
)
@pytest.mark.parametrize(("typed", "seat"), SHORT, ids=[s[0] for s in SHORT])
def test_shortened_names_are_taken_and_said(engine, phrasing, typed, seat):
    row = seats_2024()[seat]
    answer, text = ask(engine, phrasing.format(x=typed))
    assert answer.kind not in {"choice", "not_found", "help"}, text
    said = re.search(rf"Taking '([^']+)' to mean {re.escape(seat)}\b", text)
    assert said, text
    assert set(said.group(1).split()) <= set(typed.split())  # as typed ('and' may be dropped)
    assert row["Member surname"] in text


def test_short_forms_expand_likelier_first():
    assert expansions("notts east") == ["nottingham east", "nottinghamshire east"]
    assert expansions("north east") == []


@needs_data
def test_a_county_short_form_alone_is_the_countys_seats(engine):
    answer, text = ask(engine, "who won herts")
    assert answer.kind == "choice"
    assert "Hertford (" not in text  # never the old seat of the county town


# Who represents me ---------------------------------------------------------------------------


@needs_data
@pytest.mark.parametrize(
    "question",
    ["who represents me?", "who is my mp", "whos my MP?", "who's my local mp", "who is our mp"],
)
def test_who_represents_me_asks_which_constituency(engine, question):
    answer, text = ask(engine, question, asker=f"test:{question}")
    assert answer.title == "Which constituency are you in?"
    assert "postcode" in text


@needs_data
@pytest.mark.parametrize(
    ("reply", "seat"),
    [
        ("Hendon", "Hendon"),
        ("I live in Bolsover", "Bolsover"),
        ("im in stroud", "Stroud"),
        ("it's ynys mon", "Ynys Môn"),
        ("mid leics", "Mid Leicestershire"),
    ],
)
def test_the_reply_to_which_constituency_names_its_mp(engine, reply, seat):
    row = seats_2024()[seat]
    asker = f"channel:{reply}"
    ask(engine, "who represents me?", asker=asker)
    answer, text = ask(engine, reply, asker=asker)
    assert answer.kind == "fact", text
    assert f"{row['Member first name']} {row['Member surname']}" in text
    # the next question is a question again, not a reply
    again, _ = ask(engine, reply, asker=asker)
    assert again.kind != "fact" or reply.lower().startswith(("i live", "im in"))


@needs_data
def test_a_reply_that_names_no_seat_is_answered_as_a_question(engine):
    ask(engine, "who is my mp", asker="c:other")
    answer, text = ask(engine, "how many seats did labour win", asker="c:other")
    assert "411" in text


@needs_data
def test_another_askers_message_is_not_a_reply(engine):
    ask(engine, "who is my mp", asker="c:one")
    answer, _ = ask(engine, "Hendon", asker="c:two")
    assert answer.kind == "result"  # a bare seat name is its result card


@needs_data
@pytest.mark.parametrize(
    ("question", "seat"),
    [
        ("i live in bolsover who is my mp", "Bolsover"),
        ("who is my mp? i'm in notts east", "Nottingham East"),
    ],
)
def test_my_mp_with_the_place_said_is_answered_at_once(engine, question, seat):
    row = seats_2024()[seat]
    answer, text = ask(engine, question)
    assert f"{row['Member first name']} {row['Member surname']}" in text


def test_a_late_reply_is_a_new_question():
    now = [0.0]
    follow = FollowUps(clock=lambda: now[0])
    follow.expect("a")
    now[0] = 601.0
    assert not follow.take("a")
    follow.expect("a")
    assert follow.take("a") and not follow.take("a")


@needs_data
def test_the_alliance_is_the_one_that_stood(engine, history_engine):
    rows = library_constituencies("2024")
    won = [r["Constituency name"] for r in rows if r["First party"] == "APNI"]
    answer, text = ask(engine, "which seats did the alliance win")
    assert answer.kind == "list" and all(name in text for name in won)
    answer, text = ask(history_engine, "how many seats did the alliance win in 1983")
    assert "SDP-Liberal Alliance" in text


def test_the_one_before_that_follows_the_askers_last_election():
    read = read_years("who won hendon the election before that", KNOWN, context="2017")
    assert "the 2015 election" in read.text
    assert (
        "the 2019 election" in read_years("who won hendon the election before", KNOWN, "2017").text
    )


@needs_data
def test_the_one_before_that_in_a_conversation(history_engine):
    ask(history_engine, "who won hendon in 2017", asker="talk")
    answer, text = ask(history_engine, "who won hendon the election before that", asker="talk")
    assert "2015" in answer.title, text
    answer, _ = ask(history_engine, "who won hendon the election before", asker="talk")
    assert "2019" in answer.title


@needs_data
def test_the_speakers_result_is_the_speakers_contest(engine):
    answer, text = ask(engine, "speaker's result")
    assert answer.kind == "result" and "Chorley" in answer.title
    assert "Lindsay Hoyle" in text


@needs_data
def test_who_stood_where_only_party_votes_are_known(history_engine):
    row = next(
        r
        for r in historical()
        if r["constituency_name"] == "Enfield Southgate" and r["election"] == "1997"
    )
    answer, text = ask(history_engine, "who stood in enfield southgate in 1997")
    assert answer.kind == "list"
    assert "not candidates' names" in text
    assert "candidates stood" not in text  # party groups are not a count of candidates
    assert f"Labour: {int(row['lab_votes']):,}" in text


@needs_data
@pytest.mark.parametrize(
    ("question", "seat"),
    [
        ("who stood against liz truss", "South West Norfolk"),
        ("who were sunak's opponents", "Richmond and Northallerton"),
    ],
)
def test_who_stood_against_a_person_is_their_contests_candidates(engine, question, seat):
    standing = [r for r in candidates("2024") if r["Constituency name"] == seat]
    answer, text = ask(engine, question)
    assert answer.kind == "list" and seat in answer.title
    assert all(r["Candidate surname"].strip() in text for r in standing)


@needs_data
@pytest.mark.parametrize(
    "question",
    [
        "labour majority in little whinging",
        "how did labour do in little whinging",
        "lib dem share in ambridge east",
        "how many seats did labour win in the midlands",
        "labour votes in the north",
    ],
)
def test_a_party_in_a_place_we_dont_have_is_never_the_national_figure(engine, question):
    answer, text = ask(engine, question)
    assert answer.kind == "not_found", text
    assert "couldn't find a constituency" in text and "region" in text
    assert "411" not in text and "nationally" not in text


@needs_data
@pytest.mark.parametrize(
    "question",
    [
        "swing in conservative marginals",
        "how did labour do in tory marginals",
        "turnout in snp areas",
        "turnout in green party constituencies",
        "has anybody declared",
        "has nobody declared yet",
    ],
)
def test_a_party_word_or_an_everyday_word_is_not_taken_for_a_missing_seat(engine, question):
    answer, text = ask(engine, question)
    assert "No constituency" not in text and answer.kind != "not_found", text


@needs_data
@pytest.mark.parametrize(
    ("question", "figure"),
    [("labour majority in the commons", "411 seats"), ("labour seats in total", "411 seats")],
)
def test_words_after_in_that_name_no_place_are_not_a_seat(engine, question, figure):
    answer, text = ask(engine, question)
    assert figure in text


@needs_data
@pytest.mark.parametrize(
    ("command", "title"),
    [
        ("!result bolsover 83", "Bolsover: 1983"),
        ("!result hendon '17", "Hendon: 2017"),
        ("!national 83", "1983 general election"),
        ("!national '97", "1997 general election"),
    ],
)
def test_commands_read_short_years(history_engine, command, title):
    answer, text = ask(history_engine, command)
    assert answer.title.startswith(title), text
    assert "Taking '" in text


@needs_data
@pytest.mark.parametrize("question", ["how many seats did labour win in lancs", "who won in lancs"])
def test_a_county_with_one_seat_so_named_is_not_that_seat(engine, question):
    answer, text = ask(engine, question)
    assert answer.kind == "not_found", text
    assert "The nearest names: West Lancashire." in text
