"""Keeping election night going through faults: retry an operation, or rerun a task, with back-off.

A database outage or a failed request must delay the night, never end it: each failure is logged
and tried again after a wait that doubles up to a cap. Cancelling (a stop) is never retried.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class Backoff:
    """Waits between tries: `first` seconds, doubling, never more than `cap`."""

    first: float = 0.5
    cap: float = 10.0

    def delays(self) -> Iterator[float]:
        delay = self.first
        while True:
            yield delay
            delay = min(self.cap, delay * 2)


async def persist(
    operation: Callable[[], Awaitable[T]],
    what: str,
    backoff: Backoff = Backoff(),
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    permanent: Callable[[Exception], bool] = lambda error: False,
) -> T:
    """Run `operation` until it succeeds; every failure is logged (`what` failed) and retried,
    except one that trying again cannot mend (`permanent`), which is raised."""
    failures = 0
    for delay in backoff.delays():
        try:
            result = await operation()
        except asyncio.CancelledError:
            raise
        except Exception as error:
            if permanent(error):
                raise
            failures += 1
            log.warning(
                "%s failed (%s: %s); try %d again in %.1f s",
                what,
                type(error).__name__,
                str(error).splitlines()[0][:200] if str(error) else "",
                failures + 1,
                delay,
                exc_info=failures == 1,  # the whole traceback once, then one line a try
            )
            await sleep(delay)
        else:
            if failures:
                log.info("%s succeeded after %d failed tries", what, failures)
            return result
    raise AssertionError("unreachable: the delays never end")


async def supervise(
    run: Callable[[], Awaitable[None]],
    name: str,
    backoff: Backoff = Backoff(first=1.0, cap=60.0),
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> None:
    """Run `run` until it returns; if it raises, log it and run it again after a back-off."""
    delays = backoff.delays()
    while True:
        try:
            await run()
            return
        except asyncio.CancelledError:
            raise
        except Exception:
            delay = next(delays)
            log.exception("%s failed; starting it again in %.1f s", name, delay)
            await sleep(delay)
