"""The recurring lessons report as Excel: one row per member of each group, with its group.
Text a spreadsheet would run as a formula is written as text (exports.writers.tabular)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO

from openpyxl import Workbook

from followthrough.lessons.selectors import LessonGroup
from followthrough.sheets import header_row, safe_cell

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

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


def recurring_lessons_xlsx(out: IO[bytes], groups: Iterable[LessonGroup]) -> int:
    """Write the groups to ``out``; returns how many rows (members) it wrote."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Recurring lessons")
    header_row(sheet, COLUMNS)
    count = 0
    for number, group in enumerate(groups, start=1):
        for member in group.members:
            sheet.append(
                [
                    safe_cell(sheet, number),
                    safe_cell(sheet, group.size),
                    safe_cell(sheet, group.review_count),
                    safe_cell(sheet, group.implemented),
                    safe_cell(sheet, f"{group.implementation_percent}%"),
                    safe_cell(sheet, member.partnership_name),
                    safe_cell(sheet, member.review_type_label),
                    safe_cell(sheet, member.reference),
                    safe_cell(sheet, member.year),
                    safe_cell(sheet, member.number),
                    safe_cell(sheet, member.text, wrap=True),
                    safe_cell(sheet, member.outcome_label),
                ]
            )
            count += 1
    workbook.save(out)
    return count
