"""The national figures as an Excel workbook: one sheet per facet, the same cells the page
shows (a hidden count is the text "fewer than 5", a total that takes one in is a range), and a
sheet that says what each outcome means and what was hidden."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font

from followthrough.oversight.selectors import (
    OUTCOME_MEANINGS,
    OUTCOMES,
    THRESHOLD,
    NationalFigures,
)

SUPPRESSION_NOTE = (
    f"Counts from 1 to {THRESHOLD - 1} are shown as 'fewer than {THRESHOLD}'. A total that "
    "includes such a count is shown as the range the other figures already imply (for "
    "example '23 to 26'), so that it cannot be used to work the hidden count out."
)


RESPONSES_NOTE = (
    "Each recommendation addressed to a body counts once, in one column: its response, else "
    "acknowledged only, no response, or overdue (no response after the body's response period)."
)


def _cell(text: str):
    """A number as a number, the rest ('fewer than 5', '23 to 26') as text."""
    return int(text) if text.isdigit() else text


def figures_workbook(figures: NationalFigures, today: dt.date) -> bytes:
    book = Workbook()
    about = book.active
    about.title = "About"
    bold = Font(bold=True)
    about.append(["National figures: recommendations of every partnership, by outcome"])
    about["A1"].font = bold
    about.append([f"Made on {today.isoformat()}"])
    filters = figures.filters
    about.append([f"Type of review: {filters.review_type or 'all'}"])
    about.append([f"Year: {filters.year if filters.year is not None else 'all'}"])
    about.append([SUPPRESSION_NOTE])
    about.append([])
    about.append(["Outcome", "What it means"])
    for outcome in OUTCOMES:
        about.append([outcome.label, OUTCOME_MEANINGS[outcome]])
    about.column_dimensions["A"].width = 24
    about.column_dimensions["B"].width = 100
    for table in figures.tables:
        sheet = book.create_sheet(table.title.removeprefix("Recommendations by ").capitalize())
        sheet.append([table.title])
        sheet["A1"].font = bold
        if table.note:
            sheet.append([table.note])
        sheet.append([table.row_heading, *[o.label for o in OUTCOMES], "Total"])
        for c in sheet[sheet.max_row]:
            c.font = bold
        for row in table.rows:
            sheet.append(
                [row.label, *[_cell(cell.display) for cell in row.cells], _cell(row.total)]
            )
        sheet.append(["Total", *[_cell(t) for t in table.column_totals], _cell(table.grand_total)])
        sheet.column_dimensions["A"].width = 50
    if figures.responses is not None:
        _responses_sheet(book.create_sheet("National bodies"), figures.responses, bold)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _responses_sheet(sheet, responses, bold) -> None:
    """Recommendations addressed to national bodies, by body and answer (bodies.selectors)."""
    sheet.append(["Recommendations addressed to national bodies, by the body's answer"])
    sheet["A1"].font = bold
    sheet.append([RESPONSES_NOTE])
    sheet.append(["National body", *[label for _, label in responses.categories], "Total"])
    for c in sheet[sheet.max_row]:
        c.font = bold
    for row in responses.rows:
        sheet.append([row.label, *[_cell(cell) for cell in row.cells], _cell(row.total)])
    sheet.append(
        [
            "Total",
            *[_cell(t) for t in responses.column_totals],
            _cell(responses.grand_total),
        ]
    )
    sheet.column_dimensions["A"].width = 50
