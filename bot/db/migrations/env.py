"""Alembic environment, run two ways:

- by the bot: Database.open(url) upgrades to head at start-up on the connection it hands over
  (config.attributes["connection"]);
- by an operator: `alembic upgrade head` with the repository's alembic.ini, on the bot's own
  database: sqlalchemy.url if the ini sets it, else DATABASE_URL, else the SQLite file in DATA_DIR
  (the bot's settings, read from the environment and .env). `--sql` prints the SQL instead.
"""

from __future__ import annotations

import asyncio
from logging.config import fileConfig
from pathlib import Path

from alembic import context

from bot.db.tables import Base

config = context.config


def _migrate(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


def _url() -> str:
    url = config.get_main_option("sqlalchemy.url")
    if url:
        return url
    from bot.settings import SettingsError, load_settings

    try:
        return load_settings().database()
    except SettingsError as error:
        raise SystemExit(f"Cannot read the bot's settings: {error}") from None


async def _migrate_url(url: str) -> None:
    from bot.db.database import _engine

    if url.startswith("sqlite") and ":///" in url and ":memory:" not in url:
        Path(url.split(":///", 1)[1]).parent.mkdir(parents=True, exist_ok=True)
    engine = _engine(url)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(_migrate)
    finally:
        await engine.dispose()


connection = config.attributes.get("connection")
if (
    connection is None
    and config.config_file_name is not None
    and config.attributes.get("configure_logger", True)
):
    fileConfig(config.config_file_name, disable_existing_loggers=False)  # the CLI's logging
if connection is not None:
    _migrate(connection)
elif context.is_offline_mode():
    url = _url()
    context.configure(
        url=url,
        target_metadata=Base.metadata,
        literal_binds=True,
        render_as_batch=url.startswith("sqlite"),
    )
    with context.begin_transaction():
        context.run_migrations()
else:
    asyncio.run(_migrate_url(_url()))
