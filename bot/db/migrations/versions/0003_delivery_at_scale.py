"""Delivery at scale: each results channel's webhook (when the bot may manage one) and whether
it follows the hub announcement channel; `announce` now holds the delivery mode
(every | digest | milestones | followed; 'all' from before means every).

Revision ID: 0003_delivery_at_scale
Revises: 0002_exit_polls
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_delivery_at_scale"
down_revision = "0002_exit_polls"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("servers") as batch:
        batch.add_column(sa.Column("webhook_id", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("webhook_token", sa.String(100), nullable=True))
        batch.add_column(sa.Column("webhook", sa.String(12), nullable=False, server_default=""))
        batch.add_column(
            sa.Column("follows_hub", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("servers") as batch:
        batch.drop_column("follows_hub")
        batch.drop_column("webhook")
        batch.drop_column("webhook_token")
        batch.drop_column("webhook_id")
