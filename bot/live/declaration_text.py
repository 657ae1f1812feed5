"""A declaration in words: the headline, result lines and running tally that the announcer posts,
and the same as one text block for `python -m bot replay` and the console."""

from __future__ import annotations

import datetime as dt

from bot import format as fmt
from bot.answer.result import outcome_text, swing_text, who
from bot.kb.knowledge import KnowledgeBase
from bot.live.night import Declaration
from bot.seat_history import notable_line


def tally_text(kb: KnowledgeBase, declaration: Declaration) -> str:
    return fmt.tally(declaration.tally, kb.abbreviations())


def headline(kb: KnowledgeBase, declaration: Declaration) -> str:
    """'23:27 Newcastle upon Tyne Central (1 of 650): Lab hold'; with the day when it came after
    the night's morning ('Sat 6 Jul 18:00 Inverness, Skye and West Ross-shire (650 of 650)')."""
    at = ""
    if declaration.at:
        election = kb.elections.get(declaration.election)
        late = election is not None and declaration.at.date() > election.date + dt.timedelta(days=1)
        at = f"{declaration.at:%a %-d %b %H:%M} " if late else f"{declaration.at:%H:%M} "
    facts = declaration.facts
    return (
        f"{at}{facts.contest.name} ({declaration.number} of {declaration.total}): "
        f"{outcome_text(kb, facts)}"
    )


def lines(kb: KnowledgeBase, declaration: Declaration, history: bool = True) -> list[str]:
    """The result, majority, swing, the history line when notable, and the tally after it."""
    facts = declaration.facts
    out = [f"{who(kb, facts.winner.candidacy)} elected."]
    if not facts.contest.unopposed:
        out.append(f"Majority {fmt.votes(facts.majority)} ({fmt.pct(facts.majority_pct)}).")
    swing = swing_text(kb, facts)
    if swing:
        out.append(f"Swing {swing}.")
    if history:
        line = notable_line(kb, facts)
        if line:
            out.append(line)
    out.append(
        f"Tally after {declaration.number} of {declaration.total}: {tally_text(kb, declaration)}."
    )
    return out


def text(kb: KnowledgeBase, declaration: Declaration, history: bool = True) -> str:
    block = [headline(kb, declaration), *("  " + line for line in lines(kb, declaration, history))]
    block += [f"  ** {m.text}" for m in declaration.milestones]
    return "\n".join(block)
