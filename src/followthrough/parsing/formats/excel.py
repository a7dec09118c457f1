"""Excel (.xlsx): each visible sheet's rows, in order, with openpyxl in read-only mode.

Read-only mode streams the sheets (memory stays small however large the file) but does not
report merged cells, so they are read from each sheet's XML here, in one more streamed pass:
a cell merged down over several rows gives its value to each row it covers (as in Word); a cell
merged across keeps its value in its first column.

Values are written as a person reads them: whole numbers without ".0"; dates as "31 January
2025", or "January 2025" when the cell's format shows no day (a month typed into a cell
formatted "mmm-yy" is stored as the first of the month). Formulas give their last computed
value. When the workbook has more than one sheet with something in it, each sheet's rows come
after a caption block with its name (empty for "Sheet2"), so the interpreter can tell the sheets
apart.
"""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import re
import zipfile

import openpyxl
from defusedxml.ElementTree import iterparse
from defusedxml.ElementTree import parse as parse_xml

from followthrough.parsing.document import Block, Document
from followthrough.parsing.errors import ParseError
from followthrough.parsing.formats.package import EXCEL, open_package

MAX_ROWS = 5_000
MAX_COLUMNS = 100
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_DEFAULT_NAME = re.compile(r"^sheet\s*\d+$", re.I)
_REF = re.compile(r"^([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?$")

Merges = list[tuple[int, int, int, int]]  # first row, first column, last row, last column


def document_from_xlsx(data: bytes, *, name: str | None = None) -> Document:
    with open_package(data, EXCEL) as archive:
        try:
            merges = _merged_ranges(archive)
        except Exception as exc:  # a sheet's XML that cannot be unpacked or parsed
            raise ParseError(
                "the Excel workbook is damaged: a sheet cannot be read "
                f"({exc.__class__.__name__}); open it in Excel, save it again and try again"
            ) from None
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a malformed workbook
        raise ParseError(
            "the Excel workbook cannot be opened: it is damaged or not really a .xlsx "
            f"({exc.__class__.__name__}); open it in Excel, save it again and try again"
        ) from None
    notes: list[str] = []
    sheets: list[tuple[str, list[list[str]]]] = []
    try:
        for sheet in workbook.worksheets:
            if sheet.sheet_state != "visible":
                continue
            rows = _sheet_rows(sheet, merges.get(sheet.title, []), notes)
            if any(any(c.strip() for c in row) for row in rows):
                sheets.append((sheet.title, rows))
    except ParseError:
        raise
    except Exception as exc:
        raise ParseError(
            "the Excel workbook is damaged: a sheet cannot be read "
            f"({exc.__class__.__name__}); open it in Excel, save it again and try again"
        ) from None
    finally:
        workbook.close()
    blocks: list[Block] = []
    for i, (title, rows) in enumerate(sheets):
        if len(sheets) > 1:
            # Where each sheet starts; "Sheet2" says nothing of what is on it.
            name = [] if _DEFAULT_NAME.match(title) else [title]
            blocks.append(Block(name, page_break_before=i > 0, is_caption=True))
        blocks.extend(Block(row) for row in rows)
    return Document(blocks=blocks, name=name, whole_rows=True, notes=notes)


def _sheet_rows(sheet, merges: Merges, notes: list[str]) -> list[list[str]]:
    sheet.reset_dimensions()  # the stored size can be wrong; read what is there
    rows: list[list[str]] = []
    cut_columns = False
    for count, cells in enumerate(sheet.iter_rows(), start=1):
        if count > MAX_ROWS:
            notes.append(
                f"sheet '{sheet.title}': only the first {MAX_ROWS} rows were read; a plan is "
                "never this long"
            )
            break
        # Rows come in order from row 1, the ones the file leaves out as empty tuples; cells
        # from column 1, the ones it leaves out as empty cells.
        cut_columns = cut_columns or len(cells) > MAX_COLUMNS
        rows.append(["" if c.value is None else _text(c) for c in cells[:MAX_COLUMNS]])
    if cut_columns:
        notes.append(f"sheet '{sheet.title}': columns after the {MAX_COLUMNS}th were not read")
    _fill_merged(rows, merges)
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
    return [_trim(row) for row in rows]


def _fill_merged(rows: list[list[str]], merges: Merges) -> None:
    for first_row, first_col, last_row, _last_col in merges:
        if last_row == first_row or first_row > len(rows) or first_col > MAX_COLUMNS:
            continue
        top = rows[first_row - 1]
        value = top[first_col - 1] if first_col <= len(top) else ""
        for r in range(first_row + 1, min(last_row, len(rows)) + 1):
            row = rows[r - 1]
            if len(row) < first_col:
                row.extend([""] * (first_col - len(row)))
            if not row[first_col - 1].strip():
                row[first_col - 1] = value


def _trim(row: list[str]) -> list[str]:
    end = len(row)
    while end and not row[end - 1].strip():
        end -= 1
    return row[:end]


def _text(cell) -> str:
    value = cell.value
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("_x000D_", "")
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.datetime | dt.date):
        return _date_text(value, getattr(cell, "number_format", "") or "")
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:g}"
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return str(value)


def _date_text(value: dt.date, number_format: str) -> str:
    shown = re.sub(r'\[[^\]]*\]|"[^"]*"', "", number_format.lower())
    if "d" in shown:
        return f"{value.day} {value:%B %Y}"
    if "m" in shown:
        return f"{value:%B %Y}"
    if "y" in shown:
        return f"{value:%Y}"
    return f"{value.day} {value:%B %Y}"


def _merged_ranges(archive: zipfile.ZipFile) -> dict[str, Merges]:
    """The merged ranges of each sheet, by sheet name, read from the sheets' XML."""
    try:
        sheets = _sheet_parts(archive)
    except Exception:
        return {}  # openpyxl will say what is wrong with the workbook
    merges: dict[str, Merges] = {}
    for title, path in sheets.items():
        if path not in archive.namelist():
            continue
        found: Merges = []
        with archive.open(path) as part:
            for _event, element in iterparse(part, events=("end",)):
                if element.tag == f"{_MAIN}mergeCell":
                    span = _span(element.get("ref", ""))
                    if span:
                        found.append(span)
                elif element.tag == f"{_MAIN}row":
                    element.clear()
        merges[title] = found
    return merges


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    with archive.open("xl/workbook.xml") as part:
        workbook = parse_xml(part).getroot()
    with archive.open("xl/_rels/workbook.xml.rels") as part:
        rels = parse_xml(part).getroot()
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.iter(f"{_PKG_REL}Relationship")}
    parts = {}
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_REL}id"), "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        parts[sheet.get("name", "")] = posixpath.normpath(path)
    return parts


def _span(ref: str) -> tuple[int, int, int, int] | None:
    m = _REF.match(ref.replace("$", "").upper())
    if not m:
        return None
    first_col, first_row = _column_number(m.group(1)), int(m.group(2))
    last_col = _column_number(m.group(3)) if m.group(3) else first_col
    last_row = int(m.group(4)) if m.group(4) else first_row
    return first_row, first_col, last_row, last_col


def _column_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - ord("A") + 1
    return n
