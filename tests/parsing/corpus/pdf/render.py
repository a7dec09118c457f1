"""Print the corpus plans to PDF with reportlab, the way a word processor would: a title and a
preamble, then the table (with or without ruling lines; its header repeated on every page unless
the plan says not), rows allowed to break across pages, theme rows spanning the table, cells
merged down, a running head and page numbers. ``render_export`` prints a plan the way a Word
document exported to PDF looks (``plans.Export``): pages of two sizes, a marking and a footer
with "Page X of Y" on each, cells of several spaced paragraphs and hanging bullets. Also the
PDFs a reader cannot read: a scan, a drawing, a font with no letters.

Output is deterministic (reportlab's invariant mode: no dates or random ids in the file).
"""

from __future__ import annotations

import io
from dataclasses import replace
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from tests.parsing.corpus.pdf.plans import Export, Plan, Theme

MARGIN = 36
_BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=13, spaceAfter=6)
_TITLE = ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=15, leading=19, spaceAfter=8)
_HEADING = ParagraphStyle("heading", fontName="Helvetica-Bold", fontSize=12, leading=15,
                          spaceAfter=6)  # fmt: skip
_CELL = ParagraphStyle("cell", fontName="Helvetica", fontSize=8.5, leading=10.5)
_HEAD_CELL = ParagraphStyle("head", parent=_CELL, fontName="Helvetica-Bold")


def render(plan: Plan, *, encrypt: StandardEncryption | None = None) -> bytes:
    """The plan as a PDF document (encrypted with ``encrypt`` if given)."""
    buffer = io.BytesIO()
    size = landscape(A4) if plan.landscape else A4
    doc = SimpleDocTemplate(
        buffer,
        pagesize=size,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + 12,
        bottomMargin=MARGIN + 12,
        title=plan.title,
        invariant=1,
        encrypt=encrypt,
    )

    def furniture(canvas: Canvas, document) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        if plan.running_head and (plan.head_on_first_page or document.page > 1):
            canvas.drawString(MARGIN, size[1] - MARGIN + 6, plan.running_head)
        canvas.drawCentredString(size[0] / 2, MARGIN - 6, f"Page {document.page}")
        canvas.restoreState()

    story = [Paragraph(escape(plan.title), _TITLE)]
    for i, text in enumerate(plan.before_table):
        style = _HEADING if len(text.split()) <= 6 and not text.endswith(".") else _BODY
        story.append(Paragraph(escape(text), style if i else _BODY))
    story.append(Spacer(1, 6))
    story.append(_table(plan))
    doc.build(story, onFirstPage=furniture, onLaterPages=furniture)
    return buffer.getvalue()


def _cell(text: str, style: ParagraphStyle = _CELL) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _table(plan: Plan) -> Table:
    width = len(plan.header)
    data: list[list] = [[_cell(h, _HEAD_CELL) for h in plan.header]]
    commands: list[tuple] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ]
    if plan.ruled:
        commands.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
        commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#d9e2f3")))
    for r, row in enumerate(plan.rows, start=1):
        if isinstance(row, Theme):
            data.append([_cell(row.text, _HEAD_CELL)] + [""] * (width - 1))
            commands.append(("SPAN", (0, r), (-1, r)))
            if plan.ruled:
                commands.append(("BACKGROUND", (0, r), (-1, r), colors.HexColor("#eeeeee")))
            continue
        data.append([_cell(text) for text in row])
    for first in plan.merged_down:
        r = first + 1
        below = plan.rows[first + 1]
        for c in range(width):
            if not isinstance(below, Theme) and not below[c]:
                commands.append(("SPAN", (c, r), (c, r + 1)))
    return Table(
        data,
        colWidths=plan.widths,
        repeatRows=1 if plan.repeat_header else 0,
        splitByRow=0,
        splitInRow=1,
        style=TableStyle(commands),
    )


def longer(plan: Plan, copies: int) -> Plan:
    """The plan with its rows repeated ``copies`` times (a long plan for the benchmark); theme
    rows are numbered on, so each copy has its own sections."""
    rows = []
    themes = 0
    for _ in range(copies):
        for row in plan.rows:
            if isinstance(row, Theme):
                themes += 1
                rows.append(Theme(row.text.replace(row.text.split("–")[0].strip(),
                                                   f"Theme {themes}", 1)))  # fmt: skip
            else:
                rows.append(row)
    shift = len(plan.rows)
    merged = [first + k * shift for k in range(copies) for first in plan.merged_down]
    return replace(plan, name=f"{plan.name}-x{copies}", rows=rows, merged_down=merged)


def scanned(pages: int = 2) -> bytes:
    """A scan: every page one picture (of grey stripes, standing in for the plan), no text."""
    from PIL import Image

    picture = Image.new("L", (200, 140), 255)
    for y in range(10, 130, 12):
        for x in range(10, 190):
            picture.putpixel((x, y), 40)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=landscape(A4), invariant=1)
    for _ in range(pages):
        canvas.drawImage(ImageReader(picture), MARGIN, MARGIN, width=700, height=490)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def drawing() -> bytes:
    """A page of lines and boxes (an empty form, a chart) with no text at all."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=landscape(A4), invariant=1)
    for row in range(8):
        for col in range(5):
            canvas.rect(MARGIN + col * 150, MARGIN + row * 60, 150, 60)
    canvas.line(MARGIN, 300, 800, 320)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def unmapped_font(text: str = "Recommendation Action Lead Target date") -> bytes:
    """A page in a font that numbers its glyphs and gives no map back to letters (a CID font
    without /ToUnicode, as some typesetting and redaction tools leave them): a reader gets
    glyph numbers, not text."""
    glyphs = "".join(f"{ord(c):04x}" for c in text)
    content = f"BT /F1 12 Tf 72 720 Td <{glyphs}> Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /Numbered /Encoding /Identity-H "
        b"/DescendantFonts [6 0 R] >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Numbered /CIDSystemInfo "
        b"<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 600 >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


# A word processor's look: Arial-like type, paragraphs in a cell spaced apart, words broken at
# their hyphens, bullets hanging.
_EXPORT_BODY = ParagraphStyle("export-body", fontName="Helvetica", fontSize=10.5, leading=12.5,
                              spaceAfter=6, alignment=4)  # fmt: skip
_EXPORT_HEADING = ParagraphStyle("export-heading", fontName="Helvetica-Bold", fontSize=13,
                                 leading=16, spaceAfter=8)  # fmt: skip
_EXPORT_TITLE = ParagraphStyle("export-title", fontName="Helvetica-Bold", fontSize=11, leading=13,
                               spaceAfter=3)  # fmt: skip
_EXPORT_LINE = ParagraphStyle("export-line", fontName="Helvetica", fontSize=11, leading=13,
                              spaceAfter=8)  # fmt: skip
_EXPORT_CELL = ParagraphStyle("export-cell", fontName="Helvetica", fontSize=8.5, leading=9.8,
                              spaceAfter=3, embeddedHyphenation=1)  # fmt: skip
_EXPORT_BULLET = ParagraphStyle("export-bullet", parent=_EXPORT_CELL, leftIndent=10,
                                bulletIndent=0, spaceAfter=1)  # fmt: skip
_EXPORT_HEAD_CELL = ParagraphStyle("export-head", parent=_EXPORT_CELL, fontName="Helvetica-Bold")
_EXPORT_MARGIN = 51  # 1.8 cm
_HEADER_AT = 36  # the running head's baseline, from the top of the page
_FOOTER_AT = 36  # the footer's first baseline, from the bottom of the page


def render_export(plan: Export) -> bytes:
    """The plan as a word processor exports it to PDF: a portrait page of the report, then the
    plan on landscape pages; the marking at the top and the footer ("Page X of Y") on every
    page."""
    buffer = io.BytesIO()
    doc = BaseDocTemplate(buffer, title=plan.title, invariant=1)
    portrait, wide = A4, landscape(A4)
    doc.addPageTemplates(
        [
            PageTemplate("report", [_frame(portrait, 72)], pagesize=portrait),
            PageTemplate("plan", [_frame(wide, _EXPORT_MARGIN)], pagesize=wide),
        ]
    )
    story: list = [Paragraph(escape(plan.report[0]), _EXPORT_HEADING)]
    story += [Paragraph(escape(text), _EXPORT_BODY) for text in plan.report[1:]]
    story += [NextPageTemplate("plan"), PageBreak()]
    heading, *paragraphs = plan.before_table
    story.append(Paragraph(escape(heading), _EXPORT_HEADING))
    story.append(Paragraph(escape(plan.title), _EXPORT_TITLE))
    story.append(Paragraph(escape(plan.partnership), _EXPORT_LINE))
    story += [Paragraph(escape(text), _EXPORT_BODY) for text in paragraphs]
    story.append(_export_table(plan))
    story += [Spacer(1, 8)] + [Paragraph(escape(text), _EXPORT_BODY) for text in plan.after_table]

    def furnished(*args, **kwargs) -> Canvas:
        return _FurnishedCanvas(*args, marking=plan.marking, footer=plan.footer, **kwargs)

    doc.build(story, canvasmaker=furnished)
    return buffer.getvalue()


def _frame(size: tuple[float, float], margin: float) -> Frame:
    return Frame(margin, margin, size[0] - 2 * margin, size[1] - 2 * margin, 0, 0, 0, 0)


class _FurnishedCanvas(Canvas):
    """A canvas that prints the running head and footer on every page once it knows how many
    pages there are ("Page 2 of 3"), as a word processor's PAGE and NUMPAGES fields do."""

    def __init__(self, *args, marking: str, footer: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._marking, self._footer = marking, footer
        self._pages: list[dict] = []

    def showPage(self) -> None:  # noqa: N802 (reportlab's name)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._furnish(number, len(self._pages))
            super().showPage()
        super().save()

    def _furnish(self, number: int, count: int) -> None:
        width, height = self._pagesize
        left = _EXPORT_MARGIN if width > height else 72
        self.saveState()
        self.setFont("Helvetica-Bold", 10)
        self.drawCentredString(width / 2, height - _HEADER_AT - 10, self._marking)
        self.setFont("Helvetica", 8)
        self.drawString(left, _FOOTER_AT, self._footer)
        self.drawRightString(width - left, _FOOTER_AT, f"Page {number} of {count}")
        self.setFont("Helvetica-Bold", 8)
        self.drawCentredString(width / 2, _FOOTER_AT - 10, self._marking)
        self.restoreState()


def _export_cell(text: str, style: ParagraphStyle = _EXPORT_CELL) -> list[Paragraph]:
    """A cell's paragraphs, spaced apart; "• " starts a bulleted one."""
    found = []
    for paragraph in text.split("\n"):
        if paragraph.startswith("• "):
            found.append(Paragraph(escape(paragraph[2:]), _EXPORT_BULLET, bulletText="•"))
        else:
            found.append(Paragraph(escape(paragraph), style))
    return found


def _export_table(plan: Export) -> Table:
    width = len(plan.header)
    data: list[list] = [[_export_cell(h, _EXPORT_HEAD_CELL) for h in plan.header]]
    commands: list[tuple] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 5.4),  # Word's 0.19 cm
        ("RIGHTPADDING", (0, 0), (-1, -1), 5.4),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    if plan.ruled:
        commands.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
        commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#d9e2f3")))
    else:
        commands.append(("LINEBELOW", (0, 0), (-1, 0), 1, colors.HexColor("#1f3864")))
    first = None  # the row of the recommendation the rows below go on with
    for r, row in enumerate(plan.rows, start=1):
        if isinstance(row, Theme):
            data.append([_export_cell(row.text, _EXPORT_HEAD_CELL)] + [""] * (width - 1))
            commands.append(("SPAN", (0, r), (-1, r)))
            first = None
            continue
        data.append([_export_cell(text) if text else "" for text in row])
        if row[0] or row[1]:
            first = r
        elif first is not None:
            commands += [("SPAN", (0, first), (0, r)), ("SPAN", (1, first), (1, r))]
        ends = r == len(plan.rows) or isinstance(plan.rows[r], Theme) or plan.rows[r][0]
        if not plan.ruled and ends:
            commands.append(("LINEBELOW", (0, r), (-1, r), 0.5, colors.HexColor("#bfbfbf")))
    return Table(
        data, colWidths=plan.widths, repeatRows=1, splitByRow=0, splitInRow=1,
        style=TableStyle(commands),
    )  # fmt: skip
