"""RAG (red, amber, green): one rule, derived from an action's status, dates and today.

The rule is an ordered list: the first line that applies gives the rating. The help page
(/help/rag/) prints this same list, so what users read is what the code does.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable
from dataclasses import dataclass

from followthrough.plans import lifecycle
from followthrough.plans.lifecycle import ActionStatus


class Rag(enum.StrEnum):
    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    NOT_RATED = "not_rated"

    @property
    def label(self) -> str:
        return {"red": "Red", "amber": "Amber", "green": "Green", "not_rated": "Not rated"}[self]


@dataclass(frozen=True)
class RagLine:
    when: str  # in words, for the help page
    applies: Callable[[object, dt.date, int], bool]
    rag: Rag


def _days_left(action, today: dt.date) -> int | None:
    return (action.target_date - today).days if action.target_date else None


RULE: list[RagLine] = [
    RagLine(
        "Completed (awaiting sign-off), signed off, already in place, or a completion date "
        "recorded",
        lambda a, t, d: lifecycle.is_done(a.status, a.completed_on),
        Rag.GREEN,
    ),
    RagLine(
        "Closure proposed by its lead, awaiting the partnership's decision",
        lambda a, t, d: a.status == ActionStatus.CLOSURE_PROPOSED,
        Rag.AMBER,
    ),
    RagLine(
        "Superseded by another action",
        lambda a, t, d: a.status == ActionStatus.SUPERSEDED,
        Rag.NOT_RATED,
    ),
    RagLine(
        "Not met, or closed without being implemented",
        lambda a, t, d: a.status in {ActionStatus.NOT_MET, ActionStatus.CLOSED_NOT_IMPLEMENTED},
        Rag.RED,
    ),
    RagLine("Partly met", lambda a, t, d: a.status == ActionStatus.PARTLY_MET, Rag.AMBER),
    RagLine(
        "Overdue: still open after its target date",
        lambda a, t, d: a.target_date is not None and a.target_date < t,
        Rag.RED,
    ),
    RagLine("At risk", lambda a, t, d: a.status == ActionStatus.AT_RISK, Rag.AMBER),
    RagLine(
        "Due within the next {due_soon_days} days",
        lambda a, t, d: (left := _days_left(a, t)) is not None and left <= d,
        Rag.AMBER,
    ),
    RagLine("No target date", lambda a, t, d: a.target_date is None, Rag.AMBER),
    RagLine(
        "No information recorded",
        lambda a, t, d: a.status == ActionStatus.NO_INFORMATION,
        Rag.AMBER,
    ),
    RagLine(
        "Anything else: not started or on track, with time to go", lambda a, t, d: True, Rag.GREEN
    ),
]


def rag_of(action, today: dt.date, due_soon_days: int = 30) -> Rag:
    return next(line.rag for line in RULE if line.applies(action, today, due_soon_days))
