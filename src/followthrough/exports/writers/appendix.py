"""The board pack's Excel appendix: every action the pack covers, and every progress update
(and, internally, every comment) since its date, one row each. Plain Python (openpyxl).

Written in openpyxl's write-only mode, row by row as the rows arrive (``selectors.appendix``
reads them from the database in chunks), straight to a file: its memory does not grow with the
number of actions. Text that a spreadsheet would run as a formula is written as text, with
Excel's quote prefix, as in the plan's spreadsheet (``writers.xlsx``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from followthrough.exports.model import Profile
from followthrough.sheets import reads_as_formula

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "d mmm yyyy"
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")


@dataclass(frozen=True)
class Column:
    header: str
    width: float
    internal_only: bool = False


ACTION_COLUMNS = [
    Column("Review", 30),
    Column("Reference", 16),
    Column("Recommendation", 10),
    Column("Action", 60),
    Column("Lead agencies", 28),
    Column("Leads", 36, internal_only=True),
    Column("Target date", 13),
    Column("Target as written", 18),
    Column("Times the target date was revised", 10),
    Column("Status", 16),
    Column("RAG", 10),
    Column("Where it stands", 20),
    Column("Completed on", 13),
    Column("Last progress update", 13),
    Column("Link", 40, internal_only=True),
]
CHANGE_COLUMNS = [
    Column("Date", 13),
    Column("Review", 30),
    Column("Recommendation", 10),
    Column("Action", 60),
    Column("What happened", 24),
    Column("By", 20, internal_only=True),
    Column("Note", 60, internal_only=True),
]


def columns_for(columns: list[Column], profile: Profile) -> list[Column]:
    return [c for c in columns if not (c.internal_only and profile is Profile.PUBLIC)]


def _text(value: Any) -> Any:
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def _sheet(workbook: Workbook, title: str, columns: list[Column], rows: Iterable[dict]) -> int:
    """A sheet with a bold header row frozen and one row per item of ``rows`` (dicts by
    header). Returns how many rows it wrote."""
    sheet = workbook.create_sheet(title)
    for i, column in enumerate(columns):
        sheet.column_dimensions[get_column_letter(i + 1)].width = column.width
    sheet.freeze_panes = "A2"
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=column.header)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        header.append(cell)
    sheet.append(header)
    count = 0
    for row in rows:
        cells = []
        for column in columns:
            value = _text(row.get(column.header))
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, dt.date):
                cell.number_format = DATE_FORMAT
            elif reads_as_formula(value):
                cell.data_type = "s"
                cell.quotePrefix = True
            cells.append(cell)
        sheet.append(cells)
        count += 1
    return count


def appendix_xlsx(
    out: IO[bytes],
    *,
    title: str,
    profile: Profile,
    actions: Iterable[dict],
    changes: Iterable[dict],
    progress=None,
) -> int:
    """Write the appendix to ``out``; the number of actions written. ``progress(n)`` is
    called every thousand actions."""
    workbook = Workbook(write_only=True)
    workbook.properties.title = _text(f"{title}: board pack appendix")[:250]
    workbook.properties.creator = "Followthrough"
    workbook.properties.description = (
        "Public profile: agencies only, no names, no notes."
        if profile is Profile.PUBLIC
        else "Internal profile: contains personal data. OFFICIAL-SENSITIVE, do not publish."
    )

    def counted(rows):
        for n, row in enumerate(rows, start=1):
            if progress and n % 1000 == 0:
                progress(n)
            yield row

    written = _sheet(workbook, "Actions", columns_for(ACTION_COLUMNS, profile), counted(actions))
    _sheet(workbook, "Changes since the date", columns_for(CHANGE_COLUMNS, profile), changes)
    workbook.save(out)
    return written
