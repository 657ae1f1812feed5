"""Per-server state in a real database (SQLite always; PostgreSQL where a server can be started)."""

from __future__ import annotations

import asyncio

from bot.db.database import Database


async def test_migrations_make_the_tables_and_settings_persist(database, database_url):
    await database.update_server(1, results_channel_id=10, announce="followed")
    await database.close()
    again = await Database.open(database_url)  # a restart: migrating again is a no-op
    try:
        server = await again.server(1)
        assert (server.results_channel_id, server.announce) == (10, "followed")
        assert [s.guild_id for s in await again.servers_announcing()] == [1]
    finally:
        await again.close()


async def test_follows(database):
    assert await database.follow(7, "seat", "E1", "St Ives", 1, 10) == "added"
    assert await database.follow(7, "seat", "E1", "St Ives", 1, 10) == "exists"
    assert await database.follow(7, "party", "LD", "Liberal Democrats", 0, 0)  # by DM
    assert [f.label for f in await database.following(7)] == ["St Ives", "Liberal Democrats"]
    assert len(await database.followers([("seat", "E1"), ("party", "Con")])) == 1
    assert await database.unfollow(7, "seat", "E1", 1) == 1
    assert [f.kind for f in await database.following(7)] == ["party"]


async def test_a_claim_is_taken_once_even_when_raced(database_url):
    first, second = await Database.open(database_url), await Database.open(database_url)
    try:
        items = [f"seat:{n}" for n in range(40)]
        results = await asyncio.gather(
            *(
                db.claim("2019", item, "channel:5", 1, name)
                for item in items
                for db, name in ((first, "a"), (second, "b"))
            )
        )
        assert sum(results) == len(items)  # each item claimed exactly once
        assert len(await first.announced("2019")) == len(items)
    finally:
        await first.close()
        await second.close()


def _operators_config(root):
    from alembic.config import Config

    config = Config(str(root / "alembic.ini"))
    config.attributes["configure_logger"] = False  # leave the test run's logging alone
    return config


def test_alembic_upgrade_head_from_the_repository(tmp_path, monkeypatch):
    """What an operator runs: `alembic upgrade head` with the root alembic.ini, DATABASE_URL set."""
    from alembic import command
    from sqlalchemy import create_engine, inspect

    from tests.helpers.data import ROOT

    path = tmp_path / "operator.sqlite3"
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{path}")
    config = _operators_config(ROOT)
    command.upgrade(config, "head")
    engine = create_engine(f"sqlite:///{path}")
    try:
        tables = set(inspect(engine).get_table_names())
        assert {"servers", "follows", "announcements", "alembic_version"} <= tables
        with engine.connect() as connection:
            [(revision,)] = connection.exec_driver_sql("SELECT version_num FROM alembic_version")
        from alembic.script import ScriptDirectory

        assert revision == ScriptDirectory.from_config(config).get_current_head()
    finally:
        engine.dispose()
    command.upgrade(config, "head")  # again: nothing to do


def test_alembic_defaults_to_the_sqlite_file_in_data_dir(tmp_path, monkeypatch):
    from alembic import command

    from bot.settings import DATABASE_FILE as FILENAME
    from tests.helpers.data import ROOT

    monkeypatch.setenv("DATABASE_URL", "")  # blank: unset, even over a .env
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    command.upgrade(_operators_config(ROOT), "head")
    assert (tmp_path / "data" / FILENAME).is_file()


async def test_a_database_migrated_by_alembic_opens_in_the_bot(tmp_path, monkeypatch):
    from alembic import command

    from tests.helpers.data import ROOT

    url = f"sqlite+aiosqlite:///{tmp_path / 'x.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    await asyncio.to_thread(command.upgrade, _operators_config(ROOT), "head")
    database = await Database.open(url)  # the programmatic path: already at head
    try:
        await database.update_server(5, prefix="?")
        assert (await database.server(5)).prefix == "?"
    finally:
        await database.close()
