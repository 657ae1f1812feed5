"""Alembic environment: runs on the connection bot.db.database hands it (see Database.open).

The bot migrates its database to the newest revision at start-up; there is no alembic.ini.
"""

from __future__ import annotations

from alembic import context

from bot.db.tables import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise SystemExit("Run migrations through the bot: Database.open(url) upgrades to head.")
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
