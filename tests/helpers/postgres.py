"""A real, throwaway PostgreSQL server for the tests, and new databases on it (the fixtures that
use them, `pg_server`, `private_pg_server`, `database_url` and `database`, are in tests/conftest.py).

The server is started once per session from Debian's binaries (/usr/lib/postgresql/N/bin), as the
`postgres` user when the tests run as root (PostgreSQL refuses root), on a free local port. Where
the binaries are absent the PostgreSQL tests skip, except in CI (CI=true), where they fail.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest


def _binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), reverse=True)
    if found:
        return Path(found[0]).parent
    pg_ctl = shutil.which("pg_ctl")
    return Path(pg_ctl).parent if pg_ctl else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


def server_binaries() -> Path:
    """The server's binaries, or a skip (a failure under CI, which must install them)."""
    binaries = _binaries()
    if binaries is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(
                "CI=true but no PostgreSQL server binaries: .ci/run must install postgresql"
            )
        pytest.skip("no PostgreSQL server binaries here (apt-get install postgresql)")
    return binaries


class Server:
    """A throwaway PostgreSQL server in a temporary folder, trusting local connections."""

    def __init__(self, binaries: Path):
        self.binaries = binaries
        self.folder = Path(tempfile.mkdtemp(prefix="ro-pg-"))
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        self.data, self.port = self.folder / "data", _free_port()
        self.url = f"postgresql+asyncpg://tester@127.0.0.1:{self.port}"
        subprocess.run(
            _as_postgres(
                [str(binaries / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "tester"]
            ),
            check=True,
            capture_output=True,
            timeout=120,
        )

    def _pg_ctl(self, *args: str) -> None:
        subprocess.run(
            _as_postgres([str(self.binaries / "pg_ctl"), "-D", str(self.data), *args]),
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=60,
        )

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._pg_ctl("-o", options, "-l", str(self.folder / "log"), "-w", "start")

    def stop(self) -> None:
        self._pg_ctl("-m", "fast", "-w", "stop")

    def remove(self) -> None:
        with contextlib.suppress(subprocess.SubprocessError):
            self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


async def create_database(server: str) -> str:
    """A new, empty database on `server`; its URL."""
    import asyncpg

    name = f"t_{uuid.uuid4().hex[:12]}"
    connection = await asyncpg.connect(
        server.replace("postgresql+asyncpg", "postgresql") + "/postgres"
    )
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    return f"{server}/{name}"
