"""The "Date of completion and outcome" cell: what was done, when, and whether it is finished."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from followthrough.interchange import PartialDate
from followthrough.parsing.cleanup import mend_run_on_sentences
from followthrough.parsing.dates import find_dates, latest

# Checked in this order: the first that matches gives the status.
_STATUSES: list[tuple[str, str]] = [
    ("not_started", r"\bnot (?:yet )?started\b"),
    ("superseded", r"\bsuperseded\b|\breplaced by\b"),
    ("not_achieved", r"\bnot (?:been )?(?:achieved|met|implemented|delivered)\b|\babandoned\b"),
    (
        "in_progress",
        r"\bnot (?:yet )?(?:been )?complete(?:d)?\b|\bongoing\b|\bin progress\b|\bunder ?way\b"
        r"|\bon track\b|\bpartially\b|\bpartly\b|\boverdue\b|\bat risk\b|\bdelayed\b|\bpaused\b"
        r"|\bon hold\b|\bcontinu(?:es|ing)\b|\bstill\b|\bremains? open\b",
    ),
    (
        "completed",
        r"\bcompleted?\b|\bclosed\b|\bachieved\b|\bimplemented\b|\bdelivered\b|\bin place\b"
        r"|\bsigned off\b|\bdone\b",
    ),
]


@dataclass
class Outcome:
    text: str | None = None
    completed_on: PartialDate | None = None
    status: str | None = None
    notes: list[str] = field(default_factory=list)


def status_from_text(text: str) -> str | None:
    """The status the words state ("Action completed", "ongoing"), or None."""
    for status, pattern in _STATUSES:
        if re.search(pattern, text, re.IGNORECASE):
            return status
    return None


def read_outcome(text: str, *, holds_completion_date: bool) -> Outcome:
    """``holds_completion_date``: the column is the completion date ("Date of completion and
    outcome"), so a date in it says when the action was done even without the word."""
    if not text:
        return Outcome()
    mended = mend_run_on_sentences(text)
    outcome = Outcome(text=mended)
    if mended != text:
        outcome.notes.append("outcome: full stops put back between notes that ran together")
    dates = find_dates(text)
    outcome.status = status_from_text(text)
    if outcome.status is None and dates and holds_completion_date:
        outcome.status = "completed"
    if outcome.status == "completed" and dates:
        outcome.completed_on = latest(dates)
        if len(dates) > 1:
            outcome.notes.append(
                f"completion date: the latest of {len(dates)} dates in the outcome "
                f"({outcome.completed_on.isoformat()})"
            )
    return outcome
