"""The recurring lessons report as Excel: one row per member of each group, with its group.
Text a spreadsheet would run as a formula is written as text (exports.writers.tabular)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from followthrough.lessons.selectors import LessonGroup
from followthrough.sheets import reads_as_formula

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")

COLUMNS = [
    ("Group", 8),
    ("Recommendations in group", 14),
    ("Reviews in group", 10),
    ("Implemented in group", 12),
    ("Implementation rate", 12),
    ("Partnership", 24),
    ("Review type", 26),
    ("Reference", 14),
    ("Year", 8),
    ("Number", 8),
    ("Recommendation", 80),
    ("Outcome", 20),
]


def _cell(sheet, value, *, wrap: bool = False):
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = WriteOnlyCell(sheet, value=value)
    if reads_as_formula(value):
        cell.data_type = "s"
        cell.quotePrefix = True
    if wrap:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


def recurring_lessons_xlsx(out: IO[bytes], groups: Iterable[LessonGroup]) -> int:
    """Write the groups to ``out``; returns how many rows (members) it wrote."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Recurring lessons")
    for i, (_, width) in enumerate(COLUMNS):
        sheet.column_dimensions[get_column_letter(i + 1)].width = width
    sheet.freeze_panes = "A2"
    header = []
    for title, _ in COLUMNS:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        header.append(cell)
    sheet.append(header)
    count = 0
    for number, group in enumerate(groups, start=1):
        for member in group.members:
            sheet.append(
                [
                    _cell(sheet, number),
                    _cell(sheet, group.size),
                    _cell(sheet, group.review_count),
                    _cell(sheet, group.implemented),
                    _cell(sheet, f"{group.implementation_percent}%"),
                    _cell(sheet, member.partnership_name),
                    _cell(sheet, member.review_type_label),
                    _cell(sheet, member.reference),
                    _cell(sheet, member.year),
                    _cell(sheet, member.number),
                    _cell(sheet, member.text, wrap=True),
                    _cell(sheet, member.outcome_label),
                ]
            )
            count += 1
    workbook.save(out)
    return count
