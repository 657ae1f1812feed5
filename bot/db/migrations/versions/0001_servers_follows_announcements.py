"""Servers, follows and the announcements record.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "servers",
        sa.Column("guild_id", sa.BigInteger(), primary_key=True, autoincrement=False),
        sa.Column("results_channel_id", sa.BigInteger(), nullable=True),
        sa.Column("announce", sa.String(16), nullable=False, server_default="all"),
        sa.Column("plain_questions", sa.Boolean(), nullable=True),
        sa.Column("prefix", sa.String(5), nullable=True),
    )
    op.create_table(
        "follows",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("target", sa.String(100), nullable=False),
        sa.Column("label", sa.String(100), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False, server_default="0"),
        sa.Column("channel_id", sa.BigInteger(), nullable=False, server_default="0"),
        sa.UniqueConstraint(
            "user_id", "kind", "target", "guild_id", "channel_id", name="uq_follow"
        ),
    )
    op.create_index("ix_follows_user_id", "follows", ["user_id"])
    op.create_index("ix_follows_target", "follows", ["target"])
    op.create_index("ix_follows_guild_id", "follows", ["guild_id"])
    op.create_table(
        "announcements",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("election", sa.String(16), nullable=False),
        sa.Column("item", sa.String(120), nullable=False),
        sa.Column("destination", sa.String(40), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False, server_default="0"),
        sa.Column("status", sa.String(12), nullable=False, server_default="claimed"),
        sa.Column("claimed_by", sa.String(40), nullable=False, server_default=""),
        sa.Column("detail", sa.String(200), nullable=False, server_default=""),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.UniqueConstraint("election", "item", "destination", name="uq_announcement"),
    )


def downgrade() -> None:
    op.drop_table("announcements")
    op.drop_index("ix_follows_guild_id", "follows")
    op.drop_index("ix_follows_target", "follows")
    op.drop_index("ix_follows_user_id", "follows")
    op.drop_table("follows")
    op.drop_table("servers")
