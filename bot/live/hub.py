"""The hub: the owners' announcement channel (HUB_CHANNEL_ID). Milestones and an hourly summary
are posted there and published (crossposted), so Discord itself delivers them to every channel
that follows the hub (`/election channel #results follow:hub`), however many there are.

Publishing is limited to about 10 an hour per channel: `fanout.Publisher` keeps the budget (one
always kept for the summary). A milestone over budget is not published; the announcer then
posts it to the followers' channels itself, and the next summary names it.
Each hub post is claimed in the announcements record (destination 'hub:ID') like any other, so
a restart never publishes it twice.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from bot.live.fanout import LIMITS, Limits, Publisher

log = logging.getLogger(__name__)
SUMMARY_EVERY = 3600.0  # seconds between hourly summaries


class Hub:
    def __init__(
        self,
        channel_id: int,
        publish: Callable[[object], Awaitable[None]],
        clock: Callable[[], float],
        limits: Limits = LIMITS,
    ):
        self.channel_id = channel_id
        self.destination = f"hub:{channel_id}"
        self.publish = publish  # posts a Post in the hub and crossposts it (Discord layer)
        self.clock = clock
        self.budget = Publisher(limits)
        self.last_summary: float | None = None
        self.unpublished: list[str] = []  # milestones over budget, for the next summary
        self.blocked_until = 0.0  # Discord said to wait (a 429's retry_after): nothing before

    def may_publish(self, summary: bool = False) -> bool:
        now = self.clock()
        return now >= self.blocked_until and self.budget.may_publish(now, summary)

    async def send(self, post) -> bool:
        """Post and publish; True when Discord accepted both. A refusal with a `retry_after`
        (discord.RateLimited: Discord's own count of our publishing, say after a restart or
        from another process) stops publishing until then; the announcer posts directly."""
        try:
            await self.publish(post)
        except Exception as error:
            retry_after = getattr(error, "retry_after", None)
            if retry_after:
                self.blocked_until = max(self.blocked_until, self.clock() + retry_after)
                log.warning("hub: publishing %s refused; not before %.0f s", post.item, retry_after)
            else:
                log.exception("hub: publishing %s failed", post.item)
            return False
        self.budget.publish(self.clock())
        return True

    def summary_due(self) -> bool:
        now = self.clock()
        if self.last_summary is None:
            self.last_summary = now  # the first summary comes an hour into the night
            return False
        return now - self.last_summary >= SUMMARY_EVERY and self.may_publish(summary=True)

    def summary_lines(self, declared: int, total: int, tally: str) -> tuple[str, ...]:
        lines = [f"{declared} of {total} declared. Tally: {tally}."]
        if self.unpublished:
            lines.append("Also this hour: " + "; ".join(self.unpublished) + ".")
        return tuple(lines)

    def summarised(self) -> None:
        self.last_summary = self.clock()
        self.unpublished.clear()
