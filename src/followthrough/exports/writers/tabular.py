"""The columns of the spreadsheet exports (Excel and CSV share them): one row per action, and
one row per milestone. Values are Python values (dates as ``datetime.date``); each writer
formats them its own way, and keeps text that a spreadsheet would run as a formula as text
(``followthrough.sheets.reads_as_formula``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from followthrough.exports.model import PlanExport, Profile, Row
from followthrough.exports.writers.docx import lead_text
from followthrough.interchange import Lead, PartialDate

SCOPE_LABELS = {"local": "Local", "regional": "Regional", "national": "National"}


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[PlanExport, Row], Any]
    width: int = 14  # in Excel's character widths
    internal_only: bool = False  # left out of the public profile
    wrap: bool = False


def _due(date: PartialDate | None) -> dt.date | None:
    return date.due_on if date else None


def _written(date: PartialDate | None, text: str | None) -> str | None:
    return text or (date.display() if date else None)


def _agencies(leads: list[Lead]) -> str:
    names: list[str] = []
    for lead in leads:
        if lead.agency and lead.agency not in names:
            names.append(lead.agency)
    return "; ".join(names)


def _officers(leads: list[Lead]) -> str:
    return "; ".join(lead_text(lead) for lead in leads if lead.name or lead.role)


ACTION_COLUMNS = [
    Column("Plan position", lambda e, r: r.position, 9),
    Column("Review", lambda e, r: e.plan.review.title, 30, wrap=True),
    Column("Reference", lambda e, r: e.plan.review.reference, 14),
    Column("Recommendation number", lambda e, r: r.recommendation.number, 10),
    Column("Theme", lambda e, r: r.recommendation.theme, 20, wrap=True),
    Column("Scope", lambda e, r: SCOPE_LABELS.get(r.recommendation.scope or ""), 10),
    Column("Area", lambda e, r: r.recommendation.area, 16),
    Column("Recommendation", lambda e, r: r.recommendation.text, 50, wrap=True),
    Column("Action", lambda e, r: r.action.text, 50, wrap=True),
    Column("Measure of success", lambda e, r: r.action.measure, 40, wrap=True),
    Column("Lead agencies", lambda e, r: _agencies(r.action.leads), 24, wrap=True),
    Column("Lead officers", lambda e, r: _officers(r.action.leads), 30, True, wrap=True),
    Column("Milestones", lambda e, r: len(r.action.milestones), 11),
    Column("Milestones done", lambda e, r: sum(1 for d in r.delivery.milestones_done if d), 11),
    Column("Target date", lambda e, r: _due(r.action.target_date), 13),
    Column(
        "Target date as written",
        lambda e, r: _written(r.action.target_date, r.action.target_date_text),
        16,
    ),
    Column("First target date", lambda e, r: _due(r.delivery.original_target), 13),
    Column("Target date revisions", lambda e, r: r.delivery.target_revisions, 10),
    Column("Status", lambda e, r: e.status_label(r), 18),
    Column("RAG", lambda e, r: r.delivery.rag_label or None, 10),
    Column("State today", lambda e, r: r.delivery.state_label, 14),
    Column("Completed on", lambda e, r: _due(r.action.completed_on), 13),
    Column("Outcome", lambda e, r: r.action.outcome, 50, True, wrap=True),
]


@dataclass
class MilestoneRow:
    row: Row
    number: int | None
    text: str
    target: PartialDate | None
    target_text: str | None
    done_on: dt.date | None


MILESTONE_COLUMNS = [
    Column("Plan position", lambda e, m: m.row.position, 9),
    Column("Review", lambda e, m: e.plan.review.title, 30, wrap=True),
    Column("Recommendation number", lambda e, m: m.row.recommendation.number, 10),
    Column("Action", lambda e, m: m.row.action.text, 50, wrap=True),
    Column("Lead agencies", lambda e, m: _agencies(m.row.action.leads), 24, wrap=True),
    Column("Milestone number", lambda e, m: m.number, 10),
    Column("Milestone", lambda e, m: m.text, 50, wrap=True),
    Column("Target date", lambda e, m: _due(m.target), 13),
    Column("Target date as written", lambda e, m: _written(m.target, m.target_text), 16),
    Column("Done on", lambda e, m: m.done_on, 13),
]


def columns_for(columns: list[Column], profile: Profile) -> list[Column]:
    if profile is Profile.PUBLIC:
        return [c for c in columns if not c.internal_only]
    return list(columns)


def milestone_rows(export: PlanExport) -> list[MilestoneRow]:
    out = []
    for row in export.rows():
        done = row.delivery.milestones_done
        for i, ms in enumerate(row.action.milestones):
            out.append(
                MilestoneRow(
                    row=row,
                    number=ms.number,
                    text=ms.text,
                    target=ms.target_date,
                    target_text=ms.target_date_text,
                    done_on=done[i] if i < len(done) else None,
                )
            )
    return out


def action_table(export: PlanExport) -> tuple[list[Column], list[tuple[Row, list[Any]]]]:
    columns = columns_for(ACTION_COLUMNS, export.profile)
    return columns, [(row, [c.value(export, row) for c in columns]) for row in export.rows()]


def milestone_table(export: PlanExport) -> tuple[list[Column], list[list[Any]]]:
    columns = columns_for(MILESTONE_COLUMNS, export.profile)
    return columns, [[c.value(export, m) for c in columns] for m in milestone_rows(export)]
