"""The Discord layer offline: prefix commands through dpytest, slash commands through spec'd mocks."""

from __future__ import annotations

import asyncio
import shutil
from unittest.mock import AsyncMock

import discord
import discord.ext.test as dpytest
import pytest
from discord import app_commands
from discord.ext import commands

from bot.answer.area import seats_won
from bot.answer.embeds import DESCRIPTION, FIELD_VALUE, FIELDS, TITLE, TOTAL, render_embeds
from bot.answer.result import result_answer
from bot.areas import Area
from bot.kb.build import SHIPPED_KNOWLEDGE
from bot.places import UK
from tests.helpers.bots import (
    interaction,
    make_bot,
    member,
    press_choice,
    record_payloads,
    stop_bot,
)
from tests.helpers.data import FULL_SOURCES, needs_data

pytestmark = [needs_data, pytest.mark.bot(knowledge="full")]


# Prefix commands ------------------------------------------------------------------------


async def test_result_embed(bot):
    await dpytest.message("!result South West Norfolk")
    embed = dpytest.get_embed()
    assert embed.title.startswith("South West Norfolk: 2024 general election")
    assert "Terry Jermy (Labour) elected: Lab gain from Con." in embed.description
    fields = {f.name: f.value for f in embed.fields}
    assert fields["Majority"] == "630 (1.4%)" and fields["Turnout"] == "59.3%"
    assert "Liz Truss" in fields["Candidates"]
    assert embed.colour.value == 0xE4003B  # Labour's colour
    assert "Open Parliament Licence" in embed.footer.text


async def test_candidate_embed_bio_colour_and_results_table(bot, full_kb):
    await dpytest.message("!candidate Liz Truss")
    embed = dpytest.get_embed()
    assert embed.title == "Liz Truss"
    assert embed.colour.value == int(full_kb.party("Con").colour.lstrip("#"), 16)
    assert embed.description.startswith("Liz Truss, Conservative MP for South West Norfolk")
    assert "Defeated in South West Norfolk in 2024" in embed.description
    fields = {f.name: f.value for f in embed.fields}
    years = [line.split()[0] for line in fields["Results"].strip("`\n").splitlines()[1:]]
    assert years == [c.election for c, _ in reversed(full_kb.careers["liz-truss"])]
    assert "Prime Minister" in fields["Offices"]


async def test_ambiguity_offers_buttons(bot, monkeypatch):
    sent = record_payloads(monkeypatch)
    await dpytest.message("!result Norwich")
    buttons = [c for row in sent[-1]["components"] for c in row["components"]]
    assert [b["label"] for b in buttons] == ["Norwich North", "Norwich South"]


async def test_unknown_name(bot):
    await dpytest.message("!result Narnia")
    embed = dpytest.get_embed()
    assert embed.title == "Constituency not found"
    assert "Narnia" in embed.description


async def test_mentions_never_ping(bot, monkeypatch):
    sent = record_payloads(monkeypatch)
    await dpytest.message("!ask @everyone who won <@&123> Hendon?")
    with pytest.raises(commands.CommandNotFound):
        await dpytest.message("!nonsense @everyone")
    assert sent and all(p.get("allowed_mentions") == {"parse": []} for p in sent)


async def test_cooldown_answers_politely(full_kb):
    bot = await make_bot(full_kb, FULL_SOURCES, cooldown_rate=1, cooldown_seconds=30)
    await dpytest.message("!result Hendon")
    dpytest.get_embed()
    with pytest.raises(Exception, match="cooldown|try again"):
        await dpytest.message("!result Hendon")
    assert "try again in" in dpytest.get_message().content
    await dpytest.empty_queue()
    await stop_bot(bot)


async def test_plain_question_and_mention(bot):
    await dpytest.message("who won Islington North?")
    assert "Jeremy Corbyn" in dpytest.get_embed().description
    await dpytest.message("is anyone around?")  # chatter: no answer
    assert dpytest.verify().message().nothing()
    with pytest.raises(commands.CommandNotFound):  # dpytest re-raises; the listener answers it
        await dpytest.message(f"<@{bot.user.id}> how many seats did the Lib Dems win")
    assert "72 seats" in dpytest.get_embed().description


async def test_unknown_commands_are_left_to_other_bots(bot):
    with pytest.raises(commands.CommandNotFound):  # dpytest re-raises; the handler stays silent
        await dpytest.message("!frobnicate")
    assert dpytest.verify().message().nothing()


async def test_help(bot):
    await dpytest.message("!help")
    assert dpytest.get_embed().title == "How to ask"


# Slash commands and autocomplete --------------------------------------------------------


async def test_slash_result_resolves_what_was_submitted(bot):
    cog = bot.get_cog("Results")
    inter = interaction(bot)
    await cog.result_slash.callback(cog, inter, "norfolk south west", "2019")
    kwargs = inter.response.send_message.call_args.kwargs
    assert kwargs["embed"].title.startswith("South West Norfolk: 2019")
    assert kwargs["allowed_mentions"].to_dict() == {"parse": []}


async def test_slash_candidate_and_national(bot):
    people, results = bot.get_cog("People"), bot.get_cog("Results")
    inter = interaction(bot)
    await people.candidate_slash.callback(people, inter, "Liz Truss", None)
    assert inter.response.send_message.call_args.kwargs["embed"].title == "Liz Truss"
    inter = interaction(bot)
    await results.national_slash.callback(results, inter, "2024")
    embed = inter.response.send_message.call_args.kwargs["embed"]
    assert "Labour won 411 of 650 seats" in embed.description


async def test_constituency_autocomplete(bot):
    cog = bot.get_cog("Results")
    choices = await cog.constituency_autocomplete(interaction(bot), "South West")
    assert 0 < len(choices) <= 25
    assert all(len(c.name) <= 100 and len(c.value) <= 100 for c in choices)
    assert all(c.name.startswith("South West") for c in choices[:5])
    first = await cog.constituency_autocomplete(interaction(bot), "hend")
    assert first[0].value == "Hendon"
    assert len(await cog.constituency_autocomplete(interaction(bot), "")) == 25


async def test_candidate_autocomplete(bot):
    cog = bot.get_cog("People")
    choices = await cog.name_autocomplete(interaction(bot), "Liz Tr")
    assert choices and choices[0].name.startswith(
        "Liz Truss (Conservative, South West Norfolk 2024)"
    )
    assert all(len(c.name) <= 100 and len(c.value) <= 100 for c in choices)


async def test_slash_errors_are_ephemeral(bot):
    inter = interaction(bot)
    await bot.tree.on_error(
        inter, app_commands.CommandOnCooldown(app_commands.Cooldown(1, 10), 7.2)
    )
    inter.response.send_message.assert_awaited_once()
    args, kwargs = inter.response.send_message.call_args
    assert kwargs["ephemeral"] is True and "try again in 7 s" in args[0]
    done = interaction(bot)
    done.response.is_done.return_value = True
    await bot.tree.on_error(
        done, app_commands.CheckFailure("Only the bot's moderators can do that.")
    )
    assert done.followup.send.call_args.kwargs["ephemeral"] is True


# Moderators and reload ------------------------------------------------------------------


async def test_reload_permission_check(bot):
    check = bot.get_cog("Admin").reload_slash.checks[0]
    admin_guild, elsewhere = 77, 88

    async def allowed(user, guild_id=admin_guild) -> bool:
        inter = interaction(bot, user)
        inter.guild_id = guild_id
        try:
            return await check(inter)
        except app_commands.CheckFailure as refusal:
            assert "owners" in str(refusal)
            return False

    assert not await allowed(member(1))
    assert not await allowed(member(2, manage_guild=True))  # Manage Server somewhere: never
    bot.settings.admin_guild_id, bot.settings.moderator_role_ids = admin_guild, [99]
    assert await allowed(member(4, role_ids=[99]))  # the admin server's moderator role
    assert not await allowed(member(4, role_ids=[99]), elsewhere)  # that role id elsewhere
    assert not await allowed(member(3, manage_guild=True))
    bot.settings.owner_ids = [5]
    assert await allowed(member(5), elsewhere) and await allowed(member(5), None)
    [app_owner] = bot.application_owners  # fetched once from the application's info
    assert await allowed(member(app_owner), elsewhere)


async def test_broken_file_keeps_the_old_base(full_kb, tmp_path):
    layer = tmp_path / "knowledge"
    shutil.copytree(SHIPPED_KNOWLEDGE, layer)
    bot = await make_bot(full_kb, [layer], owner_ids=[1])
    before = bot.store.current
    (layer / "broken.yaml").write_text(
        "people:\n  - id: x\n    name: X\n    nmae: typo\n", encoding="utf-8"
    )
    cog = bot.get_cog("Admin")
    inter = interaction(bot, member(1))
    await cog.reload_slash.callback(cog, inter)
    embed = inter.followup.send.call_args.kwargs["embed"]
    assert embed.title == "Reload rejected: still serving the previous knowledge base"
    assert "broken.yaml:4" in embed.description and str(tmp_path) not in embed.description
    assert bot.store.current is before
    (layer / "broken.yaml").unlink()
    inter = interaction(bot, member(1))
    await cog.reload_slash.callback(cog, inter)
    embed = inter.followup.send.call_args.kwargs["embed"]
    assert embed.title == "Knowledge base reloaded" and "contests -1298" in embed.description
    assert bot.store.current.loaded_by.startswith("user1")
    await dpytest.empty_queue()
    await stop_bot(bot)


async def test_questions_during_a_reload_get_whole_answers(full_kb):
    bot = await make_bot(full_kb, FULL_SOURCES)
    reload = asyncio.create_task(bot.store.reload("tester"))
    answers = []
    while not reload.done():
        engine = bot.store.engine  # one snapshot per question
        answers.append(engine.ask("!result Hendon"))
        await asyncio.sleep(0.005)  # questions arrive while the build runs in its thread
    result = await reload
    assert result.ok and result.difference.nothing
    assert len(answers) > 1
    assert all(a.kind == "result" and a.title.startswith("Hendon: 2024") for a in answers)
    await dpytest.empty_queue()
    await stop_bot(bot)


# Limits and structure -------------------------------------------------------------------


def _within_limits(embed: discord.Embed) -> None:
    assert len(embed.title or "") <= TITLE and len(embed.description or "") <= DESCRIPTION
    assert len(embed.fields) <= FIELDS and all(len(f.value) <= FIELD_VALUE for f in embed.fields)
    assert len(embed) <= TOTAL


def test_largest_contests_fit(full_kb):
    largest = max(len(c.candidacies) for c in full_kb.contests["2024"].values())
    assert largest == 13
    for contest in full_kb.contests["2024"].values():
        if len(contest.candidacies) == largest:
            [embed] = render_embeds(result_answer(full_kb, full_kb.facts_for(contest)))
            _within_limits(embed)
            table = "".join(f.value for f in embed.fields if f.name.startswith("Candidates"))
            assert all(c.name[:15] in table for c in contest.candidacies)


def test_longest_list_is_paginated(full_kb):
    pages = render_embeds(seats_won(full_kb, Area(full_kb.national["2024"], UK), "Lab"))
    assert len(pages) > 1
    for page in pages:
        _within_limits(page)
    listed = "".join(p.description for p in pages)
    assert listed.count("• ") == 411
    assert pages[-1].footer.text.startswith(f"Page {len(pages)}/{len(pages)}")


async def test_no_clashing_command_names(bot):
    seen: dict[str, str] = {}
    for command in bot.walk_commands():
        for name in (
            command.qualified_name,
            *(f"{command.full_parent_name} {a}".strip() for a in command.aliases),
        ):
            assert name not in seen, f"{name} is defined by {seen[name]} and {command.cog_name}"
            seen[name] = command.cog_name
    slash = [c.qualified_name for c in bot.tree.walk_commands()]
    assert len(slash) == len(set(slash))
    assert {"result", "candidate", "ask", "national", "kb reload", "kb status"} <= set(slash)
    for command in bot.tree.get_commands():
        assert command.to_dict(bot.tree)["name"] == command.name


async def test_prefix_reload_by_an_owner(shipped_kb):
    bot = await make_bot(shipped_kb, [SHIPPED_KNOWLEDGE])  # small: the reload is what is tested
    owner = dpytest.get_config().members[0]
    bot.settings.owner_ids = [owner.id]
    await dpytest.message("!kb reload", member=owner)
    embed = dpytest.get_embed()
    assert embed.title == "Knowledge base reloaded" and "Changes: none." in embed.description
    await dpytest.message("!kb status")
    assert "by TestUser0" in dpytest.get_embed().description
    await dpytest.empty_queue()
    await stop_bot(bot)


async def test_choice_button_answers_in_place(bot):
    kwargs = await press_choice(bot, "!result Norwich", "Norwich South")
    assert kwargs["embed"].title.startswith("Norwich South: 2024 general election")
    assert kwargs["view"] is None and kwargs["allowed_mentions"].to_dict() == {"parse": []}


async def test_pages_turn(bot, full_kb):
    from bot.answer.embeds import render_embeds
    from bot.exts.common import PageView, make_view

    answer = seats_won(full_kb, Area(full_kb.national["2024"], UK), "Lab")
    pages = render_embeds(answer)
    view = make_view(bot, answer, pages)
    assert isinstance(view, PageView) and view.previous.disabled and not view.next.disabled
    inter = interaction(bot)
    inter.response.edit_message = AsyncMock()
    await view.next.callback(inter)
    assert inter.response.edit_message.call_args.kwargs["embed"] is pages[1]
    assert not view.previous.disabled


async def test_national_prefix(bot):
    await dpytest.message("!national 2019")
    embed = dpytest.get_embed()
    assert "The Conservatives won 365 of 650 seats" in embed.description
    assert any(f.name == "By party" for f in embed.fields)
