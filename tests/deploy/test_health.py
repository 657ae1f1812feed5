"""The liveness behind the image's HEALTHCHECK, and SIGTERM ending any command (as `docker stop`)."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time

from bot.health import STALE_SECONDS, beat, check
from tests.helpers.data import ROOT


class Gateway:
    """Stands in for the discord.py client's state that `beat` reads (ready, closed, latency)."""

    def __init__(self, ready: bool, latency: float):
        self.ready, self.latency, self.closed = ready, latency, False

    def is_ready(self) -> bool:
        return self.ready

    def is_closed(self) -> bool:
        return self.closed


def test_no_heartbeat_is_unhealthy(tmp_path):
    healthy, line = check(tmp_path / "heartbeat")
    assert not healthy and "not connected to Discord" in line


def test_a_fresh_heartbeat_is_healthy_and_a_stale_one_is_not(tmp_path):
    path = tmp_path / "heartbeat"
    path.touch()
    assert check(path)[0]
    healthy, line = check(path, now=time.time() + STALE_SECONDS + 5)
    assert not healthy and "event loop is stuck" in line


async def test_the_bot_beats_only_while_connected_and_clears_up(tmp_path):
    path = tmp_path / "heartbeat"
    connected, reconnecting = Gateway(True, 0.05), Gateway(True, float("nan"))
    for bot, beats in ((reconnecting, False), (connected, True)):
        task = asyncio.create_task(beat(bot, path, every=0.01))
        await asyncio.sleep(0.05)
        assert path.exists() is beats
        bot.closed = True
        await task
        assert not path.exists()


def test_sigterm_ends_the_console_at_once(tmp_path):
    """As a container's PID 1 ignores SIGTERM by default, the command line handles it itself."""
    console = subprocess.Popen(
        [sys.executable, "-m", "bot", "console"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert console.stdout.readline().startswith("Returning Officer console")
        console.send_signal(signal.SIGTERM)
        assert console.wait(timeout=30) == 128 + signal.SIGTERM
    finally:
        console.kill()
        console.wait()
