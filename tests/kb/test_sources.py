"""Loading knowledge files: recognition by content, layering, and clear rejection of bad files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.kb.build import SHIPPED_KNOWLEDGE, KnowledgeBaseError, build
from bot.text import fold_place, repair_mojibake, token_key
from tests.helpers.data import DATA, needs_data

SAMPLE = SHIPPED_KNOWLEDGE / "sample"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(paths: list[Path]) -> list[str]:
    with pytest.raises(KnowledgeBaseError) as caught:
        build(paths)
    return [str(p) for p in caught.value.problems]


def test_shipped_knowledge_loads(shipped_kb):
    assert [e.id for e in shipped_kb.real_elections()] == ["2019", "2024"]
    assert shipped_kb.report.overridden == 0
    assert {p.id for p in shipped_kb.precedents} >= {"former-pm-loses-seat", "portillo-moment"}


def test_files_are_recognised_by_content_not_name(tmp_path):
    shutil.copy(SAMPLE / "sample-GE2024-results-by-candidate.csv", tmp_path / "renamed-2024.txt")
    kb = build([tmp_path])
    assert [c.name for c in kb.contests["2024"].values()] == ["South West Norfolk"]


def test_unrecognised_files_are_skipped_with_a_warning(tmp_path):
    shutil.copy(SAMPLE / "sample-GE2024-results-by-candidate.csv", tmp_path / "a.csv")
    write(tmp_path, "notes.md", "# just notes\n")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00binary")
    write(tmp_path, "other.csv", "a,b,c\n1,2,3\n")
    kb = build([tmp_path])
    warned = {Path(w.file).name for w in kb.report.warnings}
    assert warned == {"notes.md", "logo.png", "other.csv"}


@needs_data
def test_historical_file_is_recognised_by_its_header(tmp_path):
    # Every 25th row under the header: each election is there, and the build takes a fraction
    # of the whole file's time (tests/kb/test_history.py loads the whole file).
    lines = (DATA / "historical" / "1918-2019election_results.csv").read_bytes().splitlines(True)
    (tmp_path / "old-results.txt").write_bytes(b"".join([lines[0], *lines[1::25]]))
    kb = build([tmp_path])
    [(_, kind)] = kb.report.files
    assert kind.startswith("Commons Library general election results 1918-2019")
    assert len(kb.real_elections()) == 28


def test_later_sources_override_earlier_ones(tmp_path):
    correction = (SAMPLE / "sample-GE2024-results-by-candidate.csv").read_text(encoding="utf-8")
    corrected = correction.replace(",11847,", ",11850,")
    write(tmp_path, "fix.csv", corrected)
    kb = build([SAMPLE, tmp_path])
    assert kb.report.overridden == 1
    swn = next(iter(kb.contests["2024"].values()))
    assert swn.candidacies[0].votes == 11_850
    assert kb.facts_for(swn).majority == 633
    assert swn.electorate == 74_724  # kept from the constituency file it did not replace


@needs_data
def test_official_files_supersede_the_sample(full_kb):
    # The sample's South West Norfolk 2019 and 2024 are replaced by the Library's rows.
    assert full_kb.report.overridden == 2
    assert len(full_kb.contests["2024"]) == 650


def test_invalid_yaml_names_file_and_line(tmp_path):
    write(tmp_path, "bad.yaml", "parties:\n  - code: X\n    name: [unclosed\n")
    [problem] = problems_of([tmp_path])
    assert "bad.yaml:" in problem and "invalid YAML" in problem


def test_field_typo_is_rejected_with_its_line(tmp_path):
    write(tmp_path, "people.yaml", "people:\n  - id: a\n    name: A Person\n    biography: typo\n")
    [problem] = problems_of([tmp_path])
    assert problem.endswith("people.yaml:4: people: 'biography' is not a known field (a typo?)")


def test_negative_votes_are_rejected(tmp_path):
    text = (SAMPLE / "sample-GE2024-results-by-candidate.csv").read_text(encoding="utf-8")
    write(tmp_path, "neg.csv", text.replace(",77,", ",-77,"))
    [problem] = problems_of([tmp_path])
    assert "neg.csv:2: Votes is negative: -77" in problem


def test_negative_votes_in_yaml_are_rejected(tmp_path):
    write(
        tmp_path,
        "fix.yaml",
        "contests:\n  - election: '2024'\n    constituency: Hendon\n    candidates:\n"
        "      - {name: A, party: Lab, votes: 10}\n      - {name: B, party: Con, votes: -5}\n",
    )
    problems = problems_of([SHIPPED_KNOWLEDGE, tmp_path])
    assert any(
        "fix.yaml:6: contests: 'candidates[2].votes'" in p and "greater than or equal to 0" in p
        for p in problems
    )


def test_unknown_party_is_rejected_with_its_line(tmp_path):
    write(
        tmp_path,
        "fix.yaml",
        "contests:\n  - election: '2024'\n    constituency: Hendon\n    candidates:\n"
        "      - {name: A, party: Labour, votes: 10}\n      - {name: B, party: Whigs, votes: 5}\n",
    )
    [problem] = problems_of([SHIPPED_KNOWLEDGE, tmp_path])
    assert "fix.yaml:6: unknown party 'Whigs'" in problem


def test_a_hand_written_contest_loads(tmp_path):
    write(
        tmp_path,
        "fix.yaml",
        "contests:\n  - election: '2024'\n    constituency: Hendon\n    electorate: 1000\n"
        "    candidates:\n      - {name: A Person, party: Lib Dems, votes: 300}\n"
        "      - {name: B Person, party: Tories, votes: 200}\n",
    )
    kb = build([SHIPPED_KNOWLEDGE, tmp_path])
    hendon = next(c for c in kb.contests["2024"].values() if c.name == "Hendon")
    assert [c.party for c in hendon.candidacies] == ["LD", "Con"]
    assert kb.facts_for(hendon).turnout_pct == 50.0


def test_missing_path_is_an_error(tmp_path):
    [problem] = problems_of([tmp_path / "nowhere"])
    assert "no such file or folder" in problem


def test_unknown_section_is_rejected(tmp_path):
    write(tmp_path, "x.yaml", "partys:\n  - code: X\n")
    [problem] = problems_of([tmp_path])
    assert "x.yaml:1: unknown section 'partys'" in problem


def test_text_folding():
    assert repair_mojibake("\u00c3\u0081ine") == "Áine"
    assert repair_mojibake("Ynys Môn") == "Ynys Môn"
    assert fold_place("SW Norfolk") == "south west norfolk"
    assert token_key("Norfolk South West") == token_key("South West Norfolk")
    assert fold_place("Brighton & Hove") == "brighton and hove"


@needs_data
def test_latest_xlsx_release_carries_the_corrections():
    """The 2024 workbooks (title rows before the header) load, with the Library's later fixes."""
    pytest.importorskip("openpyxl")
    latest = DATA / "ge2024-latest-xlsx"
    kb = build([DATA / "ge2024", latest])
    assert kb.report.overridden == 650
    contests = {c.name: c for c in kb.contests["2024"].values()}
    assert len(contests) == 650
    assert contests["Clapham and Brixton Hill"].electorate == 74_159  # was 83,114 in the CSV
    names = {c.name for c in contests["East Hampshire"].candidacies}
    assert any(n.endswith("Kellermann") for n in names)
    skipped = {Path(w.file).name for w in kb.report.warnings}
    assert "Record-of-changes.xlsx" in skipped
    kinds = {Path(f).name: kind for f, kind in kb.report.files}
    assert kinds["MPs-elected.xlsx"] == "Commons Library list of MPs elected (2024)"
    assert kinds["Defeated-MPs.xlsx"] == "Commons Library list of MPs defeated (2024)"
    assert sum(1 for f in kb.national["2024"].contests if f.winner.party == "Lab") == 411
