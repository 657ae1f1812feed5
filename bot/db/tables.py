"""The tables (SQLAlchemy 2 declarative). Changes go through an Alembic migration in migrations/."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Boolean, DateTime, String, UniqueConstraint, false, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

ITEM_LENGTH, DESTINATION_LENGTH = 120, 40  # the announcements record's key columns


class Base(DeclarativeBase):
    pass


class Server(Base):
    """One Discord server's choices."""

    __tablename__ = "servers"

    guild_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    results_channel_id: Mapped[int | None] = mapped_column(BigInteger)
    # the delivery mode: 'every' | 'digest' | 'milestones' | 'followed' ('all': every, from before)
    announce: Mapped[str] = mapped_column(String(16), default="all")
    plain_questions: Mapped[bool | None] = mapped_column(Boolean)  # None: the bot's default
    prefix: Mapped[str | None] = mapped_column(String(5))
    # The results channel's webhook, when the bot may manage one there (bot/exts/webhooks.py):
    # webhook is '' (never asked), 'asked' (told how, once), 'on', or 'lost' (deleted, and the
    # bot could not make another: bot messages instead).
    webhook_id: Mapped[int | None] = mapped_column(BigInteger)
    webhook_token: Mapped[str | None] = mapped_column(String(100))
    webhook: Mapped[str] = mapped_column(String(12), default="", server_default="")
    follows_hub: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class Follow(Base):
    """Someone follows a seat, a party or a person: in a channel, or by direct message."""

    __tablename__ = "follows"
    __table_args__ = (
        UniqueConstraint("user_id", "kind", "target", "guild_id", "channel_id", name="uq_follow"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, index=True)
    kind: Mapped[str] = mapped_column(String(8))  # 'seat' | 'party' | 'person'
    target: Mapped[str] = mapped_column(String(100), index=True)  # seat key, party code, person id
    label: Mapped[str] = mapped_column(String(100))
    guild_id: Mapped[int] = mapped_column(BigInteger, default=0, index=True)  # 0: a DM follow
    channel_id: Mapped[int] = mapped_column(BigInteger, default=0)  # 0: sent by direct message


class Announcement(Base):
    """One item (a declaration or a milestone) announced to one destination: at most once, ever.

    The unique key is the claim: whoever inserts the row first posts it; nobody else posts it.
    The row stays 'claimed' until Discord has accepted the post, so a restarted process (same
    `claimed_by`) knows what it still owes.
    """

    __tablename__ = "announcements"
    __table_args__ = (UniqueConstraint("election", "item", "destination", name="uq_announcement"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    election: Mapped[str] = mapped_column(String(16))
    item: Mapped[str] = mapped_column(
        String(ITEM_LENGTH)
    )  # 'seat:E14000952' | 'milestone:majority:Con'
    destination: Mapped[str] = mapped_column(
        String(DESTINATION_LENGTH)
    )  # 'channel:123' | 'user:456'
    guild_id: Mapped[int] = mapped_column(BigInteger, default=0)
    # claimed (queued, or being sent) | posted (Discord accepted it) | failed | replayed (a mark)
    status: Mapped[str] = mapped_column(String(12), default="claimed")
    claimed_by: Mapped[str] = mapped_column(String(40), default="")
    detail: Mapped[str] = mapped_column(String(200), default="")
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))  # when posted


class ServerExitPoll(Base):
    """An exit poll a server's moderator entered for one election (issue 21): seats by party code."""

    __tablename__ = "exit_polls"

    guild_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    election: Mapped[str] = mapped_column(String(16), primary_key=True)
    seats: Mapped[str] = mapped_column(String(400))  # JSON: {"Lab": 410, "Con": 131, ...}
    entered_by: Mapped[int] = mapped_column(BigInteger, default=0)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
