"""The plan as an Excel workbook (openpyxl), for analysts: a sheet of actions and a sheet of
milestones, each with its header row frozen, filters on every column, real date cells, and the
status and RAG cells coloured by RAG.

Text is always text. A value that a spreadsheet would run as a formula ("=HYPERLINK(...)",
"=cmd|' /C calc'!A0", "@SUM(A1)") is written as an explicit string cell with Excel's quote
prefix, so Excel shows it verbatim, never evaluates it, and keeps it text when someone edits
the cell. Characters XML cannot carry (control characters pasted from other programs) are
left out rather than failing the export."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from followthrough.exports.model import PlanExport, Profile
from followthrough.exports.writers.tabular import Column, action_table, milestone_table
from followthrough.sheets import reads_as_formula

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "d mmm yyyy"
FILLS = {
    "red": PatternFill("solid", fgColor="F6D7D2"),
    "amber": PatternFill("solid", fgColor="FFF2BF"),
    "green": PatternFill("solid", fgColor="CCE2D8"),
    "not_rated": PatternFill("solid", fgColor="E8E8E8"),
}
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
COLOURED = {"Status", "RAG", "State today"}


def plan_xlsx(export: PlanExport) -> bytes:
    workbook = Workbook()
    actions = workbook.active
    actions.title = "Actions"
    columns, rows = action_table(export)
    _header(actions, columns)
    coloured = [i for i, c in enumerate(columns, start=1) if c.header in COLOURED]
    for row, values in rows:
        _append(actions, values)
        fill = FILLS.get(row.delivery.rag or "")
        if fill:
            r = actions.max_row
            for i in coloured:
                actions.cell(row=r, column=i).fill = fill
    _finish(actions, columns)

    milestones = workbook.create_sheet("Milestones")
    columns, values = milestone_table(export)
    _header(milestones, columns)
    for line in values:
        _append(milestones, line)
    _finish(milestones, columns)

    review = export.plan.review
    workbook.properties.title = _xml_text(f"{review.title}: action plan")
    workbook.properties.creator = "Followthrough"
    workbook.properties.description = (
        "Public profile: agencies only, no names."
        if export.profile is Profile.PUBLIC
        else "Internal profile: contains personal data. OFFICIAL-SENSITIVE, do not publish."
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xml_text(text: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def _append(sheet, values: list) -> None:
    """A row of values; text that would read as a formula is a string cell, quote-prefixed."""
    values = [_xml_text(v) if isinstance(v, str) else v for v in values]
    sheet.append(values)
    for cell, value in zip(sheet[sheet.max_row], values, strict=False):
        if reads_as_formula(value):
            cell.data_type = "s"
            cell.quotePrefix = True


def _header(sheet, columns: list[Column]) -> None:
    sheet.append([c.header for c in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _finish(sheet, columns: list[Column]) -> None:
    last = get_column_letter(len(columns))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{last}{max(sheet.max_row, 1)}"
    wrapped = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    for i, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = column.width
    for row in sheet.iter_rows(min_row=2):
        for cell, column in zip(row, columns, strict=False):
            cell.alignment = wrapped if column.wrap else top
            if isinstance(cell.value, dt.date):
                cell.number_format = DATE_FORMAT
