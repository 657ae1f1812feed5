"""Start-up settings (one clear line for a bad token) and the console, as a user meets them."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.console import respond
from bot.kb.build import SHIPPED_KNOWLEDGE
from bot.settings import Settings, SettingsError, load_settings
from bot.store import KnowledgeStore
from tests.helpers.data import ROOT


def run_bot(tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"} | env
    return subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_missing_token_is_one_clear_line(tmp_path):
    done = run_bot(tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "Cannot start: DISCORD_TOKEN is not set: put it in the environment or in .env (see .env.example)."
    )


def test_malformed_token_is_one_clear_line(tmp_path):
    done = run_bot(tmp_path, DISCORD_TOKEN="not-a-token")
    assert done.returncode == 2
    assert (
        len(done.stderr.strip().splitlines()) == 1
        and "does not look like a bot token" in done.stderr
    )


def test_bad_setting_is_named(tmp_path):
    done = run_bot(
        tmp_path, DISCORD_TOKEN="x" * 24 + "." + "y" * 6 + "." + "z" * 27, MODERATOR_ROLE_IDS="abc"
    )
    assert (
        done.returncode == 2
        and "MODERATOR_ROLE_IDS" in done.stderr
        and "Traceback" not in done.stderr
    )


def test_settings_from_env_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text(
        "COMMAND_PREFIX=?\nMODERATOR_ROLE_IDS=1, 2\nADMIN_GUILD_ID=7\nTEST_GUILD_ID=\n",
        encoding="utf-8",
    )
    settings = load_settings()
    assert settings.command_prefix == "?" and settings.moderator_role_ids == [1, 2]
    assert settings.admin_guild_id == 7 and settings.message_content
    assert settings.test_guild_id is None and settings.knowledge_paths == [SHIPPED_KNOWLEDGE]
    with pytest.raises(SettingsError, match="DISCORD_TOKEN is not set"):
        settings.token()


def test_env_example_lists_every_setting():
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    listed = set(re.findall(r"^#?\s*([A-Z_]+)=", example, flags=re.M))
    assert {name.upper() for name in Settings.model_fields} <= listed


def test_console_answers_as_the_bot(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "bot", "console"],
        input="!result South West Norfolk\nwho is toby mckenzie?\nquit\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert done.returncode == 0
    assert "Terry Jermy (Labour) elected" in done.stdout and "former teacher" in done.stdout


def test_console_reload_and_status():
    store = KnowledgeStore.load([SHIPPED_KNOWLEDGE])
    assert "Knowledge base reloaded" in respond(store, "!kb reload")
    assert "Loaded" in respond(store, "!kb status") and "by console" in respond(store, "!kb status")


def test_env_example_loads_as_it_stands(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text(
        (ROOT / ".env.example").read_text(encoding="utf-8"), encoding="utf-8"
    )
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    settings = load_settings()
    assert (
        settings.command_prefix == "!" and settings.cooldown_rate == 3 and settings.plain_questions
    )
    assert settings.knowledge_paths == [Path("knowledge")] and settings.owner_ids == []
    with pytest.raises(SettingsError, match="DISCORD_TOKEN is not set"):
        settings.token()


def test_unreachable_discord_is_one_clear_line(tmp_path):
    """A well-formed token with no route to Discord (as on this machine): no traceback."""
    token = "MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GabcdE.abcdefghijklmnopqrstuvwxyz012345678"
    done = run_bot(tmp_path, DISCORD_TOKEN=token, KNOWLEDGE_PATHS=str(ROOT / "knowledge"))
    assert done.returncode in (2, 3)  # rejected token or unreachable host, depending on the network
    assert "Traceback" not in done.stderr and "Cannot start:" in done.stderr
