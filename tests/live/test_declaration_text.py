"""A declaration's headline: its time, with the day when it came after the night's morning."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from bot.live import declaration_text
from bot.live.cli import start
from tests.helpers.data import needs_data

pytestmark = needs_data


def test_a_late_declaration_says_its_day(full_kb):
    night, plan = start(full_kb, "2024")
    d = night.declare(plan.keys[0])
    polling = full_kb.elections["2024"].date  # Thursday 4 July 2024
    overnight = replace(d, at=dt.datetime.combine(polling + dt.timedelta(days=1), dt.time(4, 12)))
    assert declaration_text.headline(full_kb, overnight).startswith("04:12 ")
    late = replace(d, at=dt.datetime.combine(polling + dt.timedelta(days=2), dt.time(18, 0)))
    assert declaration_text.headline(full_kb, late).startswith("Sat 6 Jul 18:00 ")
