"""Hostile documents, made at run time (no large binaries in git): the kinds issue 10 names and
others like them. Each ``make(scale)`` returns the file's bytes; ``scale`` 1.0 is the full size
the benchmark uploads (``bench/hostile_files.py``), the tests use a small fraction with the
reader's limits lowered to match, so that they test the same refusal quickly.

Every one of them must be refused in one line: by the reader's bounds (``parsing/limits.py``),
its checks of Office packages and PDFs, or the sandbox's ceilings on time and memory.
"""

from __future__ import annotations

import io
import json
import random
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass

from tests.parsing.test_package import BILLION_LAUGHS


@dataclass(frozen=True)
class Hostile:
    name: str
    filename: str
    make: Callable[[float], bytes]
    # What the one-line refusal says (one of these), at full size with the default limits:
    # the check that refuses it first may be a cheaper one than its name suggests.
    says: tuple[str, ...]


def _n(full: int, scale: float, least: int = 1) -> int:
    return max(least, int(full * scale))


# CSV and text


def csv_rows(scale: float) -> bytes:
    """600,000 rows of an export: 13.6 MB, as in the issue."""
    rows = _n(600_000, scale, 10)
    head = "Recommendation,Action,Lead agency,Target date\n"
    return (head + "".join(f"R{i % 90},Act {i},Police,2025\n" for i in range(rows))).encode()


def csv_long_line(scale: float) -> bytes:
    """One line of 50 MB (more than the upload limit: the form refuses it unread)."""
    return b"Recommendation,Action,Lead\n" + b"x" * _n(50_000_000, scale, 1000) + b",a,b\n"


def csv_long_cell(scale: float) -> bytes:
    """One cell of 15 MB, under the upload limit."""
    return b"Recommendation,Action,Lead\n" + b"x" * _n(15_000_000, scale, 1000) + b",a,b\n"


def csv_wide(scale: float) -> bytes:
    """10,000 columns."""
    columns = _n(10_000, scale, 3)
    header = ["Recommendation", "Action", "Lead"] + [f"Note {i}" for i in range(columns - 3)]
    rows = [",".join(header)] + [",".join(["x"] * columns) for _ in range(5)]
    return ("\n".join(rows) + "\n").encode()


def text_lines(scale: float) -> bytes:
    """A million short lines of text: 14 MB, under the upload limit."""
    return ("R1\tAct\tPolice\n" * _n(1_000_000, scale, 10)).encode()


def json_nested(scale: float) -> bytes:
    depth = _n(100_000, scale, 30)
    return (
        b'{"format": "followthrough.action-plan/1", "review": ' + b"[" * depth + b"]" * depth + b"}"
    )


def json_far_date(scale: float) -> bytes:
    plan = {
        "format": "followthrough.action-plan/1",
        "review": {"title": "DHR Ivy", "published_on": "9999-12-31"},
        "recommendations": [],
    }
    return json.dumps(plan).encode()


def binary(scale: float) -> bytes:
    return random.Random(1).randbytes(_n(5_000_000, scale, 4096))


# Word and Excel, written as raw XML parts (quick at any size)


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/'
    'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
    '"application/xml"/>{overrides}</Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
    '.org/package/2006/relationships">{}</Relationships>'
)
_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_WORDS = "agency review partnership training risk police health council plan action".split()


def _zip(parts: dict[str, bytes | Callable[[zipfile.ZipFile, str], None]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            if callable(content):
                content(archive, name)
            else:
                archive.writestr(name, content)
    return out.getvalue()


def _streamed(chunks: Callable[[], object]) -> Callable[[zipfile.ZipFile, str], None]:
    """A part written chunk by chunk, so a part of 95 MB is never whole in memory."""

    def write(archive: zipfile.ZipFile, name: str) -> None:
        with archive.open(name, "w", force_zip64=True) as part:
            for chunk in chunks():
                part.write(chunk)

    return write


def _docx(body: Callable[[], object]) -> bytes:
    main = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    return _zip(
        {
            "[Content_Types].xml": _CONTENT_TYPES.format(
                overrides=f'<Override PartName="/word/document.xml" ContentType="{main}"/>'
            ),
            "_rels/.rels": _RELS.format(
                '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
                '2006/relationships/officeDocument" Target="word/document.xml"/>'
            ),
            "word/document.xml": _streamed(
                lambda: [
                    f'<?xml version="1.0" encoding="UTF-8"?><w:document {_W}><w:body>'.encode(),
                    *body(),
                    b"</w:body></w:document>",
                ]
            ),
        }
    )


def docx_bloated(scale: float) -> bytes:
    """A Word document of 95 MB of XML packed about 30:1 (under the 100 MB and 100:1 checks)."""
    size = _n(95_000_000, scale, 10_000)
    rng = random.Random(3)

    def body():
        written = 0
        while written < size:
            words = " ".join(rng.choice(_WORDS) for _ in range(12))
            chunk = f"<w:p><w:r><w:t>{words}</w:t></w:r></w:p>".encode() * 200
            written += len(chunk)
            yield chunk

    return _docx(body)


def _words(rng: random.Random, count: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(count))


def docx_paragraphs(scale: float) -> bytes:
    """300,000 short paragraphs of varied words: 20 MB of XML packed some 6:1, under the size
    and packing checks; far more paragraphs than a plan has."""
    rng = random.Random(5)
    count = _n(300_000, scale, 20)
    return _docx(
        lambda: (
            f"<w:p><w:r><w:t>{_words(rng, 5)}</w:t></w:r></w:p>".encode() for _ in range(count)
        )
    )


def docx_wide_table(scale: float) -> bytes:
    rng = random.Random(6)
    columns = _n(10_000, scale, 3)
    grid = "<w:tblGrid>" + '<w:gridCol w:w="10"/>' * columns + "</w:tblGrid>"

    def row() -> str:
        cells = (f"<w:tc><w:p><w:r><w:t>{_words(rng, 2)}</w:t></w:r></w:p></w:tc>" for _ in
                 range(columns))  # fmt: skip
        return "<w:tr>" + "".join(cells) + "</w:tr>"

    return _docx(lambda: [f"<w:tbl>{grid}{row()}{row()}{row()}</w:tbl>".encode()])


def docx_zip_bomb(scale: float) -> bytes:
    """A part of a few kilobytes that unpacks to hundreds of megabytes."""
    from tests.parsing.test_package import rezip

    filler = b"\0" * _n(500_000_000, scale, 3_000_000)
    return rezip(docx_paragraphs(0.0001), add={"word/media/filler.bin": filler})


def docx_entities(scale: float) -> bytes:
    from tests.parsing.test_package import rezip

    return rezip(docx_paragraphs(0.0001), replace={"word/document.xml": BILLION_LAUGHS.encode()})


def docx_encrypted(scale: float) -> bytes:
    """What Word saves with a password: an OLE2 container, not a zip."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096)


def docx_cut_short(scale: float) -> bytes:
    data = docx_paragraphs(0.001)
    return data[: len(data) // 2]


_S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _xlsx(sheets: list[Callable[[], object]], shared: Callable[[], object] | None = None) -> bytes:
    sheet_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
    book_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    overrides = f'<Override PartName="/xl/workbook.xml" ContentType="{book_type}"/>' + "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{sheet_type}"/>'
        for i in range(1, len(sheets) + 1)
    )
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{_R}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    parts: dict = {
        "[Content_Types].xml": _CONTENT_TYPES.format(overrides=overrides),
        "_rels/.rels": _RELS.format(
            f'<Relationship Id="rId1" Type="{_R}/officeDocument" Target="xl/workbook.xml"/>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{_S}" xmlns:r="{_R}"><sheets>'
            + "".join(
                f'<sheet name="Sheet {i}" sheetId="{i}" r:id="rId{i}"/>'
                for i in range(1, len(sheets) + 1)
            )
            + "</sheets></workbook>"
        ),
        "xl/_rels/workbook.xml.rels": _RELS.format(rels),
    }
    for i, rows in enumerate(sheets, start=1):
        parts[f"xl/worksheets/sheet{i}.xml"] = _streamed(
            lambda rows=rows: [
                f'<worksheet xmlns="{_S}"><sheetData>'.encode(),
                *rows(),
                b"</sheetData></worksheet>",
            ]  # fmt: skip
        )
    if shared is not None:
        parts["xl/sharedStrings.xml"] = _streamed(
            lambda: [f'<sst xmlns="{_S}">'.encode(), *shared(), b"</sst>"]
        )
    return _zip(parts)


def _row(r: int, values: list[str]) -> bytes:
    cells = "".join(f'<c t="inlineStr"><is><t>{v}</t></is></c>' for v in values)
    return f'<row r="{r}">{cells}</row>'.encode()


def xlsx_rows(scale: float) -> bytes:
    rows = _n(600_000, scale, 10)

    def sheet():
        yield _row(1, ["Recommendation", "Action", "Lead agency"])
        for r in range(2, rows + 2):
            yield _row(r, ["That agencies share risk", f"Share it {r}", "Police"])

    return _xlsx([sheet])


def xlsx_wide(scale: float) -> bytes:
    rng = random.Random(7)
    columns = _n(10_000, scale, 3)
    return _xlsx([lambda: [_row(r, [_words(rng, 2) for _ in range(columns)]) for r in (1, 2, 3)]])


def xlsx_sheets(scale: float) -> bytes:
    count = _n(2_000, scale, 3)
    return _xlsx([lambda: [_row(1, ["Recommendation", "Action"])]] * count)


def xlsx_shared_strings(scale: float) -> bytes:
    """A table of 2,000,000 shared strings, which openpyxl would load whole."""
    count = _n(2_000_000, scale, 10)
    return _xlsx(
        [lambda: [_row(1, ["Recommendation", "Action"])]],
        shared=lambda: (f"<si><t>s{i}</t></si>".encode() for i in range(count)),
    )


# PDF, written by hand where reportlab would not write the lie


def _pdf(objects: list[bytes], *, root: int = 1) -> bytes:
    """A PDF of ``objects`` (numbered from 1) with a correct cross-reference table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, root, xref))  # fmt: skip
    return out.getvalue()


def _stream(data: bytes, compress: bool = True) -> bytes:
    if compress:
        data = zlib.compress(data)
        return (
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
        )
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def _one_page(content: bytes, *, box: bytes = b"[0 0 595 842]", count: int = 1) -> bytes:
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count %d >>" % count,
            b"<< /Type /Page /Parent 2 0 R /MediaBox " + box
            + b" /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
            _stream(content),
            _FONT,
        ]
    )  # fmt: skip


_TEXT = b"BT /F1 12 Tf 72 760 Td (Recommendation 1: that agencies share risk information.) Tj ET"


def pdf_pages(scale: float) -> bytes:
    """200 pages of a plan's table rows, as text (reportlab)."""
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    for page in range(_n(200, scale, 3)):
        pdf.setFont("Helvetica", 10)
        for line in range(50):
            pdf.drawString(40, 800 - 15 * line, f"{page}.{line}  That agencies share risk "
                           "information   Northmoor Police   March 2025")  # fmt: skip
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def pdf_claims_pages(scale: float) -> bytes:
    """One page whose page tree claims a billion."""
    return _one_page(_TEXT, count=1_000_000_000)


def pdf_huge_page(scale: float) -> bytes:
    return _one_page(_TEXT, box=b"[0 0 5000000 5000000]")


def pdf_tiny_objects(scale: float) -> bytes:
    """One page drawing 200,000 tiny boxes."""
    count = _n(200_000, scale, 100)
    boxes = b"".join(b"%d %d 0.5 0.5 re f\n" % (i % 500, i // 500 % 800) for i in range(count))
    return _one_page(_TEXT + b"\n" + boxes)


def pdf_stream_bomb(scale: float) -> bytes:
    """A content stream of a few megabytes that inflates to gigabytes."""
    size = _n(2_000_000_000, scale, 10_000_000)
    compressor = zlib.compressobj(9)
    chunk = b" " * 10_000_000
    packed = b"".join(compressor.compress(chunk) for _ in range(size // len(chunk)))
    packed += compressor.flush()
    stream = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed)
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
            stream + packed + b"\nendstream",
            _FONT,
        ]
    )


def pdf_encrypted(scale: float) -> bytes:
    from reportlab.lib.pdfencrypt import StandardEncryption

    from tests.parsing.corpus.pdf import plans, render

    return render.render(plans.ELENA, encrypt=StandardEncryption("secret", canPrint=0))


def pdf_cut_short(scale: float) -> bytes:
    data = pdf_huge_page(1)
    return data[: len(data) // 2]


def html_rows(scale: float) -> bytes:
    """A saved web page whose table has 600,000 rows."""
    count = _n(600_000, scale, 1_000)
    rows = "".join(f"<tr><td>{i}</td><td>Review the policy</td></tr>" for i in range(count))
    return (
        "<!doctype html><html><body><main><table><tr><th>Recommendation</th><th>Action</th>"
        f"<th>Lead</th></tr>{rows}</table></main></body></html>"
    ).encode()


def html_nested(scale: float) -> bytes:
    """A page of 1,000,000 nested elements: a parser that recurses falls over."""
    depth = _n(1_000_000, scale, 10_000)
    return b"<!doctype html><html><body>" + b"<div>" * depth + b"plan" + b"</div>" * depth


def html_entities(scale: float) -> bytes:
    """A page with a billion-laughs DOCTYPE: entities that would expand to gigabytes."""
    return (
        "<!DOCTYPE html [<!ENTITY lol 'lol'>"
        + "".join(
            f"<!ENTITY lol{n} '{f'&lol{n - 1};' * 10 if n > 2 else '&lol;' * 10}'>"
            for n in range(2, 10)
        )
        + "]><html><body><p>&lol9;</p></body></html>"
    ).encode()


def html_paragraphs(scale: float) -> bytes:
    """A page of 300,000 paragraphs."""
    count = _n(300_000, scale, 1_000)
    return (
        "<!doctype html><html><body>"
        + "".join(f"<p>Paragraph {i} of the page.</p>" for i in range(count))
        + "</body></html>"
    ).encode()


HOSTILE = [
    Hostile("csv-600k-rows", "export.csv", csv_rows, ("table rows",)),
    Hostile(
        "csv-50mb-line",
        "line.csv",
        csv_long_line,
        ("largest file Followthrough takes", "characters"),
    ),
    Hostile("csv-15mb-cell", "cell.csv", csv_long_cell, ("characters",)),
    Hostile("csv-10k-columns", "wide.csv", csv_wide, ("columns",)),
    Hostile("text-1m-lines", "plan.txt", text_lines, ("characters of text",)),
    Hostile("json-nested", "plan.json", json_nested, ("levels of nesting",)),
    Hostile("json-year-9999", "plan.json", json_far_date, ("the year 9999",)),
    Hostile("binary", "plan.txt", binary, ("binary file",)),
    Hostile("docx-95mb-xml", "plan.docx", docx_bloated, ("of XML",)),
    Hostile("docx-300k-paragraphs", "plan.docx", docx_paragraphs, ("paragraphs",)),
    Hostile("docx-10k-columns", "plan.docx", docx_wide_table, ("columns",)),
    Hostile("docx-zip-bomb", "plan.docx", docx_zip_bomb, ("MB allowed", "zip bombs")),
    Hostile("docx-entities", "plan.docx", docx_entities, ("document type declaration",)),
    Hostile("docx-encrypted", "plan.docx", docx_encrypted, ("password",)),
    Hostile("docx-cut-short", "plan.docx", docx_cut_short, ("damaged or incomplete",)),
    Hostile("xlsx-600k-rows", "plan.xlsx", xlsx_rows, ("rows", "MB allowed", "of XML")),
    Hostile("xlsx-10k-columns", "plan.xlsx", xlsx_wide, ("cells with something in them",)),
    Hostile("xlsx-2000-sheets", "plan.xlsx", xlsx_sheets, ("sheets",)),
    Hostile("xlsx-2m-shared-strings", "plan.xlsx", xlsx_shared_strings, ("shared text", "of XML")),
    Hostile("pdf-200-pages", "plan.pdf", pdf_pages, ("pages, more than the",)),
    Hostile("pdf-claims-1e9-pages", "plan.pdf", pdf_claims_pages, ("1000000000 pages",)),
    Hostile("pdf-huge-page", "plan.pdf", pdf_huge_page, ("points across",)),
    Hostile(
        "pdf-200k-tiny-objects",
        "plan.pdf",
        pdf_tiny_objects,
        ("drawn on it", "drawing instructions"),
    ),
    Hostile("pdf-stream-bomb", "plan.pdf", pdf_stream_bomb, ("memory", "drawing instructions")),
    Hostile("pdf-encrypted", "plan.pdf", pdf_encrypted, ("password-protected",)),
    Hostile("pdf-cut-short", "plan.pdf", pdf_cut_short, ("damaged or incomplete",)),
    Hostile("html-600k-rows", "plan.html", html_rows, ("table rows", "MB allowed", "elements")),
    Hostile(
        "html-1m-nested",
        "plan.html",
        html_nested,
        ("elements", "nested", "MB allowed", "no action plan found"),
    ),
    Hostile("html-entities", "plan.html", html_entities, ("no action plan found",)),
    Hostile("html-300k-paragraphs", "plan.html", html_paragraphs, ("paragraphs", "elements")),
]
