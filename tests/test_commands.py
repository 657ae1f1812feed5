"""One command table read by every front end: the engine, `ask`, the prefix and slash commands."""

from __future__ import annotations

import pytest

from bot.answer.text import render_text
from bot.commands import COMMANDS
from bot.engine import Engine
from tests.helpers.bots import make_bot, stop_bot
from tests.helpers.data import library_constituencies, needs_data


@pytest.mark.parametrize("name", [n for c in COMMANDS for n in c.names])
def test_every_name_and_alias_answers_in_the_engine(shipped_engine, name):
    answer = shipped_engine.ask(f"!{name} South West Norfolk")
    assert "I don't know the command" not in " ".join(answer.lines)


def test_aliases_answer_as_their_command(shipped_engine):
    assert shipped_engine.ask("!mp Liz Truss") == shipped_engine.ask("!candidate Liz Truss")
    assert shipped_engine.ask("!q who won Hendon") == shipped_engine.ask("who won Hendon")
    assert shipped_engine.ask("!h") == shipped_engine.ask("!help")


def test_the_prefix_is_configurable(shipped_kb):
    engine = Engine(shipped_kb, prefix="?")
    assert "Terry Jermy" in " ".join(engine.ask("?result South West Norfolk").lines)
    assert any(item.startswith("`?result") for item in engine.ask("?help").items)


async def test_the_cogs_read_the_table(shipped_kb):
    bot = await make_bot(shipped_kb, [])
    try:
        for entry in COMMANDS:
            registered = bot.get_command(entry.name)
            assert registered is not None, entry.name
            assert set(registered.aliases) == set(entry.aliases)
            if entry.usage:
                assert registered.usage == entry.usage
        for name in ("result", "candidate", "national", "ask"):
            slash = bot.tree.get_command(name)
            assert slash.description == next(c for c in COMMANDS if c.name == name).description
    finally:
        await stop_bot(bot)  # its database too, before the loop closes


@needs_data
def test_mp_with_a_constituency_gives_its_mp_not_a_namesake(named_engine):
    """'!mp Hendon' asks for Hendon's MP; Warren Hendon (UKIP, Leeds North East) is a person."""
    row = next(r for r in library_constituencies("2024") if r["Constituency name"] == "Hendon")
    text = render_text(named_engine.ask("!mp Hendon"))
    assert f"{row['Member first name']} {row['Member surname']}" in text
    assert "Taking 'Hendon' as the constituency" in text
    assert "Leeds North East" in render_text(named_engine.ask("!candidate Warren Hendon"))


def test_a_seat_the_sample_lacks_says_how_to_load_every_seat(shipped_engine):
    text = render_text(shipped_engine.ask("!result Bootle 2019"))
    assert "couldn't find a constituency called 'Bootle'" in text
    assert "Only the shipped sample" in text and "kb download" in text


@needs_data
@pytest.mark.parametrize(("typed", "seat"), [("Gordon 2019", "Gordon"), ("Leigh 2019", "Leigh")])
def test_mp_with_a_seat_that_is_also_a_surname_gives_the_seat(named_engine, typed, seat):
    """'!mp Gordon 2019' is Gordon's MP, not Tom Gordon: the seat matched is the one answered."""
    text = render_text(named_engine.ask(f"!mp {typed}"))
    assert text.startswith(f"{seat}, 2019") and "Taking" in text


def test_a_year_alone_asks_whose_record(shipped_engine):
    assert "Whose record?" in render_text(shipped_engine.ask("!candidate 2019"))
