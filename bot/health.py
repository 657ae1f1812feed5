"""Is the running bot alive? For the Docker image's HEALTHCHECK (`python -m bot.health`).

While it is connected to Discord, the bot rewrites a heartbeat file every BEAT_SECONDS from its
event loop; the check passes while that file is fresh. A bot that never connected, lost Discord
or has a stuck event loop stops beating, and is reported unhealthy within STALE_SECONDS.
This module imports nothing heavy: the check runs every 30 s beside the bot.
"""

from __future__ import annotations

import asyncio
import math
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HEARTBEAT = Path(tempfile.gettempdir()) / "returning-officer.heartbeat"
BEAT_SECONDS = 30.0
STALE_SECONDS = 90.0


def connected(bot: Any) -> bool:
    """Ready, not closed, and with a live gateway connection (a finite heartbeat latency)."""
    return bot.is_ready() and not bot.is_closed() and math.isfinite(bot.latency)


async def beat(bot: Any, path: Path = HEARTBEAT, every: float = BEAT_SECONDS) -> None:
    """Touch the heartbeat file while the bot is connected; remove it when this task ends."""
    try:
        while not bot.is_closed():
            if connected(bot):
                path.write_text(f"{time.time():.0f}\n", encoding="utf-8")
            await asyncio.sleep(every)
    finally:
        path.unlink(missing_ok=True)


def check(path: Path = HEARTBEAT, now: float | None = None) -> tuple[bool, str]:
    """(healthy, one line saying why)."""
    try:
        age = (time.time() if now is None else now) - path.stat().st_mtime
    except FileNotFoundError:
        return False, "unhealthy: not connected to Discord (no heartbeat yet)"
    if age > STALE_SECONDS:
        return False, (
            f"unhealthy: last heartbeat {age:.0f} s ago "
            "(disconnected from Discord, or the event loop is stuck)"
        )
    return True, f"healthy: heartbeat {age:.0f} s ago"


def main() -> int:
    healthy, line = check()
    print(line)
    return 0 if healthy else 1


if __name__ == "__main__":
    sys.exit(main())
