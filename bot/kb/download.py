"""`kb download`: fetch the Commons Library's published result files, then check they load."""

from __future__ import annotations

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


def download(
    folder: Path, base_url: str | None = None, history: bool = False, members: bool = False
) -> int:
    """Fetch every file, then build a knowledge base from them to prove they load."""
    from bot.kb.build import KnowledgeBaseError, build
    from bot.kb.report import describe

    base = (base_url or OFFICIAL_HOST).rstrip("/")
    wanted = FILES | (HISTORY if history else {}) | (MEMBERS if members else {})
    for relative, path in wanted.items():
        url = base + path
        try:
            size = fetch(url, folder / relative)
        except (urllib.error.URLError, OSError, TimeoutError) as error:
            reason = getattr(error, "reason", error)
            print(f"Could not fetch {url}: {reason}", file=sys.stderr)
            return 1
        print(f"fetched {relative} ({size:,} bytes)")
    folders = sorted({folder / relative.split("/")[0] for relative in wanted})
    folders.sort(key=lambda f: f.name != "historical")  # history first: named results override it
    try:
        kb = build(folders)
    except KnowledgeBaseError as error:
        print(f"The downloaded files did not load:\n{error}", file=sys.stderr)
        return 1
    print(describe(kb))
    return 0
