"""One action built from one logical row of the table."""

from __future__ import annotations

from followthrough.interchange import Action
from followthrough.parsing.cleanup import repeated_words
from followthrough.parsing.columns import Col
from followthrough.parsing.dates import find_dates, latest
from followthrough.parsing.leads import parse_leads
from followthrough.parsing.milestones import assign_dates, split_milestones
from followthrough.parsing.outcome import read_outcome, status_from_text
from followthrough.parsing.rows import LogicalRow
from followthrough.parsing.words import counted


def has_action(row: LogicalRow) -> bool:
    """Whether the row says anything about an action (not only a recommendation)."""
    return any(row.text(col) for col in row.fragments if col not in _NOT_ACTION)


_NOT_ACTION = {Col.NUMBER, Col.THEME, Col.RECOMMENDATION, Col.SCOPE}


def build_action(row: LogicalRow) -> Action:
    notes: list[str] = []
    action = Action(text=row.text(Col.ACTION), warnings=notes)
    if not action.text:
        notes.append("action: the row has no action text")
    elif garbled := repeated_words(action.text):
        notes.append(f"action: '{garbled}' looks garbled by the extraction")
    action.leads = parse_leads(row.text(Col.LEAD), notes)
    if not action.leads:
        notes.append("lead: no lead is named")

    target_text = row.text(Col.TARGET)
    dates = find_dates(target_text)
    if target_text and not dates:
        notes.append(f"target date: '{target_text}' is not a date")
    expected = len(dates) if len(dates) > 1 else None
    action.milestones = split_milestones(row.text(Col.MILESTONES), expected=expected, notes=notes)
    assign_dates(action.milestones, dates, notes)
    action.target_date = latest(dates)
    if len(dates) > 1 and not action.milestones:
        notes.append(f"target date: {len(dates)} dates and no milestones; took the latest")
    if action.target_date is None:
        notes.append("target date: none given")

    outcome = read_outcome(
        row.text(Col.OUTCOME), holds_completion_date=row.columns.outcome_holds_completion_date
    )
    action.outcome, action.status = outcome.text, outcome.status
    action.completed_on = outcome.completed_on
    notes.extend(outcome.notes)

    completed = find_dates(row.text(Col.COMPLETED))
    if completed:
        action.completed_on = latest(completed)
        action.status = action.status or "completed"
    status_text = row.text(Col.STATUS)
    if status_text:
        action.status = status_from_text(status_text) or action.status
    _note_joins(row, notes)
    return action


def _note_joins(row: LogicalRow, notes: list[str]) -> None:
    if row.joined_across_pages:
        notes.append(
            f"table: the row went on over {counted(row.joined_across_pages, 'page break')}; its "
            "cells were joined"
        )
    if row.joined_on_page:
        notes.append(
            f"table: {counted(row.joined_on_page, 'more row')} read as the rest of this one"
        )
