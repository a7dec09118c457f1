"""RAG (red, amber, green): one rule, derived from an action's status, dates and today.

The rule is an ordered list: the first line that applies gives the rating. The help page
(/help/rag/) prints this same list, so what users read is what the code does. Each line carries
its SQL twin beside it, so the dashboards count and filter ratings in the database
(``rag_case``) by the same rule (``tests/plans/test_sql_twins.py`` checks they agree).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Case, CharField, Q, Value, When

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
    # The SQL twin of ``applies`` for a queryset of actions: (today, due_soon_days, prefix) -> Q;
    # None on the last line, which applies to anything the lines before it left.
    sql: Callable[[dt.date, int, str], Q] | None = None


def _status(prefix: str, *statuses: str) -> Q:
    return Q(**{f"{prefix}status__in": sorted(statuses)})


def _days_left(action, today: dt.date) -> int | None:
    return (action.target_date - today).days if action.target_date else None


RULE: list[RagLine] = [
    RagLine(
        "Completed (awaiting sign-off), signed off, already in place, or a completion date "
        "recorded",
        lambda a, t, d: lifecycle.is_done(a.status, a.completed_on),
        Rag.GREEN,
        lambda t, d, p: lifecycle.done_q(p),
    ),
    RagLine(
        "Closure proposed by its lead, awaiting the partnership's decision",
        lambda a, t, d: a.status == ActionStatus.CLOSURE_PROPOSED,
        Rag.AMBER,
        lambda t, d, p: _status(p, ActionStatus.CLOSURE_PROPOSED),
    ),
    RagLine(
        "Superseded by another action",
        lambda a, t, d: a.status == ActionStatus.SUPERSEDED,
        Rag.NOT_RATED,
        lambda t, d, p: _status(p, ActionStatus.SUPERSEDED),
    ),
    RagLine(
        "Not met, or closed without being implemented",
        lambda a, t, d: a.status in {ActionStatus.NOT_MET, ActionStatus.CLOSED_NOT_IMPLEMENTED},
        Rag.RED,
        lambda t, d, p: _status(p, ActionStatus.NOT_MET, ActionStatus.CLOSED_NOT_IMPLEMENTED),
    ),
    RagLine(
        "Partly met",
        lambda a, t, d: a.status == ActionStatus.PARTLY_MET,
        Rag.AMBER,
        lambda t, d, p: _status(p, ActionStatus.PARTLY_MET),
    ),
    RagLine(
        "Overdue: still open after its target date",
        lambda a, t, d: a.target_date is not None and a.target_date < t,
        Rag.RED,
        lambda t, d, p: Q(**{f"{p}target_date__lt": t}),
    ),
    RagLine(
        "At risk",
        lambda a, t, d: a.status == ActionStatus.AT_RISK,
        Rag.AMBER,
        lambda t, d, p: _status(p, ActionStatus.AT_RISK),
    ),
    RagLine(
        "Due within the next {due_soon_days} days",
        lambda a, t, d: (left := _days_left(a, t)) is not None and left <= d,
        Rag.AMBER,
        lambda t, d, p: Q(**{f"{p}target_date__lte": t + dt.timedelta(days=d)}),
    ),
    RagLine(
        "No target date",
        lambda a, t, d: a.target_date is None,
        Rag.AMBER,
        lambda t, d, p: Q(**{f"{p}target_date__isnull": True}),
    ),
    RagLine(
        "No information recorded",
        lambda a, t, d: a.status == ActionStatus.NO_INFORMATION,
        Rag.AMBER,
        lambda t, d, p: _status(p, ActionStatus.NO_INFORMATION),
    ),
    RagLine(
        "Anything else: not started or on track, with time to go", lambda a, t, d: True, Rag.GREEN
    ),
]


def rag_of(action, today: dt.date, due_soon_days: int = 30) -> Rag:
    return next(line.rag for line in RULE if line.applies(action, today, due_soon_days))


def rag_case(today: dt.date, due_soon_days: int = 30, prefix: str = "") -> Case:
    """The SQL twin of ``rag_of``: the rating's value (``Rag``) for each row of a queryset of
    actions (or, with ``prefix``, of rows that reach an action through it), by the same ordered
    lines, so a rating can be counted, filtered and grouped in the database."""
    *lines, last = RULE
    return Case(
        *(
            When(line.sql(today, due_soon_days, prefix), then=Value(line.rag.value))
            for line in lines
        ),
        default=Value(last.rag),
        output_field=CharField(),
    )
