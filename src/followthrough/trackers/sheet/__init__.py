"""The tracker workbook: "my actions" as an Excel sheet to fill in offline, and that sheet read
back. Plain Python, no Django: the reader runs in a limited child process
(``followthrough.sandbox``), as the plan reader and the evidence check do.

One row per action: hidden key columns (the action's id, its version at download and the ids of
its milestones in the order they are numbered), what the action is (shown, locked), then the
columns to fill in. The sheet is protected without a password, so that a slip does not change
an id or the action's text; the columns to fill in are unlocked, and filters, sorting and
column widths still work.

Every cell is written as text (a value a spreadsheet would take for a formula,
``followthrough.sheets.reads_as_formula``, is a string cell with Excel's quote prefix, as the
exports write them). Reading back, a cell holding a formula gives
the formula's own text ("=HYPERLINK(...)"), never a value worked out from it: the workbook is
opened with ``data_only=False`` and nothing is evaluated.

Before openpyxl opens an upload, it must be an Excel package and pass the same checks as an
imported plan (``parsing.formats.package.open_package``: unpacked size, zip-bomb ratio, no
encrypted part, no XML document type declaration); then at most ``MAX_ROWS`` rows are read.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from followthrough.parsing.errors import ParseError
from followthrough.parsing.formats.package import EXCEL, open_package
from followthrough.parsing.limits import Limits
from followthrough.parsing.sniff import is_zip, zip_format
from followthrough.sheets import reads_as_formula

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET = "My actions"
HELP_SHEET = "How to fill this in"
MAX_ROWS = 5_000  # actions in one upload: far more than one lead or partnership has open
MAX_CELL = 32_767  # Excel's own limit on the text of one cell
_HEADER_SEARCH = 10  # the header is the first row; a person may have added a few above it

KEY, SHOWN, FILL = "key", "shown", "fill"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: int
    kind: str


COLUMNS = [
    Column("action_id", "Action id", 10, KEY),
    Column("version", "Version at download", 10, KEY),
    Column("milestone_ids", "Milestone ids", 12, KEY),
    Column("partnership", "Partnership", 18, SHOWN),
    Column("review", "Review", 28, SHOWN),
    Column("recommendation", "Recommendation", 40, SHOWN),
    Column("action", "Action", 45, SHOWN),
    Column("leads", "Lead", 22, SHOWN),
    Column("target", "Target date", 14, SHOWN),
    Column("status", "Current status", 16, SHOWN),
    Column("milestones", "Milestones", 40, SHOWN),
    Column("new_status", "New status", 16, FILL),
    Column("narrative", "Progress narrative", 45, FILL),
    Column("milestones_done", "Milestones done (numbers)", 14, FILL),
    Column("completed_on", "Date of completion", 14, FILL),
    Column("outcome", "Outcome", 40, FILL),
    Column("proposed_date", "Proposed new target date", 16, FILL),
    Column("reason", "Reason for the new date", 40, FILL),
]
KEYS = [c.key for c in COLUMNS if c.kind == KEY]
SHOWN_KEYS = [c.key for c in COLUMNS if c.kind == SHOWN]
FILL_KEYS = [c.key for c in COLUMNS if c.kind == FILL]
_BY_HEADER = {" ".join(c.header.lower().split()): c.key for c in COLUMNS}

_HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
_TO_FILL = PatternFill("solid", fgColor="FFF7BF")

NOT_A_WORKBOOK = (
    "The file is not an Excel workbook (.xlsx): upload the spreadsheet you downloaded from "
    "Followthrough, saved in Excel's own format"
)
NOT_A_TRACKER = (
    "The spreadsheet has no 'Action id' and 'Version at download' columns, so it is not one "
    "downloaded from Followthrough: download your actions again, fill that in and upload it"
)


class TrackerRefused(Exception):
    """The file cannot be read as a tracker; the message is one sentence for the person."""


# Writing ------------------------------------------------------------------------------------


def _text(value) -> str:
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


def write_tracker(
    lines: list[dict[str, str]], *, statuses: list[str], help_lines: list[str], title: str
) -> bytes:
    """The workbook: a row for each of ``lines`` (values by the keys of ``COLUMNS``; the
    columns to fill in start empty), a list of ``statuses`` to choose the new status from,
    and a sheet of ``help_lines``."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    wrapped = Alignment(wrap_text=True, vertical="top")
    for number, column in enumerate(COLUMNS, start=1):
        _put(sheet, 1, number, column.header)
        cell = sheet.cell(row=1, column=number)
        cell.font = Font(bold=True)
        cell.fill = _TO_FILL if column.kind == FILL else _HEADER_FILL
        cell.alignment = wrapped
        letter = get_column_letter(number)
        sheet.column_dimensions[letter].width = column.width
        if column.kind == KEY:
            sheet.column_dimensions[letter].hidden = True
    unlocked = Protection(locked=False)
    for row, line in enumerate(lines, start=2):
        for number, column in enumerate(COLUMNS, start=1):
            if column.kind != FILL:
                _put(sheet, row, number, line.get(column.key, ""))
            cell = sheet.cell(row=row, column=number)
            cell.alignment = wrapped
            if column.kind == FILL:
                cell.protection = unlocked
    last = len(lines) + 1
    if lines:
        status_column = get_column_letter(_number("new_status"))
        choose = DataValidation(
            type="list",
            formula1='"' + ",".join(statuses) + '"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="New status",
            error="Choose one of the statuses in the list, or leave it empty.",
            promptTitle="New status",
            prompt="Leave it empty to keep the current status.",
            showInputMessage=True,
        )
        choose.add(f"{status_column}2:{status_column}{last}")
        sheet.add_data_validation(choose)
    sheet.freeze_panes = "E2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{last}"
    protection = sheet.protection
    protection.sheet = True
    # Allowed on the protected sheet: what a person does to read it (False: not protected).
    protection.autoFilter = protection.sort = False
    protection.formatColumns = protection.formatRows = protection.formatCells = False

    guide = workbook.create_sheet(HELP_SHEET)
    guide.column_dimensions["A"].width = 100
    for row, line in enumerate(help_lines, start=1):
        _put(guide, row, 1, line)
        guide.cell(row=row, column=1).alignment = wrapped
    guide.cell(row=1, column=1).font = Font(bold=True, size=14)
    workbook.properties.title = _text(title)
    workbook.properties.creator = "Followthrough"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _number(key: str) -> int:
    return next(i for i, c in enumerate(COLUMNS, start=1) if c.key == key)


# Reading ------------------------------------------------------------------------------------


def read_tracker(data: bytes, *, max_rows: int = MAX_ROWS) -> dict:
    """The filled-in rows of a tracker: ``{"rows": [...], "skipped": n}``, each row a dict of
    the text of its key and fill-in columns (by key) and ``"row"``, its row number in the
    sheet; ``skipped`` counts the action rows with nothing filled in. Raises ``TrackerRefused``."""
    _check_package(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds on a malformed workbook
        raise TrackerRefused(
            "The Excel workbook cannot be opened: it is damaged or not really a .xlsx "
            f"({exc.__class__.__name__}). Open it in Excel, save it again and upload it again"
        ) from None
    try:
        return _read_rows(_tracker_sheet(workbook), max_rows)
    except TrackerRefused:
        raise
    except Exception as exc:
        raise TrackerRefused(
            "The Excel workbook is damaged: its sheet cannot be read "
            f"({exc.__class__.__name__}). Open it in Excel, save it again and upload it again"
        ) from None
    finally:
        workbook.close()


def read_in_child(payload: bytes) -> dict:
    """What the sandbox's child runs (``followthrough.sandbox``)."""
    return read_tracker(payload)


def _check_package(data: bytes) -> None:
    if not is_zip(data):
        raise TrackerRefused(NOT_A_WORKBOOK)
    try:
        if zip_format(data, extension=".xlsx") != "xlsx":
            raise TrackerRefused(NOT_A_WORKBOOK)
        open_package(data, EXCEL, Limits()).close()
    except ParseError as exc:
        message = str(exc).replace("save the plan", "save the spreadsheet")
        raise TrackerRefused(message[:1].upper() + message[1:]) from None


def _tracker_sheet(workbook):
    if SHEET in workbook.sheetnames:
        return workbook[SHEET]
    visible = [s for s in workbook.worksheets if s.sheet_state == "visible"]
    if not visible:
        raise TrackerRefused(NOT_A_TRACKER)
    return visible[0]


def _read_rows(sheet, max_rows: int) -> dict:
    columns: dict[int, str] | None = None
    rows: list[dict] = []
    skipped = 0
    for number, cells in enumerate(sheet.iter_rows(), start=1):
        if columns is None:
            if number > _HEADER_SEARCH:
                break
            columns = _header(cells)
            continue
        values = {key: "" for key in (*KEYS, *FILL_KEYS)}
        for index, cell in enumerate(cells):
            key = columns.get(index)
            if key in values and cell.value is not None:
                values[key] = _cell_text(cell)
        if not any(values.values()):
            continue  # an empty row
        if not any(values[key] for key in FILL_KEYS):
            skipped += 1
            continue
        if len(rows) >= max_rows:
            raise TrackerRefused(
                f"The spreadsheet has more than {max_rows:,} filled-in rows: upload at most "
                f"{max_rows:,} at a time"
            )
        rows.append({"row": number, **values})
    if columns is None:
        raise TrackerRefused(NOT_A_TRACKER)
    return {"rows": rows, "skipped": skipped}


def _header(cells) -> dict[int, str] | None:
    """The keys of the tracker's columns by their place, if ``cells`` is its header row."""
    found = {}
    for index, cell in enumerate(cells):
        if isinstance(cell.value, str):
            key = _BY_HEADER.get(" ".join(cell.value.lower().split()))
            if key is not None and key not in found.values():
                found[index] = key
    if "action_id" in found.values() and "version" in found.values():
        return found
    return None


def _cell_text(cell) -> str:
    value = cell.value
    if isinstance(value, dt.datetime | dt.date):
        text = _date_text(value, getattr(cell, "number_format", "") or "")
    elif isinstance(value, bool):
        text = "TRUE" if value else "FALSE"
    elif isinstance(value, float):
        text = str(int(value)) if value.is_integer() else f"{value:g}"
    elif isinstance(value, str):
        text = value.replace("\r\n", "\n").replace("_x000D_", "")
    else:  # an array formula or any other object: its own text, never its value
        text = str(getattr(value, "text", None) or value)
    if len(text) > MAX_CELL:
        raise TrackerRefused(
            f"A cell of row {cell.row} has {len(text):,} characters; a cell holds at most "
            f"{MAX_CELL:,}: shorten it and upload the spreadsheet again"
        )
    return text.strip()


def _date_text(value: dt.date, number_format: str) -> str:
    """A date cell as a person reads it: "27 March 2026", or "March 2026" when its format
    shows no day (a month typed into a cell, which Excel stores as the month's first day)."""
    shown = re.sub(r'\[[^\]]*\]|"[^"]*"', "", number_format.lower())
    if "m" in shown and "d" not in shown:
        return f"{value:%B %Y}"
    return f"{value.day} {value:%B %Y}"
