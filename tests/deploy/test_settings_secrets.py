"""Secrets stay secret: the token and the database URL (with its password) never show in the
settings' repr or str, or in a start-up error, and everything that reads them still gets them."""

from __future__ import annotations

import pytest

from bot.db.database import Database
from bot.settings import SettingsError, load_settings

TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789AB"
PASSWORD = "s3cret-Pa55word"
URL = f"postgresql+asyncpg://bot:{PASSWORD}@db.example:5432/returning_officer"


@pytest.fixture
def environment(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # no .env here
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    monkeypatch.setenv("DATABASE_URL", URL)


def test_repr_and_str_never_show_the_secrets(environment):
    settings = load_settings()
    for shown in (repr(settings), str(settings), settings.model_dump_json()):
        assert TOKEN not in shown and PASSWORD not in shown
        assert "**********" in shown


def test_what_reads_them_still_gets_them(environment):
    settings = load_settings()
    assert settings.token() == TOKEN
    assert settings.database() == URL


def test_a_bad_setting_beside_them_does_not_leak_them(environment, monkeypatch):
    monkeypatch.setenv("COOLDOWN_RATE", "lots")
    with pytest.raises(SettingsError) as refused:
        load_settings()
    assert "COOLDOWN_RATE" in str(refused.value)
    assert TOKEN not in str(refused.value) and PASSWORD not in str(refused.value)


async def test_the_database_opens_from_a_secret_url(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    settings = load_settings()
    assert str(tmp_path) not in repr(settings)
    database = await Database.open(settings.database())
    try:
        assert await database.server(1) is None
    finally:
        await database.close()
