"""The "Date of completion and outcome" cell: what was done, when, and whether it is finished."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from followthrough.interchange import PartialDate
from followthrough.parsing.cleanup import mend_run_on_sentences
from followthrough.parsing.dates import find_date_spans, find_dates, latest

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


def read_outcome(
    text: str, *, holds_completion_date: bool, updates: list[str] | None = None
) -> Outcome:
    """``holds_completion_date``: the column is the completion date ("Date of completion and
    outcome"), so a date in it says when the action was done even without the word.
    ``updates``: the cell's paragraphs, where the document keeps them (one update to a line):
    the latest that states a status says where the action stands."""
    if not text:
        return Outcome()
    mended = mend_run_on_sentences(text)
    outcome = Outcome(text=mended)
    if mended != text:
        outcome.notes.append("outcome: full stops put back between notes that ran together")
    # Updates written one under another: the last that states a status is where it stands.
    updates = [u for u in (updates or []) if u.strip()]
    latest_update = next((u for u in reversed(updates) if status_from_text(u)), text)
    if latest_update != text and len(updates) > 1:
        outcome.notes.append("status: read from the latest of the updates in the cell")
    dates = dates_done(latest_update)
    # "Complete – live on all wards; monitoring continues": what it opens with says it.
    done = opens_done(latest_update)
    outcome.status = "completed" if done else status_from_text(latest_update)
    if outcome.status is None and dates and holds_completion_date:
        outcome.status = "completed"
    if outcome.status == "completed" and dates:
        stated = _date_of_completion(latest_update)
        outcome.completed_on = stated or latest(dates)
        if stated is None and len(dates) > 1:
            outcome.notes.append(
                f"completion date: the latest of {len(dates)} dates in the outcome "
                f"({outcome.completed_on.isoformat()})"
            )
    return outcome


# What comes before a date still to come: "visit booked for October 2022", "due by May".
_AHEAD = re.compile(
    r"\b(?:booked|scheduled|planned|due|expected|arranged|awaited|next)\b(?:\s+\S+){0,2}\s*"
    r"(?:for|on|by|in|from)?\s*(?:the\s+)?$",
    re.IGNORECASE,
)


def dates_done(text: str) -> list[PartialDate]:
    """The dates in an outcome, less those of things still to come ("assessment visit booked
    for October 2022" does not say when anything was done)."""
    return [f.date for f in find_date_spans(text) if not _AHEAD.search(text[: f.start][-40:])]


# A text that opens by saying it was done: "Complete (June 2023) – ...", "Completed 27/01/2020
# – ...", "Dec 2015 - Actions completed ...", "Done".
_OPENS_DONE = re.compile(
    r"^\s*(?:[^;.–—-]{3,25}?\s*[–—-]\s*)?(?:the\s+)?(?:actions?\s+)?"
    r"(?:complete(?:d)?|signed off|closed|done|achieved)\b",
    re.IGNORECASE,
)


def opens_done(text: str) -> bool:
    """Whether an outcome, or a cell where a date should be, opens by saying the action was
    done ("Complete – ...", "Completed – January 2025")."""
    return _OPENS_DONE.match(text) is not None


def _date_of_completion(text: str) -> PartialDate | None:
    """When an outcome opens by saying the action was done, the date in that first clause:
    "Complete (June 2023) – pathway agreed; 14 visits made to 30/09/2023" was completed in June
    2023. Otherwise None, and the latest date in the text is taken ("Audit completed in May.
    Report presented 20 June. Action completed": done on 20 June)."""
    if not opens_done(text):
        return None
    clause = re.split(r";|\.\s", text, maxsplit=1)[0]
    found = find_dates(clause)
    return found[0] if found else None
