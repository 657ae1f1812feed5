"""The kinds of question are one closed list (query.What): a rule can name only a kind on it,
and the answer table will not load while a kind on it has no answerer, or an answerer no kind."""

from __future__ import annotations

import pytest

from bot.understand.answer_table import ANSWERS, answered, check_answered
from bot.understand.query import WHATS
from bot.understand.rules import RULES, SLOTS, Rule


def test_every_kind_a_rule_names_is_answered():
    named = {rule.what for rule in RULES}
    assert named <= WHATS
    assert WHATS - named == {"unknown"}  # what no rule finds
    assert answered() == WHATS
    assert set(SLOTS) <= WHATS  # a slot read for a kind no rule names is never read


def test_a_kind_without_an_answer_stops_the_table_from_loading():
    with pytest.raises(RuntimeError, match="without an answer: \\['turnout_by_age'\\]"):
        check_answered(WHATS | {"turnout_by_age"}, answered())
    with pytest.raises(RuntimeError, match="for no kind in query.What: \\['turnout_by_age'\\]"):
        check_answered(WHATS, answered() | {"turnout_by_age"})


def test_a_rule_naming_a_kind_not_on_the_list_fails_when_written():
    with pytest.raises(ValueError, match="'turnout_by_age'"):
        Rule("turnout_by_age", lambda said: True)


def test_the_table_is_keyed_by_typed_slots():
    for about, form, what in ANSWERS:
        assert about in {"seat", "person", "area"} and form in {"one", "compare"}, (about, form)
        assert what in WHATS
