"""Word (.docx): the body's paragraphs and table rows, in reading order, with python-docx.

* Every table becomes rows of cells by the table's grid: a cell merged across columns keeps its
  text in its first column; a cell merged down over several rows (a recommendation beside its
  actions, an action beside its milestones) gives its text to each row it covers, as the reader
  of the printed table sees it. A row that is one cell across the whole table (a heading, a
  note) is marked ``across_table``: its text, kept in the first cell, belongs to no column.
* A cell keeps its paragraphs as lines (a line break inside a paragraph, Shift+Enter, is one
  too), and Word's automatic list numbers and bullets, which are not in the text itself, are
  written out ("1. ", "a) ", "• ") the way Word shows them.
* Tracked changes read as accepted: inserted text in, deleted text out, a deleted row left out.
* A paragraph outside any table is a block of free text. Content controls (``w:sdt``) are read
  through, except one still showing Word's prompt ("Click or tap here to enter text."): that is
  nobody's text, so it reads as empty. A hyperlink reads as the text it shows.

The file is checked by ``package.open_package`` before python-docx opens it, and its body is
counted in one streamed pass (``_measure``: paragraphs, table rows and cells, characters,
elements) against the reader's ``Limits``, so that a document far bigger than any plan is
refused before python-docx builds it in memory.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

from followthrough.parsing.document import Block, Document
from followthrough.parsing.errors import ParseError
from followthrough.parsing.formats.package import WORD, open_package, stream_elements
from followthrough.parsing.limits import Limits, Tally, too_big

_P, _TBL, _TR, _TC, _SDT = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc"), qn("w:sdt")
_WRAPPERS = {qn("w:sdtContent"), qn("w:customXml"), _SDT, qn("w:smartTag")}
_VAL = qn("w:val")
_R = qn("w:r")
_NOT_READ = {qn("w:del"), qn("w:moveFrom"), qn("w:txbxContent")}
_PROMPT = f"{qn('w:sdtPr')}/{qn('w:showingPlcHdr')}"
_ROW_DELETED = f"{qn('w:trPr')}/{qn('w:del')}"
_OFF = {"0", "false", "off"}


def document_from_docx(
    data: bytes, *, name: str | None = None, limits: Limits | None = None
) -> Document:
    limits = limits or Limits()
    with open_package(data, WORD, limits) as archive:
        _measure(archive, limits)
    try:
        word = docx.Document(io.BytesIO(data))
        body = word.element.body
        numbering = _Numbering(word)
    except Exception as exc:  # python-docx raises many kinds on a malformed package
        raise ParseError(
            "the Word document cannot be opened: it is damaged or not really a .docx "
            f"({exc.__class__.__name__}); open it in Word, save it again and try again"
        ) from None
    blocks: list[Block] = []
    for element in _content(body):
        if element.tag == _P:
            text = numbering.paragraph_text(element)
            if text.strip():
                blocks.append(Block([text], is_text=True))
        elif element.tag == _TBL:
            blocks.extend(_table_blocks(element, numbering, limits))
    return Document(blocks=blocks, name=name, whole_rows=True)


_T = qn("w:t")


def _measure(archive, limits: Limits) -> None:
    """Count the body as a stream, before python-docx loads it: paragraphs outside tables,
    table rows and cells, characters (in all and in one paragraph), elements."""
    what = "the Word document"
    tables = rows = cells = paragraphs = characters = 0
    paragraph = 0  # characters of the paragraph under way
    for event, element in stream_elements(archive, WORD.main_part, limits=limits, what=what):
        tag = element.tag
        if event == "start":
            if tag == _TBL:
                tables += 1
            elif tag == _P:
                paragraph = 0
            elif tag == _TR:
                rows += 1
                if rows > limits.rows:
                    raise too_big(what, None, limits.rows, "table rows")
            elif tag == _TC:
                cells += 1
                if cells > limits.cells:
                    raise too_big(what, None, limits.cells, "table cells")
        elif tag == _T:
            paragraph += len(element.text or "")
        elif tag == _P:
            Tally(limits, what).text_length(paragraph)
            characters += paragraph
            if characters > limits.characters:
                raise too_big(what, None, limits.characters, "characters of text")
            if tables == 0:
                paragraphs += 1
                if paragraphs > limits.paragraphs:
                    raise too_big(what, None, limits.paragraphs, "paragraphs")
        elif tag == _TBL:
            tables -= 1


def _content(parent):
    """Paragraphs and tables under ``parent`` in order, looking through content controls (but
    not into one that still shows its prompt)."""
    for child in parent.iterchildren():
        if child.tag in (_P, _TBL):
            yield child
        elif child.tag in _WRAPPERS and not _shows_prompt(child):
            yield from _content(child)


def _shows_prompt(element) -> bool:
    """Whether ``element`` is a content control that still shows Word's placeholder prompt
    ("Click or tap here to enter text.", "Choose an item."): nothing was entered in it."""
    if element.tag != _SDT:
        return False
    flag = element.find(_PROMPT)
    return flag is not None and flag.get(_VAL, "true").lower() not in _OFF


def _inside_prompt(element, stop) -> bool:
    """Whether ``element`` sits in a content control showing its prompt, below ``stop``."""
    ancestor = element.getparent()
    while ancestor is not None and ancestor is not stop:
        if _shows_prompt(ancestor):
            return True
        ancestor = ancestor.getparent()
    return False


def _cells(tr):
    for child in tr.iterchildren():
        if child.tag == _TC:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _cells(child)


def _rows(tbl):
    """The table's rows, less those deleted with tracked changes on."""
    for child in tbl.iterchildren():
        if child.tag == _TR:
            if not _deleted(child):
                yield child
        elif child.tag in _WRAPPERS:
            yield from _rows(child)


def _deleted(tr) -> bool:
    return tr.find(_ROW_DELETED) is not None


def _table_blocks(tbl, numbering: _Numbering, limits: Limits) -> list[Block]:
    blocks: list[Block] = []
    above: dict[int, str] = {}  # the text of the cell that starts at each grid column
    grid = tbl.find(qn("w:tblGrid"))
    columns = len(grid.findall(qn("w:gridCol"))) if grid is not None else 0
    tally = Tally(limits, "the Word document")
    tally.columns(columns)
    for tr in _rows(tbl):
        cells: dict[int, str] = {}
        column = tr.grid_before
        tcs = list(_cells(tr))
        tally.columns(column + sum(max(tc.grid_span, 1) for tc in tcs))
        for tc in tcs:
            if tc.vMerge == "continue":
                cells[column] = above.get(column, "")
            elif _inside_prompt(tc, tr):
                cells[column] = ""  # a control around the whole cell, still showing its prompt
            else:
                cells[column] = _cell_text(tc, numbering, limits)
            column += max(tc.grid_span, 1)
        above = cells
        width = max(max(cells, default=-1) + 1, columns)
        row = [cells.get(i, "") for i in range(width)]
        blocks.append(Block(row, across_table=_across(tr, tcs, columns)))
    return blocks


def _across(tr, tcs, columns: int) -> bool:
    """Whether the row is one cell across the table's whole width (a merged row holding a
    heading or a note) in a table of several columns."""
    if columns < 2 or len(tcs) != 1 or tcs[0].vMerge == "continue" or tcs[0].grid_span < 2:
        return False
    return tr.grid_before + tcs[0].grid_span + tr.grid_after >= columns


def _cell_text(tc, numbering: _Numbering, limits: Limits) -> str:
    lines = []
    for element in _content(tc):
        if element.tag == _P:
            lines.append(numbering.paragraph_text(element))
        else:  # a table inside the cell: each of its rows on a line of its own
            for block in _table_blocks(element, numbering, limits):
                lines.append(" ".join(c.strip() for c in block.cells if c.strip()))
    return "\n".join(line for line in lines if line.strip())


@dataclass
class _Level:
    fmt: str  # "decimal", "bullet", "lowerLetter", ...
    text: str  # "%1.", "%1.%2", "•"
    start: int


class _Numbering:
    """Word's list numbering: which paragraphs are list items, and the number or bullet each
    shows. Counters run per list (numbering instance) as Word runs them."""

    def __init__(self, word) -> None:
        self.levels: dict[tuple[str, int], _Level] = {}
        self.style_numbers: dict[str, tuple[str, int]] = {}
        self.counters: dict[str, list[int]] = {}
        part = _related(word.part, RT.NUMBERING)
        if part is not None:
            self._read_numbering(part.element)
        styles = _related(word.part, RT.STYLES)
        if styles is not None:
            self._read_styles(styles.element)

    def _read_numbering(self, root) -> None:
        abstract: dict[str, dict[int, _Level]] = {}
        for an in root.iterchildren(qn("w:abstractNum")):
            levels = {}
            for lvl in an.iterchildren(qn("w:lvl")):
                levels[int(lvl.get(qn("w:ilvl"), "0"))] = _Level(
                    fmt=_child_val(lvl, "w:numFmt") or "decimal",
                    text=_child_val(lvl, "w:lvlText") or "",
                    start=int(_child_val(lvl, "w:start") or 1),
                )
            abstract[an.get(qn("w:abstractNumId"))] = levels
        for num in root.iterchildren(qn("w:num")):
            num_id = num.get(qn("w:numId"))
            levels = dict(abstract.get(_child_val(num, "w:abstractNumId") or "", {}))
            for override in num.iterchildren(qn("w:lvlOverride")):
                ilvl = int(override.get(qn("w:ilvl"), "0"))
                start = _child_val(override, "w:startOverride")
                if start is not None and ilvl in levels:
                    base = levels[ilvl]
                    levels[ilvl] = _Level(base.fmt, base.text, int(start))
            for ilvl, level in levels.items():
                self.levels[(num_id, ilvl)] = level

    def _read_styles(self, root) -> None:
        own: dict[str, tuple[str | None, int | None]] = {}
        based_on: dict[str, str] = {}
        for style in root.iterchildren(qn("w:style")):
            style_id = style.get(qn("w:styleId"))
            num_pr = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
            if num_pr is not None:
                ilvl = _child_val(num_pr, "w:ilvl")
                own[style_id] = (_child_val(num_pr, "w:numId"), int(ilvl) if ilvl else None)
            parent = _child_val(style, "w:basedOn")
            if parent:
                based_on[style_id] = parent
        for style_id in own.keys() | based_on.keys():
            seen, current = set(), style_id
            while current and current not in own and current not in seen:
                seen.add(current)
                current = based_on.get(current)
            if current in own and own[current][0]:
                num_id, ilvl = own[current]
                self.style_numbers[style_id] = (num_id, ilvl or 0)

    def paragraph_text(self, p) -> str:
        text = _text(p)
        marker = self._marker(p)
        return f"{marker} {text.lstrip()}" if marker and text.strip() else text

    def _marker(self, p) -> str | None:
        num_id, ilvl = None, 0
        ppr = p.pPr
        if ppr is not None and ppr.pStyle is not None:
            num_id, ilvl = self.style_numbers.get(ppr.pStyle.val, (None, 0))
        num_pr = ppr.numPr if ppr is not None else None
        if num_pr is not None:
            if num_pr.numId is not None:
                num_id = str(num_pr.numId.val)
            if num_pr.ilvl is not None:
                ilvl = num_pr.ilvl.val
        if num_id is None or num_id == "0" or (num_id, ilvl) not in self.levels:
            return None
        level = self.levels[(num_id, ilvl)]
        if level.fmt == "bullet":
            return "•"
        if level.fmt == "none":
            return None
        counts = self.counters.setdefault(num_id, [])
        while len(counts) <= ilvl:
            start = self.levels.get((num_id, len(counts)), level).start
            counts.append(start - 1)
        counts[ilvl] += 1
        for deeper in range(ilvl + 1, len(counts)):
            counts[deeper] = self.levels.get((num_id, deeper), level).start - 1
        marker = level.text
        for i, count in enumerate(counts[: ilvl + 1]):
            fmt = self.levels.get((num_id, i), level).fmt
            marker = marker.replace(f"%{i + 1}", _format_number(max(count, 1), fmt))
        return marker.strip() or None


def _text(p) -> str:
    """The paragraph as it reads with tracked changes accepted: inserted runs in, deleted ones
    out (python-docx's ``text`` leaves both out), hyperlinks' shown text in, and not the text
    of boxes drawn inside it nor the prompt of a content control left empty. A line break
    (``w:br``) starts a new line."""
    parts = []
    for run in p.iter(_R):
        ancestor = run.getparent()
        while (
            ancestor is not None
            and ancestor is not p
            and ancestor.tag not in _NOT_READ
            and not _shows_prompt(ancestor)
        ):
            ancestor = ancestor.getparent()
        if ancestor is p:
            parts.append(run.text)
    return "".join(parts)


def _related(part, reltype):
    for rel in part.rels.values():
        if rel.reltype == reltype and not rel.is_external:
            return rel.target_part
    return None


def _child_val(element, tag: str) -> str | None:
    child = element.find(qn(tag))
    return child.get(_VAL) if child is not None else None


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letters = ""
        while n:
            n, r = divmod(n - 1, 26)
            letters = chr(ord("a") + r) + letters
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(n)
        return roman if fmt == "upperRoman" else roman.lower()
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, letters in [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"),
                           (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                           (4, "IV"), (1, "I")]:  # fmt: skip
        while n >= value:
            out, n = out + letters, n - value
    return out
