"""Which column is which, read from what the header cells mean rather than their exact words.

"Action to take", "Actions" and "Action" are all the action column; "Lead", "Lead agency" and
"Person responsible" the lead; "Target date", "Target completion date" and "Timescale" the
target date; and so on, for the Home Office template and the variants plans use.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field


class Col(enum.StrEnum):
    NUMBER = "number"
    THEME = "theme"
    RECOMMENDATION = "recommendation"
    SCOPE = "scope"
    ACTION = "action"
    LEAD = "lead"
    MILESTONES = "milestones"
    TARGET = "target date"
    COMPLETED = "completion date"
    OUTCOME = "outcome"
    STATUS = "status"


# Tried in order: the first rule that matches names the column. Order matters where one header
# holds another's word ("Key milestones achieved in enacting recommendation" is the milestones,
# "Target completion date" the target, "Scope of recommendation" the scope).
_RULES: list[tuple[Col, str]] = [
    (Col.MILESTONES, r"\bmilestones?\b|\bkey steps\b"),
    (Col.SCOPE, r"^scope\b"),
    (Col.NUMBER, r"^(?:no|number|ref|reference|#|rec(?:ommendation)? (?:no|number|ref))$"),
    (Col.STATUS, r"^(?:current )?(?:status|rag|rag status|rag rating)$"),
    (Col.TARGET, r"^(?:target|deadline|timescale|due|by when|expected completion)"),
    (
        Col.COMPLETED,
        r"^(?:date (?:of )?completion|completion date|date completed|completed(?: on| date)?"
        r"|actual completion(?: date)?|date achieved)$",
    ),
    (Col.OUTCOME, r"outcome|progress|update|comment|evidence|completion|impact"),
    (Col.LEAD, r"\blead\b|responsib|owner|accountable|\bwho\b|\bagenc(?:y|ies)\b"),
    (Col.ACTION, r"\bactions?\b|what will"),
    (Col.RECOMMENDATION, r"recommendation|learning|finding"),
    (Col.TARGET, r"\bdate\b|\bwhen\b"),
    (Col.THEME, r"^(?:theme|category|topic)$"),
]
_MAX_HEADER_WORDS = 8


def column_kind(header: str) -> Col | None:
    """What a header cell means, or None if it is not a header we know."""
    text = re.sub(r"\(s\)", "s", header.lower())
    text = re.sub(r"[^\w#/ ]+", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    if not text or len(text.split()) > _MAX_HEADER_WORDS:
        return None
    for kind, pattern in _RULES:
        if re.search(pattern, text):
            return kind
    return None


@dataclass
class ColumnMap:
    """The meaning of each column of the table, by cell index."""

    kinds: dict[int, Col]
    headers: dict[Col, str] = field(default_factory=dict)

    def cells_of(self, cells: list[str]) -> dict[Col, str]:
        return {
            kind: cells[i] for i, kind in self.kinds.items() if i < len(cells) and cells[i].strip()
        }

    def unmapped(self, cells: list[str]) -> list[str]:
        return [c for i, c in enumerate(cells) if i not in self.kinds and c.strip()]

    @property
    def outcome_holds_completion_date(self) -> bool:
        """'Date of completion and outcome': a date in it is when the action was completed."""
        return "complet" in self.headers.get(Col.OUTCOME, "").lower()


def header_columns(cells: list[str]) -> ColumnMap | None:
    """The column map if ``cells`` is a header row: at least three cells we recognise, one of
    them the recommendation or the action, and few cells we do not."""
    kinds: dict[int, Col] = {}
    headers: dict[Col, str] = {}
    filled = 0
    for i, cell in enumerate(cells):
        if not cell.strip():
            continue
        filled += 1
        kind = column_kind(cell)
        if kind is not None and kind not in headers:
            kinds[i] = kind
            headers[kind] = cell.strip()
    known = len(kinds)
    if known < 3 or known < 0.75 * filled:
        return None
    if Col.ACTION not in headers and Col.RECOMMENDATION not in headers:
        return None
    return ColumnMap(kinds=kinds, headers=headers)
