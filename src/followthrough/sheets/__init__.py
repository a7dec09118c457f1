"""What a spreadsheet would take for a formula ("CSV injection", OWASP), for every writer of
spreadsheets and every reader of uploaded ones: an imported "=HYPERLINK(...)" or
"=cmd|' /C calc'!A0" must come and go as the words it is.

Plain Python, no Django (docs/architecture.md, "Layers"): exports, stages, lessons, bodies and
trackers all use it, so it sits beneath them all."""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def reads_as_formula(value: Any) -> bool:
    """Whether ``value`` is text that Excel, LibreOffice or Google Sheets could take for a
    formula: it starts with one of ``FORMULA_STARTS``, or does after spaces and line breaks.
    Dates and numbers are never text, so never touched."""
    if not isinstance(value, str):
        return False
    return value.lstrip(" \t\r\n").startswith(FORMULA_STARTS) or value.startswith(("\t", "\r"))


# Writing the app's own downloads (openpyxl's write-only mode) -------------------------------

HEADER_FILL_COLOUR = "D9D9D9"
DATE_FORMAT = "d mmm yyyy"


def safe_cell(sheet, value: Any, *, wrap: bool = False, date_format: str = DATE_FORMAT):
    """A write-only cell holding ``value`` as the reader should see it: characters Excel
    refuses removed, text that would run as a formula kept as text, dates as dates."""
    import datetime as dt

    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment

    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = WriteOnlyCell(sheet, value=value)
    if reads_as_formula(value):
        cell.data_type = "s"
        cell.quotePrefix = True
    if isinstance(value, dt.date):
        cell.number_format = date_format
    if wrap:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


def header_row(sheet, columns: list[tuple[str, int]]) -> None:
    """Set each column's width, freeze the header and write it, bold on grey:
    ``columns`` are (title, width in Excel's character widths)."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    for i, (_, width) in enumerate(columns):
        sheet.column_dimensions[get_column_letter(i + 1)].width = width
    sheet.freeze_panes = "A2"
    fill = PatternFill("solid", fgColor=HEADER_FILL_COLOUR)
    header = []
    for title, _ in columns:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = Font(bold=True)
        cell.fill = fill
        header.append(cell)
    sheet.append(header)
