"""Fixtures shared by every test folder: knowledge bases (the shipped sample, and the full ones
built from the official files), databases (SQLite and a throwaway PostgreSQL server), and the whole
bot offline (dpytest) with what it sends. Helpers that are not fixtures are in tests/helpers/."""

from __future__ import annotations

import asyncio
import os
from concurrent.futures import ThreadPoolExecutor

import discord.ext.test as dpytest
import pytest
from hypothesis import HealthCheck, settings

from bot.db.database import Database
from bot.engine import Engine
from bot.kb.build import SHIPPED_KNOWLEDGE, build
from bot.settings import default_url
from tests.helpers.bots import RecordingAdapter, make_bot, spy_on_sent_messages, stop_bot
from tests.helpers.data import DATA, FULL_SOURCES, HISTORY_SOURCES, MEMBER_LISTS, NAMED_SOURCES
from tests.helpers.postgres import Server, create_database, server_binaries

# Knowledge --------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def shipped_kb():
    return build([SHIPPED_KNOWLEDGE])


@pytest.fixture(scope="session")
def shipped_engine(shipped_kb):
    return Engine(shipped_kb)


@pytest.fixture(scope="session")
def full_kb():
    if not DATA.is_dir():
        pytest.skip("official data (../shared/data) is absent")
    return build(FULL_SOURCES)


@pytest.fixture(scope="session")
def engine(full_kb):
    return Engine(full_kb)


@pytest.fixture(scope="session")
def history_kb():
    if not DATA.is_dir():
        pytest.skip("official data (../shared/data) is absent")
    return build(HISTORY_SOURCES)


@pytest.fixture(scope="session")
def history_engine(history_kb):
    return Engine(history_kb)


@pytest.fixture(scope="session")
def named_kb():
    """Every named result we hold: 2010-2024 general elections and the by-elections, with the
    1918-2019 file."""
    if not DATA.is_dir():
        pytest.skip("official data (../shared/data) is absent")
    return build(NAMED_SOURCES)


@pytest.fixture(scope="session")
def named_engine(named_kb):
    return Engine(named_kb)


@pytest.fixture(scope="session")
def bios_kb():
    """The full base with the Library's lists of MPs elected and defeated (openpyxl needed)."""
    if not DATA.is_dir():
        pytest.skip("official data (../shared/data) is absent")
    pytest.importorskip("openpyxl")
    return build([*FULL_SOURCES, *MEMBER_LISTS])


@pytest.fixture(scope="session")
def bios_engine(bios_kb):
    return Engine(bios_kb)


# Hypothesis: "ci" (the default) is fixed and bounded; HYPOTHESIS_PROFILE=dev searches much longer.
settings.register_profile(
    "ci",
    max_examples=200,
    derandomize=True,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "dev",
    max_examples=5_000,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


# Databases --------------------------------------------------------------------------------------

DATABASES = ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def pg_server():
    """'postgresql+asyncpg://tester@127.0.0.1:PORT' of a server that lives for the session."""
    server = Server(server_binaries())
    try:
        server.start()
        yield server.url
    finally:
        server.remove()


@pytest.fixture
def private_pg_server():
    """A PostgreSQL server for one test, started; the test may stop and start it (an outage)."""
    server = Server(server_binaries())
    try:
        server.start()
        yield server
    finally:
        server.remove()


@pytest.fixture(params=DATABASES)
def database_url(request, tmp_path):
    """A fresh, empty database: a SQLite file, and a new database on the throwaway server."""
    if request.param == "sqlite":
        return default_url(tmp_path)
    server = request.getfixturevalue("pg_server")
    # in a thread of its own: the `bot` fixture may ask for this from inside the test's event loop
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, create_database(server)).result()


@pytest.fixture
async def database(database_url):
    db = await Database.open(database_url)
    yield db
    await db.close()


# The bot offline --------------------------------------------------------------------------------


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "bot(knowledge='shipped', database=False, **settings): what the `bot` fixture is built with",
    )


def pytest_generate_tests(metafunc):
    """`pytest.mark.bot(database=True)`: the bot stores on SQLite and on PostgreSQL, one run each
    (unless the test asks for `database_url` itself: then the bot uses that one)."""
    marker = metafunc.definition.get_closest_marker("bot")
    wanted = marker is not None and marker.kwargs.get("database", False)
    if wanted and "bot" in metafunc.fixturenames and "database_url" not in metafunc.fixturenames:
        metafunc.parametrize("bot", DATABASES, indirect=True)


@pytest.fixture
async def bot(request, tmp_path, monkeypatch):
    """The whole bot, offline through dpytest, stopped after the test (its feeds, its announcer
    and its database closed on the test's own loop).

    A module or a test chooses with `pytest.mark.bot(...)`: knowledge="full" for the official
    files (by default the shipped sample), database=True to run on SQLite and on PostgreSQL, and
    any setting by name (charts=True runs in a temporary folder: dpytest saves attachments in the
    working directory)."""
    marker = request.node.get_closest_marker("bot")
    options = dict(marker.kwargs) if marker else {}
    knowledge = options.pop("knowledge", "shipped")
    if knowledge not in ("shipped", "full"):
        raise ValueError(f"pytest.mark.bot: knowledge is 'shipped' or 'full', not {knowledge!r}")
    if options.pop("database", False):
        if "database_url" in request.fixturenames:  # the test's own, which it reads too
            options["database_url"] = request.getfixturevalue("database_url")
        elif request.param == "sqlite":
            options["database_url"] = default_url(tmp_path)
        else:
            options["database_url"] = await create_database(request.getfixturevalue("pg_server"))
    if knowledge == "full":
        kb, paths = request.getfixturevalue("full_kb"), FULL_SOURCES
    else:
        kb, paths = request.getfixturevalue("shipped_kb"), [SHIPPED_KNOWLEDGE]
    if options.get("charts"):
        monkeypatch.chdir(tmp_path)
    bot = await make_bot(kb, paths, **options)
    yield bot
    await dpytest.empty_queue()
    await stop_bot(bot)


@pytest.fixture
def adapter():
    """Discord's webhook endpoints, recorded: what slash commands would have sent."""
    from discord.webhook.async_ import async_context

    recorder = RecordingAdapter()
    token = async_context.set(recorder)
    yield recorder
    async_context.reset(token)


@pytest.fixture
def sent(monkeypatch) -> list[tuple[dict, dict[str, bytes]]]:
    """Every message the bot sends: its JSON (dpytest drops the embeds of a message with files)
    and its files by name."""
    return spy_on_sent_messages(monkeypatch)
