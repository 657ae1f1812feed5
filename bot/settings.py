"""Settings from the environment and `.env`, validated at start-up (see .env.example)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.kb.build import SHIPPED_KNOWLEDGE

DATABASE_FILE = "returning-officer.sqlite3"


def default_url(data_dir: Path) -> str:
    """The embedded database: a SQLite file (aiosqlite) in DATA_DIR."""
    return f"sqlite+aiosqlite:///{Path(data_dir).resolve() / DATABASE_FILE}"


# Three dot-separated base64url parts: user id, timestamp, HMAC.
_TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{20,}$")


class SettingsError(Exception):
    """A setting is missing or malformed; the message is one plain line."""


def _split(value: Any) -> Any:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, int):
        return [value]
    return value


class Settings(BaseSettings):
    """Every setting the bot reads; names are the environment variables, upper-cased."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    discord_token: SecretStr | None = Field(
        default=None, description="the bot token from the developer portal"
    )
    command_prefix: str = Field(default="!", min_length=1, max_length=5)
    knowledge_paths: Annotated[list[Path], NoDecode] = Field(
        default_factory=lambda: [SHIPPED_KNOWLEDGE]
    )
    moderator_role_ids: Annotated[list[int], NoDecode] = Field(
        default_factory=list, description="roles in ADMIN_GUILD_ID whose members may /kb reload"
    )
    owner_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    admin_guild_id: int | None = Field(
        default=None, description="the one server whose moderator roles look after the knowledge"
    )
    test_guild_id: int | None = None
    message_content: bool = Field(
        default=True,
        description="ask Discord for message text (privileged; needs approval in 100+ servers)",
    )
    log_level: str = Field(default="INFO", pattern=r"^(?i:debug|info|warning|error|critical)$")
    cooldown_seconds: float = Field(default=5.0, ge=0)
    cooldown_rate: int = Field(default=3, ge=1)
    plain_questions: bool = Field(
        default=True, description="answer understood questions without a prefix"
    )
    charts: bool = Field(default=True, description="attach charts (PNG) to answers that have them")
    # Election night (issue 12) -------------------------------------------------------------
    data_dir: Path = Field(
        default=Path("data"), description="where the SQLite database lives (a Docker volume)"
    )
    database_url: SecretStr | None = Field(  # a secret: it carries the password
        default=None,
        description="sqlite+aiosqlite:///... or postgresql+asyncpg://...; default SQLite in DATA_DIR",
    )
    shard_count: int | None = Field(default=None, ge=1, description="shards across every process")
    shard_ids: Annotated[list[int], NoDecode] = Field(
        default_factory=list, description="the shards this process runs (needs SHARD_COUNT)"
    )
    hub_channel_id: int | None = Field(
        default=None,
        description="the owners' announcement channel: milestones and hourly summaries, published",
    )
    log_channel_id: int | None = Field(
        default=None,
        description="the owners' channel for problems: bad result files, dead channels",
    )
    replay_election: str | None = Field(
        default=None, description="owners only: start the whole bot replaying this election's night"
    )
    results_folder: Path | None = Field(
        default=None, description="a folder watched for result files, applied as they arrive"
    )
    results_url: str | None = Field(
        default=None, description="a results file polled at an interval (ETag / Last-Modified)"
    )
    results_poll_seconds: float = Field(default=30.0, ge=1)
    results_settle_seconds: float = Field(
        default=2.0, ge=0, description="a results-folder file is read once unchanged this long"
    )
    replay_speed: float = Field(default=60.0, ge=0, description="N times real time (0: no waiting)")
    # Follows (issue 16) ---------------------------------------------------------------------
    follows_per_member: int = Field(default=50, ge=1, description="follows one person may hold")
    follows_per_server: int = Field(default=2000, ge=1, description="follows held in one server")
    follow_rate: int = Field(default=5, ge=1, description="follows one person may add per ...")
    follow_seconds: float = Field(default=60.0, ge=0, description="... this many seconds")
    dms_per_hour: int = Field(
        default=10, ge=1, description="direct messages one person gets an hour at most (folded)"
    )
    dm_gather_seconds: float = Field(
        default=60.0, ge=0, description="a person's DMs come at most this often, gathered"
    )

    @field_validator(
        "knowledge_paths", "moderator_role_ids", "owner_ids", "shard_ids", mode="before"
    )
    @classmethod
    def _comma_separated(cls, value: Any) -> Any:
        return _split(value)

    @field_validator(
        "test_guild_id",
        "admin_guild_id",
        "log_channel_id",
        "hub_channel_id",
        "shard_count",
        "database_url",
        "replay_election",
        "results_folder",
        "results_url",
        mode="before",
    )
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    @model_validator(mode="after")
    def _roles_need_their_server(self) -> Settings:
        if self.moderator_role_ids and self.admin_guild_id is None:
            raise ValueError(
                "MODERATOR_ROLE_IDS needs ADMIN_GUILD_ID: the knowledge base is shared by every "
                "server, so moderators are trusted in one admin server only"
            )
        return self

    @model_validator(mode="after")
    def _shards_are_in_range(self) -> Settings:
        if self.shard_ids and not self.shard_count:
            raise ValueError(
                "SHARD_IDS needs SHARD_COUNT (the number of shards across every process)"
            )
        if self.shard_count and any(not 0 <= i < self.shard_count for i in self.shard_ids):
            raise ValueError(
                f"SHARD_IDS must each be between 0 and SHARD_COUNT-1 ({self.shard_count - 1})"
            )
        return self

    def database(self) -> str:
        """The database URL: DATABASE_URL, else a SQLite file in DATA_DIR."""
        if self.database_url is not None:
            return self.database_url.get_secret_value()
        return default_url(self.data_dir)

    def token(self) -> str:
        """The token, or a SettingsError saying in one line what is wrong with it."""
        if self.discord_token is None or not self.discord_token.get_secret_value().strip():
            raise SettingsError(
                "DISCORD_TOKEN is not set: put it in the environment or in .env (see .env.example)."
            )
        token = self.discord_token.get_secret_value().strip()
        if not _TOKEN_SHAPE.match(token):
            raise SettingsError(
                "DISCORD_TOKEN does not look like a bot token (three dot-separated parts): "
                "copy it again from the Bot page of the developer portal."
            )
        return token


def load_settings(**overrides: Any) -> Settings:
    """Read the settings; a bad value becomes one SettingsError line per problem."""
    try:
        return Settings(**overrides)
    except ValidationError as error:
        lines = [
            f"{'.'.join(str(p) for p in e['loc']).upper() or 'settings'}: {e['msg']}"
            for e in error.errors()
        ]
        raise SettingsError("; ".join(lines)) from None
