"""`kb download --from DIR`: a plain local folder of the published files, never a traceback."""

from __future__ import annotations

import shutil
import subprocess
import sys

from bot.kb.download import FILES
from tests.helpers.data import DATA, ROOT, needs_data


def download(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bot", "kb", "download", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )


@needs_data
def test_a_folder_in_the_librarys_published_layout_is_copied_and_checked(tmp_path):
    mirror = tmp_path / "mirror"  # documents/CBP-10009/HoC-GE2024-... as on the Library's host
    for relative, published in FILES.items():
        target = mirror / published.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(DATA / relative, target)
    done = download("--to", str(tmp_path / "data"), "--from", str(mirror))
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "Elections: 2019 (650 contests), 2024 (650 contests)" in done.stdout
    for relative in FILES:
        assert (tmp_path / "data" / relative).read_bytes() == (DATA / relative).read_bytes()
    assert "ukparliament/psephology" in done.stdout  # where the files it cannot fetch are


@needs_data
def test_a_folder_laid_out_as_kb_download_writes_it_is_accepted(tmp_path):
    """The shared data folder itself: ge2019/, ge2024/, historical/, ge2024-latest-xlsx/."""
    done = download("--to", str(tmp_path / "data"), "--from", str(DATA), "--history")
    assert done.returncode == 0, done.stderr
    assert "1918 (688 contests)" in done.stdout and "2024 (650 contests)" in done.stdout
    history = "historical/1918-2019election_results.csv"
    assert (tmp_path / "data" / history).read_bytes() == (DATA / history).read_bytes()


def test_a_missing_folder_or_file_is_said_plainly(tmp_path):
    done = download("--to", str(tmp_path / "data"), "--from", str(tmp_path / "nowhere"))
    assert done.returncode == 1
    assert "no such folder" in done.stderr and "Traceback" not in done.stderr
    (tmp_path / "empty").mkdir()
    done = download("--to", str(tmp_path / "data"), "--from", str(tmp_path / "empty"))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "Could not find HoC-GE2019-results-by-candidate.csv" in done.stderr
