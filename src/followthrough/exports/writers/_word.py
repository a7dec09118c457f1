"""What the Word writers share (python-docx): an A4 landscape document, tables whose header
row repeats on every page, shaded cells, and a footer with the page number. Every piece of
text goes in through ``text()``, which leaves out the control characters XML cannot carry
(pasted from other programs), so a stray one never fails the export."""

from __future__ import annotations

import io
import re

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

FONT = "Arial"
# Fills for RAG and table furniture (GOV.UK colours, lightened so black text stays readable).
FILLS = {
    "header": "D9D9D9",
    "theme": "F3F2F1",
    "red": "F6D7D2",
    "amber": "FFF2BF",
    "green": "CCE2D8",
    "not_rated": "E8E8E8",
    "red_bar": "D4351C",
    "amber_bar": "FFDD00",
    "green_bar": "00703C",
    "not_rated_bar": "B1B4B6",
}
_TC_AFTER_SHD = (
    "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark",
    "w:headers", "w:cellIns", "w:cellDel", "w:cellMerge", "w:tcPrChange",
)  # fmt: skip
_TR_AFTER_HEADER = ("w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del", "w:trPrChange")
# Characters XML 1.0 does not allow (tab, line feed and carriage return are allowed).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def text(value: str) -> str:
    return _NOT_XML.sub("", value)


def heading(document, value: str, level: int):
    return document.add_heading(text(value), level)


def new_document(*, footer: str, font_size: float = 10) -> docx.document.Document:
    """An A4 landscape document with narrow margins and ``footer`` and the page number at the
    foot of every page."""
    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(1.27))
    section.top_margin = section.bottom_margin = Cm(1.27)
    section.footer_distance = Cm(0.6)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(font_size)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
        style = document.styles[name]
        style.font.name = FONT
        fonts = style.element.rPr.rFonts
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(theme), None)
        style.font.color.rgb = RGBColor(0x0B, 0x0C, 0x0C)
    paragraph = section.footer.paragraphs[0]
    run = paragraph.add_run(text(f"{footer} · Page "))
    run.font.size = Pt(8)
    _page_number(paragraph)
    return document


def usable_width(document) -> int:
    section = document.sections[0]
    return section.page_width - section.left_margin - section.right_margin


def _page_number(paragraph) -> None:
    run = paragraph.add_run()
    run.font.size = Pt(8)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


class Grid:
    """A grid table with a bold, shaded header row that Word repeats at the top of each page,
    and fixed column widths."""

    def __init__(
        self, document, headers: list[str], widths_cm: list[float], *, font_size: float = 9
    ) -> None:
        self.widths = [Cm(w) for w in widths_cm]
        self.font_size = font_size
        self.table = document.add_table(rows=1, cols=len(headers))
        self.table.style = "Table Grid"
        self.table.alignment = WD_TABLE_ALIGNMENT.LEFT
        self.table.autofit = False
        for column, width in zip(self.table.columns, self.widths, strict=True):
            column.width = width
        row = self.table.rows[0]
        repeat_header(row)
        for cell, text, width in zip(row.cells, headers, self.widths, strict=True):
            cell.width = width
            write(cell, [text], bold=True, size=font_size)
            shade(cell, FILLS["header"])

    def add_row(self, values: list[list[str] | str | None], *, bold: bool = False):
        """A row; each value a list of paragraphs (or one string, or None for an empty cell)."""
        row = self.table.add_row()
        cells = row.cells
        for cell, value, width in zip(cells, values, self.widths, strict=True):
            cell.width = width
            if value:
                paragraphs = [value] if isinstance(value, str) else value
                write(cell, paragraphs, bold=bold, size=self.font_size)
        return cells

    def span_row(self, text: str, *, fill: str | None = None, bold: bool = True):
        """A row of one cell across the whole table (a theme heading)."""
        cells = self.table.add_row().cells
        merged = cells[0].merge(cells[-1])
        write(merged, [text], bold=bold, size=self.font_size)
        if fill:
            shade(merged, fill)
        return merged


def repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    tr_pr.insert_element_before(element, *_TR_AFTER_HEADER)


def merge_down(first_cell, cells_below) -> None:
    """Merge a cell with the cells under it (a recommendation beside each of its actions).
    The cells below must be empty; the text stays in the first."""
    first_cell._tc.vMerge = "restart"
    for cell in cells_below:
        cell._tc.vMerge = "continue"


def write(
    cell,
    paragraphs: list[str],
    *,
    bold: bool = False,
    size: float = 9,
    italic_from: int | None = None,
) -> None:
    """The paragraphs into an empty cell, one Word paragraph each."""
    first = cell.paragraphs[0]
    for i, line in enumerate(paragraphs):
        paragraph = first if i == 0 else cell.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(2)
        run = paragraph.add_run(text(line))
        run.font.size = Pt(size)
        if bold:
            run.bold = True
        if italic_from is not None and i >= italic_from:
            run.italic = True


def shade(cell, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.insert_element_before(shd, *_TC_AFTER_SHD)


def paragraph(
    document, value: str, *, bold: bool = False, size: float | None = None, style: str | None = None
):
    p = document.add_paragraph(style=style)
    run = p.add_run(text(value))
    run.bold = bold or None
    if size:
        run.font.size = Pt(size)
    return p


def to_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
