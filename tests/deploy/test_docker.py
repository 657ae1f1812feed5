"""The Docker image, built and run for real: it answers, runs as a non-root user, keeps its
database in the documented volume across a new container, and stops at once on `docker stop`.

The image is built once per test session (under a lock, so pytest-xdist's workers share it).
Where Docker is not available (a newcomer's laptop) these tests skip; in CI (CI=true) they fail.
Containers use the host's network (`--network host`), as on the machines without a bridge.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import subprocess
import time
import uuid
from pathlib import Path

import pytest

from tests.helpers.data import DATA, ROOT, needs_data

IMAGE = "returning-officer:test"


def docker(*args: str, timeout: float = 120, check: bool = True, **options):
    return subprocess.run(
        ["docker", *args], capture_output=True, text=True, timeout=timeout, check=check, **options
    )


def _docker_missing() -> str | None:
    """Why Docker cannot be used here, or None."""
    if shutil.which("docker") is None:
        return "the docker command is not installed"
    try:
        info = docker("info", "--format", "{{.ServerVersion}}", timeout=30, check=False)
    except subprocess.TimeoutExpired:
        return "the Docker daemon does not answer"
    if info.returncode != 0:
        return f"no Docker daemon: {info.stderr.strip()[:200]}"
    return None


def _build(tag: str, context: Path) -> subprocess.CompletedProcess:
    built = docker("build", "--network", "host", "-t", tag, str(context), timeout=900, check=False)
    assert built.returncode == 0, f"docker build failed:\n{built.stdout[-3000:]}{built.stderr}"
    return built


@pytest.fixture(scope="session")
def image(tmp_path_factory) -> str:
    missing = _docker_missing()
    if missing:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but Docker is not available ({missing}): .ci/run starts dockerd")
        pytest.skip(f"Docker is not available: {missing}")
    # One build for the whole session: xdist's workers share their base temp folder's parent.
    session = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        session = session.parent
    with (session / "docker-image.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        built = session / "docker-image.id"
        if not built.exists():
            _build(IMAGE, ROOT)
            # The image's id, not its tag: another session may tag a build of its own meanwhile.
            built.write_text(docker("image", "inspect", "-f", "{{.Id}}", IMAGE).stdout.strip())
        return built.read_text()


def run(image: str, *command: str, timeout: float = 120, **options) -> subprocess.CompletedProcess:
    return docker("run", "--rm", "--network", "host", image, *command, timeout=timeout, **options)


def test_the_image_answers_a_question(image):
    done = run(image, "python", "-m", "bot", "ask", "!result South West Norfolk")
    assert "South West Norfolk: 2024 general election" in done.stdout
    assert "Terry Jermy (Labour) elected: Lab gain from Con." in done.stdout


def test_without_a_token_the_default_command_says_so_in_one_line(image):
    done = run(image, check=False)
    assert done.returncode == 2
    assert done.stderr.strip().startswith("Cannot start: DISCORD_TOKEN is not set")


def test_it_runs_as_a_user_who_cannot_change_its_code(image):
    config = json.loads(docker("image", "inspect", image).stdout)[0]["Config"]
    assert config["User"] not in ("", "0", "root")
    done = run(image, "sh", "-c", "id -u; touch /app/bot/x 2>/dev/null && echo writable || true")
    uid, *rest = done.stdout.split()
    assert int(uid) != 0 and rest == []


def test_no_build_leftovers_or_private_files_in_the_image(image):
    # As root, to see everywhere: no pip cache, no build folders, no copy of .env or .git.
    done = docker(
        "run",
        "--rm",
        "--user",
        "0",
        image,
        "sh",
        "-c",
        "ls -d /root/.cache /tmp/* /app/build /app/*.egg-info /app/.env /app/.git "
        "/app/.venv /app/tests 2>/dev/null; true",
    )
    assert done.stdout.strip() == ""


def test_the_database_outlives_the_container_in_its_volume(image):
    config = json.loads(docker("image", "inspect", image).stdout)[0]["Config"]
    assert set(config["Volumes"]) == {"/app/db", "/app/data"}
    volume = f"ro-test-db-{uuid.uuid4().hex[:8]}"
    write = """
import asyncio
from bot.db.database import Database
from bot.settings import load_settings

async def main():
    database = await Database.open(load_settings().database())
    await database.update_server(4242, prefix="?")
    await database.close()

asyncio.run(main())
"""
    read = """
import asyncio
from bot.db.database import Database
from bot.settings import load_settings

async def main():
    database = await Database.open(load_settings().database())
    server = await database.server(4242)
    print(database.url, server.prefix)
    await database.close()

asyncio.run(main())
"""
    mount = ["-i", "-v", f"{volume}:/app/db", image, "python", "-"]
    try:
        docker("run", "--rm", "--network", "host", *mount, input=write)
        # A new container, as after `docker rm` and a new image: only the volume is shared.
        again = docker("run", "--rm", "--network", "host", *mount, input=read)
        assert again.stdout.split() == [
            "sqlite+aiosqlite:////app/db/returning-officer.sqlite3",
            "?",
        ]
        files = docker("run", "--rm", "-v", f"{volume}:/app/db", image, "ls", "/app/db")
    finally:
        docker("volume", "rm", "-f", volume, check=False)
    assert "returning-officer.sqlite3" in files.stdout


def test_docker_stop_ends_it_within_seconds(image):
    """A long-running process as PID 1: the console, waiting for a question on its open stdin.
    (`run` cannot be kept running here: Discord is unreachable, so it ends at once.)"""
    name = f"ro-test-stop-{uuid.uuid4().hex[:8]}"
    docker(
        "run",
        "-d",
        "-i",
        "--name",
        name,
        "--network",
        "host",
        image,
        "python",
        "-m",
        "bot",
        "console",
    )
    try:
        deadline = time.monotonic() + 120
        while "Knowledge:" not in docker("logs", name).stdout:
            assert time.monotonic() < deadline, "the console did not start"
            time.sleep(0.5)
        started = time.monotonic()
        docker("stop", "--time", "30", name, timeout=60)
        stopped_in = time.monotonic() - started
        state = json.loads(docker("inspect", name).stdout)[0]["State"]
    finally:
        docker("rm", "-f", name, check=False)
    assert stopped_in < 10 and state["ExitCode"] == 143  # SIGTERM obeyed, not killed (137)


def test_the_healthcheck_reports_whether_the_bot_is_connected(image):
    config = json.loads(docker("image", "inspect", image).stdout)[0]["Config"]
    assert config["Healthcheck"]["Test"] == ["CMD", "python", "-m", "bot.health"]
    # No Discord here: never connected, so unhealthy; a fresh heartbeat, as the bot writes, is healthy.
    never = run(image, "python", "-m", "bot.health", check=False)
    assert never.returncode == 1 and "not connected to Discord" in never.stdout
    beating = run(
        image,
        "sh",
        "-c",
        "python -c 'from bot.health import HEARTBEAT; HEARTBEAT.touch()' && python -m bot.health",
        check=False,
    )
    assert beating.returncode == 0 and beating.stdout.startswith("healthy")


def test_a_code_change_does_not_reinstall_the_dependencies(image, tmp_path):
    context = tmp_path / "context"
    ignored = shutil.ignore_patterns(".venv", ".git", "data", "__pycache__", ".pytest_cache")
    shutil.copytree(ROOT, context, ignore=ignored)
    engine = context / "bot" / "engine.py"
    engine.write_text(engine.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    changed = f"returning-officer:test-changed-{uuid.uuid4().hex[:8]}"
    try:
        _build(changed, context)
        layers = [
            json.loads(docker("image", "inspect", tag).stdout)[0]["RootFS"]["Layers"]
            for tag in (image, changed)
        ]
    finally:
        docker("rmi", changed, check=False)
    shared = 0
    while shared < min(map(len, layers)) and layers[0][shared] == layers[1][shared]:
        shared += 1
    # Only the code's two layers (COPY bot, compileall) are new: dependencies, user, knowledge reused.
    assert len(layers[1]) - shared == 2


def test_the_readme_runs_the_image_with_both_volumes():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    runs = re.findall(r"docker run -d(?:[^\n\\]|\\\n)*", readme)  # continued lines too
    assert runs, "the README has no `docker run -d` for the bot"
    for command in runs:
        assert ":/app/db" in command and ":/app/data:ro" in command


@needs_data
def test_the_env_example_answers_from_the_mounted_official_files(image, tmp_path):
    """The same .env on the host and in the container: the image works in /app, so
    `knowledge,data/...` names the shipped knowledge and the files mounted at /app/data."""
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    (paths,) = re.findall(r"^# KNOWLEDGE_PATHS=(\S+)$", example, flags=re.M)
    env = tmp_path / ".env"
    env.write_text(example.replace("\nKNOWLEDGE_PATHS=knowledge\n", f"\nKNOWLEDGE_PATHS={paths}\n"))
    console = docker(
        *("run", "--rm", "-i", "--network", "host", "--env-file", str(env)),
        *("-v", f"{DATA}:/app/data:ro", image, "python", "-m", "bot", "console"),
        input="!result Bootle 2019\n!kb status\nquit\n",
    )
    assert "Knowledge: knowledge, data/historical, data/ge2019, data/ge2024" in console.stdout
    assert "Peter Dowd (Labour) elected: Lab hold." in console.stdout
    assert "Elections: 1918 (" in console.stdout
    assert "Warnings: 68 (67 in 1918-2019election_results.csv, 1 in README.md)" in console.stdout
