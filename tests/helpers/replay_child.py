"""A whole-bot replay of 2019 announcing into a SQLite file, through a stand-in for Discord that
keeps every post it accepts in a file: run, and killed at random points, by
tests/live/test_delivery.py.

Usage: python tests/helpers/replay_child.py DATABASE_URL POSTS_FILE
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bot.db.database import Database  # noqa: E402
from bot.engine import Engine  # noqa: E402
from bot.kb.build import build  # noqa: E402
from bot.live.announcer import Announcer, Post  # noqa: E402
from bot.live.fanout import Limits  # noqa: E402
from bot.live.replay_mode import WholeReplay  # noqa: E402
from bot.store import KnowledgeStore  # noqa: E402
from tests.helpers.data import FULL_SOURCES as SOURCES  # noqa: E402

RESULTS_CHANNEL, LD_FOLLOWER = 77, 9


class FileDiscord:
    """Discord as far as posting goes: an accepted post is appended to a file (one write, so a
    kill leaves whole lines, as Discord leaves whole messages), and a post whose nonce was seen
    before returns without posting, as Discord does with `enforce_nonce` for a few minutes (here
    for the whole test, which lasts seconds)."""

    def __init__(self, path: Path):
        self.nonces, self.refs = set(), set()
        if path.exists():
            for line in map(json.loads, path.read_text(encoding="utf-8").splitlines()):
                self.nonces.add(line["message"])
                self.refs.add(line["ref"])
        self.fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT)

    async def send(self, post: Post) -> None:
        await asyncio.sleep(0.01)  # a request in flight: the queue backs up, as on the night
        if post.nonce in self.nonces:
            return
        if post.resent and post.refs <= self.refs:  # the sender's look at recent messages
            return
        lines = [
            {
                "message": post.nonce,
                "ref": one.marker,
                "destination": one.destination,
                "item": one.item,
            }
            for one in post.covers or (post,)
        ]  # a digest: one line for each post it carries, in one write (one message)
        os.write(self.fd, "".join(json.dumps(line) + "\n" for line in lines).encode())
        self.nonces.add(post.nonce)
        self.refs.update(line["ref"] for line in lines)


async def main(url: str, posts: Path) -> None:
    kb = build(SOURCES)
    store = KnowledgeStore(SOURCES, kb, Engine(kb))
    database = await Database.open(url)
    if await database.server(1) is None:
        await database.follow(LD_FOLLOWER, "party", "LD", "Liberal Democrats", 0, 0)  # by DM
        await database.update_server(1, results_channel_id=RESULTS_CHANNEL, announce="all")
    # This stand-in has no per-channel limit; a channel counts as behind after 50 ms, so that
    # digests are made (and killed mid-way) often.
    limits = Limits(channel_messages=10**6, behind_after=0.05)
    announcer = Announcer(database, FileDiscord(posts).send, name="shards:all", limits=limits)
    announcer.start()
    print("started", flush=True)
    await WholeReplay(store, database, announcer, "2019", speed=0).run()
    await announcer.drain()
    await announcer.stop()
    await database.close()
    print("done", flush=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], Path(sys.argv[2])))
