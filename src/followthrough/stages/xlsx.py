"""A partnership's reviews in progress as an Excel workbook: the rows the page lists, one per
review. Text a spreadsheet would run as a formula is written as text."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Font

from followthrough.sheets import reads_as_formula
from followthrough.stages.selectors import ReviewInProgress

HEADERS = [
    "Review",
    "Reference",
    "Type",
    "Next stage",
    "Stage with the pressing clock",
    "Due on",
    "Clock",
    "Days late",
    "Days left",
    "Extended to",
    "Reason for the extension",
]
DATE_FORMAT = "d mmm yyyy"


def _cell(sheet, value):
    cell = Cell(sheet, value=value)
    if isinstance(value, dt.date):
        cell.number_format = DATE_FORMAT
    elif reads_as_formula(value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def in_progress_workbook(partnership, items: list[ReviewInProgress], today: dt.date) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Reviews in progress"
    sheet.append([f"Reviews in progress: {partnership.name}"])
    sheet["A1"].font = Font(bold=True)
    sheet.append([f"On {today.isoformat()}"])
    sheet.append(HEADERS)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for item in items:
        row = item.clock
        state = item.state
        extension = row.extension if row is not None else None
        values = [
            item.review.title,
            item.review.reference,
            item.review.get_review_type_display(),
            item.next.label if item.next else "",
            row.label if row is not None else "",
            state.due_on,
            state.label,
            state.days_late or None,
            state.days_left if state.status in ("on_time", "due_soon") else None,
            extension.due_on if extension else None,
            extension.reason if extension else "",
        ]
        sheet.append([_cell(sheet, value) for value in values])
    for column, width in zip(
        "ABCDEFGHIJK", [60, 16, 34, 50, 50, 14, 18, 10, 10, 14, 50], strict=True
    ):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A4"
    out = BytesIO()
    book.save(out)
    return out.getvalue()
