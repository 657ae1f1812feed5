"""Every command, prefix and slash, dispatched for real as a plain member, a server moderator and
an owner: who is let through is exactly what its privilege says.

A command added without `@requires(...)`, or missing from the tables below, fails here.
"""

from __future__ import annotations

import discord
import discord.ext.test as dpytest
from discord import app_commands
from discord.ext import commands
from discord.ext.test import backend

from bot.exts.permissions import REFUSALS, Privilege, privilege_of
from tests.helpers.bots import EPHEMERAL, MANAGE_GUILD, ids, settled, slash

EVERYONE, MODERATOR, KB_ADMIN, OWNER = (
    Privilege.EVERYONE,
    Privilege.MODERATOR,
    Privilege.KB_ADMIN,
    Privilege.OWNER,
)

PREFIX = {
    "ask": EVERYONE,
    "help": EVERYONE,
    "result": EVERYONE,
    "national": EVERYONE,
    "candidate": EVERYONE,
    "map": EVERYONE,
    "targets": EVERYONE,  # issue 21
    "swing": EVERYONE,
    "kb": KB_ADMIN,
    "kb status": KB_ADMIN,
    "kb reload": KB_ADMIN,
    "sync": OWNER,
    "election": EVERYONE,
    "election status": EVERYONE,
    "election channel": MODERATOR,
    "election replay": MODERATOR,
    "election replay stop": MODERATOR,
    "election exitpoll": MODERATOR,
    "follow": EVERYONE,
    "unfollow": EVERYONE,
    "following": EVERYONE,
    "follows": MODERATOR,
    "follows list": MODERATOR,
    "follows remove": MODERATOR,
    "follows clear": MODERATOR,
    "settings": EVERYONE,
    "settings show": EVERYONE,
    "settings prefix": MODERATOR,
    "settings plain-questions": MODERATOR,
}

SLASH = {
    "ask": EVERYONE,
    "result": EVERYONE,
    "national": EVERYONE,
    "candidate": EVERYONE,
    "map": EVERYONE,
    "targets": EVERYONE,  # issue 21
    "swing": EVERYONE,
    "kb status": KB_ADMIN,
    "kb reload": KB_ADMIN,
    "election status": EVERYONE,
    "election channel": MODERATOR,
    "election replay start": MODERATOR,
    "election replay stop": MODERATOR,
    "election exitpoll": MODERATOR,
    "follow": EVERYONE,
    "unfollow": EVERYONE,
    "following": EVERYONE,
    "follows list": MODERATOR,
    "follows remove": MODERATOR,
    "follows clear": MODERATOR,
    "settings show": EVERYONE,
    "settings prefix": MODERATOR,
    "settings plain-questions": MODERATOR,
}

WHO = ("member", "moderator", "owner")
ALLOWED = {
    EVERYONE: {"member", "moderator", "owner"},
    MODERATOR: {"moderator", "owner"},
    KB_ADMIN: {"owner"},
    OWNER: {"owner"},
}


def test_every_command_declares_the_privilege_in_the_tables(bot):
    prefix = {c.qualified_name: privilege_of(c) for c in bot.walk_commands()}
    assert prefix == PREFIX
    slash_commands = {
        c.qualified_name: privilege_of(c)
        for c in bot.tree.walk_commands()
        if not isinstance(c, app_commands.Group)
    }
    assert slash_commands == SLASH


class Reached(commands.CommandError):
    """The checks let the command through: stop before its body (no reloads, no replays)."""


async def _stop_before_the_body(ctx: commands.Context) -> None:
    command = ctx.command
    if isinstance(command, commands.Group) and not command.invoke_without_command:
        rest = ctx.view.buffer[ctx.view.index :].split()
        if rest and rest[0] in command.all_commands:
            return  # the group runs first; its subcommand is the one being asked for
    raise Reached(command.qualified_name)


async def test_every_prefix_command_through_the_dispatcher(bot):
    config = dpytest.get_config()
    guild, channel = config.guilds[0], config.channels[0]
    moderator, owner = config.members[0], config.members[1]
    plain = backend.make_member(backend.make_user("plain", "0003"), guild)
    role = backend.make_role(
        "Moderators", guild, permissions=discord.Permissions(manage_guild=True).value
    )
    await dpytest.add_role(moderator, role)
    bot.settings.owner_ids = [owner.id]
    bot.before_invoke(_stop_before_the_body)
    people = {"member": plain, "moderator": moderator, "owner": owner}

    let_through: dict[str, set[str]] = {}
    for name, privilege in PREFIX.items():
        for who in WHO:
            try:
                await dpytest.message(f"!{name}", channel=channel, member=people[who])
            except (Reached, commands.UserInputError):
                let_through.setdefault(name, set()).add(who)
            except commands.CheckFailure as refusal:
                assert str(refusal) == REFUSALS[privilege], name
                assert dpytest.get_message().content == REFUSALS[privilege]
            await dpytest.empty_queue()
        assert let_through.get(name, set()) == ALLOWED[privilege], name


def _options(command: app_commands.Command, channel, user) -> tuple[list[dict], dict]:
    """A value for every required option, as Discord would send it."""
    options, resolved = [], {}
    for parameter in command.parameters:
        if not parameter.required:
            continue
        kind = parameter.type
        if parameter.choices:
            value = parameter.choices[0].value
        elif kind is discord.AppCommandOptionType.channel:
            value = str(channel.id)
            resolved.setdefault("channels", {})[value] = {
                "id": value,
                "type": 0,
                "name": channel.name,
                "permissions": "0",
                "guild_id": str(channel.guild.id),
            }
        elif kind is discord.AppCommandOptionType.user:
            value = str(user.id)
            resolved.setdefault("users", {})[value] = {
                "id": value,
                "username": user.name,
                "discriminator": "0",
                "avatar": None,
            }
        elif kind is discord.AppCommandOptionType.boolean:
            value = False
        elif kind in (discord.AppCommandOptionType.integer, discord.AppCommandOptionType.number):
            value = 1
        else:
            value = "Hendon"
        options.append({"name": parameter.display_name, "type": kind.value, "value": value})
    return options, resolved


def _nested(parts: list[str], options: list[dict]) -> list[dict]:
    """Options of a subcommand (and subcommand group) as Discord nests them."""
    for depth, part in reversed(list(enumerate(parts))):
        options = [{"name": part, "type": 1 if depth == len(parts) - 1 else 2, "options": options}]
    return options


async def test_every_slash_command_through_the_tree(bot, adapter, monkeypatch):
    config = dpytest.get_config()
    channel, someone = config.channels[0], config.members[1]
    reached: list[str] = []

    async def stop_before_the_body(self, interaction, params):
        reached.append(self.qualified_name)

    monkeypatch.setattr(app_commands.Command, "_do_call", stop_before_the_body)
    owner_id = next(ids)
    bot.settings.owner_ids = [owner_id]
    as_who = {"member": (0, None), "moderator": (MANAGE_GUILD, None), "owner": (0, owner_id)}

    for command in bot.tree.walk_commands():
        if isinstance(command, app_commands.Group):
            continue
        name = command.qualified_name
        privilege = SLASH[name]
        options, resolved = _options(command, channel, someone)
        root, *subs = name.split()
        let_through = set()
        for who in WHO:
            permissions, user_id = as_who[who]
            reached.clear()
            adapter.responses.clear()
            call = slash(
                bot,
                root,
                _nested(subs, options) if subs else options,
                permissions=permissions,
                resolved=resolved,
                user_id=user_id,
            )
            await bot.tree._call(call)
            await settled()
            if reached == [name]:
                let_through.add(who)
            else:
                [refusal] = adapter.responses
                assert refusal["data"]["flags"] & EPHEMERAL, name
                assert refusal["data"]["content"] == REFUSALS[privilege], name
        assert let_through == ALLOWED[privilege], name
