"""The way out when a document cannot be read, or was read only in part: an Excel workbook in
the Home Office template's columns, which Followthrough's own reader reads back.

Filled with what was read (``plan_template(plan)``), to complete offline and upload again, or
blank (``plan_template(None, ...)``) for a document that could not be read at all. A row to a
milestone: an action's first row has all of it, each further row (the recommendation and the
action repeated, so that the reader keeps them together) one more milestone and its date, and a
last row the action's own target date when it is not its last milestone's. Leads are one to a
line, "Name - Role (Agency)". Both read back as written (``tests/imports/test_template.py``).

Every cell is written as text, so nothing in it is ever a formula: a value that starts with =,
+, - or @ is a string cell with Excel's quote prefix (as the Excel export does).
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from followthrough import interchange
from followthrough.interchange.model import STATUS_LABELS
from followthrough.parsing.words import RANK_PREFIXES
from followthrough.sheets import reads_as_formula

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET = "Action plan"
HELP_SHEET = "How to fill this in"
# The header row, in the Home Office template's words, each of which the reader maps to its
# column (``parsing/columns.py``), and each column's width in Excel's character widths.
COLUMNS = [
    ("Number", 9),
    ("Recommendation", 40),
    ("Scope", 11),
    ("Action", 40),
    ("Lead", 30),
    ("Key milestones", 40),
    ("Target date", 16),
    ("Date of completion", 16),
    ("Outcome", 36),
    ("Status", 14),
]
HEADER_ROW = 4  # the review's title, its partnership, a blank row, then the header
_RANKS = {rank.lower() for rank in RANK_PREFIXES}
_HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")

HELP = [
    "How to fill in this template",
    "",
    "Followthrough reads this workbook back when you upload it on the Import a plan page. Keep "
    "the header row's words as they are; you may widen columns and add rows.",
    "",
    "Cell A1 is the title of the review, for example: Domestic Homicide Review into the death "
    "of Alex. Use the pseudonym agreed with the family. Never enter a real name. Cell A2 is the "
    "partnership that owns the review.",
    "",
    "Each action starts on a row of its own. Write its recommendation on every row of the "
    "recommendation's actions, word for word the same, so that they stay together.",
    "",
    "Number: the recommendation's number, for example 3.",
    "Scope: local, regional or national.",
    "Action: what will be done.",
    "Lead: who leads the action, one lead to a line, as Name - Role (Agency), for example: "
    "Jo Bloggs - Domestic Abuse Lead (Northshire Council). Leave out what the plan does not "
    "say: Domestic Abuse Lead (Northshire Council), or the agency alone.",
    "Key milestones: the action's first milestone, numbered, for example: 1. Draft the policy. "
    "Put each further milestone on a row of its own below, with the recommendation and the "
    "action copied into that row word for word and the other cells left empty.",
    "Target date: the date of the milestone on the same row, for example 31 March 2026 or "
    "March 2026. An action with no milestones: its target date. An action whose own target "
    "date is later than its last milestone's: one more row with only that date.",
    "Date of completion: when the action was completed, if it has been.",
    "Outcome: what happened.",
    "Status: Not started, In progress, Completed, Not achieved or Superseded.",
    "",
    "Everything you type is read as text: nothing is worked out as a formula.",
]


def _text(value) -> str:
    """A value as the cell's text, with the characters XML cannot carry left out."""
    return ILLEGAL_CHARACTERS_RE.sub("", "" if value is None else str(value))


def _put(sheet, row: int, column: int, value) -> None:
    """Write ``value`` as a text cell: never a number, a date or a formula."""
    text = _text(value)
    cell = sheet.cell(row=row, column=column)
    cell.value = text or None
    if text:
        cell.data_type = "s"
        if reads_as_formula(text):
            cell.quotePrefix = True


def _lead_lines(action: interchange.Action) -> str:
    """The lead cell: one lead to a line, as "Name - Role (Agency)", or "Rank Name (Agency)"
    for a police rank, the ways the reader reads a lead."""
    lines = []
    for lead in action.leads:
        if lead.name and lead.role and lead.role.lower().rstrip(".") in _RANKS:
            who = f"{lead.role} {lead.name}"
        else:
            who = " - ".join(part for part in (lead.name, lead.role) if part)
        if lead.agency:
            who = f"{who} ({lead.agency})" if who else lead.agency
        lines.append(who)
    return "\n".join(line for line in lines if line)


def _date_text(date, text) -> str:
    if date is not None:
        return date.display()
    return text or ""


def _action_rows(action: interchange.Action) -> list[tuple[str, str]]:
    """The key milestone and target date of each of the action's rows: a milestone to a row,
    then a row for the action's own date if it is later than its last milestone's."""
    rows = []
    for ms in action.milestones:
        number = f"{ms.number}. " if ms.number is not None else ""
        rows.append((f"{number}{ms.text}", _date_text(ms.target_date, ms.target_date_text)))
    own = _date_text(action.target_date, action.target_date_text)
    dated = [ms.target_date for ms in action.milestones if ms.target_date is not None]
    latest = max(dated, key=lambda d: d.due_on) if dated else None
    if own and (not rows or action.target_date is None or action.target_date != latest):
        rows.append(("", own))
    return rows or [("", "")]


def _rows(plan: interchange.ActionPlan):
    for rec in plan.recommendations:
        head = [rec.number, rec.text, rec.scope.capitalize() if rec.scope else ""]
        if not rec.actions:
            yield [*head, "", "", "", "", "", "", ""]
        for action in rec.actions:
            status = STATUS_LABELS.get(action.status or "", "")
            completed = action.completed_on.display() if action.completed_on else ""
            for index, (milestone, date) in enumerate(_action_rows(action)):
                if index == 0:
                    first = [action.text, _lead_lines(action), milestone, date, completed]
                    yield [*head, *first, action.outcome, status]
                else:
                    yield [*head, action.text, "", milestone, date, "", "", ""]


def plan_template(
    plan: interchange.ActionPlan | None, *, title: str = "", partnership: str = ""
) -> bytes:
    """The workbook: ``plan`` as read, or blank (``None``) with ``title`` and ``partnership``
    above the header when known."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    if plan is not None:
        title = plan.review.title or title
        partnership = plan.review.partnership or partnership
    _put(sheet, 1, 1, title or "Title of the review")
    sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
    if partnership:
        _put(sheet, 2, 1, partnership)
    for column, (header, width) in enumerate(COLUMNS, start=1):
        _put(sheet, HEADER_ROW, column, header)
        cell = sheet.cell(row=HEADER_ROW, column=column)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(column)].width = width
    wrapped = Alignment(wrap_text=True, vertical="top")
    rows = list(_rows(plan)) if plan is not None else []
    for offset, values in enumerate(rows, start=1):
        for column, value in enumerate(values, start=1):
            _put(sheet, HEADER_ROW + offset, column, value)
            sheet.cell(row=HEADER_ROW + offset, column=column).alignment = wrapped
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=1)

    guide = workbook.create_sheet(HELP_SHEET)
    guide.column_dimensions["A"].width = 100
    for row, line in enumerate(HELP, start=1):
        _put(guide, row, 1, line)
        guide.cell(row=row, column=1).alignment = Alignment(wrap_text=True, vertical="top")
    guide.cell(row=1, column=1).font = Font(bold=True, size=14)

    workbook.properties.title = _text(f"{title}: action plan template" if title else "Template")
    workbook.properties.creator = "Followthrough"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
