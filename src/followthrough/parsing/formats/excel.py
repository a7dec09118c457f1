"""Excel (.xlsx): each visible sheet's rows, in order, with openpyxl in read-only mode.

Read-only mode streams the sheets (memory stays small however large the file) but does not
report merged cells or hidden rows and columns, so they are read from each sheet's XML here, in
one more streamed pass: a cell merged down over several rows gives its value to each row it
covers (as in Word); a cell merged across keeps its value in its first column.

Values are written as a person reads them: whole numbers without ".0"; dates as "31 January
2025", or "January 2025" when the cell's format shows no day (a month typed into a cell
formatted "mmm-yy" is stored as the first of the month). Formulas give their last computed
value. When the workbook has more than one sheet with something in it, each sheet's rows come
after a caption block with its name (empty for "Sheet2"), so the interpreter can tell the sheets
apart.

What the sheet's layout says, the way a person looking at it sees it:

* a header over two rows (a cell merged across "Agency" and "Officer" reads "Lead") becomes one
  header row: "Lead: Agency", "Lead: Officer";
* under the header, a row whose cells are merged across several of the table's columns (a
  totals row typed under the table) is not a row of the table: it is given as text;
* a hidden row is still part of the record (a withdrawn action hidden, not deleted): it is read,
  and a note says so; a hidden column (internal notes) is not the plan's content and is left out,
  unless it holds the recommendations or the actions themselves;
* a status cell with no word, only a colour, reads as the word its colour has elsewhere in the
  column, or as the colour's name ("Green");
* a bare number in a date column, in the General format, is a date typed as Excel counts days
  (44469 is 30 September 2021).
"""

from __future__ import annotations

import colorsys
import datetime as dt
import io
import posixpath
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field

import openpyxl
from defusedxml.ElementTree import parse as parse_xml
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel

from followthrough.parsing.columns import Col, ColumnMap, header_columns
from followthrough.parsing.document import Block, Document
from followthrough.parsing.errors import ParseError
from followthrough.parsing.formats.package import EXCEL, open_package, stream_elements
from followthrough.parsing.limits import Limits, Tally, too_big
from followthrough.parsing.words import counted

MAX_COLUMNS = Limits.columns  # columns past this hold no more than stray cells: not read
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_DEFAULT_NAME = re.compile(r"^sheet\s*\d+$", re.I)
_REF = re.compile(r"^([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?$")
_TRUE = ("1", "true")
# What a cell holds when it holds something: a value, a formula, or text of its own.
_CELL_CONTENT = {f"{_MAIN}v", f"{_MAIN}is"}
# Columns whose cells are dates, where a bare number is one typed as Excel counts days.
_DATE_COLUMNS = {Col.TARGET, Col.REVISED_TARGET, Col.COMPLETED}
# Day numbers of 1 January 1990 and 31 December 2099: a plan's dates fall between.
_FIRST_SERIAL, _LAST_SERIAL = 32_874, 73_050
# A hidden column is read all the same when it holds these: without them there is no plan.
_CORE_COLUMNS = {Col.RECOMMENDATION, Col.ACTION}

Merges = list[tuple[int, int, int, int]]  # first row, first column, last row, last column


@dataclass
class _Layout:
    """What a sheet's XML says of its shape and read-only openpyxl does not (1-based)."""

    merges: Merges = field(default_factory=list)
    hidden_rows: set[int] = field(default_factory=set)
    hidden_columns: set[int] = field(default_factory=set)
    _across: dict[int, Merges] | None = field(default=None, repr=False)

    def across(self, row: int) -> Merges:
        """The merged cells that span two or more columns in ``row``."""
        if self._across is None:
            self._across = {}
            for merge in self.merges:
                top, first, bottom, last = merge
                if last > first:
                    for r in range(top, min(bottom, Limits.rows) + 1):
                        self._across.setdefault(r, []).append(merge)
        return self._across.get(row, [])


@dataclass
class _Grid:
    """A sheet's cells as text, and what else a person sees in them (0-based row, column)."""

    rows: list[list[str]]
    fills: dict[tuple[int, int], str] = field(default_factory=dict)  # a solid fill's colour
    numbers: dict[tuple[int, int], float] = field(default_factory=dict)  # General-format numbers

    def cell(self, row: int, column: int) -> str:
        cells = self.rows[row] if row < len(self.rows) else []
        return cells[column].strip() if column < len(cells) else ""

    def set(self, row: int, column: int, text: str) -> None:
        cells = self.rows[row]
        cells.extend([""] * (column + 1 - len(cells)))
        cells[column] = text


@dataclass
class _Header:
    """A header of the sheet as one row (two rows joined: "Lead: Agency"), and its columns."""

    cells: list[str]
    columns: ColumnMap
    rows: int = 1


# What each row of a sheet is, by where it stands to the headers.
_ABOVE, _HEADER, _SUB_HEADER, _DATA, _LAID_OVER = "above", "header", "sub", "data", "laid over"


def document_from_xlsx(
    data: bytes, *, name: str | None = None, limits: Limits | None = None
) -> Document:
    limits = limits or Limits()
    with open_package(data, EXCEL, limits) as archive:
        try:
            layouts = _layouts(archive, limits)
            _measure_shared_strings(archive, limits)
        except ParseError:
            raise
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
    sheets: list[tuple[str, list[Block]]] = []
    tally = Tally(limits, "the spreadsheet")
    try:
        _check_sheet_count(len(workbook.worksheets), limits)
        for sheet in workbook.worksheets:
            if sheet.sheet_state != "visible":
                continue
            layout = layouts.get(sheet.title, _Layout())
            grid = _read_grid(sheet, notes, tally)
            blocks = _sheet_blocks(grid, layout, sheet.title, workbook.epoch, notes)
            if any(not b.is_blank for b in blocks):
                sheets.append((sheet.title, blocks))
    except ParseError:
        raise
    except Exception as exc:
        raise ParseError(
            "the Excel workbook is damaged: a sheet cannot be read "
            f"({exc.__class__.__name__}); open it in Excel, save it again and try again"
        ) from None
    finally:
        workbook.close()
    document_blocks: list[Block] = []
    for i, (title, blocks) in enumerate(sheets):
        if len(sheets) > 1:
            # Where each sheet starts; "Sheet2" says nothing of what is on it.
            caption = [] if _DEFAULT_NAME.match(title) else [title]
            document_blocks.append(Block(caption, page_break_before=i > 0, is_caption=True))
        document_blocks.extend(blocks)
    return Document(blocks=document_blocks, name=name, whole_rows=True, notes=notes)


def _read_grid(sheet, notes: list[str], tally: Tally) -> _Grid:
    """The sheet's cells as text, with the fill colours and bare numbers that may mean more.
    Rows, cells and characters count towards the workbook's ``tally``."""
    sheet.reset_dimensions()  # the stored size can be wrong; read what is there
    grid = _Grid(rows=[])
    cut_columns = False
    where = f"sheet '{sheet.title}'"
    for cells in sheet.iter_rows():
        # Rows come in order from row 1, the ones the file leaves out as empty tuples; cells
        # from column 1, the ones it leaves out as empty cells.
        cut_columns = cut_columns or len(cells) > MAX_COLUMNS
        r = len(grid.rows)
        row = []
        for c, cell in enumerate(cells[:MAX_COLUMNS]):
            row.append("" if cell.value is None else _text(cell))
            colour = _fill_colour(cell)
            if colour:
                grid.fills[r, c] = colour
            if _is_bare_number(cell):
                grid.numbers[r, c] = cell.value
        tally.row(_trim(row), where)
        grid.rows.append(row)
    if cut_columns:
        notes.append(f"sheet '{sheet.title}': columns after the {MAX_COLUMNS}th were not read")
    return grid


def _sheet_blocks(
    grid: _Grid, layout: _Layout, title: str, epoch: dt.datetime, notes: list[str]
) -> list[Block]:
    """The sheet's rows as blocks, read as the layout shows them (see the module's notes)."""
    _fill_merged(grid.rows, layout.merges)
    while grid.rows and not any(c.strip() for c in grid.rows[-1]):
        grid.rows.pop()
    headers = _headers(grid, layout)
    _leave_out_hidden_columns(grid, layout, headers, title, notes)
    _note_hidden_rows(grid, layout, headers, title, notes)
    kinds = _row_kinds(grid, layout, headers)
    _colour_words(grid, kinds, title, notes)
    _dates_typed_as_numbers(grid, kinds, epoch, title, notes)
    blocks: list[Block] = []
    for r, cells in enumerate(grid.rows):
        kind = kinds[r][0]
        if kind == _HEADER:
            cells = headers[r].cells
        elif kind == _SUB_HEADER:
            cells = []  # read with the row above it
        blocks.append(Block(_trim(cells), is_text=kind == _LAID_OVER))
    return blocks


def _headers(grid: _Grid, layout: _Layout) -> dict[int, _Header]:
    """Every header row of the sheet, by row: two rows read as one where cells merged across
    the first stand over several cells of the second."""
    found: dict[int, _Header] = {}
    for r, cells in enumerate(grid.rows):
        if _in_header(found, r):
            continue
        joined = _two_row_header(grid, layout, r)
        if joined is not None and (columns := header_columns(joined)) is not None:
            found[r] = _Header(joined, columns, rows=2)
        elif (columns := header_columns(cells)) is not None:
            found[r] = _Header(list(cells), columns)
    return found


def _two_row_header(grid: _Grid, layout: _Layout, r: int) -> list[str] | None:
    """Row ``r`` and the row under it as one header, when cells merged across row ``r`` ("Target
    date") stand over two or more cells of the next ("Original", "Revised") and the next row has
    nothing else of its own (the other header cells are merged down over both rows, or empty
    under). Each cell under a merged one reads "Target date: Revised"."""
    groups = [
        (first - 1, last) for top, first, bottom, last in layout.across(r + 1) if top == bottom
    ]
    split = [(a, b) for a, b in groups if sum(1 for c in range(a, b) if grid.cell(r + 1, c)) > 1]
    if not split:
        return None
    under = {c for a, b in split for c in range(a, b)}
    below = grid.rows[r + 1] if r + 1 < len(grid.rows) else []
    for c in range(len(below)):
        if c not in under and grid.cell(r + 1, c) not in ("", grid.cell(r, c)):
            return None
    joined = list(grid.rows[r])
    joined.extend([""] * (len(below) - len(joined)))
    for a, b in split:
        over = grid.cell(r, a)
        for c in range(a, b):
            sub = grid.cell(r + 1, c)
            if sub:
                joined[c] = f"{over}: {sub}" if over else sub
    return joined


def _row_kinds(
    grid: _Grid, layout: _Layout, headers: dict[int, _Header]
) -> list[tuple[str, _Header | None]]:
    """What each row is (above any header, a header, the second row of one, a row of the table,
    or a row laid over the table), with the header it stands under."""
    kinds: list[tuple[str, _Header | None]] = []
    current: _Header | None = None
    for r in range(len(grid.rows)):
        if r in headers:
            current = headers[r]
            kinds.append((_HEADER, current))
        elif current is None:
            kinds.append((_ABOVE, None))
        elif _in_header(headers, r):
            kinds.append((_SUB_HEADER, current))
        elif _laid_over(layout.across(r + 1), current.cells):
            kinds.append((_LAID_OVER, current))
        else:
            kinds.append((_DATA, current))
    return kinds


def _laid_over(across: Merges, header: list[str]) -> bool:
    """Whether a row is laid over the table rather than a row of it: two or more of its cells
    (``across``: those merged across columns) span several of the header's columns ("Total
    actions: 9" over Ref, Recommendation and Scope). One such cell alone is a heading or a
    recommendation written across the table, which the interpreter reads."""
    spanning = 0
    for _top, first, _bottom, last in across:
        names = {header[c].strip() for c in range(first - 1, min(last, len(header)))}
        spanning += len(names - {""}) > 1
    return spanning > 1


def _leave_out_hidden_columns(
    grid: _Grid, layout: _Layout, headers: dict[int, _Header], title: str, notes: list[str]
) -> None:
    """A hidden column (internal notes) is not the plan's content: its cells are left out,
    unless it holds the recommendations or the actions, without which there is no plan."""
    for column in sorted(c for c in layout.hidden_columns if c <= MAX_COLUMNS):
        c = column - 1
        named = [(h.cells[c], h.columns.kinds.get(c)) for h in headers.values() if c < len(h.cells)]
        label = next((" ".join(text.split()) for text, _ in named if text.strip()), "")
        what = f"column {get_column_letter(column)}" + (f" ('{label}')" if label else "")
        core = next((kind for _, kind in named if kind in _CORE_COLUMNS), None)
        if core is not None:
            notes.append(f"sheet '{title}': {what} is hidden but read: it holds the {core}s")
            continue
        filled = [r for r in range(len(grid.rows)) if grid.cell(r, c)]
        if not filled:
            continue
        for r in filled:
            grid.set(r, c, "")
        for header in headers.values():
            if c < len(header.cells):
                header.cells[c] = ""
                header.columns = header_columns(header.cells) or header.columns
        if headers:  # on a sheet with no table, nothing is read anyway
            below = [r for r in filled if r > min(headers) and not _in_header(headers, r)]
            notes.append(
                f"sheet '{title}': {what} is hidden; left out, as not part of the plan "
                f"({counted(len(below), 'cell')})"
            )


def _in_header(headers: dict[int, _Header], r: int) -> bool:
    return r in headers or (r - 1 in headers and headers[r - 1].rows == 2)


def _note_hidden_rows(
    grid: _Grid, layout: _Layout, headers: dict[int, _Header], title: str, notes: list[str]
) -> None:
    """A hidden row is still part of the record (a withdrawn action is hidden, not deleted):
    it is read, and the note says which, on a sheet with a table."""
    hidden = [r for r in sorted(layout.hidden_rows) if r <= len(grid.rows) and any(
        c.strip() for c in grid.rows[r - 1])]  # fmt: skip
    if not hidden or not headers:
        return
    which = ", ".join(str(r) for r in hidden)
    rows = f"row {which} is" if len(hidden) == 1 else f"rows {which} are"
    notes.append(f"sheet '{title}': {rows} hidden; read all the same, as part of the record")


def _colour_words(
    grid: _Grid, kinds: list[tuple[str, _Header | None]], title: str, notes: list[str]
) -> None:
    """A status cell with no word, only a colour: the word that colour has in the other cells
    of its column ("Complete" for the blue of the completed actions), or the colour's name."""
    words: dict[tuple[int, str], Counter[str]] = {}
    for r, c in _status_cells(kinds):
        text, colour = grid.cell(r, c), grid.fills.get((r, c))
        if text and colour:
            words.setdefault((c, colour), Counter())[text] += 1
    for r, c in _status_cells(kinds):
        colour = grid.fills.get((r, c))
        if grid.cell(r, c) or colour is None or not any(t.strip() for t in grid.rows[r]):
            continue
        known = words.get((c, colour))
        word = known.most_common(1)[0][0] if known else _colour_name(colour)
        if word:
            grid.set(r, c, word)
            notes.append(
                f"sheet '{title}', row {r + 1}: the status is given by its colour only; read "
                f"as '{word}'"
            )


def _status_cells(kinds: list[tuple[str, _Header | None]]) -> list[tuple[int, int]]:
    return [
        (r, c)
        for r, (kind, header) in enumerate(kinds)
        if kind == _DATA and header is not None
        for c, col in header.columns.kinds.items()
        if col == Col.STATUS
    ]


def _colour_name(colour: str) -> str | None:
    """'Red', 'Amber', 'Green' or 'Blue' for a fill of that hue, from pale to strong; None for
    greys, dark colours and other hues."""
    if not re.fullmatch(r"[0-9A-F]{6}", colour):
        return None
    red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (0, 2, 4))
    hue, saturation, value = colorsys.rgb_to_hsv(red, green, blue)
    if saturation < 0.15 or value < 0.5:
        return None
    degrees = hue * 360
    for name, below in _HUES:
        if degrees < below:
            return name
    return None


# Hues by the degree they end at: yellow counts as amber, as RAG ratings use it.
_HUES = [("Red", 15), ("Amber", 70), ("Green", 170), (None, 185), ("Blue", 260), (None, 330),
         ("Red", 361)]  # fmt: skip


def _dates_typed_as_numbers(
    grid: _Grid,
    kinds: list[tuple[str, _Header | None]],
    epoch: dt.datetime,
    title: str,
    notes: list[str],
) -> None:
    """A whole number in the General format in a date column (44469 under "Target date"): a
    date as Excel counts days, read as the date."""
    for r, (kind, header) in enumerate(kinds):
        if kind != _DATA or header is None:
            continue
        for c, col in header.columns.kinds.items():
            number = grid.numbers.get((r, c))
            if col in _DATE_COLUMNS and number is not None:
                date = _date_text(from_excel(number, epoch), "")
                grid.set(r, c, date)
                notes.append(
                    f"sheet '{title}', row {r + 1}: the number {number:g} under "
                    f"'{' '.join(header.cells[c].split())}' read as the date Excel counts it as, "
                    f"{date}"
                )


def _fill_colour(cell) -> str | None:
    """The colour of a cell's solid fill: "00B050", or a theme colour's name."""
    fill = getattr(cell, "fill", None)
    if fill is None or fill.fill_type != "solid":
        return None
    colour = fill.fgColor
    if colour.type == "rgb" and isinstance(colour.rgb, str):
        return colour.rgb[-6:].upper()
    return f"{colour.type} {colour.value} {colour.tint}"


def _is_bare_number(cell) -> bool:
    """A whole number shown in the General format, in the range of a plan's dates."""
    value = cell.value
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    general = (getattr(cell, "number_format", "") or "General") == "General"
    return general and float(value).is_integer() and _FIRST_SERIAL <= value <= _LAST_SERIAL


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


def _check_sheet_count(count: int, limits: Limits) -> None:
    if count > limits.sheets:
        raise too_big(
            "the workbook", count, limits.sheets, "sheets",
            advice="save the sheets with the action plan in a workbook of their own and try again",
        )  # fmt: skip


def _measure_shared_strings(archive: zipfile.ZipFile, limits: Limits) -> None:
    """The workbook's table of shared strings, counted as a stream before openpyxl loads all
    of it into memory: no more strings than a plan has cells, no more text than it has."""
    part = "xl/sharedStrings.xml"
    if part not in archive.namelist():
        return
    what = "the spreadsheet's table of shared text"
    strings = characters = 0
    for event, element in stream_elements(archive, part, limits=limits, what=what):
        if event != "end":
            continue
        if element.tag == f"{_MAIN}t":
            characters += len(element.text or "")
            if characters > limits.characters:
                raise too_big(what, None, limits.characters, "characters of text")
        elif element.tag == f"{_MAIN}si":
            strings += 1
            if strings > limits.cells:
                raise too_big(what, None, limits.cells, "strings")


def _layouts(archive: zipfile.ZipFile, limits: Limits) -> dict[str, _Layout]:
    """The merged ranges and hidden rows and columns of each sheet, by sheet name, read from
    the sheets' XML. The same streamed pass counts every sheet's rows, cells and merged ranges,
    and the cells with a value in each row, against ``limits``: a workbook far bigger than any
    plan is refused here, before openpyxl reads a row of it."""
    try:
        sheets = _sheet_parts(archive)
    except Exception:
        return {}  # openpyxl will say what is wrong with the workbook
    _check_sheet_count(len(sheets), limits)
    what = "the spreadsheet"
    rows = cells = merges = 0
    layouts: dict[str, _Layout] = {}
    for title, path in sheets.items():
        if path not in archive.namelist():
            continue
        layout = _Layout()
        row = 0
        filled = 0  # cells of the row under way with a value or formula in them
        for event, element in stream_elements(archive, path, limits=limits, what=what):
            if event == "start":
                if element.tag == f"{_MAIN}c":
                    cells += 1
                    if cells > limits.cells:
                        raise too_big(what, None, limits.cells, "cells")
                elif element.tag == f"{_MAIN}row":
                    filled = 0
                continue
            if element.tag in _CELL_CONTENT:
                filled += 1
            elif element.tag == f"{_MAIN}mergeCell":
                merges += 1
                if merges > limits.cells:
                    raise too_big(what, None, limits.cells, "merged cells")
                span = _span(element.get("ref", ""))
                if span:
                    layout.merges.append(span)
            elif element.tag == f"{_MAIN}row":
                rows += 1
                if rows > limits.rows:
                    raise too_big(what, None, limits.rows, "rows")
                if filled > limits.columns:
                    raise too_big(
                        f"a row of sheet '{title[:40]}'", filled, limits.columns,
                        "cells with something in them", plan="a plan's table",
                    )  # fmt: skip
                # A row's number may be left out: it is then the one after the last.
                row = _whole(element.get("r")) or row + 1
                if element.get("hidden") in _TRUE:
                    layout.hidden_rows.add(row)
            elif element.tag == f"{_MAIN}col" and element.get("hidden") in _TRUE:
                first = _whole(element.get("min")) or 1
                last = min(_whole(element.get("max")) or first, MAX_COLUMNS)
                layout.hidden_columns.update(range(first, last + 1))
        layouts[title] = layout
    return layouts


def _whole(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() else None


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
