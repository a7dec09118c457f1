"""PDF, read with pdfplumber: each page's ruled tables and words, as blocks in reading order.

A page is read in two parts:

* **Tables with ruling lines** are found from the lines drawn round their cells (pdfplumber's
  "lines" strategy). Each table row is a block; a merged cell across the table (a theme row)
  comes through as one filled cell and empty ones, marked ``across_table``. Where the column
  rules run on past the table's last (or first) rule, a page break cut a row and left it open:
  the words there are that row's cells.
* **Everything else** is read from the positions of its words. Words on one baseline make a line;
  lines close together make a band (a paragraph, or rows of a table without ruling lines); a
  wider gap, a change of type size or a rule drawn across the page ends the band. A band whose
  words fall into three or more columns that read as an action plan header (``columns``) starts a
  table without ruling lines: its columns, and the gutters between them in the rows below, give
  the column edges that cut every following band into cells, on this page and on the next ones
  until a page repeats the header. A band whose words run across a column edge without a gutter
  is one cell across the table (a theme row; or, if no row of the table follows it, free text
  after the table). The bands of rows next to each other are read together, column by column:
  a new row starts where the columns start new cells at one height, even beside a cell merged
  down whose text runs on; a cell's paragraphs spaced apart stay in their row
  (``_row_starts``). Bands outside a table are free text, a block (``is_text``) for each
  paragraph.

**Paragraphs.** A PDF has lines, not paragraphs, so where a cell's (or the page's) paragraphs end
is read from the geometry, and kept as a line break ("\\n") in the cell, as a cell read from
Word has it: a milestone or a lead to a paragraph stays one to a line. A word processor ends a
line short of the right edge only where its paragraph ends, so a line that stopped short where
the first word of the next line would have fitted after it ended its paragraph; so did a line
further above the next than the lines of a paragraph stand (paragraph spacing). A line that
starts with a bullet or a list number always starts a new item. Other lines wrapped, and join
with a space (with none after a hyphen the line broke at: "multi-" and "agency"). A cell's
right edge is its ruling line less the padding its text keeps from its left rule; without
rules, where the next column's text starts less the narrowest gutter between columns. Both
err short, so that where in doubt a line reads as wrapped.

The first block of every page after the first is marked ``page_break_before``, so the interpreter
can join a row the page break cut.

**Page furniture.** A running head or foot (what a word processor prints in the header and footer
of every page: a protective marking, the document's name, "Page 3 of 9") is dropped: a band in the
top or bottom strip of the page, above or below everything else, whose text (digits aside) comes
back in the same type size at the same distance from the page edge on another page (pages of
another size too: a landscape appendix), and a band there that says which page this is ("Page
3", "Page 3 of 9", "- 3 -") even where no other page has it.

The file is read one page at a time and each page's objects are let go before the next
(``Page.close()``; ``pdf.pages`` is never used, as it keeps every page): memory stays that of one
page, whatever the length. Files that cannot be read (scans, passwords, damage, fonts without
letters) get a ``ParseError`` saying what to do; so do files bigger than any plan (``Limits``):
more pages than ``limits.pages`` (the count the page tree declares is checked before any page is
read), a page larger than PDF's own maximum, a page with more drawn objects than
``limits.page_objects`` (checked before tables are looked for on it), more text than
``limits.characters``.
"""

from __future__ import annotations

import bisect
import io
import itertools
import logging
import math
import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError
from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import LITERALS_FLATE_DECODE, PDFStream, resolve1
from pdfplumber.page import Page
from pdfplumber.table import Table
from pdfplumber.utils import extract_words
from pdfplumber.utils.exceptions import PdfminerException

from followthrough.parsing.columns import header_columns
from followthrough.parsing.document import Block, Document
from followthrough.parsing.errors import ParseError
from followthrough.parsing.limits import Limits, too_big

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
_SAME_PLACE = 2.0  # points: a running head sits this close to where it sat on other pages
# A page number alone ("Page 3", "Page 3 of 9", "3 of 9", "- 3 -"), or "Page 3 of 9" in a line.
_PAGE_NUMBER = re.compile(
    r"^(?:page\s+\d+|\d+\s+of\s+\d+|[-–—]\s*\d+\s*[-–—])$|\bpage\s+\d+\s+of\s+\d+\b",
    re.IGNORECASE,
)
_MIN_RULE_SHARE = 0.4  # a horizontal rule at least this share of the page width ends a band
# Single to one-and-a-half line spacing leaves up to half the type size between lines; cell
# padding or paragraph spacing leaves more.
_BAND_GAP = 0.6
# Lines of columns side by side start at one height give or take this share of the type size.
_ALIGNED = 0.3
# A space is at most this share of the type size (Arial's is 0.28, Times's 0.25); a word that
# would have fitted with less than _FIT_SLACK points to spare is not trusted to.
_SPACE = 0.3
_FIT_SLACK = 1.0
# Lines of a paragraph stand at least this share of the type size apart (base to base); space
# of more than _PARAGRAPH_SPACE beyond the usual between two lines is space between paragraphs.
_MIN_SPACING = 0.9
_PARAGRAPH_SPACE = 0.2
_BULLETS = frozenset("•●▪◦■□►▸➢➤✓✔○◆◇")
_LIST_NUMBER = re.compile(r"^\(?\d{1,2}[.)]$")
# A word that ends with a hyphen the line broke at ("multi-"), and the words after a hyphen
# that are words of their own ("pre- and post-natal").
_HYPHEN_END = re.compile(r"\w-$")
_AFTER_HYPHEN = frozenset({"and", "or", "to", "nor"})


def is_pdf(data: bytes) -> bool:
    """A PDF starts with "%PDF-" (readers accept it anywhere in the first kilobyte)."""
    return b"%PDF-" in data[:1024]


def document_from_pdf(
    data: bytes, *, name: str | None = None, limits: Limits | None = None
) -> Document:
    limits = limits or Limits.from_environment()
    limit = limits.pages
    if b"%%EOF" not in data[-2048:]:
        raise ParseError(
            _DAMAGED.format("the file stops before its end (the download or copy was cut short)")
        )
    pdf = _open(data)
    try:
        count = _page_count(pdf)
        if count > limit:
            raise ParseError(_too_many(count, limit))
        reader = _Reader(limits=limits)
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


def _content_streams(page: Page) -> list:
    try:
        contents = resolve1(page.page_obj.attrs.get("Contents"))
    except Exception:
        return []  # pdfminer says what is wrong when it reads the page
    if contents is None:
        return []
    items = contents if isinstance(contents, list) else [contents]
    streams = []
    for item in items:
        try:
            stream = resolve1(item)
        except Exception:
            continue
        if isinstance(stream, PDFStream):
            streams.append(stream)
    return streams


def _inflated_size(stream: PDFStream, most: int) -> int:
    """The size of ``stream`` decoded, counted no further than ``most`` bytes. Flate (what
    every PDF writer uses) is inflated in pieces; a stream with any other filter counts its
    packed size."""
    if stream.data is not None:  # decoded already
        return len(stream.data)
    raw = stream.get_rawdata() or b""
    filters = stream.get_filters()
    if not filters:
        return len(raw)
    if len(filters) == 1 and filters[0][0] in LITERALS_FLATE_DECODE:
        inflater = zlib.decompressobj()
        size = 0
        piece = raw
        try:
            while piece and size < most:
                size += len(inflater.decompress(piece, 65536))
                piece = inflater.unconsumed_tail
        except zlib.error:
            return size  # damaged: pdfminer reads what it can, as it always has
        return size
    return len(raw)


def _glyphs(text: str) -> str:
    """Glyphs made plain letters: ligatures spelt out, the unnamed bullet a bullet."""
    return text.translate(_LIGATURES).replace(_UNNAMED_BULLET, "•")


def _text(text: str | None) -> str:
    """One line: whitespace collapsed, glyphs made plain letters."""
    if not text:
        return ""
    return " ".join(_glyphs(text).split())


@dataclass
class _Line:
    words: list[dict[str, Any]]
    top: float
    bottom: float
    size: float

    @property
    def x0(self) -> float:
        return self.words[0]["x0"]

    @property
    def x1(self) -> float:
        return self.words[-1]["x1"]

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
    def bottom(self) -> float:
        return max(line.bottom for line in self.lines)

    @property
    def size(self) -> float:
        return max(line.size for line in self.lines)

    @property
    def text(self) -> str:
        return " ".join(line.text for line in self.lines)


@dataclass(frozen=True)
class _Margin:
    """Where a band in the top or bottom strip of a page sits, to tell a running head or foot."""

    key: str  # "top" or "bottom", the type size, and the text with its digits made "#"
    distance: float  # from the page edge it is near
    page_number: bool  # it says only which page this is ("Page 3 of 9")


@dataclass(frozen=True)
class _Layout:
    """How the text of a table or page is laid out, to tell where a paragraph ends."""

    limits: list[float]  # where the text of each column (or of the page) may reach on the right
    spacing: float = math.inf  # from one line of a paragraph to the next, a share of type size


@dataclass
class _Item:
    page: int
    top: float
    block: Block
    # A band in the top or bottom strip of the page: dropped at the end if it is a page number,
    # or if another page has it too, in the same place (a running head or foot).
    margin: _Margin | None = None
    # In a table without ruling lines: a band across the table (a theme row, or a paragraph
    # after the table), or the table's header.
    across: bool = False
    header: bool = False


@dataclass
class _Reader:
    items: list[_Item] = field(default_factory=list)
    limits: Limits = field(default_factory=Limits)
    pages: int = 0
    characters: int = 0
    unnamed: int = 0
    # Column edges of the table without ruling lines that is under way, carried across pages,
    # and how its text is laid out in them.
    cuts: list[float] | None = None
    layout: _Layout | None = None

    def read_page(self, page: Page, number: int) -> None:
        self.pages += 1
        self._check_size(page, number)
        self._check_content(page, number)
        chars = page.chars  # parses the page
        drawn = len(chars) + len(page.rects) + len(page.lines) + len(page.curves)
        if drawn > self.limits.page_objects:
            raise too_big(
                f"Page {number} of this PDF", drawn, self.limits.page_objects,
                "characters, lines and shapes drawn on it", plan="a page of a plan",
            )  # fmt: skip
        if not chars:
            return
        texts = [c["text"] for c in chars]
        self.characters += sum(1 for t in texts if not t.isspace())
        if self.characters > self.limits.characters:
            raise too_big("This PDF", None, self.limits.characters, "characters of text")
        self.unnamed += sum(1 for t in texts if t.startswith("(cid:"))
        items: list[_Item] = []
        tables = _ruled_tables(page)
        open_rows = [(box, table) for table in tables for box in _open_rows(page, table, tables)]
        boxes = [table.bbox for table in tables] + [box for box, _ in open_rows]
        parts = _sort_chars(chars, boxes) if boxes else [chars]
        layouts: dict[int, _Layout] = {}
        for table, inside in zip(tables, parts, strict=False):
            rows, layouts[id(table)] = _table_rows(table, inside)
            items += [_Item(number, top, block) for top, block in rows]
        for (box, table), inside in zip(open_rows, parts[len(tables) : -1], strict=True):
            if inside:
                band = _Band(_lines(extract_words(inside)))
                edges = _column_edges(table)
                columns = _columns(band, edges)
                if columns is None:
                    cells = [_text(band.text)] + [""] * len(edges)
                else:
                    cells = _rows(columns, layouts[id(table)], split=False)[0][1]
                items.append(_Item(number, box[1], Block(cells)))
        items += self._read_words(page, number, parts[-1])
        items.sort(key=lambda item: item.top)
        self.items += [item for item in items if not item.block.is_blank]

    def _check_size(self, page: Page, number: int) -> None:
        """A page larger than PDF's own maximum (200 inches) is no printed page."""
        biggest = max(page.width, page.height)
        if not math.isfinite(biggest) or biggest > self.limits.page_points:
            size = int(biggest) if math.isfinite(biggest) else None
            raise too_big(
                f"Page {number} of this PDF", size, self.limits.page_points,
                "points across", plan="a printable page",
                advice="export the plan again as a PDF of A4 or A3 pages and try again",
            )  # fmt: skip

    def _check_content(self, page: Page, number: int) -> None:
        """The page's drawing instructions, measured before pdfminer interprets them (which
        takes about ten seconds a megabyte): inflated a piece at a time, never past the limit,
        so a stream that inflates to gigabytes costs nothing."""
        limit = self.limits.page_content_bytes
        total = 0
        for stream in _content_streams(page):
            total += _inflated_size(stream, limit - total + 1)
            if total > limit:
                raise too_big(
                    f"Page {number} of this PDF", None, limit // 1000,
                    "KB of drawing instructions", plan="a page of a plan", limit_unit=" KB",
                )  # fmt: skip

    def _read_words(self, page: Page, number: int, chars: list[dict]) -> list[_Item]:
        """The page's words outside ruled tables: free text, and tables without ruling lines
        (one that starts on this page, or goes on from the pages before)."""
        words = extract_words(chars) if chars else []
        if not words:
            return []
        rules = _rules(page)
        bands = _bands(_lines(words), rules)
        header_at = next((i for i, b in enumerate(bands) if _header_spans(b) is not None), None)
        margins = _margins(bands, page, header_at)
        table_at = 0 if self.cuts else header_at if header_at is not None else len(bands)
        text = _text_layout([b for i, b in enumerate(bands) if i not in margins and i < table_at])
        items: list[_Item] = []
        rows_under_way: list[_Band] = []  # bands of table rows next to each other, read together
        for i, band in enumerate(bands):
            if i == header_at:
                rows = [b for k, b in enumerate(bands) if k > header_at and k not in margins]
                self.cuts, self.layout = _table_columns(band, rows)
            in_rows = self.cuts and i != header_at and i not in margins
            if in_rows and _columns(band, self.cuts) is not None:
                if rows_under_way and _apart(rows_under_way[-1], band, rules):
                    items += self._table_items(rows_under_way, number)
                    rows_under_way = []
                rows_under_way.append(band)
                continue
            items += self._table_items(rows_under_way, number)
            rows_under_way = []
            for item in self._band_items(band, number, text):
                item.margin, item.header = margins.get(i), i == header_at
                items.append(item)
        return items + self._table_items(rows_under_way, number)

    def _band_items(self, band: _Band, number: int, text: _Layout) -> list[_Item]:
        """The band as blocks: a block for each paragraph of free text; in a table, the band
        as one row (a header, a band across the table, or a running head or foot)."""
        if not self.cuts:
            return [
                _Item(number, top, Block([text], is_text=True))
                for top, text in _paragraphs(band.lines, text)
            ]
        columns = _columns(band, self.cuts)
        if columns is None:
            cells = [_text(band.text)] + [""] * len(self.cuts)
            return [_Item(number, band.top, Block(cells, across_table=True), across=True)]
        rows = _rows(columns, self.layout or text, split=False)
        return [_Item(number, top, Block(cells)) for top, cells in rows]

    def _table_items(self, bands: list[_Band], number: int) -> list[_Item]:
        """Bands of a table without ruling lines, next to each other, as its rows (see
        ``_row_starts``)."""
        if not bands or not self.cuts or self.layout is None:
            return []
        columns = _columns(_Band([line for band in bands for line in band.lines]), self.cuts)
        if columns is None:  # lines of different bands side by side: read each on its own
            return [item for band in bands for item in self._table_items([band], number)]
        return [_Item(number, top, Block(cells)) for top, cells in _rows(columns, self.layout)]

    def blocks(self) -> list[Block]:
        """The blocks of every page, running heads and feet dropped, page breaks marked."""
        places: dict[str, list[tuple[int, float]]] = {}
        for item in self.items:
            if item.margin:
                places.setdefault(item.margin.key, []).append((item.page, item.margin.distance))
        kept = [
            item
            for item in self.items
            if not (item.margin and _is_furniture(item, places[item.margin.key]))
        ]
        _text_after_tables(kept)
        blocks: list[Block] = []
        page = None
        for item in kept:
            if page is not None and item.page != page:
                item.block.page_break_before = True
            page = item.page
            blocks.append(item.block)
        return blocks


def _text_after_tables(items: list[_Item]) -> None:
    """Bands across a table without ruling lines that no row of it follows (before the next
    header, or the end) were free text after the table, not theme rows: made paragraphs."""
    trailing: list[_Item] = []
    for item in [*items, None]:
        if item is None or item.header:
            for band in trailing:
                band.block = Block([band.block.cells[0]], is_text=True)
            trailing = []
        elif item.across:
            trailing.append(item)
        elif not item.block.is_text:
            trailing = []


def _is_furniture(item: _Item, places: list[tuple[int, float]]) -> bool:
    """A page number, or a band another page has in the same place (a running head or foot)."""
    margin = item.margin
    if margin is None:
        return False
    return margin.page_number or any(
        page != item.page and abs(distance - margin.distance) <= _SAME_PLACE
        for page, distance in places
    )


def _margins(bands: list[_Band], page: Page, header_at: int | None) -> dict[int, _Margin]:
    """The bands that may be a running head or foot, by index: those above everything else in
    the top strip of the page, and those below everything else in the bottom strip (never a
    table's header)."""
    strip = page.height * _MARGIN_SHARE
    found: dict[int, _Margin] = {}
    for i, band in enumerate(bands):
        if i == header_at or band.bottom > strip:
            break
        found[i] = _margin(band, "top", band.top)
    for i in range(len(bands) - 1, -1, -1):
        band = bands[i]
        if i == header_at or i in found or band.top < page.height - strip:
            break
        found[i] = _margin(band, "bottom", page.height - band.bottom)
    return found


def _margin(band: _Band, edge: str, distance: float) -> _Margin:
    """Where the band sits, near the page's ``edge`` ("top" or "bottom"), and what it says."""
    text = _text(band.text)
    key = f"{edge} {band.size:.0f} {re.sub(r'[0-9]+', '#', text.lower())}"
    return _Margin(key, distance, bool(_PAGE_NUMBER.search(text)))


def _words(band: _Band) -> list[dict]:
    return [w for line in band.lines for w in line.words]


def _columns(band: _Band, cuts: list[float]) -> list[list[_Line]] | None:
    """The band cut into columns at the column edges, the lines of each; None if its words run
    across an edge with no gutter (a row that spans the table)."""
    columns: list[list[dict]] = [[] for _ in range(len(cuts) + 1)]
    for line in band.lines:
        previous: tuple[int, dict] | None = None
        for word in line.words:
            col = bisect.bisect(cuts, (word["x0"] + word["x1"]) / 2)
            if (
                previous
                and previous[0] != col
                and word["x0"] - previous[1]["x1"] <= _gutter(line.size)
            ):
                return None
            columns[col].append(word)
            previous = (col, word)
    return [_lines(words) if words else [] for words in columns]


def _text_layout(bands: list[_Band]) -> _Layout:
    """How the free text of a page is laid out: where its lines may reach on the right (as far
    as the longest reaches), and its usual line spacing."""
    right = max((line.x1 for band in bands for line in band.lines), default=0.0)
    return _Layout([right], _spacing(band.lines for band in bands))


def _table_columns(header: _Band, rows: list[_Band]) -> tuple[list[float], _Layout]:
    """The column edges of a table without ruling lines, from its header and the rows under it
    (see ``_cut_between``), and how its text is laid out in them."""
    spans = _header_spans(header) or []
    below = [w for band in rows for w in _words(band)]
    cuts = [_cut_between(a, b, below) for a, b in zip(spans, spans[1:], strict=False)]
    return cuts, _column_layout(cuts, rows, spans)


def _column_layout(cuts: list[float], bands: list[_Band], spans: list[list[float]]) -> _Layout:
    """How the text sits in the columns of a table without ruling lines, from the rows under the
    header: its usual line spacing, and where each column's text may reach on the right. That
    is where the next column's text starts, less the narrowest gap between one column's widest
    line and the next column's text (the padding either side of a column edge, or more), when
    the next column's lines start at one place (left-aligned); else the column's widest line."""
    starts: list[list[float]] = [[] for _ in range(len(cuts) + 1)]
    rights = [span[1] for span in spans]
    found: list[list[_Line]] = []
    for band in bands:
        columns = _columns(band, cuts)
        if columns is None:
            continue
        found += columns
        edges = [-math.inf, *cuts, math.inf]
        for k, lines in enumerate(columns):
            # Not a line that runs over its column's edges (a theme row in the first column).
            inside = [line for line in lines if edges[k] <= line.x0 and line.x1 <= edges[k + 1]]
            starts[k] += [line.x0 for line in inside]
            rights[k] = max([rights[k], *(line.x1 for line in inside)])
    lefts = [min(xs, default=math.inf) for xs in starts]
    aligned = [
        sum(1 for x in xs if x - left < 0.5) > 1 for xs, left in zip(starts, lefts, strict=True)
    ]
    gutter = min(
        (
            left - right
            for left, right, ok in zip(lefts[1:], rights, aligned[1:], strict=False)
            if ok
        ),
        default=math.inf,
    )
    limits = [
        max(right, left - gutter) if ok else right
        for right, left, ok in zip(rights, lefts[1:], aligned[1:], strict=False)
    ]
    return _Layout([*limits, rights[-1]], _spacing(found))


def _rows(columns: list[list[_Line]], layout: _Layout, *, split: bool = True) -> _Rows:
    """The rows in the lines of a table's columns, the top and the cells of each: one row,
    unless ``split`` (see ``_row_starts``). A line that goes on from the one above it in its
    column, without a gap, stays in that line's row."""
    starts = _row_starts(columns) if split else []
    rows: list[list[list[_Line]]] = [[[] for _ in columns] for _ in range(len(starts) + 1)]
    for k, lines in enumerate(columns):
        row = 0
        for j, line in enumerate(lines):
            if j == 0 or _opens(lines[j - 1], line):
                row = bisect.bisect(starts, line.top)
            rows[row][k].append(line)
    return [
        (
            min(lines[0].top for lines in row if lines),
            [
                _cell_text(lines, limit, layout.spacing)
                for lines, limit in zip(row, layout.limits, strict=False)
            ],
        )
        for row in rows
        if any(row)
    ]


def _apart(above: _Band, below: _Band, rules: list[float]) -> bool:
    """Whether two bands of table rows are read apart: a rule between them, or another size of
    type (a heading)."""
    return _size_changed(above.lines[-1], below.lines[0]) or any(
        above.bottom - 1 <= y <= below.top + 1 for y in rules
    )


def _size_changed(a: _Line, b: _Line) -> bool:
    """Whether two lines are in type of different sizes (a heading and the text under it)."""
    return abs(a.size - b.size) > 0.15 * max(a.size, b.size)


def _opens(previous: _Line, line: _Line) -> bool:
    """Whether a line of a column starts a new cell: a gap above it as wide as ends a band."""
    return line.top - previous.bottom > _BAND_GAP * line.size


def _row_starts(columns: list[list[_Line]]) -> list[float]:
    """Where new rows start in the lines of a table's columns (rows next to each other, read
    together): at a height where the columns that start a new cell (their first line, or one
    after a gap as wide as ends a band)

    * are at least three, and more than the columns whose text runs on past it without a gap
      (a cell merged down beside them, whose text stays with the row it started in); or
    * come after a gap as wide across the whole table; unless that is one column going on after
      a gap narrower than those before rows that two or more columns start (the paragraphs of
      a cell spaced apart, where cells have padding above and below)."""
    opening = sorted(
        (line.top, k)
        for k, lines in enumerate(columns)
        for j, line in enumerate(lines)
        if j == 0 or _opens(lines[j - 1], line)
    )
    if not opening:
        return []
    size = max(line.size for lines in columns for line in lines)
    near = _ALIGNED * size
    heights: list[tuple[float, set[int], set[int], float]] = []  # top, opened, running, gap
    for top, _ in opening:
        if top <= opening[0][0] + near or (heights and top <= heights[-1][0] + near):
            continue
        opened = {k for t, k in opening if abs(t - top) <= near}
        running = {
            k
            for k, lines in enumerate(columns)
            if k not in opened
            and any(a.top < top - near <= b.top and not _opens(a, b) for a, b in pairwise(lines))
        }
        gap = top - max(line.bottom for lines in columns for line in lines if line.top < top - near)
        heights.append((top, opened, running, gap))
    row_gaps = [
        gap
        for _, opened, running, gap in heights
        if len(opened) > 1 and not running and gap > _BAND_GAP * size
    ]
    paragraph_gap = min(row_gaps, default=0.0) - _PARAGRAPH_SPACE * size
    starts: list[float] = []
    row_top = opening[0][0]
    for top, opened, running, gap in heights:
        going_on = len(opened) == 1 and any(
            row_top - near <= line.top < top - near for k in opened for line in columns[k]
        )
        if (len(opened) >= 3 and len(opened) > len(running)) or (
            not running and gap > _BAND_GAP * size and not (going_on and gap < paragraph_gap)
        ):
            starts.append(top - near)
            row_top = top
    return starts


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
            ruled = any(last.bottom - 1 <= y <= line.top + 1 for y in rules)
            if gap <= _BAND_GAP * line.size and not _size_changed(last, line) and not ruled:
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


_Rows = list[tuple[float, list[str]]]  # the top and the cells of each row


def _table_rows(table: Table, chars: list[dict]) -> tuple[list[tuple[float, Block]], _Layout]:
    """The rows of a ruled table, the top and the block of each, from the characters inside it;
    and how its text is laid out: where the text of each column may reach on the right (its
    right rule, less the padding the table's text keeps from the left rule of its cell), and
    its usual line spacing."""
    lines = {box: _lines(words) for box, words in _cell_words(table, chars).items()}
    gaps = [min(line.x0 for line in found) - box[0] for box, found in lines.items()]
    padding = max(0.0, min(gaps, default=0.0))
    spacing = _spacing(lines.values())
    rows = [
        (
            row.bbox[1],
            Block(
                [
                    _cell_text(lines.get(box, []), box[2] - padding, spacing) if box else ""
                    for box in row.cells
                ],
                across_table=_across(table, row.cells),
            ),
        )
        for row in table.rows
    ]
    edges = [*_column_edges(table), table.bbox[2]]
    return rows, _Layout([edge - padding for edge in edges], spacing)


def _across(table: Table, cells: list[Box | None]) -> bool:
    """Whether a row of a ruled table is one cell across the whole table (merged)."""
    boxes = [box for box in cells if box is not None]
    x0, _, x1, _ = table.bbox
    return len(cells) > 1 and len(boxes) == 1 and boxes[0][0] - x0 < 1 and x1 - boxes[0][2] < 1


def _cell_words(table: Table, chars: list[dict]) -> dict[Box, list[dict]]:
    """The words in each cell of the table (by its box), from the characters whose middle is
    inside it. A cell merged across columns or down rows is one box."""
    edges = sorted({box[0] for box in table.cells})
    columns: list[list[Box]] = [[] for _ in edges]
    for box in table.cells:
        for k, x in enumerate(edges):
            if box[0] <= x < box[2] - 0.5:
                columns[k].append(box)
    for column in columns:
        column.sort(key=lambda box: box[1])
    tops = [[box[1] for box in column] for column in columns]
    found: dict[Box, list[dict]] = {}
    for char in chars:
        x = (char["x0"] + char["x1"]) / 2
        y = (char["top"] + char["bottom"]) / 2
        k = bisect.bisect(edges, x) - 1
        i = bisect.bisect(tops[k], y) - 1 if k >= 0 else -1
        if i >= 0:
            box = columns[k][i]
            if x < box[2] and y < box[3]:
                found.setdefault(box, []).append(char)
    return {box: words for box, inside in found.items() if (words := extract_words(inside))}


def _paragraphs(lines: list[_Line], layout: _Layout) -> list[tuple[float, str]]:
    """Lines of free text as paragraphs, the top and the text of each (see ``_joint``)."""
    found: list[tuple[float, list[str]]] = []
    for i, line in enumerate(lines):
        joint = _joint(lines[i - 1], line, layout.limits[0], layout.spacing) if i else "\n"
        if joint == "\n":
            found.append((line.top, []))
        else:
            found[-1][1].append(joint)
        found[-1][1].append(_glyphs(line.text))
    return [(top, "".join(parts)) for top, parts in found]


def _cell_text(lines: list[_Line], limit: float, spacing: float) -> str:
    """A cell's lines as its text: a line break where a line ended its paragraph, a space where
    it wrapped (see ``_joint``)."""
    parts: list[str] = []
    for i, line in enumerate(lines):
        if i:
            parts.append(_joint(lines[i - 1], line, limit, spacing))
        parts.append(_glyphs(line.text))
    return "".join(parts)


def _joint(previous: _Line, line: _Line, limit: float, spacing: float) -> str:
    """What goes between two lines of a paragraph or cell whose text reaches ``limit`` on the
    right, ``spacing`` its usual distance from one line to the next (a share of the type size):

    * "\\n" where ``line`` starts with a bullet or a list number; or where ``previous`` ended
      its paragraph: it stopped short though the first word of ``line`` would have fitted after
      it, or ``line`` stands further below it than lines of a paragraph do (paragraph spacing).
      A paragraph rarely starts in lower case: such a line is taken to go on.
    * "" where ``previous`` ends with a hyphen the line broke at ("multi-" and "agency");
    * else " " (the line wrapped)."""
    if _starts_item(previous, line):
        return "\n"
    last, word = previous.words[-1], line.words[0]
    hyphen = _HYPHEN_END.search(last["text"]) is not None
    needed = word["x1"] - word["x0"]
    if not hyphen:
        needed += _SPACE * _size(previous)
    fits = previous.x1 + needed <= limit - _FIT_SLACK
    spaced = _base(line) - _base(previous) > (spacing + _PARAGRAPH_SPACE) * _size(line)
    if fits or spaced:
        return " " if word["text"][:1].islower() else "\n"
    if hyphen and word["text"].lower() not in _AFTER_HYPHEN:
        return ""
    return " "


def _base(line: _Line) -> float:
    """Where the line's text stands: the bottom of its last word (a bullet before it may be of
    another font and size)."""
    return line.words[-1]["bottom"]


def _size(line: _Line) -> float:
    """The type size at the end of the line."""
    word = line.words[-1]
    return word["bottom"] - word["top"]


def _spacing(groups: Iterable[list[_Line]]) -> float:
    """The usual distance from one line of a paragraph to the next, as a share of the type size:
    the least between lines next to each other in any group (a cell, a band) in type of one
    size; infinite if no group has two such lines."""
    found = math.inf
    for lines in groups:
        for a, b in pairwise(lines):
            size = _size(b)
            if abs(_size(a) - size) < 0.5 and size > 0:
                ratio = (_base(b) - _base(a)) / size
                if ratio >= _MIN_SPACING:
                    found = min(found, ratio)
    return found


def _starts_item(previous: _Line, line: _Line) -> bool:
    """Whether the line starts with a bullet ("•", a symbol font's private-use glyph) or a list
    number ("2.", "3)"; but not "12)" closing a bracket the line before opened)."""
    first = _glyphs(line.words[0]["text"])
    if first[0] in _BULLETS or "\uf000" <= first[0] <= "\uf0ff":
        return True
    if not _LIST_NUMBER.match(first):
        return False
    text = previous.text
    return not (first.endswith(")") and text.count("(") > text.count(")"))
