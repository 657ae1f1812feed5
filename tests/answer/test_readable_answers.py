"""Answers a person can read (issue 19): long lists cut to a headline, ten items and 'and N more'
(every item with --all, pages in Discord for the asker only), !national adding up, a person's
record saying each fact once, and plurals, verbs and possessives right.

Figures are counted here from the Commons Library's files, independently of the bot's readers."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter

import discord.ext.test as dpytest
import pytest

from bot.answer.embeds import render_embeds
from bot.answer.text import LIST_SHOWN, render_text
from bot.exts.common import NO_PINGS, PageView
from tests.helpers.bots import interaction, member, record_payloads
from tests.helpers.data import (
    FULL_SOURCES,
    ROOT,
    library_constituencies,
    needs_data,
)

pytestmark = needs_data


def _library(year: str) -> list[dict[str, str]]:
    return library_constituencies(year)


def _share(row: dict[str, str], party: str) -> float:
    return int(row[party] or 0) / int(row["Valid votes"])


def _lost_2024(party: str) -> int:
    return sum(1 for r in _library("2024") if re.search(rf"gain from {party}$", r["Result"]))


def _won_under(party: str, limit: float) -> int:
    return sum(
        1 for r in _library("2024") if r["First party"] == party and _share(r, party) < limit
    )


def _changed(year: str) -> int:
    return sum(1 for r in _library(year) if "gain" in r["Result"])


# Each phrasing, fresh, with the count the Library's files give.
LISTS = [
    ("how many seats did the conservatives lose in 2024?", lambda: _lost_2024("Con")),
    ("seats the tories lost at the last election", lambda: _lost_2024("Con")),
    ("list the seats that changed hands in 2024", lambda: _changed("2024")),
    ("seats that flipped in 2019", lambda: _changed("2019")),
    ("which seats did labour win on less than 40 per cent?", lambda: _won_under("Lab", 0.40)),
    ("seats the lib dems won with under 45%", lambda: _won_under("LD", 0.45)),
]


@pytest.mark.parametrize(("question", "count"), LISTS, ids=[q for q, _ in LISTS])
def test_a_long_list_shows_its_count_ten_items_and_how_many_more(engine, question, count):
    expected = count()
    answer = engine.ask(question)
    assert len(answer.items) == expected, "the answer keeps the whole list for every front end"
    text = render_text(answer)
    assert f"{expected:,}" in text.split("\n- ")[0], "the count is in the headline"
    shown = [line for line in text.splitlines() if line.startswith("- ")]
    assert len(shown) == min(expected, LIST_SHOWN)
    if expected > LIST_SHOWN:
        assert f"… and {expected - LIST_SHOWN:,} more" in text
    assert len(text) <= 2_000
    everything = render_text(answer, everything=True)
    assert sum(line.startswith("- ") for line in everything.splitlines()) == expected
    assert "more" not in everything.split("\n- ")[-1]


def test_a_short_list_is_shown_whole(engine):
    answer = engine.ask("list the plaid seats in 2024")
    plaid = sum(1 for r in _library("2024") if r["First party"] == "PC")
    text = render_text(answer)
    assert len(answer.items) == plaid == text.count("\n- ")
    assert "more" not in text


def _cli(*args: str) -> str:
    command = [sys.executable, "-m", "bot", "ask"]
    for source in FULL_SOURCES:
        command += ["--kb", str(source)]
    done = subprocess.run([*command, *args], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_command_line_cuts_long_lists_and_all_prints_everything():
    question = "which seats did the conservatives lose in 2024?"
    lost = _lost_2024("Con")
    short = _cli(question)
    assert len(short) <= 2_000
    assert f"… and {lost - LIST_SHOWN:,} more (add --all to see them all)" in short
    whole = _cli("--all", question)
    assert sum(line.startswith("- ") for line in whole.splitlines()) == lost
    assert "more (add --all" not in whole


# Discord: pages of ten, turned by the asker only -------------------------------------------


@pytest.mark.bot(knowledge="full")
async def test_discord_pages_a_long_list_for_the_asker_only(bot, monkeypatch):
    sent = record_payloads(monkeypatch)
    await dpytest.message("!ask which seats did the conservatives lose in 2024")
    lost = _lost_2024("Con")
    pages = -(-lost // LIST_SHOWN)
    first = sent[-1]["embeds"][0]
    assert first["description"].count("• ") == LIST_SHOWN
    assert f"… and {lost - LIST_SHOWN:,} more" in first["description"]
    assert first["footer"]["text"].startswith(f"Page 1/{pages}")
    [row] = sent[-1]["components"]
    assert [b["label"] for b in row["components"]] == ["Previous", "Next"]

    message = dpytest.get_message(peek=True)
    view = bot._connection._view_store._synced_message_views[message.id]
    assert isinstance(view, PageView)
    asker = dpytest.get_config().members[0]

    stranger = interaction(bot, member(user_id=asker.id + 1))
    assert await view.interaction_check(stranger) is False
    refusal = stranger.response.send_message.call_args
    assert refusal.kwargs["ephemeral"] is True and refusal.kwargs["allowed_mentions"] is NO_PINGS
    assert view.index == 0

    mine = interaction(bot, member(user_id=asker.id))
    assert await view.interaction_check(mine) is True
    await view.next.callback(mine)
    second = mine.response.edit_message.call_args.kwargs["embed"]
    assert second.description.count("• ") == LIST_SHOWN
    assert f"… and {lost - 2 * LIST_SHOWN:,} more" in second.description
    assert second.footer.text.startswith(f"Page 2/{pages}")
    listed = "".join(p.description for p in view.pages)
    assert listed.count("• ") == lost  # every seat on some page


def test_every_page_of_the_longest_list_fits_discord(engine):
    answer = engine.ask("which seats changed hands in 2024")
    pages = render_embeds(answer)
    assert len(pages) == -(-len(answer.items) // LIST_SHOWN)
    assert all(len(p) <= 6_000 and len(p.description) <= 4_096 for p in pages)
    assert "… and" not in pages[-1].description


# !national adds up --------------------------------------------------------------------------


def _rows(text: str) -> list[list[str]]:
    table = text.split("\n\n")[1].splitlines()[1:]
    return [re.split(r"\s{2,}", line.strip()) for line in table]


@pytest.mark.parametrize("year", ["2024", "2019"])
def test_national_lists_every_party_with_a_seat_and_adds_up(engine, full_kb, year):
    rows = _library(year)
    winners = Counter(r["First party"] for r in rows)
    text = render_text(engine.ask(f"!national {year}"))
    table = _rows(text)
    assert sum(int(r[1]) for r in table) == len(rows) == 650
    labels = {r[0] for r in table}
    for code, seats in winners.items():
        party = "Lab" if code == "Lab Co-op" else code
        assert full_kb.party_label(party) in labels, f"{code} won {seats} but is not listed"
    assert table[-1][0] == "Others"
    notes = text.split("\n\n")[-1]
    if "Green Party" in notes or "NI Greens" in notes:
        assert full_kb.party_label("GreenNI") in labels, "a note about a row not shown"
    assert "Speaker" in labels and "The Speaker stands as the Speaker" in notes


@pytest.mark.parametrize(
    ("year", "seats"), [("2017", 650), ("2015", 650), ("2010", 650), ("1918", 688), ("1983", 650)]
)
def test_national_from_the_grouped_history_adds_up_and_cites_it(history_engine, year, seats):
    text = render_text(history_engine.ask(f"!national {year}"))
    table = _rows(text)
    assert sum(int(r[1]) for r in table) == seats
    assert table[-1][0] == "Others" and sum(r[0] == "Others" for r in table) == 1
    assert "General election results from 1918 to 2019 (CBP-8647)" in text


# A person's record: each fact once --------------------------------------------------------


PEOPLE = ["Liz Truss", "Rishi Sunak", "Jeremy Corbyn", "Keir Starmer", "Jacob Rees-Mogg"]


@pytest.mark.parametrize("name", PEOPLE)
def test_a_record_says_each_fact_once(bios_engine, name):
    answer = bios_engine.candidate(name)
    text = " ".join(answer.lines + answer.notes)
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", text) if s]
    assert len(sentences) == len(set(sentences)), "a sentence said twice"
    assert not re.search(r"(\d[\d,]*) behind [^,]+, who won by \1\b", text)  # a margin twice
    for note in answer.notes:
        assert not re.match(r"^[A-Z][\w -]+ is the most recent:", note), "a note with no subject"
    if "MP for" in text and re.search(r"\bfrom (19|20)\d\d\b", " ".join(answer.lines[:1])):
        assert "since before" not in text and "from before" not in text


def test_liz_truss_is_told_once_with_the_curated_start(bios_engine):
    text = render_text(bios_engine.candidate("Liz Truss"))
    prose = text.split("\n\n")[0]
    assert prose.count("Ramsay MacDonald") == 1
    assert prose.count("630") <= 2  # the result line and the curated story, not five times
    assert "from 2010 until 2024" in prose and "since before 2019" not in prose
    assert "Liz Truss is the most recent" not in text


def _once(answer) -> None:
    text = " ".join(answer.lines + answer.notes)
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", text) if s]
    assert len(sentences) == len(set(sentences)), "a sentence said twice"
    assert not re.search(r"(\d[\d,]*) behind [^,]+, who won by \1\b", text)


def test_by_election_winners_and_long_careers_read_once(named_engine):
    kb = named_engine.kb
    latest = max(
        (f for f in kb.by_elections if f.winner.candidacy.name),
        key=lambda f: kb.elections[f.contest.election].date,
    )
    answer = named_engine.ask(f"!candidate {latest.winner.candidacy.name}")
    assert answer.kind == "candidate" and latest.contest.name in render_text(answer)
    _once(answer)
    truss = named_engine.ask("!candidate Liz Truss")
    _once(truss)
    text = render_text(truss)
    assert "from 2010 until 2024" in text and "four wins" in text  # curated and computed, merged
    assert text.split("\n\n")[0].count("Ramsay MacDonald") == 1


def test_the_two_counts_of_defeated_ministers_are_explained(engine):
    answer = engine.ask("which cabinet ministers lost their seats in 2024?")
    serving = int(re.search(r"I know of (\d+) who were in the cabinet", answer.lines[0]).group(1))
    [other] = [n for n in answer.notes if "Twelve cabinet ministers" in n]
    assert other.startswith("The BBC's count")
    assert f"That count (12) differs from my {serving} because" in other
    assert other.count(" because ") == 1


# Plurals, verbs and possessives ------------------------------------------------------------


BAD_GRAMMAR = re.compile(
    r"\b1 (seats|contests|MPs|candidates|wins|parties|women|men)\b"
    r"|\b1 of \d+ seats have\b"
    r"|\b(Conservative|Liberal Democrat|Green|SNP|DUP)'s\b"
    r"|\b(Conservative|Liberal Democrat|Green) (win their|take [A-Z]|reach \d)"
    r"|\bThe [A-Z][a-z]+ Party (lead|have|win|take) "
    r"|\b1 Labour and Co-operative MPs\b"
)

QUESTIONS = [
    "!national",
    "!result South West Norfolk 2019",
    "!result Orkney and Shetland",
    "how many seats have declared?",
    "who is ahead?",
    "does anyone have a majority yet?",
    "what's the swing so far?",
    "how many women have been elected so far?",
    "which seats have changed hands?",
    "what was the latest declaration?",
    "how many seats did the lib dems win?",
    "labour seats in wales",
]


def test_one_declaration_in_reads_right_everywhere(history_kb):
    from bot.live.cli import start

    night, plan = start(history_kb, "2019")
    night.declare(plan.keys[0])
    _, counting = night.view()
    for question in QUESTIONS:
        text = render_text(counting.ask(question), everything=True)
        assert not BAD_GRAMMAR.search(text), (question, BAD_GRAMMAR.search(text).group(0), text)
    assert "1 of 650 seats has declared" in render_text(
        counting.ask("how many seats have declared?")
    )


def test_finished_elections_read_right_everywhere(history_engine):
    for question in QUESTIONS:
        text = render_text(history_engine.ask(question), everything=True)
        assert not BAD_GRAMMAR.search(text), (question, BAD_GRAMMAR.search(text).group(0), text)
    card = render_text(history_engine.ask("!result South West Norfolk 2019"))
    assert "The 16th consecutive Conservative win here, a run going back to 1964." in card


def test_milestones_name_parties_as_adjectives(full_kb):
    import asyncio

    from bot.live.cli import start
    from bot.live.replay import play

    night, plan = start(full_kb, "2019")
    said = []
    asyncio.run(play(night, plan, 0, lambda d: said.extend(m.text for m in d.milestones)))
    assert said, "a night has milestones"
    for text in said:
        assert not BAD_GRAMMAR.search(text), text
    assert any(t.startswith("The Conservative tally reaches 326 seats") for t in said)
    assert any(t.startswith("First gain of the night: ") for t in said)


def test_the_console_cuts_long_lists_and_all_shows_everything(full_kb, engine):
    from bot.console import respond
    from bot.store import KnowledgeStore

    store = KnowledgeStore(FULL_SOURCES, full_kb, engine)
    lost = _lost_2024("Con")
    short = respond(store, "which seats did the conservatives lose in 2024?")
    assert f"… and {lost - LIST_SHOWN:,} more (end the question with ' --all'" in short
    whole = respond(store, "which seats did the conservatives lose in 2024? --all")
    assert sum(line.startswith("- ") for line in whole.splitlines()) == lost


@pytest.mark.parametrize("year", ["2010", "2015", "2017"])
def test_national_from_parliaments_named_results_adds_up(named_engine, year):
    text = render_text(named_engine.ask(f"!national {year}"))
    table = _rows(text)
    assert sum(int(r[1]) for r in table) == 650
    kb = named_engine.kb
    winners = {kb.party_label(p.party) for p in kb.national[year].parties if p.seats}
    assert winners <= {r[0] for r in table} and table[-1][0] == "Others"
    assert "Speaker" in winners  # the Speaker's seat is counted, not lost


NAMING = [
    "!national 2024",
    "!result Argyll, Bute and South Lochaber",
    "!result Glasgow East 2019",
    "how many seats did the snp win in 2024?",
    "tory seats in scotland",
    "closest result in northern ireland 2024",
    "how many seats did the dup win",
]


@pytest.mark.parametrize("question", NAMING)
def test_one_name_per_party_in_an_answer(engine, question):
    answer = engine.ask(question)
    text = render_text(answer, everything=True).split("\nSource:")[0]
    # the label's words ('SNP', 'the Conservatives'), never the full name beside them
    for full in (
        "Scottish National Party",
        "Conservative Party",
        "Democratic Unionist Party",
        "Labour Party",
    ):
        assert full not in text, (question, full)
