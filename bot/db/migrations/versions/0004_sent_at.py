"""When Discord accepted each post: a person's direct messages in the last hour are counted
again after a restart, so the per-person cap (DMS_PER_HOUR) holds across it.

Revision ID: 0004_sent_at
Revises: 0003_delivery_at_scale
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_sent_at"
down_revision = "0003_delivery_at_scale"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("announcements") as batch:
        batch.add_column(sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("announcements") as batch:
        batch.drop_column("sent_at")
