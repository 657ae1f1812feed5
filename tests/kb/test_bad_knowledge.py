"""Knowledge that cannot be true or cannot be cheap is refused, with its file and line, and a
reload that meets it keeps serving the old base."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.exts.admin import reload_answer
from bot.kb.build import SHIPPED_KNOWLEDGE, KnowledgeBaseError, build
from bot.kb.sources import MAX_YAML_BYTES
from bot.store import KnowledgeStore

CANDIDATES_2024 = "sample/sample-GE2024-results-by-candidate.csv"
CONSTITUENCIES_2024 = "sample/sample-GE2024-results-by-constituency.csv"
HAND_WRITTEN_SWN = (
    "contests:\n"
    "  - election: '2024'\n"
    "    constituency: South West Norfolk\n"
    "    candidates:\n"
    "      - {name: Terry Jermy, party: Lab, votes: 11850}\n"
    "      - {name: Liz Truss, party: Con, votes: 11217}\n"
)
ALIAS_BOMB = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]\n"
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
)


def edit(layer: Path, relative: str, old: str, new: str) -> None:
    path = layer / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def write(layer: Path, name: str, text: str) -> None:
    (layer / name).write_text(text, encoding="utf-8")


def big_people_file(layer: Path) -> None:
    entry = "  - id: p{n}\n    name: Person {n}\n    bio: " + "x" * 200 + "\n"
    text = "people:\n" + "".join(entry.format(n=n) for n in range(MAX_YAML_BYTES // 200))
    write(layer, "many-people.yaml", text)


# Each bad file: how to make it in a copy of the shipped knowledge, and what the refusal says.
BAD: dict[str, tuple[Callable[[Path], None], str]] = {
    "two people with one id": (
        lambda layer: write(layer, "people2.yaml", "people:\n  - id: liz-truss\n    name: Liz\n"),
        "people2.yaml:2: people: 'liz-truss' is already defined at",
    ),
    "two parties with one code": (
        lambda layer: write(
            layer, "parties2.yaml", "parties:\n  - code: Lab\n    name: Labour II\n"
        ),
        "parties2.yaml:2: parties: 'Lab' is already defined at",
    ),
    "a duplicate YAML key": (
        lambda layer: write(layer, "dup.yaml", "people:\n  - id: x\n    name: A\n    name: B\n"),
        "dup.yaml:4: invalid YAML: duplicate key 'name' (first on line 3)",
    ),
    "a candidate with more votes than the electorate": (
        lambda layer: edit(layer, CANDIDATES_2024, ",11847,", ",99999999,"),
        "sample-GE2024-results-by-candidate.csv:10: South West Norfolk (2024): Terry Jermy has "
        "99,999,999 votes, more than the electorate of 74,724",
    ),
    "valid votes above the electorate": (
        lambda layer: edit(layer, CONSTITUENCIES_2024, ",74724,", ",40000,"),
        "44,335 valid votes, more than the electorate of 40,000 (a turnout over 100%)",
    ),
    "valid and invalid votes above the electorate": (
        lambda layer: edit(layer, CONSTITUENCIES_2024, ",44335,139,", ",44335,40000,"),
        "44,335 valid and 40,000 invalid votes, more than the electorate of 74,724",
    ),
    "one edited number, a turnout of 10^26 %": (
        lambda layer: edit(layer, CANDIDATES_2024, ",77,", ",100000000000000000000000,"),
        "sample-GE2024-results-by-candidate.csv:2: South West Norfolk (2024): Lorraine Douglas "
        "has 100,000,000,000,000,000,000,000 votes, more than the electorate",
    ),
    "a hand-written contest beside the official one": (
        lambda layer: write(layer, "fix.yaml", HAND_WRITTEN_SWN),
        "sample-GE2024-results-by-candidate.csv:2: South West Norfolk (2024) already has a "
        "result from fix.yaml:2 in the same folder",
    ),
    "a CSV row with more cells than the header": (
        lambda layer: edit(layer, CANDIDATES_2024, ",74748\n", ",74748,extra\n"),
        "sample-GE2024-results-by-candidate.csv:2: row has 23 cells but the header has 22 columns",
    ),
    "a short CSV row": (
        lambda layer: edit(layer, CANDIDATES_2024, ",,74748\n", "\n"),
        "sample-GE2024-results-by-candidate.csv:2: row has 20 cells but the header has 22 columns",
    ),
    "a YAML alias bomb": (
        lambda layer: write(layer, "bomb.yaml", ALIAS_BOMB),
        "bomb.yaml:1: YAML aliases expand this file to 490,329,064 entries",
    ),
    "a YAML file too big to be knowledge": (
        big_people_file,
        "many-people.yaml: too big to be knowledge: 1,227,788 bytes (the limit is 1,000,000)",
    ),
    "an undecodable byte in YAML": (
        lambda layer: (layer / "bio.yaml").write_bytes(b"people:\n  - id: x\n    name: Caf\xe9\n"),
        "bio.yaml:3: not UTF-8 text: byte 0xe9 cannot be read",
    ),
    "an unknown election in a hand-written contest": (
        lambda layer: write(layer, "fix.yaml", HAND_WRITTEN_SWN.replace("'2024'", "'2025'")),
        "fix.yaml:2: election '2025' is not a UK general election we know",
    ),
}


@pytest.fixture
def layer(tmp_path: Path) -> Path:
    folder = tmp_path / "knowledge"
    shutil.copytree(SHIPPED_KNOWLEDGE, folder)
    return folder


@pytest.mark.parametrize("case", BAD)
def test_bad_knowledge_is_refused_with_file_and_line(layer, case):
    make, expected = BAD[case]
    make(layer)
    started = time.perf_counter()
    with pytest.raises(KnowledgeBaseError) as caught:
        build([layer])
    assert time.perf_counter() - started < 3  # refused quickly, never by exhausting the machine
    problems = [str(p) for p in caught.value.problems]
    assert any(expected in p for p in problems), problems


@pytest.mark.parametrize("case", BAD)
async def test_a_reload_that_meets_bad_knowledge_keeps_the_old_base(layer, case):
    store = KnowledgeStore.load([layer])
    before = store.current
    make, expected = BAD[case]
    make(layer)
    result = await store.reload("tester")
    assert not result.ok and any(expected in str(p) for p in result.problems)
    assert store.current is before
    shown = reload_answer(result, "tester")  # what Discord would show: file names, no folders
    assert shown.items and not any(str(layer.parent) in item for item in shown.items)
    answer = store.engine.ask("!result South West Norfolk")
    assert answer.kind == "result" and "Terry Jermy" in answer.lines[0]


def test_a_marked_override_in_the_same_folder_replaces_and_is_reported(layer):
    write(
        layer,
        "fix.yaml",
        HAND_WRITTEN_SWN.replace("candidates:", "override: true\n    candidates:"),
    )
    kb = build([layer])
    [contest] = kb.contests["2024"].values()
    assert [(c.name, c.votes) for c in contest.candidacies] == [
        ("Terry Jermy", 11_850),
        ("Liz Truss", 11_217),
    ]
    assert contest.electorate == 74_724  # kept from the constituency file
    assert kb.report.overridden == 1
    assert any("replaces the result from" in str(w) for w in kb.report.warnings)


def test_a_later_folder_may_still_correct_a_contest(layer, tmp_path):
    correction = tmp_path / "corrections"
    correction.mkdir()
    write(correction, "fix.yaml", HAND_WRITTEN_SWN)
    kb = build([layer, correction])
    [contest] = kb.contests["2024"].values()
    assert contest.candidacies[0].votes == 11_850 and kb.report.overridden == 1


def test_a_later_folder_may_replace_a_person(layer, tmp_path):
    later = tmp_path / "later"
    later.mkdir()
    write(
        later,
        "people.yaml",
        "people:\n  - id: terry-jermy\n    name: Terry Jermy\n    mnis_id: 5338\n    bio: New.\n",
    )
    kb = build([layer, later])
    assert kb.people["terry-jermy"].bio == "New."
