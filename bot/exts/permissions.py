"""Who may run what: one vocabulary of privileges, and one decorator that guards a command's
prefix and slash forms alike.

Every command declares its privilege with `@requires(...)`, placed above the command decorator.
A group's check does not guard its subcommands (discord.py skips it when a subcommand is named
and the group has `invoke_without_command=True`), so each subcommand declares its own.
Owners pass every check. `app_commands.default_permissions` stays what it is: a hint that hides
a command in Discord's menu, never the guard.
"""

from __future__ import annotations

import enum

import discord
from discord import app_commands
from discord.ext import commands


class Privilege(enum.Enum):
    EVERYONE = "everyone"
    MODERATOR = "server moderator"  # Manage Server in the server where the command runs
    KB_ADMIN = "knowledge admin"  # the shared knowledge base: ADMIN_GUILD_ID's moderator roles
    OWNER = "owner"  # OWNER_IDS, the application's owner or its team


REFUSALS = {
    Privilege.MODERATOR: "Only this server's moderators (Manage Server) can do that.",
    Privilege.KB_ADMIN: "Only the bot's owners and its admin server's moderators can do that.",
    Privilege.OWNER: "Only the bot's owners can do that.",
}


class NotAllowed(commands.CheckFailure, app_commands.CheckFailure):
    """A privilege check refused; both error handlers say its message, ephemerally for slash."""


async def is_kb_admin(bot: commands.Bot, user: discord.abc.User, guild_id: int | None) -> bool:
    """Owners; in ADMIN_GUILD_ID, a member with one of MODERATOR_ROLE_IDS."""
    if await bot.is_owner(user):
        return True
    settings = bot.settings
    if settings.admin_guild_id is None or guild_id != settings.admin_guild_id:
        return False
    return any(role.id in settings.moderator_role_ids for role in getattr(user, "roles", ()))


async def holds(
    bot: commands.Bot,
    privilege: Privilege,
    user: discord.abc.User,
    guild_id: int | None,
    permissions: discord.Permissions | None,
) -> bool:
    """Does this user hold this privilege here? `permissions`: theirs in this channel."""
    if privilege is Privilege.EVERYONE:
        return True
    if privilege is Privilege.KB_ADMIN:
        return await is_kb_admin(bot, user, guild_id)
    if await bot.is_owner(user):
        return True
    if privilege is Privilege.MODERATOR:
        return guild_id is not None and permissions is not None and permissions.manage_guild
    return False


def requires(privilege: Privilege):
    """Guard a command (prefix, slash or hybrid) with one privilege; put it above the command
    decorator. A hybrid command's check also runs for its slash form."""

    async def prefix_check(ctx: commands.Context) -> bool:
        permissions = ctx.permissions if ctx.guild is not None else None
        guild_id = ctx.guild.id if ctx.guild is not None else None
        if await holds(ctx.bot, privilege, ctx.author, guild_id, permissions):
            return True
        raise NotAllowed(REFUSALS[privilege])

    async def slash_check(interaction: discord.Interaction) -> bool:
        permissions = interaction.permissions if interaction.guild_id is not None else None
        user, guild_id = interaction.user, interaction.guild_id
        if await holds(interaction.client, privilege, user, guild_id, permissions):
            return True
        raise NotAllowed(REFUSALS[privilege])

    prefix_check.privilege = slash_check.privilege = privilege  # read by privilege_of

    def decorate(command):
        if isinstance(command, commands.Command):
            command.add_check(prefix_check)
        elif isinstance(command, app_commands.Command):
            command.add_check(slash_check)
        else:
            raise TypeError("@requires goes above the command decorator")
        return command

    return decorate


def privilege_of(command: commands.Command | app_commands.Command) -> Privilege | None:
    """The privilege a command declared with @requires; None when it declared none."""
    checks = command.checks
    if isinstance(command, commands.hybrid.HybridAppCommand):
        checks = [*checks, *command.wrapped.checks]
    found = [c.privilege for c in checks if hasattr(c, "privilege")]
    return found[0] if found else None
