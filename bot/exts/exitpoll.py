"""`/election exitpoll` (moderators): a server's own exit poll, kept in the database; and the
exit polls a server's `!national` compares with. The reading and checking is bot.kb.exitpolls."""

from __future__ import annotations

import logging

from bot.answer.exitpoll import poll_line
from bot.kb.exitpolls import ExitPollError, election_of, read_entry, seats_at, server_poll
from bot.kb.knowledge import KnowledgeBase
from bot.models import ExitPoll

log = logging.getLogger(__name__)
CLEAR = {"clear", "remove", "delete", "none", "off"}


async def exit_poll_command(
    kb: KnowledgeBase, database, guild_id: int, user_id: int, text: str
) -> str:
    """What `/election exitpoll TEXT` does in a server, as the reply to show."""
    words = text.split()
    if not words:
        return _shown(kb, await database.exit_polls(guild_id))
    if words[-1].lower() in CLEAR and len(words) <= 2:
        try:
            election, _ = election_of(kb, " ".join(words[:-1]))
        except ExitPollError as error:
            return str(error)
        removed = await database.clear_exit_poll(guild_id, election)
        return (
            f"This server's exit poll for {election} is removed."
            if removed
            else f"This server has no exit poll of its own for {election}."
        )
    try:
        election, seats = read_entry(kb, text)
    except ExitPollError as error:
        return str(error)
    await database.set_exit_poll(guild_id, election, seats, user_id)
    poll = server_poll(election, seats)
    return (
        f"Saved for this server, for the {kb.elections[election].name}. "
        f"{poll_line(kb, poll, seats_at(kb, election))} "
        "`!national` here now compares the declared seats with it (announcements use the "
        "bot's curated exit poll, where it has one)."
    )


def _shown(kb: KnowledgeBase, polls: dict[str, dict[str, int]]) -> str:
    if not polls:
        curated = ", ".join(sorted(kb.exit_polls)) or "none"
        return (
            "This server has no exit poll of its own. Enter one: `/election exitpoll Lab 410 "
            f"Con 131 LD 61 ... Others 19`. Curated exit polls the bot holds: {curated}."
        )
    lines = []
    for election, seats in sorted(polls.items()):
        poll = server_poll(election, seats)
        lines.append(f"{election}: {poll_line(kb, poll, seats_at(kb, election))}")
    return "\n".join(lines)


async def server_exit_polls(bot, guild_id: int | None) -> dict[str, ExitPoll]:
    """A server's own exit polls, by election, for its `!national`; none when the database
    cannot say (the answer then uses the curated ones)."""
    database = getattr(bot, "database", None)
    if guild_id is None or database is None:
        return {}
    try:
        polls = await database.exit_polls(guild_id)
    except Exception:  # noqa: BLE001 - a database outage must not cost the answer
        log.exception("reading the exit polls of server %s", guild_id)
        return {}
    return {election: server_poll(election, seats) for election, seats in polls.items()}
