"""Exit polls entered by a server's moderators (issue 21).

Revision ID: 0002_exit_polls
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_exit_polls"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "exit_polls",
        sa.Column("guild_id", sa.BigInteger(), primary_key=True, autoincrement=False),
        sa.Column("election", sa.String(16), primary_key=True),
        sa.Column("seats", sa.String(400), nullable=False),
        sa.Column("entered_by", sa.BigInteger(), nullable=False, server_default="0"),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )


def downgrade() -> None:
    op.drop_table("exit_polls")
