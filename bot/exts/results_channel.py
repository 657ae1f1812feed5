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


MAXIMUM_WEBHOOKS = 30007  # Discord's error code: the channel has as many webhooks as it may


async def follow_hub(bot, channel: discord.TextChannel) -> tuple[bool, str]:
    """Make the channel follow the owners' hub announcement channel (Discord's
    `POST /channels/{hub}/followers`, asked directly: the hub's server may be on another shard):
    whether it does, and a line saying how it went."""
    hub_id = bot.settings.hub_channel_id
    if not hub_id:
        return False, "There is no hub channel to follow (the bot's owners have not set one)."
    if hub_id == channel.id:
        return False, f"{channel.mention} is the hub itself: it cannot follow itself."
    if not channel.permissions_for(channel.guild.me).manage_webhooks:
        return False, _needs_manage_webhooks(channel)
    try:
        await bot.http.follow_webhook(
            channel_id=hub_id,
            webhook_channel_id=channel.id,
            reason="election milestones from the hub",
        )
    except discord.Forbidden:  # our permissions there changed since Discord last told us
        return False, _needs_manage_webhooks(channel)
    except discord.HTTPException as error:
        if error.code == MAXIMUM_WEBHOOKS:
            return False, (
                f"{channel.mention} has as many webhooks as Discord allows, and following the hub "
                "needs one more: remove one there, then set the channel again."
            )
        await _tell_owners(
            bot, f"following the hub {hub_id} from channel {channel.id} failed: {error}"
        )
        return False, (
            "Discord refused to make the channel follow the hub (the hub may be set wrongly); "
            "the bot's owners have been told. Results still come here from me."
        )
    return True, (
        f"{channel.mention} now follows the hub: milestones and an hourly summary arrive there "
        "through Discord, on time however many servers watch."
    )


def _needs_manage_webhooks(channel: discord.TextChannel) -> str:
    return (
        f"To follow the hub, give me Manage Webhooks in {channel.mention} (Discord needs it "
        "to deliver the hub's posts there), then set the channel again."
    )


async def _tell_owners(bot, message: str) -> None:
    log.warning(message)
    report = getattr(bot, "report", None)
    if report is not None:
        try:
            await report(message)
        except Exception:  # best effort
            log.exception("could not report a problem with the hub")


def hub_suggestion(bot, outcome, follows_hub: bool, channel_name: str) -> str | None:
    """A line asking the server to follow the hub, when the capacity model keeps the bot's size
    on time only with the hub (`outcome`, bot/live/capacity.py) and the owners have set one."""
    if outcome is None or not outcome.with_hub or follows_hub or not bot.settings.hub_channel_id:
        return None
    return (
        f"At my size (up to {outcome.channels:,} results channels) milestones reach every server "
        "within a minute only through my hub channel: add follow:hub "
        f"(`/election channel #{channel_name} follow:hub`) and Discord delivers them here."
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
