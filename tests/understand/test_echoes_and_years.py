"""What users type comes back escaped and short; any number read as a year is refused as one."""

from __future__ import annotations

import pytest

from bot.answer.text import render_text


@pytest.mark.parametrize("year", ["1066", "-1", "99999999999", "2029"])
def test_a_year_we_do_not_have_is_refused(shipped_engine, year):
    text = render_text(shipped_engine.ask(f"!result Hendon {year}"))
    assert f"don't have results for a general election in {year}" in text
    assert "closest match" not in text


def test_echoes_are_escaped_and_capped(shipped_engine):
    hostile = "[click](https://evil.example) <@123456789012345678> @everyone ```x``` " + "a" * 5000
    text = render_text(shipped_engine.ask(f"!result {hostile}"))
    assert "[click](" not in text and "https://" not in text
    assert "<@123456789012345678>" not in text and "@everyone" not in text
    assert len(text) < 600 and "…" in text


def test_plain_names_are_echoed_as_typed(shipped_engine):
    text = render_text(shipped_engine.ask("!result Narnia-on-Sea (North)"))
    assert "'Narnia-on-Sea (North)'" in text
