"""Retrying and rerunning with back-off (bot/live/supervise.py), with the waits recorded."""

from __future__ import annotations

import asyncio

import pytest

from bot.live.supervise import Backoff, persist, supervise


def test_backoff_doubles_up_to_its_cap():
    delays = Backoff(first=0.5, cap=4).delays()
    assert [next(delays) for _ in range(6)] == [0.5, 1, 2, 4, 4, 4]


async def test_persist_retries_until_it_succeeds_and_raises_what_no_retry_mends():
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    failures = iter([ConnectionError("down"), ConnectionError("down"), None])

    async def flaky() -> str:
        error = next(failures)
        if error:
            raise error
        return "done"

    assert await persist(flaky, "a query", Backoff(1, 60), sleep) == "done"
    assert waits == [1, 2]

    async def bug() -> None:
        raise ValueError("no retry mends this")

    with pytest.raises(ValueError):
        await persist(bug, "a query", sleep=sleep, permanent=lambda e: isinstance(e, ValueError))
    assert waits == [1, 2]  # raised at once


async def test_supervise_reruns_a_failed_task_and_never_a_cancelled_one():
    waits: list[float] = []
    runs: list[int] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    async def task() -> None:
        runs.append(1)
        if len(runs) < 3:
            raise RuntimeError("failed")

    await supervise(task, "a task", Backoff(1, 60), sleep)
    assert len(runs) == 3 and waits == [1, 2]

    async def cancelled() -> None:
        raise asyncio.CancelledError

    with pytest.raises(asyncio.CancelledError):
        await supervise(cancelled, "a task", sleep=sleep)
