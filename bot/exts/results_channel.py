"""Setting up a results channel for a busy night (used by /election channel and status): the
delivery mode, the channel's webhook (asked for once), and following the hub announcement
channel. Discord calls only; what each mode means and the model's advice are bot/live/.
"""

from __future__ import annotations

import logging

import discord

from bot.live.fanout import MODES

log = logging.getLogger(__name__)
WEBHOOK_NAME = "Returning Officer results"
TRUE_WORDS = {"true", "yes", "on", "1"}  # `!election channel #x true`: only followed, as before

MODE_TEXT = {
    "every": "every declaration",
    "digest": "a digest of the declarations every few minutes, with the running tally",
    "milestones": "milestones only",
    "followed": "only seats, parties or people someone here follows",
}


def parse_mode(text: str | None) -> str | None:
    """'digest', 'mode:digest' -> 'digest'; None when not given; ValueError when not a mode."""
    if text is None or not text.strip():
        return None
    word = text.strip().lower().removeprefix("mode:").strip()
    if word in TRUE_WORDS:
        return "followed"
    if word == "all":
        return "every"
    if word not in MODES:
        raise ValueError(word)
    return word


def parse_follow(text: str | None) -> bool | None:
    """'hub' or 'follow:hub' -> True; 'none' -> False; None when not given; ValueError else."""
    if text is None or not text.strip():
        return None
    word = text.strip().lower().removeprefix("follow:").strip()
    if word == "hub":
        return True
    if word in ("none", "off", "no"):
        return False
    raise ValueError(word)


async def make_webhook(channel: discord.TextChannel) -> tuple[int, str] | None:
    """The bot's webhook in this channel, made now, when it may manage webhooks there."""
    if not channel.permissions_for(channel.guild.me).manage_webhooks:
        return None
    try:
        webhook = await channel.create_webhook(name=WEBHOOK_NAME, reason="election results")
    except discord.HTTPException as error:
        log.warning("could not make a webhook in %s: %s", channel.id, error)
        return None
    return webhook.id, webhook.token


async def follow_hub(bot, channel: discord.TextChannel) -> tuple[bool, str]:
    """Make the channel follow the owners' hub announcement channel: whether it does, and a line
    saying how it went."""
    hub_id = bot.settings.hub_channel_id
    hub = bot.get_channel(hub_id) if hub_id else None
    if hub is None:
        return False, "There is no hub channel to follow (the bot's owners have not set one)."
    if not channel.permissions_for(channel.guild.me).manage_webhooks:
        return False, (
            f"To follow the hub, give me Manage Webhooks in {channel.mention} (Discord needs it "
            "to deliver the hub's posts there), then set the channel again."
        )
    try:
        await hub.follow(destination=channel, reason="election milestones from the hub")
    except discord.HTTPException as error:
        return False, f"Discord refused to make {channel.mention} follow the hub ({error.status})."
    return True, (
        f"{channel.mention} now follows the hub: milestones and an hourly summary arrive there "
        "through Discord, on time however many servers watch."
    )


def webhook_line(server) -> str:
    """How results reach the channel, for /election status (the one place the ask is explained)."""
    if server.webhook == "on":
        return "Posting through the channel's webhook (its own rate limit: on time on busy nights)."
    if server.webhook == "lost":
        return (
            "The channel's webhook was deleted and I could not make another: posting as the bot "
            "(give me Manage Webhooks there and set the channel again to post through a webhook)."
        )
    return (
        "Posting as the bot. Give me Manage Webhooks in the results channel and set it again, "
        "and I will post through a webhook, which Discord limits apart from the bot."
    )
