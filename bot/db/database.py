"""The database: opened from a URL, migrated with Alembic at start-up, and its queries in one place.

SQLite (aiosqlite) by default, in DATA_DIR; PostgreSQL (asyncpg) with DATABASE_URL, for a bot that
runs as several processes. Every claim to announce something is a row under a unique key, so two
processes never both post the same item to the same place; the row says 'claimed' until Discord
has accepted the post ('posted'), so a restarted process knows what it still owes.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import delete, event, func, or_, select, update
from sqlalchemy.exc import DataError, IntegrityError, ProgrammingError
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine

from bot.db.tables import (
    DESTINATION_LENGTH,
    ITEM_LENGTH,
    Announcement,
    Follow,
    Server,
    ServerExitPoll,
)

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def _upgrade(connection) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


def _engine(url: str) -> AsyncEngine:
    if url.startswith("sqlite"):
        engine = create_async_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine.sync_engine, "connect")
        def _pragmas(dbapi_connection, _record) -> None:  # one writer at a time, readers welcome
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        return engine
    return create_async_engine(url, pool_pre_ping=True)


def permanent(error: Exception) -> bool:
    """An error that trying again cannot mend (a value the schema refuses, a missing column),
    unlike a lost connection or a server that is down."""
    return isinstance(error, DataError | ProgrammingError | IntegrityError | ValueError | TypeError)


class Database:
    def __init__(self, url: str):
        self.url = url
        self.engine = _engine(url)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)

    @classmethod
    async def open(cls, url: str) -> Database:
        """Connect and bring the schema up to date (Alembic, to head)."""
        if url.startswith("sqlite") and ":///" in url and ":memory:" not in url:
            Path(url.split(":///", 1)[1]).parent.mkdir(parents=True, exist_ok=True)
        database = cls(url)
        try:
            async with database.engine.begin() as connection:
                await connection.run_sync(_upgrade)
        except BaseException:
            await database.engine.dispose()
            raise
        log.info("database ready: %s", database.engine.url.render_as_string(hide_password=True))
        return database

    async def close(self) -> None:
        await self.engine.dispose()

    # Servers ------------------------------------------------------------------------------

    async def server(self, guild_id: int) -> Server | None:
        async with self.sessions() as session:
            return await session.get(Server, guild_id)

    async def update_server(self, guild_id: int, **values) -> Server:
        async with self.sessions.begin() as session:
            server = await session.get(Server, guild_id)
            if server is None:
                server = Server(guild_id=guild_id, announce="all")
                session.add(server)
            for name, value in values.items():
                setattr(server, name, value)
        return server

    async def servers_announcing(self) -> list[Server]:
        async with self.sessions() as session:
            rows = await session.scalars(
                select(Server).where(Server.results_channel_id.is_not(None))
            )
            return list(rows)

    async def servers_with_choices(self) -> list[Server]:
        """Servers whose moderators chose their own prefix or plain-question setting."""
        async with self.sessions() as session:
            rows = await session.scalars(
                select(Server).where(
                    or_(Server.prefix.is_not(None), Server.plain_questions.is_not(None))
                )
            )
            return list(rows)

    # Follows ------------------------------------------------------------------------------

    async def follow(
        self,
        user_id: int,
        kind: str,
        target: str,
        label: str,
        guild_id: int,
        channel_id: int,
        *,
        member_limit: int | None = None,
        server_limit: int | None = None,
    ) -> str:
        """'added'; 'exists' when they already follow it there; 'member_limit' or
        'server_limit' when the follower, or the server (guild_id, 0 for DMs), has its fill."""
        try:
            async with self.sessions.begin() as session:
                if member_limit is not None:
                    mine = select(func.count()).where(Follow.user_id == user_id)
                    if await session.scalar(mine) >= member_limit:
                        return "member_limit"
                if server_limit is not None and guild_id:
                    theirs = select(func.count()).where(Follow.guild_id == guild_id)
                    if await session.scalar(theirs) >= server_limit:
                        return "server_limit"
                session.add(
                    Follow(
                        user_id=user_id,
                        kind=kind,
                        target=target,
                        label=label[:100],
                        guild_id=guild_id,
                        channel_id=channel_id,
                    )
                )
        except IntegrityError:
            return "exists"
        return "added"

    async def unfollow(self, user_id: int, kind: str, target: str, guild_id: int) -> int:
        async with self.sessions.begin() as session:
            result = await session.execute(
                delete(Follow).where(
                    Follow.user_id == user_id,
                    Follow.kind == kind,
                    Follow.target == target,
                    Follow.guild_id == guild_id,
                )
            )
            return result.rowcount or 0

    async def following(self, user_id: int) -> list[Follow]:
        async with self.sessions() as session:
            rows = await session.scalars(
                select(Follow).where(Follow.user_id == user_id).order_by(Follow.id)
            )
            return list(rows)

    async def follows_page(
        self,
        *,
        user_id: int | None = None,
        guild_id: int | None = None,
        offset: int = 0,
        limit: int = 10,
    ) -> tuple[list[Follow], int]:
        """One page of follows (of a follower, in a server, or both) and how many there are."""
        where = []
        if user_id is not None:
            where.append(Follow.user_id == user_id)
        if guild_id is not None:
            where.append(Follow.guild_id == guild_id)
        async with self.sessions() as session:
            total = await session.scalar(select(func.count()).select_from(Follow).where(*where))
            rows = await session.scalars(
                select(Follow).where(*where).order_by(Follow.id).offset(offset).limit(limit)
            )
            return list(rows), total or 0

    async def remove_follows(
        self, guild_id: int, *, follow_id: int | None = None, user_id: int | None = None
    ) -> int:
        """A moderator's removal in their server: one follow by number, or all of a member's."""
        where = [Follow.guild_id == guild_id]
        if follow_id is not None:
            where.append(Follow.id == follow_id)
        if user_id is not None:
            where.append(Follow.user_id == user_id)
        if len(where) == 1:
            raise ValueError("name a follow or a member")
        async with self.sessions.begin() as session:
            result = await session.execute(delete(Follow).where(*where))
            return result.rowcount or 0

    async def drop_follow(self, follow_id: int) -> None:
        """A follow that can no longer reach its follower (they left, or lost the channel)."""
        async with self.sessions.begin() as session:
            await session.execute(delete(Follow).where(Follow.id == follow_id))

    async def followers(self, targets: list[tuple[str, str]]) -> list[Follow]:
        """Every follow of any of these (kind, target) pairs."""
        if not targets:
            return []
        async with self.sessions() as session:
            rows = await session.scalars(
                select(Follow).where(Follow.target.in_({t for _, t in targets})).order_by(Follow.id)
            )
            wanted = set(targets)
            return [f for f in rows if (f.kind, f.target) in wanted]

    # The announcements record -------------------------------------------------------------

    async def claim(
        self,
        election: str,
        item: str,
        destination: str,
        guild_id: int,
        by: str,
        status: str = "claimed",
    ) -> bool:
        """Take the right to post `item` to `destination`; False if anyone ever took it."""
        if len(item) > ITEM_LENGTH or len(destination) > DESTINATION_LENGTH:
            raise ValueError(f"an announcement's key is too long for the record: {item[:60]}")
        try:
            async with self.sessions.begin() as session:
                session.add(
                    Announcement(
                        election=election,
                        item=item,
                        destination=destination,
                        guild_id=guild_id,
                        status=status,
                        claimed_by=by,
                    )
                )
        except IntegrityError:
            return False
        return True

    async def record_delivery(
        self,
        election: str,
        item: str,
        destination: str,
        status: str,
        detail: str = "",
        sent_at: dt.datetime | None = None,
    ) -> None:
        """Record how a claimed post ended ('posted', 'failed', ...), with a short detail; a
        posted one with when it was sent (now, unless the message's time is given)."""
        async with self.sessions.begin() as session:
            await session.execute(
                update(Announcement)
                .where(
                    Announcement.election == election,
                    Announcement.item == item,
                    Announcement.destination == destination,
                )
                .values(
                    status=status,
                    detail=detail[:200],
                    sent_at=(sent_at or dt.datetime.now(dt.UTC)) if status == "posted" else None,
                )
            )

    async def direct_messages_since(self, since: dt.datetime) -> dict[str, list[dt.datetime]]:
        """When each person's direct messages were sent since then, oldest first: one time per
        message (the results folded into one share it; records from before that, within moments
        of each other)."""
        since = since.astimezone(dt.UTC)  # stored in UTC (SQLite keeps no zone)
        async with self.sessions() as session:
            rows = await session.execute(
                select(Announcement.destination, Announcement.sent_at)
                .where(
                    Announcement.destination.like("user:%"),
                    Announcement.status == "posted",
                    Announcement.sent_at >= since,
                )
                .distinct()
                .order_by(Announcement.sent_at)
            )
            sent: dict[str, list[dt.datetime]] = {}
            last: dict[str, dt.datetime] = {}
            for destination, at in rows:
                at = _aware(at)
                if destination not in last or at - last[destination] > ONE_MESSAGE:
                    sent.setdefault(destination, []).append(at)
                last[destination] = at  # a run of records moments apart is one message
            return sent

    async def delivery(self, election: str, item: str, destination: str) -> tuple[str, str] | None:
        """(status, claimed_by) of one item for one destination, or None if nobody claimed it."""
        async with self.sessions() as session:
            row = (
                await session.execute(
                    select(Announcement.status, Announcement.claimed_by).where(
                        Announcement.election == election,
                        Announcement.item == item,
                        Announcement.destination == destination,
                    )
                )
            ).first()
            return None if row is None else (row[0], row[1])

    async def unsent(self, election: str, by: str) -> list[tuple[str, str, int]]:
        """(item, destination, guild) claimed by `by` and never settled: a stopped run's posts."""
        async with self.sessions() as session:
            rows = await session.execute(
                select(Announcement.item, Announcement.destination, Announcement.guild_id)
                .where(
                    Announcement.election == election,
                    Announcement.claimed_by == by,
                    Announcement.status == "claimed",
                )
                .order_by(Announcement.id)
            )
            return [(item, destination, guild_id) for item, destination, guild_id in rows]

    async def announced(self, election: str) -> set[tuple[str, str]]:
        """(item, destination) of everything ever claimed for this election."""
        async with self.sessions() as session:
            rows = await session.execute(
                select(Announcement.item, Announcement.destination).where(
                    Announcement.election == election
                )
            )
            return {(item, destination) for item, destination in rows}

    async def items_sent_to(self, election: str, destination: str) -> set[str]:
        """Every item ever claimed for one destination in this election."""
        async with self.sessions() as session:
            rows = await session.scalars(
                select(Announcement.item).where(
                    Announcement.election == election, Announcement.destination == destination
                )
            )
            return set(rows)

    async def records(self, election: str) -> list[Announcement]:
        async with self.sessions() as session:
            rows = await session.scalars(
                select(Announcement)
                .where(Announcement.election == election)
                .order_by(Announcement.id)
            )
            return list(rows)

    # Exit polls a server's moderators entered (issue 21) -----------------------------------

    async def set_exit_poll(
        self, guild_id: int, election: str, seats: dict[str, int], entered_by: int
    ) -> None:
        """Keep this server's exit poll for an election (replacing one entered before)."""
        text = json.dumps(seats, separators=(",", ":"))
        async with self.sessions.begin() as session:
            row = await session.get(ServerExitPoll, (guild_id, election))
            if row is None:
                session.add(
                    ServerExitPoll(
                        guild_id=guild_id, election=election, seats=text, entered_by=entered_by
                    )
                )
            else:
                row.seats, row.entered_by, row.at = text, entered_by, func.now()

    async def exit_polls(self, guild_id: int) -> dict[str, dict[str, int]]:
        """This server's exit polls: seats by party code, by election."""
        async with self.sessions() as session:
            rows = await session.scalars(
                select(ServerExitPoll).where(ServerExitPoll.guild_id == guild_id)
            )
            return {row.election: json.loads(row.seats) for row in rows}

    async def exit_polls_for(self, election: str) -> dict[int, dict[str, int]]:
        """Every server's own exit poll for one election: seats by party code, by server."""
        async with self.sessions() as session:
            rows = await session.scalars(
                select(ServerExitPoll).where(ServerExitPoll.election == election)
            )
            return {row.guild_id: json.loads(row.seats) for row in rows}

    async def clear_exit_poll(self, guild_id: int, election: str) -> int:
        async with self.sessions.begin() as session:
            result = await session.execute(
                delete(ServerExitPoll).where(
                    ServerExitPoll.guild_id == guild_id, ServerExitPoll.election == election
                )
            )
            return result.rowcount or 0


ONE_MESSAGE = dt.timedelta(seconds=2)  # records this close together settled one message


def _aware(at: dt.datetime) -> dt.datetime:
    """SQLite gives back naive datetimes (stored in UTC); PostgreSQL aware ones."""
    return at if at.tzinfo else at.replace(tzinfo=dt.UTC)
