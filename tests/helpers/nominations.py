"""Nominations made from the Library's 2024 candidates (their votes blanked), and an election
after our files defined in YAML: the night before a count, for the kb and live tests."""

from __future__ import annotations

import csv

from tests.helpers.data import DATA

CANDIDATES_2024 = DATA / "ge2024" / "HoC-GE2024-results-by-candidate.csv"


def blank_votes(source, target, keep=()) -> list[dict[str, str]]:
    """The Library's 2024 candidates with every seat's votes blank, except the seats in `keep`."""
    with source.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if row["Constituency name"] not in keep:
            row["Votes"] = row["Share"] = row["Change"] = ""
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return rows


def official(seat: str) -> list[tuple[str, int]]:
    """Who stood in `seat` in 2024 and their votes, as the Library published them."""
    with CANDIDATES_2024.open(encoding="utf-8-sig", newline="") as handle:
        return sorted(
            (f"{r['Candidate first name']} {r['Candidate surname']}", int(r["Votes"]))
            for r in csv.DictReader(handle)
            if r["Constituency name"] == seat
        )


NEXT_ELECTION = """\
elections:
  - id: '2029'
    date: 2029-05-03
    name: 2029 general election
    baseline: '2024'
    baseline_label: '2024'
contests:
  - election: '2029'
    constituency: Hendon
    candidates:
      - {name: David Pinto-Duschinsky, party: Lab}
      - {name: Ameet Jogia, party: Con}
      - {name: Jane Doe, party: Reform UK}
"""
