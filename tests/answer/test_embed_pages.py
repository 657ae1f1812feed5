"""A long table in Discord: pages of their own, every row shown once and in order, each page
within Discord's limits (it used to lose its last rows to fit one embed)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.answer.embeds import render_embeds
from bot.answer.models import Answer, Choice, Table
from bot.answer.text import table_text
from tests.helpers.data import needs_data

_CELL = st.text(
    alphabet=st.characters(codec="ascii", categories=("L", "N", "P", "Zs")), max_size=30
)


def _shown_rows(pages, header: str) -> list[str]:
    lines = [
        line
        for page in pages
        for field in page.fields
        if field.value.startswith("```")
        for line in field.value.split("\n")[1:-1]
    ]
    return [line for line in lines if line != header]


def _within_limits(page) -> bool:
    return (
        len(page) <= 6_000
        and len(page.fields) <= 25
        and len(page.title or "") <= 256
        and all(len(f.value) <= 1_024 and len(f.name) <= 256 for f in page.fields)
    )


@settings(max_examples=60, deadline=None)
@given(
    rows=st.integers(0, 300).flatmap(  # long tables as often as short ones
        lambda n: st.lists(st.tuples(_CELL, _CELL, _CELL, _CELL), min_size=n, max_size=n)
    ),
    lines=st.lists(st.text(max_size=400), max_size=6),
    notes=st.lists(st.text(max_size=300), max_size=3),
    choices=st.integers(0, 5),
    caption=st.text(min_size=1, max_size=300),
)
def test_every_row_is_on_some_page_in_order_and_every_page_fits(
    rows, lines, notes, choices, caption
):
    table = Table(headers=("Date", "Seat", "Winner", "Result"), rows=tuple(rows), caption=caption)
    answer = Answer(
        kind="list",
        title="Seats",
        lines=tuple(lines),
        table=table,
        notes=tuple(notes),
        choices=tuple(Choice(f"choice {i}", f"!result {i}") for i in range(choices)),
        source="Source: House of Commons Library.",
    )
    pages = render_embeds(answer)
    expected = table_text(table, max_width=22)
    assert _shown_rows(pages, expected[0]) == expected[1:]
    assert all(_within_limits(page) for page in pages)
    assert not any("left out" in (page.footer.text or "") for page in pages)
    if len(pages) > 1:
        assert [p.footer.text.split(" ·")[0] for p in pages] == [
            f"Page {n}/{len(pages)}" for n in range(1, len(pages) + 1)
        ]


@needs_data
def test_the_whole_list_of_by_elections_is_shown_across_pages(named_engine):
    answer = named_engine.ask("by-elections")
    pages = render_embeds(answer)
    expected = table_text(answer.table, max_width=22)
    assert len(answer.table.rows) == len(named_engine.kb.by_elections) > 60
    assert _shown_rows(pages, expected[0]) == expected[1:]
    assert len(pages) >= 2 and pages[1].title.endswith("(continued)")
