"""Election night against the exit poll (issue 21): curated in the knowledge YAML, entered by a
server's moderators (kept in the database), compared with the declared seats by `!national`, the
announcements and the replay of 2024. Seat counts are checked against the Library's own file."""

from __future__ import annotations

import csv
import re
from collections import Counter

import discord
import discord.ext.test as dpytest
import pytest

from bot.exts.permissions import NotAllowed
from bot.kb.build import SHIPPED_KNOWLEDGE, KnowledgeBaseError, build
from bot.kb.exitpolls import ExitPollError, party_names, read_entry
from bot.live.cli import run_replay, start
from tests.helpers.bots import make_bot, make_moderator, stop_bot
from tests.helpers.data import DATA, FULL_SOURCES, needs_data

GE2024 = DATA / "ge2024" / "HoC-GE2024-results-by-constituency.csv"
POLL = {"Lab": 410, "Con": 131, "LD": 61, "RUK": 13, "SNP": 10, "PC": 4, "Green": 2, "Oth": 19}


def _first_party_by_ons() -> dict[str, str]:
    """Each 2024 seat's winning party, from the Library's constituency file (Lab Co-op as Lab)."""
    with GE2024.open(encoding="utf-8-sig", newline="") as handle:
        return {
            row["ONS ID"]: "Lab" if row["First party"].startswith("Lab") else row["First party"]
            for row in csv.DictReader(handle)
        }


def _grouped(won: Counter) -> dict[str, int]:
    """Seats by the exit poll's parties; everyone else is 'Oth'."""
    out = dict.fromkeys(POLL, 0)
    for party, seats in won.items():
        out[party if party in out else "Oth"] += seats
    return out


# The curated exit poll ---------------------------------------------------------------------


def test_the_shipped_2024_exit_poll(shipped_kb):
    poll = shipped_kb.exit_polls["2024"]
    assert poll.seats == POLL  # parties as codes: 'Reform' is RUK, 'Green' the Green Party
    assert "Ipsos" in poll.by and "22:00" in (poll.published or "")
    assert poll.source and "exit poll" in poll.source


def _folder(tmp_path, text: str):
    folder = tmp_path / "kb"
    folder.mkdir()
    (folder / "polls.yaml").write_text(text, encoding="utf-8")
    return folder


def test_an_unknown_party_refuses_the_file_with_its_line(tmp_path):
    folder = _folder(
        tmp_path,
        'exit_polls:\n  - election: "2024"\n    by: Someone\n    seats:\n      Lab: 400\n'
        "      Wombles: 3\n",
    )
    with pytest.raises(KnowledgeBaseError) as error:
        build([SHIPPED_KNOWLEDGE, folder])
    message = str(error.value)
    assert "polls.yaml:4" in message and "Wombles" in message


def test_a_negative_seat_count_or_a_missing_field_is_refused_with_its_line(tmp_path):
    folder = _folder(
        tmp_path,
        'exit_polls:\n  - election: "2024"\n    seats:\n      Lab: -4\n',
    )
    with pytest.raises(KnowledgeBaseError) as error:
        build([SHIPPED_KNOWLEDGE, folder])
    message = str(error.value)
    assert "polls.yaml:2" in message and "'by' is required" in message
    assert "polls.yaml:3" in message and "0 or more" in message


def test_two_exit_polls_for_one_election_in_one_folder_are_refused(tmp_path):
    entry = '  - election: "2024"\n    by: X\n    seats: {Lab: 1}\n'
    folder = _folder(tmp_path, "exit_polls:\n" + entry + entry)
    with pytest.raises(KnowledgeBaseError) as error:
        build([SHIPPED_KNOWLEDGE, folder])
    assert "2024" in str(error.value)


def test_a_later_folder_replaces_the_exit_poll(tmp_path):
    folder = _folder(
        tmp_path,
        'exit_polls:\n  - election: "2024"\n    by: Another poll\n    seats: {Labour: 400, Others: 250}\n',
    )
    kb = build([SHIPPED_KNOWLEDGE, folder])
    assert kb.exit_polls["2024"].seats == {"Lab": 400, "Oth": 250}
    assert kb.exit_polls["2024"].by == "Another poll"


# A moderator's line ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, seats",
    [
        ("Lab 410 Con 131 LD 61 Reform 13 SNP 10 PC 4 Green 2 Others 19", POLL),
        ("Labour: 410, Conservatives: 131, Lib Dems 61; Others 48", None),
        ("2024 Lab 400 Con 150", {"Lab": 400, "Con": 150}),
    ],
)
@needs_data
def test_a_moderators_line_is_read(full_kb, text, seats):
    election, read = read_entry(full_kb, text)
    assert election == "2024"
    if seats is not None:
        assert read == seats
    else:
        assert read == {"Lab": 410, "Con": 131, "LD": 61, "Oth": 48}


@pytest.mark.parametrize(
    "text, says",
    [
        ("", "Give each party"),
        ("Lab lots", "Give each party"),
        ("Lab 410 Wombles 3", "I don't know a party called 'Wombles'"),
        ("Lab 410 Labour 3", "same party"),
        ("2031 Lab 400", "no general election called '2031'"),
        ("Lab 410 Con 131 ; drop table", "could not read"),
    ],
)
def test_a_bad_line_gets_a_clear_answer(shipped_kb, text, says):
    with pytest.raises(ExitPollError) as error:
        read_entry(shipped_kb, text)
    assert says in str(error.value)


@needs_data
def test_more_seats_than_the_house_has_are_refused(full_kb):
    with pytest.raises(ExitPollError) as error:
        read_entry(full_kb, "Lab 600 Con 100")
    assert "700 seats" in str(error.value) and "has 650 in the knowledge" in str(error.value)


def test_party_names_prefer_a_partys_own_name_to_a_shared_abbreviation(shipped_kb):
    names = party_names(shipped_kb.parties)
    assert names["green"] == "Green" and names["reform"] == "RUK" and names["others"] == "Oth"


# !national against the exit poll -----------------------------------------------------------


@needs_data
def test_national_mid_count_says_what_each_party_still_needs(full_kb):
    night, plan = start(full_kb, "2024")
    winners = _first_party_by_ons()
    declared = 412
    for key in plan.keys[:declared]:
        night.declare(key)
    kb, engine = night.view()
    answer = engine.national("")
    text = "\n".join(answer.lines)
    won = _grouped(Counter(winners[key] for key in plan.keys[:declared]))
    assert f"Declared so far against it, {declared} of 650 in, {650 - declared} to come" in text
    assert f"Lab {won['Lab']} of 410" in text and f"Con {won['Con']} of 131" in text
    assert f"Others {won['Oth']} of 19" in text
    needed = 410 - won["Lab"]
    assert (
        (f"needs {needed} more" in text) if needed > 0 else ("above" in text or "matched" in text)
    )
    assert "Exit poll (Ipsos" in text and "Exit poll:" in answer.source


@needs_data
def test_national_at_the_end_says_won_against_the_exit_poll(engine):
    won = _grouped(Counter(_first_party_by_ons().values()))
    answer = engine.national("2024")
    text = "\n".join(answer.lines)
    assert f"Lab won {won['Lab']} vs exit poll 410, {won['Lab'] - 410:+d}." in text
    assert f"Con {won['Con']} vs 131 ({won['Con'] - 131:+d})" in text
    assert f"Others {won['Oth']} vs 19 ({won['Oth'] - 19:+d})" in text
    assert "Exit poll" not in "\n".join(engine.national("2019").lines)  # none for 2019


@needs_data
def test_a_servers_own_exit_poll_replaces_the_curated_one_in_its_answers(engine):
    from bot.kb.exitpolls import server_poll

    answer = engine.national("", {"2024": server_poll("2024", {"Lab": 400, "Oth": 250})})
    text = "\n".join(answer.lines)
    assert "Lab won 411 vs exit poll 400, +11." in text
    assert "as entered by this server's moderators" in text


# The night: announcements and the replay of 2024 -------------------------------------------


@needs_data
def test_replay_of_2024_carries_the_exit_poll(full_kb, capsys):
    run_replay(full_kb, "2024", 0)
    out = capsys.readouterr().out
    won = _grouped(Counter(_first_party_by_ons().values()))
    first = out.index(
        "** Exit poll (Ipsos for BBC News, ITV News and Sky News, 22:00, 4 July 2024)"
    )
    assert first < out.index("(2 of 650)")  # with the first declaration
    assert "** Halfway. Declared so far against it, 325 of 650 in" in out
    assert f"** Every seat is in. Lab won {won['Lab']} vs exit poll 410" in out
    assert "a Labour majority of 170" in out  # 410 of 650


# Discord: the moderator's command, kept across a restart -----------------------------------


def _text(embed: discord.Embed) -> str:
    data = embed.to_dict()
    parts = [data.get("title", ""), data.get("description", "")]
    parts += [f"{f['name']} {f['value']}" for f in data.get("fields", [])]
    return "\n".join(parts)


@needs_data
async def test_moderators_enter_an_exit_poll_that_survives_a_restart(full_kb, tmp_path):
    from bot.exts.exitpoll import server_exit_polls

    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}"
    entered = {"2024": {"Lab": 400, "Con": 150, "LD": 50, "Oth": 50}}
    bot = await make_bot(full_kb, FULL_SOURCES, database_url=url)
    try:
        with pytest.raises(NotAllowed):  # a plain member
            await dpytest.message("!election exitpoll Lab 400 Con 150")
        await dpytest.empty_queue()  # the refusal, said
        guild_id = dpytest.get_config().guilds[0].id
        assert await bot.database.exit_polls(guild_id) == {}
        await make_moderator()
        await dpytest.message("!election exitpoll Lab 400 Con 150 Lib Dems 50 Others 50")
        reply = dpytest.get_message().content
        assert reply.startswith("Saved for this server, for the 2024 general election.")
        assert "Lab 400, Con 150, LD 50, Others 50" in reply
        await dpytest.message("!election exitpoll Lab 400 Wombles 2")
        assert "I don't know a party called 'Wombles'" in dpytest.get_message().content
        assert await bot.database.exit_polls(guild_id) == entered  # the bad line changed nothing
        await dpytest.message("!national")
        assert "Lab won 411 vs exit poll 400, +11." in _text(dpytest.get_embed())
        await dpytest.message("!election exitpoll")
        assert "2024: Exit poll (as entered by this server's moderators)" in (
            dpytest.get_message().content
        )
        await dpytest.message("!election status")
        assert "This server's exit poll: 2024." in dpytest.get_message().content
    finally:
        await dpytest.empty_queue()
        await stop_bot(bot)

    bot = await make_bot(full_kb, FULL_SOURCES, database_url=url)  # a restart: the same file
    try:
        assert await bot.database.exit_polls(guild_id) == entered
        polls = await server_exit_polls(bot, guild_id)  # what that server's !national reads
        answer = bot.store.engine.national("", polls)
        assert "Lab won 411 vs exit poll 400, +11." in answer.lines
        assert await bot.database.clear_exit_poll(guild_id, "2024") == 1
        answer = bot.store.engine.national("", await server_exit_polls(bot, guild_id))
        assert "Lab won 411 vs exit poll 410, +1." in answer.lines  # the curated one again
        await make_moderator()  # the new server, through the command
        await dpytest.message("!election exitpoll Con 300")
        assert dpytest.get_message().content.startswith("Saved")
        await dpytest.message("!election exitpoll clear")
        assert "removed" in dpytest.get_message().content
        await dpytest.message("!election exitpoll clear")
        assert "has no exit poll of its own" in dpytest.get_message().content
    finally:
        await dpytest.empty_queue()
        await stop_bot(bot)


async def _announcing_here(full_kb, tmp_path):
    """A bot whose server's results channel is its first channel (set by a moderator)."""
    bot = await make_bot(
        full_kb, FULL_SOURCES, database_url=f"sqlite+aiosqlite:///{tmp_path / 'a.sqlite3'}"
    )
    try:
        channel = dpytest.get_config().channels[0]
        await make_moderator()
        await dpytest.message(f"!election channel {channel.mention}", channel=channel)
        await dpytest.empty_queue()
    except BaseException:
        await stop_bot(bot)
        raise
    return bot, channel


@needs_data
async def test_the_night_announces_the_exit_poll_to_results_channels(full_kb, tmp_path):
    bot, channel = await _announcing_here(full_kb, tmp_path)
    try:
        night, plan = start(full_kb, "2024")
        declaration = night.declare(plan.keys[0])
        await bot.announcer.announce(night.base, declaration)
        await bot.announcer.drain()
        titles = []
        while not dpytest.verify().message().nothing():
            titles.append(dpytest.get_message().embeds[0].title)
        assert any(re.match(r"Exit poll \(Ipsos .*\): Lab 410, Con 131", t) for t in titles)
    finally:
        await dpytest.empty_queue()
        await stop_bot(bot)


@pytest.mark.parametrize(
    "question", ["what did the exit poll say?", "how accurate was the 2024 exit poll", "exit poll"]
)
def test_questions_about_the_exit_poll(shipped_engine, question):
    answer = shipped_engine.ask(question)
    assert answer.title == "2024 general election: the exit poll"
    text = "\n".join(answer.lines)
    assert "Lab 410, Con 131" in text and "a Labour majority of 170" in text
    assert "holds only 1 of this election's seats" in text  # the sample: no comparison


@needs_data
def test_how_accurate_was_the_exit_poll(engine):
    won = _grouped(Counter(_first_party_by_ons().values()))
    text = "\n".join(engine.ask("how accurate was the 2024 exit poll?").lines)
    assert f"Lab won {won['Lab']} vs exit poll 410" in text
    answer = engine.ask("what did the exit poll say in 2019?")
    assert "not held" in answer.title and "/election exitpoll" in answer.lines[1]


@needs_data
async def test_a_server_hears_its_own_exit_poll_and_the_others_the_curated_one(full_kb, tmp_path):
    from discord.ext.test import backend

    bot, own_channel = await _announcing_here(full_kb, tmp_path)
    try:
        config = dpytest.get_config()
        await dpytest.message("!election exitpoll Lab 400 Con 150 Lib Dems 50 Others 50")
        await dpytest.empty_queue()
        other = backend.make_guild("Another server")
        backend.make_member(backend.get_state().user, other)  # the bot is in it
        other_channel = backend.make_text_channel("results", other)
        backend.make_message("results here", config.client.user, other_channel)  # a history
        await dpytest.empty_queue()
        await bot.database.update_server(other.id, results_channel_id=other_channel.id)

        night, plan = start(full_kb, "2024")
        heard: dict[int, list[str]] = {own_channel.id: [], other_channel.id: []}

        async def announce(declaration) -> None:
            await bot.announcer.announce(night.base, declaration)
            await bot.announcer.drain()
            while not dpytest.verify().message().nothing():
                message = dpytest.get_message()
                heard[message.channel.id].append(message.embeds[0].title)

        await announce(night.declare(plan.keys[0]))
        for key in plan.keys[1:-1]:
            night.declare(key)
        await announce(night.declare(plan.keys[-1]))

        own, curated = heard[own_channel.id], heard[other_channel.id]
        assert any(t.startswith("Exit poll (as entered by this server's moderators)") for t in own)
        assert not any("Ipsos" in t for t in own)
        assert any(re.match(r"Exit poll \(Ipsos .*\): Lab 410, Con 131", t) for t in curated)
        assert any(
            t.startswith("Every seat is in. Lab won 411 vs exit poll 400, +11.") for t in own
        )
        assert any(
            t.startswith("Every seat is in. Lab won 411 vs exit poll 410, +1.") for t in curated
        )
        assert not any("exit poll 410" in t for t in own)
    finally:
        await dpytest.empty_queue()
        await stop_bot(bot)
