"""The built base kept on disk: reused only when it is exactly what the files and code would build,
written only by the bot, and answering exactly as a fresh build does."""

from __future__ import annotations

import logging
import os
import pickle
import shutil
from pathlib import Path

import pytest

from bot.answer.text import render_text
from bot.bench import free_text_questions, query_model_questions
from bot.kb import snapshot
from bot.kb.build import SHIPPED_KNOWLEDGE
from bot.store import start
from tests.helpers.data import HISTORY_SOURCES, needs_data


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    """A copy of the shipped knowledge that a test may change."""
    return Path(shutil.copytree(SHIPPED_KNOWLEDGE, tmp_path / "knowledge"))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return snapshot.folder_in(tmp_path / "data")


def _built_at(paths, folder):
    kb, engine = start(paths, "!", folder)
    return kb.report.built_at, engine


def test_an_unchanged_base_is_loaded_not_rebuilt(knowledge, folder, caplog):
    first, _ = _built_at([knowledge], folder)
    assert snapshot.slot(folder, [knowledge]).is_file()
    with caplog.at_level(logging.INFO, logger="bot"):
        second, engine = _built_at([knowledge], folder)
    # A build stamps the time it was made: the same stamp is the same base, read back.
    assert second == first
    assert "knowledge base loaded from its snapshot" in caplog.text
    assert engine.ask("!result South West Norfolk").title.startswith("South West Norfolk")


def test_the_prefix_is_the_callers_not_the_snapshots(knowledge, folder):
    start([knowledge], "!", folder)
    kb, engine = start([knowledge], "?", folder)
    assert engine.prefix == "?"
    assert engine.ask("?result South West Norfolk").title.startswith("South West Norfolk")


def test_one_changed_byte_rebuilds_even_with_size_and_time_unchanged(knowledge, folder):
    first, _ = _built_at([knowledge], folder)
    parties = knowledge / "parties.yaml"
    data = parties.read_bytes()
    stat = parties.stat()
    at = data.index(b"short_name: Labour") + len(b"short_name: ")
    parties.write_bytes(data[:at] + b"Labous" + data[at + 6 :])  # same size
    os.utime(parties, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # and the same time
    second, engine = _built_at([knowledge], folder)
    assert second != first
    assert "Labous" in render_text(engine.ask("!result South West Norfolk 2019"))
    third, _ = _built_at([knowledge], folder)
    assert third == second  # the rebuilt base was saved in its place


def test_a_new_or_removed_file_rebuilds(knowledge, folder):
    first, _ = _built_at([knowledge], folder)
    (knowledge / "sample" / "notes.txt").write_text("a file the build reads (and skips)\n")
    second, _ = _built_at([knowledge], folder)
    assert second != first
    (knowledge / "sample" / "notes.txt").unlink()
    third, _ = _built_at([knowledge], folder)
    assert third != second


def test_a_change_to_the_code_rebuilds(knowledge, folder, monkeypatch):
    first, _ = _built_at([knowledge], folder)
    monkeypatch.setattr(snapshot, "code_version", lambda: b"another version of the bot" * 2)
    second, _ = _built_at([knowledge], folder)
    assert second != first


def test_the_code_version_covers_every_file_of_the_package(tmp_path):
    package = Path(shutil.copytree(Path(snapshot.__file__).parents[1], tmp_path / "bot"))
    before = snapshot.package_digest(package)
    engine = package / "engine.py"
    engine.write_bytes(engine.read_bytes().replace(b"PREFIX = ", b"PREFIX  = ", 1))
    assert snapshot.package_digest(package) != before
    assert snapshot.package_digest(Path(snapshot.__file__).parents[1]) == snapshot.code_version()


@pytest.mark.parametrize("damage", ["truncated", "flipped byte", "empty", "not ours"])
def test_a_damaged_snapshot_is_ignored_and_rebuilt(knowledge, folder, caplog, damage):
    first, _ = _built_at([knowledge], folder)
    path = snapshot.slot(folder, [knowledge])
    data = path.read_bytes()
    if damage == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "flipped byte":
        at = len(data) - 100
        path.write_bytes(data[:at] + bytes([data[at] ^ 1]) + data[at + 1 :])
    elif damage == "empty":
        path.write_bytes(b"")
    else:
        path.write_bytes(b"some other program's file" * 10)
    with caplog.at_level(logging.WARNING, logger="bot"):
        second, engine = _built_at([knowledge], folder)
    assert second != first
    assert f"knowledge snapshot {path.name} is damaged" in caplog.text
    assert engine.ask("!result South West Norfolk").title.startswith("South West Norfolk")
    assert _built_at([knowledge], folder)[0] == second  # and written afresh


class _Planted:
    """Unpickling this runs code: what a snapshot from anyone but the bot could do."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (Path.write_text, (self.marker, "unpickled"))


def test_a_snapshot_signed_with_another_key_is_never_unpickled(knowledge, folder, tmp_path, caplog):
    first, _ = _built_at([knowledge], folder)
    key = snapshot.fingerprint([knowledge])
    marker = tmp_path / "marker"
    elsewhere = snapshot.folder_in(tmp_path / "elsewhere")
    # A well-formed snapshot for exactly these files, signed by another bot's key.
    written = snapshot.save(elsewhere, [knowledge], key, _Planted(marker))
    assert written is not None and not marker.exists()
    shutil.copy(written, snapshot.slot(folder, [knowledge]))
    with caplog.at_level(logging.WARNING, logger="bot"):
        second, _ = _built_at([knowledge], folder)
    assert not marker.exists()
    assert second != first
    assert "was not written by this bot" in caplog.text
    # Signed with this bot's key, the same file would have been unpickled: the key is what guards it.
    snapshot.save(folder, [knowledge], key, _Planted(marker))
    snapshot.load(folder, [knowledge], key)
    assert marker.read_text() == "unpickled"


def test_without_its_key_no_snapshot_is_trusted(knowledge, folder):
    first, _ = _built_at([knowledge], folder)
    (folder / snapshot.KEY_FILE).unlink()
    second, _ = _built_at([knowledge], folder)
    assert second != first
    assert (folder / snapshot.KEY_FILE).stat().st_mode & 0o077 == 0  # a new key, the bot's own


def test_writing_is_atomic_and_leaves_no_temporary_files(knowledge, folder):
    _built_at([knowledge], folder)
    key = snapshot.fingerprint([knowledge])
    assert snapshot.save(folder, [knowledge], key, lambda: None) is None  # does not pickle
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [snapshot.KEY_FILE, snapshot.slot(folder, [knowledge]).name]
    )
    assert _built_at([knowledge], folder)[1] is not None  # the old snapshot still loads


def test_a_missing_path_uses_no_snapshot_and_reports_as_a_build_does(knowledge, folder, tmp_path):
    from bot.kb.build import KnowledgeBaseError

    with pytest.raises(KnowledgeBaseError, match="no such file or folder"):
        start([knowledge, tmp_path / "absent"], "!", folder)


@needs_data
def test_answers_from_a_snapshot_equal_a_fresh_builds(tmp_path):
    """The whole base (1918-2024), built and saved, then read back: every answer the same."""
    folder = snapshot.folder_in(tmp_path / "data")
    fresh_kb, fresh = start(HISTORY_SOURCES, "!", folder)  # built, then saved before any question
    loaded_kb, loaded = start(HISTORY_SOURCES, "!", folder)
    assert loaded_kb.report.built_at == fresh_kb.report.built_at  # read back, not rebuilt
    assert loaded_kb is not fresh_kb
    questions = free_text_questions(fresh)
    for asked in query_model_questions(fresh).values():
        questions += asked
    elections = fresh_kb.real_elections()
    for election in elections:
        seats = list(fresh_kb.contests[election.id].values())
        questions += [
            f"!result {c.name} {election.id}" for c in seats[:: 1 if election.id >= "2019" else 40]
        ]
        questions.append(f"!national {election.id}")
    people = list(fresh_kb.people.values())
    questions += [f"!candidate {p.name}" for p in people[::25]]
    questions += [f"History of {c.name}" for c in list(fresh_kb.contests["2024"].values())[::10]]
    assert len(questions) > 5000
    for question in questions:
        expected, got = fresh.ask(question), loaded.ask(question)
        assert render_text(got) == render_text(expected), question
        assert got.charts == expected.charts, question
    # Every object of the base still pickles once questions have filled its caches.
    assert pickle.loads(pickle.dumps((fresh_kb, fresh))) is not None


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions")
@pytest.mark.parametrize(("which", "mode"), [("folder", 0o777), ("key", 0o644)])
def test_a_key_others_could_replace_or_read_is_not_trusted(knowledge, folder, caplog, which, mode):
    first, _ = _built_at([knowledge], folder)
    (folder if which == "folder" else folder / snapshot.KEY_FILE).chmod(mode)
    with caplog.at_level(logging.WARNING, logger="bot"):
        second, _ = _built_at([knowledge], folder)
    assert second != first
    assert "is open to other users" in caplog.text
