"""`kb download`: fetch the Commons Library's published result files, then check they load.

`--from` names a mirror: a URL laid out as the Library's host is, or a plain local folder holding
the files as published (`documents/CBP-10009/HoC-GE2024-...csv`), as `kb download --to` writes
them (`ge2024/HoC-GE2024-...csv`), or anywhere below it under their published names.
"""

from __future__ import annotations

import shutil
import sys
import urllib.error
import urllib.request
from pathlib import Path

OFFICIAL_HOST = "https://researchbriefings.files.parliament.uk"
FILES = {
    "ge2019/HoC-GE2019-results-by-candidate.csv": "/documents/CBP-8749/HoC-GE2019-results-by-candidate.csv",
    "ge2019/HoC-GE2019-results-by-constituency.csv": "/documents/CBP-8749/HoC-GE2019-results-by-constituency.csv",
    "ge2024/HoC-GE2024-results-by-candidate.csv": "/documents/CBP-10009/HoC-GE2024-results-by-candidate.csv",
    "ge2024/HoC-GE2024-results-by-constituency.csv": "/documents/CBP-10009/HoC-GE2024-results-by-constituency.csv",
}
HISTORY = {
    "historical/1918-2019election_results.csv": "/documents/CBP-8647/1918-2019election_results.csv"
}
# The Library's list of MPs elected in 2024 (middle names, new / re-elected status, former seat);
# read with openpyxl. Its companion Defeated-MPs.xlsx is published on the same CBP-10009 page, but
# its file address has not been confirmed, so it is not fetched: save it beside this one by hand.
MEMBERS = {"members/MPs-elected.xlsx": "/documents/CBP-10009/MPs-elected.xlsx"}
NOT_FETCHED = (
    "Not fetched (no confirmed file address; see the README): Parliament's results 2010-2024 and "
    "by-elections (github.com/ukparliament/psephology, db/data/results-by-parliament) and the "
    "declaration times of 2024 (the Library's CBP-10009 page): save them under the folder and "
    "load them with --kb."
)


def fetch(url: str, target: Path, timeout: float = 60) -> int:
    """Download one file atomically (a partial download never replaces a good file)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    request = urllib.request.Request(
        url, headers={"User-Agent": "returning-officer (election results bot)"}
    )
    with urllib.request.urlopen(request, timeout=timeout) as response, partial.open("wb") as out:
        size = 0
        while chunk := response.read(1 << 16):
            out.write(chunk)
            size += len(chunk)
    partial.replace(target)
    return size


def copy(source: Path, target: Path) -> int:
    """Copy one file atomically; a file copied onto itself is left alone."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if not (target.exists() and target.samefile(source)):
        partial = target.with_name(target.name + ".part")
        shutil.copyfile(source, partial)
        partial.replace(target)
    return target.stat().st_size


def find_local(folder: Path, relative: str, path: str) -> Path | None:
    """A file in a local mirror: at its published path, where `--to` puts it, or the one file of
    its name below the folder."""
    published = path.lstrip("/")
    for candidate in (
        folder / published,
        folder / published.removeprefix("documents/"),
        folder / relative,
        folder / Path(relative).name,
    ):
        if candidate.is_file():
            return candidate
    named = sorted(folder.rglob(Path(relative).name))
    return named[0] if len(named) == 1 else None


def download(
    folder: Path, base_url: str | None = None, history: bool = False, members: bool = False
) -> int:
    """Fetch every file, then build a knowledge base from them to prove they load."""
    from bot.kb.build import KnowledgeBaseError, build
    from bot.kb.report import describe

    base = (base_url or OFFICIAL_HOST).rstrip("/")
    local = None if "://" in base else Path(base)
    if local is not None and not local.is_dir():
        print(
            f"--from {base}: no such folder (give a folder of the published files, or a URL)",
            file=sys.stderr,
        )
        return 1
    wanted = FILES | (HISTORY if history else {}) | (MEMBERS if members else {})
    for relative, path in wanted.items():
        if local is not None:
            found = find_local(local, relative, path)
            if found is None:
                print(
                    f"Could not find {Path(relative).name} in {local} (looked for "
                    f"{path.lstrip('/')}, {relative} and the one file of that name below it)",
                    file=sys.stderr,
                )
                return 1
            size = copy(found, folder / relative)
            print(f"copied {relative} ({size:,} bytes)")
            continue
        url = base + path
        try:
            size = fetch(url, folder / relative)
        except (urllib.error.URLError, OSError, TimeoutError, ValueError) as error:
            reason = getattr(error, "reason", error)
            print(f"Could not fetch {url}: {reason}", file=sys.stderr)
            return 1
        print(f"fetched {relative} ({size:,} bytes)")
    folders = sorted({folder / relative.split("/")[0] for relative in wanted})
    # history first: named results override it
    folders.sort(key=lambda folder: folder.name != "historical")
    try:
        kb = build(folders)
    except KnowledgeBaseError as error:
        print(f"The downloaded files did not load:\n{error}", file=sys.stderr)
        return 1
    print(describe(kb))
    print(NOT_FETCHED)
    return 0
