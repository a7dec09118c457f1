"""The plan as an Excel workbook (openpyxl), for analysts: a sheet of actions and a sheet of
milestones, each with its header row frozen, filters on every column, real date cells, and the
status and RAG cells coloured by RAG."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from followthrough.exports.model import PlanExport, Profile
from followthrough.exports.writers.tabular import Column, action_table, milestone_table

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
        actions.append(values)
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
        milestones.append(line)
    _finish(milestones, columns)

    review = export.plan.review
    workbook.properties.title = f"{review.title}: action plan"
    workbook.properties.creator = "Followthrough"
    workbook.properties.description = (
        "Public profile: agencies only, no names."
        if export.profile is Profile.PUBLIC
        else "Internal profile: contains personal data. OFFICIAL-SENSITIVE, do not publish."
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


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
