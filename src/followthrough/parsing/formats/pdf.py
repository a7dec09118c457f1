"""PDF, read with pdfplumber: each page's ruled tables and words, as blocks in reading order.

A page is read in two parts:

* **Tables with ruling lines** are found from the lines drawn round their cells (pdfplumber's
  "lines" strategy). Each table row is a block, a cell's lines joined with spaces; a merged cell
  (a theme row across the table) comes through as one filled cell and empty ones. Where the
  column rules run on past the table's last (or first) rule, a page break cut a row and left it
  open: the words there are that row's cells.
* **Everything else** is read from the positions of its words. Words on one baseline make a line;
  lines close together make a band (a paragraph, or one row of a table without ruling lines); a
  wider gap, a change of type size or a rule drawn across the page ends the band. A band whose
  words fall into three or more columns that read as an action plan header (``columns``) starts a
  table without ruling lines: its columns, and the gutters between them in the rows below, give
  the column edges that cut every following band into cells, on this page and on the next ones
  until a page repeats the header. A band whose words run across a column edge without a gutter
  (a theme row) is one cell. Bands outside a table are paragraphs of free text (``is_text``).

The first block of every page after the first is marked ``page_break_before``, so the interpreter
can join a row the page break cut. A line at the very top or bottom of a page that comes back on
other pages (a running head, "Page 3") is dropped.

The file is read one page at a time and each page's objects are let go before the next
(``Page.close()``; ``pdf.pages`` is never used, as it keeps every page): memory stays that of one
page, whatever the length. Files that cannot be read (scans, passwords, damage, fonts without
letters, more than ``MAX_PDF_PAGES`` pages) get a ``ParseError`` saying what to do.
"""

from __future__ import annotations

import bisect
import io
import itertools
import logging
import math
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from statistics import median
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError
from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import resolve1
from pdfplumber.page import Page
from pdfplumber.table import Table
from pdfplumber.utils import extract_words
from pdfplumber.utils.exceptions import PdfminerException

from followthrough.parsing.columns import header_columns
from followthrough.parsing.document import Block, Document
from followthrough.parsing.errors import ParseError

MAX_PDF_PAGES = 200  # FOLLOWTHROUGH_MAX_PDF_PAGES overrides it
MAX_PAGES_VARIABLE = "FOLLOWTHROUGH_MAX_PDF_PAGES"

SCANNED = (
    "This PDF has no text: it looks like a scan. Run it through OCR (text recognition) first, "
    "or export the plan from the original document."
)
PASSWORD = "This PDF is password-protected: remove the password and try again."
_DAMAGED = "This PDF is damaged or incomplete: {}; download or export it again."

_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st",
                            "ﬆ": "st"})  # fmt: skip
# WinAnsiEncoding also puts the bullet at code 127; pdfminer's table leaves it unnamed.
_UNNAMED_BULLET = "(cid:127)"

# pdfminer logs what it works round in odd files (a missing font box, a bad xref entry); with no
# logging set up, Python would print those on stderr, under the one line a reader is promised.
logging.getLogger("pdfminer").addHandler(logging.NullHandler())

Box = tuple[float, float, float, float]  # x0, top, x1, bottom

_LINES = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
_MARGIN_SHARE = 0.12  # a running head or foot sits in the top or bottom 12% of the page
_MIN_RULE_SHARE = 0.4  # a horizontal rule at least this share of the page width ends a band
# Single to one-and-a-half line spacing leaves up to half the type size between lines; cell
# padding or paragraph spacing leaves more.
_BAND_GAP = 0.6


def is_pdf(data: bytes) -> bool:
    """A PDF starts with "%PDF-" (readers accept it anywhere in the first kilobyte)."""
    return b"%PDF-" in data[:1024]


def max_pages() -> int:
    value = os.environ.get(MAX_PAGES_VARIABLE, "").strip()
    if not value:
        return MAX_PDF_PAGES
    if not value.isdigit() or int(value) < 1:
        raise ValueError(f"{MAX_PAGES_VARIABLE} must be a whole number of pages, not {value!r}")
    return int(value)


def document_from_pdf(data: bytes, *, name: str | None = None) -> Document:
    limit = max_pages()
    if b"%%EOF" not in data[-2048:]:
        raise ParseError(
            _DAMAGED.format("the file stops before its end (the download or copy was cut short)")
        )
    pdf = _open(data)
    try:
        count = _page_count(pdf)
        if count > limit:
            raise ParseError(_too_many(count, limit))
        reader = _Reader()
        for number, page in _pages(pdf, limit):
            try:
                reader.read_page(page, number)
            except PdfminerException:
                raise ParseError(_DAMAGED.format(f"page {number} cannot be read")) from None
            finally:
                page.close()
    finally:
        pdf.flush_cache()  # not pdf.close(): it would make an object for every page first
    if reader.pages == 0:
        raise ParseError(_DAMAGED.format("it has no pages"))
    if reader.characters == 0:
        raise ParseError(SCANNED)
    if reader.unnamed > reader.characters / 2:
        raise ParseError(
            "The text of this PDF cannot be read: its fonts do not say which letters they draw. "
            "Export the plan again from the original document (as PDF, Word or text)."
        )
    return Document(blocks=reader.blocks(), name=name)


def _too_many(count: int | None, limit: int) -> str:
    found = f"{count} pages, more than" if count else "more pages than"
    return (
        f"This PDF has {found} the {limit} this reader takes: save the pages with the action "
        "plan as a PDF of their own and try again."
    )


def _open(data: bytes) -> pdfplumber.PDF:
    try:
        return pdfplumber.open(io.BytesIO(data))
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else None
        if isinstance(cause, PDFEncryptionError):
            raise ParseError(PASSWORD) from None
        raise ParseError(_DAMAGED.format("its structure cannot be read")) from None


def _page_count(pdf: pdfplumber.PDF) -> int:
    """The count the page tree declares (cheap: no page is parsed); 0 if it declares none."""
    try:
        pages = resolve1(pdf.doc.catalog.get("Pages"))
        return int(resolve1(pages.get("Count", 0))) if isinstance(pages, dict) else 0
    except Exception:  # a damaged tree: _pages finds out, page by page
        return 0


def _pages(pdf: pdfplumber.PDF, limit: int) -> Iterator[tuple[int, Page]]:
    """The pages one at a time. ``pdf.pages`` would keep every page object for the life of the
    document; these are dropped by the caller after use."""
    pages = PDFPage.create_pages(pdf.doc)
    doctop = 0.0
    number = 0
    while True:
        try:
            page_obj = next(pages)
        except StopIteration:
            return
        except Exception:
            raise ParseError(_DAMAGED.format(f"page {number + 1} cannot be found")) from None
        number += 1
        if number > limit:
            raise ParseError(_too_many(None, limit))
        try:
            page = Page(pdf, page_obj, page_number=number, initial_doctop=doctop)
        except Exception:
            raise ParseError(_DAMAGED.format(f"page {number} cannot be read")) from None
        doctop += page.height
        yield number, page


def _text(text: str | None) -> str:
    """One line: the lines of a cell joined with spaces, glyphs made plain letters."""
    if not text:
        return ""
    text = text.translate(_LIGATURES).replace(_UNNAMED_BULLET, "•")
    return " ".join(text.split())


@dataclass
class _Line:
    words: list[dict[str, Any]]
    top: float
    bottom: float
    size: float

    @property
    def text(self) -> str:
        return " ".join(w["text"] for w in self.words)


@dataclass
class _Band:
    """Lines close together: a paragraph, or one row of a table without ruling lines."""

    lines: list[_Line]

    @property
    def top(self) -> float:
        return self.lines[0].top

    @property
    def text(self) -> str:
        return " ".join(line.text for line in self.lines)


@dataclass
class _Item:
    page: int
    top: float
    block: Block
    # The normalised text of a one-line band at the top or bottom of the page: dropped at the
    # end if other pages have it too (a running head or foot).
    margin_key: str | None = None


@dataclass
class _Reader:
    items: list[_Item] = field(default_factory=list)
    pages: int = 0
    characters: int = 0
    unnamed: int = 0
    # Column edges of the table without ruling lines that is under way, carried across pages.
    cuts: list[float] | None = None

    def read_page(self, page: Page, number: int) -> None:
        self.pages += 1
        chars = page.chars  # parses the page
        if not chars:
            return
        texts = [c["text"] for c in chars]
        self.characters += sum(1 for t in texts if not t.isspace())
        self.unnamed += sum(1 for t in texts if t.startswith("(cid:"))
        items: list[_Item] = []
        tables = _ruled_tables(page)
        open_rows: list[tuple[Box, list[float]]] = []
        for table in tables:
            rows = table.extract()
            items += [
                _Item(number, row.bbox[1], Block([_text(cell) for cell in cells]))
                for row, cells in zip(table.rows, rows, strict=True)
            ]
            edges = _column_edges(table)
            open_rows += [(box, edges) for box in _open_rows(page, table, tables)]
        boxes = [table.bbox for table in tables] + [box for box, _ in open_rows]
        parts = _sort_chars(chars, boxes) if boxes else [chars]
        for (box, edges), inside in zip(open_rows, parts[len(tables) : -1], strict=True):
            if inside:
                cells = _cells(_Band(_lines(extract_words(inside))), edges)
                items.append(_Item(number, box[1], Block(cells)))
        items += self._read_words(page, number, parts[-1])
        items.sort(key=lambda item: item.top)
        self.items += [item for item in items if not item.block.is_blank]

    def _read_words(self, page: Page, number: int, chars: list[dict]) -> list[_Item]:
        words = extract_words(chars) if chars else []
        if not words:
            return []
        lines = _lines(words)
        bands = _bands(lines, _rules(page))
        usual_size = median(line.size for line in lines)
        header_at, header_cuts = None, None
        for i, band in enumerate(bands):
            spans = _header_spans(band)
            if spans is not None:
                below = [w for b in bands[i + 1 :] for line in b.lines for w in line.words]
                header_at = i
                header_cuts = [
                    _cut_between(a, b, below) for a, b in zip(spans, spans[1:], strict=False)
                ]
                break
        items = []
        for i, band in enumerate(bands):
            if header_at is not None and i == header_at:
                self.cuts = header_cuts
            if self.cuts:
                block = Block(_cells(band, self.cuts))
            else:
                block = Block([_text(band.text)], is_text=True)
            item = _Item(number, band.top, block)
            if i in (0, len(bands) - 1) and _in_margin(band, page, usual_size):
                item.margin_key = re.sub(r"\d+", "#", band.text.lower())
            items.append(item)
        return items

    def blocks(self) -> list[Block]:
        """The blocks of every page, running heads and feet dropped, page breaks marked."""
        pages_with: dict[str, set[int]] = {}
        for item in self.items:
            if item.margin_key:
                pages_with.setdefault(item.margin_key, set()).add(item.page)
        repeated = {key for key, pages in pages_with.items() if len(pages) > 1}
        blocks: list[Block] = []
        page = None
        for item in self.items:
            if item.margin_key in repeated:
                continue
            if page is not None and item.page != page:
                item.block.page_break_before = True
            page = item.page
            blocks.append(item.block)
        return blocks


def _ruled_tables(page: Page) -> list[Table]:
    if not page.edges:
        return []
    return [t for t in page.find_tables(_LINES) if t.rows]


def _column_edges(table: Table) -> list[float]:
    """Where the table's columns meet (the left edges of all columns but the first)."""
    return sorted({round(cell[0], 1) for cell in table.cells})[1:]


def _open_rows(page: Page, table: Table, tables: list[Table]) -> list[Box]:
    """The part of a row the page break cut, above or below the table's closed cells: the
    table's column rules run on past its first or last horizontal rule (up to the page margin,
    or to another table)."""
    x0, top, x1, bottom = table.bbox
    xs = [*_column_edges(table), x0, x1]
    rules = [e for e in page.vertical_edges if any(abs(e["x0"] - x) <= 2 for x in xs)]
    above = [e["top"] for e in rules if e["top"] < top - 2 <= e["bottom"]]
    below = [e["bottom"] for e in rules if e["top"] <= bottom + 2 < e["bottom"]]
    others = [t.bbox for t in tables if t is not table]
    boxes = []
    if above:
        highest = max([min(above), *(b[3] for b in others if b[3] <= top)])
        boxes.append((x0, highest, x1, top))
    if below:
        lowest = min([max(below), *(b[1] for b in others if b[1] >= bottom)])
        boxes.append((x0, bottom, x1, lowest))
    return boxes


def _sort_chars(chars: list[dict], boxes: list[Box]) -> list[list[dict]]:
    """The characters whose middle is in each box (the first that holds it), then the rest."""
    parts: list[list[dict]] = [[] for _ in range(len(boxes) + 1)]
    rest = parts[-1]
    for char in chars:
        x = (char["x0"] + char["x1"]) / 2
        y = (char["top"] + char["bottom"]) / 2
        for i, (x0, top, x1, bottom) in enumerate(boxes):
            if x0 <= x < x1 and top <= y < bottom:
                parts[i].append(char)
                break
        else:
            rest.append(char)
    return parts


def _in_margin(band: _Band, page: Page, usual_size: float) -> bool:
    """Whether the band could be a running head or foot: one line, in the top or bottom strip
    of the page, in type no larger than most of the page's (a title at the top is larger)."""
    if len(band.lines) > 1:
        return False
    line = band.lines[0]
    if line.size > usual_size + 0.5:
        return False
    height = page.height
    return line.bottom <= height * _MARGIN_SHARE or line.top >= height * (1 - _MARGIN_SHARE)


def _rules(page: Page) -> list[float]:
    """Where horizontal rules across much of the page are drawn (top to bottom)."""
    if not page.edges:
        return []
    wide = page.width * _MIN_RULE_SHARE
    return sorted(e["top"] for e in page.horizontal_edges if e["x1"] - e["x0"] >= wide)


def _lines(words: list[dict]) -> list[_Line]:
    """Words on the same baseline, each line's words left to right, lines top to bottom."""
    lines: list[_Line] = []
    for word in sorted(words, key=lambda w: (w["top"], w["x0"])):
        height = word["bottom"] - word["top"]
        if lines and word["top"] - lines[-1].top <= min(height, lines[-1].size) * 0.5:
            line = lines[-1]
            line.words.append(word)
            line.bottom = max(line.bottom, word["bottom"])
            line.size = max(line.size, height)
        else:
            lines.append(_Line([word], word["top"], word["bottom"], height))
    for line in lines:
        line.words.sort(key=lambda w: w["x0"])
    return lines


def _bands(lines: list[_Line], rules: list[float]) -> list[_Band]:
    """Lines grouped into bands. A band ends at a gap between lines wider than line spacing
    leaves (more than ``_BAND_GAP`` of the type size), at a change of type size, or at a rule
    drawn between two lines."""
    bands: list[_Band] = []
    for line in lines:
        if bands:
            last = bands[-1].lines[-1]
            gap = line.top - max(x.bottom for x in bands[-1].lines)
            size_changed = abs(line.size - last.size) > 0.15 * max(line.size, last.size)
            ruled = any(last.bottom - 1 <= y <= line.top + 1 for y in rules)
            if gap <= _BAND_GAP * line.size and not size_changed and not ruled:
                bands[-1].lines.append(line)
                continue
        bands.append(_Band([line]))
    return bands


def _gutter(size: float) -> float:
    """A gap between words wider than this separates columns rather than words."""
    return max(3.5, 0.55 * size)


def _phrases(line: _Line) -> list[list[dict]]:
    """The line's words in runs separated by gaps wider than a space."""
    runs: list[list[dict]] = []
    for word in line.words:
        if runs and word["x0"] - runs[-1][-1]["x1"] <= _gutter(line.size):
            runs[-1].append(word)
        else:
            runs.append([word])
    return runs


def _header_spans(band: _Band) -> list[list[float]] | None:
    """Where the columns are, [x0, x1] each, if the band is an action plan header: its runs of
    words, gathered into columns where they overlap across its lines, read as a header by
    ``header_columns``."""
    runs = [(run, line) for line in band.lines for run in _phrases(line)]
    if len(runs) < 3:
        return None
    spans: list[list[float]] = []
    texts: list[list[tuple[float, float, str]]] = []
    for run, line in sorted(runs, key=lambda r: r[0][0]["x0"]):
        x0, x1 = run[0]["x0"], run[-1]["x1"]
        text = " ".join(w["text"] for w in run)
        if spans and x0 <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], x1)
            texts[-1].append((line.top, x0, text))
        else:
            spans.append([x0, x1])
            texts.append([(line.top, x0, text)])
    if len(spans) < 3:
        return None
    cells = [_text(" ".join(t for _, _, t in sorted(column))) for column in texts]
    return spans if header_columns(cells) is not None else None


def _cut_between(left: list[float], right: list[float], below: list[dict]) -> float:
    """The column edge between two header cells: in the space between them, where the fewest
    words of the rows below cross (the gutter), in the middle of the widest such stretch."""
    start, end = left[1], right[0]
    if end - start < 1:
        return right[0]
    step = 0.5
    count = int((end - start) / step) + 1
    # How many words cross each point start, start + step, ... (a running sum of word ends).
    change = [0] * (count + 1)
    for word in below:
        first = max(0, math.floor((word["x0"] - start) / step) + 1)
        last = min(count - 1, math.ceil((word["x1"] - start) / step) - 1)
        if first <= last:
            change[first] += 1
            change[last + 1] -= 1
    crossing = list(itertools.accumulate(change[:count]))
    fewest = min(crossing)
    best = (0, 0)  # (length, first point) of the longest stretch with the fewest crossings
    run_start = None
    for k, n in enumerate([*crossing, fewest + 1]):
        if n == fewest and run_start is None:
            run_start = k
        elif n != fewest and run_start is not None:
            best = max(best, (k - run_start, -run_start))
            run_start = None
    length, first = best[0], -best[1]
    return start + step * (first + (length - 1) / 2)


def _cells(band: _Band, cuts: list[float]) -> list[str]:
    """The band cut into cells at the column edges; one cell if its words run across an edge
    with no gutter (a row that spans the table)."""
    columns: list[list[str]] = [[] for _ in range(len(cuts) + 1)]
    for line in band.lines:
        previous: tuple[int, dict] | None = None
        for word in line.words:
            col = bisect.bisect(cuts, (word["x0"] + word["x1"]) / 2)
            if (
                previous
                and previous[0] != col
                and word["x0"] - previous[1]["x1"] <= _gutter(line.size)
            ):
                return [_text(band.text)] + [""] * len(cuts)
            columns[col].append(word["text"])
            previous = (col, word)
    return [_text(" ".join(words)) for words in columns]
