"""Choose a reader for a document by what it contains, and run it.

The content decides, not the name: a PDF, a Word or Excel file (a zip with ``word/`` or ``xl/``
parts), a web page (HTML), interchange JSON, CSV (records of the same width), or text.
``format=`` overrides the choice (``followthrough parse --format``). Each format reader cuts the
document into blocks and the shared table interpreter does the rest; interchange JSON is
validated and read as it is. Anything else gets a ``ParseError`` that says what the file looks
like and what to do instead.
"""

from __future__ import annotations

from pathlib import Path, PurePath

from followthrough.interchange import ActionPlan
from followthrough.parsing.document import Document
from followthrough.parsing.errors import ParseError
from followthrough.parsing.formats.delimited import csv_delimiter, document_from_csv
from followthrough.parsing.formats.text import document_from_text
from followthrough.parsing.interchange_json import looks_like_json, read_interchange_json
from followthrough.parsing.limits import Limits, Tally
from followthrough.parsing.sniff import (
    decode_text,
    describe_binary,
    is_zip,
    looks_like_html,
    zip_format,
)
from followthrough.parsing.table import interpret

# The formats ``format=`` takes, and what to call each in a message.
FORMATS: dict[str, str] = {
    "text": "text",
    "csv": "CSV",
    "docx": "a Word document (.docx)",
    "xlsx": "an Excel workbook (.xlsx)",
    "pdf": "a PDF",
    "html": "a web page (.html)",
    "json": "interchange JSON",
}
_EXTENSIONS = {
    ".txt": "text", ".tsv": "text", ".md": "text", ".csv": "csv", ".docx": "docx",
    ".xlsx": "xlsx", ".xlsm": "xlsx", ".pdf": "pdf", ".json": "json", ".html": "html",
    ".htm": "html",
}  # fmt: skip


def read_plan(
    data: bytes,
    *,
    filename: str | None = None,
    format: str | None = None,
    limits: Limits | None = None,
) -> ActionPlan:
    """The action plan in ``data``. ``format`` (one of ``FORMATS``) reads it as that format
    instead of the one its content suggests; ``limits`` bounds how big a document is read
    (``limits.py``; by default ``Limits.from_environment()``). Raises ``ParseError`` with one
    line for the person who supplied the file (prefixed with ``filename`` when given)."""
    try:
        return _read(data, filename, format, limits or Limits.from_environment())
    except ParseError as exc:
        if filename:
            raise ParseError(f"{filename}: {exc}") from None
        raise


def _read(data: bytes, filename: str | None, format: str | None, limits: Limits) -> ActionPlan:
    if format is not None and format not in FORMATS:
        raise ParseError(f"unknown format '{format}': choose one of {', '.join(FORMATS)}")
    if not data.strip():
        raise ParseError("the file is empty: export the action plan as text and try again")
    extension = PurePath(filename).suffix.lower() if filename else ""
    found = _content_format(data, extension)
    kind = format or found
    if kind in ("pdf", "docx", "xlsx") and found != kind:
        raise ParseError(
            f"asked to read it as {FORMATS[kind]}, but it is not one: it looks like "
            f"{FORMATS[found]}"
        )
    # The readers of binary formats and of web pages load their libraries (pdfplumber,
    # python-docx, openpyxl, lxml) when a file needs them, not whenever the parser is imported.
    if kind == "pdf":
        from followthrough.parsing.formats.pdf import document_from_pdf

        document = document_from_pdf(data, name=filename, limits=limits)
    elif kind == "docx":
        from followthrough.parsing.formats.word import document_from_docx

        document = document_from_docx(data, name=filename, limits=limits)
    elif kind == "xlsx":
        from followthrough.parsing.formats.excel import document_from_xlsx

        document = document_from_xlsx(data, name=filename, limits=limits)
    elif kind == "html" and found not in ("pdf", "docx", "xlsx"):
        from followthrough.parsing.formats.html import document_from_html

        document = document_from_html(data, name=filename, limits=limits)
    else:
        if found in ("pdf", "docx", "xlsx"):
            raise ParseError(f"asked to read it as {FORMATS[kind]}, but it is {FORMATS[found]}")
        text = decode_text(data)
        if not text.strip():
            raise ParseError(
                "the file has no text in it: export the action plan as text and try again"
            )
        if kind == "json":
            return read_interchange_json(text, limits=limits)
        if kind == "csv":
            document = document_from_csv(
                text, name=filename, delimiter=csv_delimiter(text) or ",", limits=limits
            )
        else:
            Tally(limits, "the text").whole_text(len(text))
            document = document_from_text(text, name=filename, limits=limits)
    _note_misleading_name(document, extension, kind)
    return interpret(document)


def _content_format(data: bytes, extension: str) -> str:
    """The format the content is in; a ``ParseError`` for content no reader takes."""
    from followthrough.parsing.formats.pdf import is_pdf

    if is_pdf(data):
        return "pdf"
    problem = describe_binary(data)
    if problem:
        raise ParseError(problem)
    if is_zip(data):
        return zip_format(data, extension=extension)
    if looks_like_html(data):
        return "html"
    text = decode_text(data)
    if looks_like_json(text):
        return "json"
    if csv_delimiter(text) or (extension == ".csv" and "\t" not in text):
        return "csv"
    return "text"


def _note_misleading_name(document: Document, extension: str, kind: str) -> None:
    named = _EXTENSIONS.get(extension)
    if named and named != kind and {named, kind} != {"text", "csv"}:
        document.notes.insert(
            0, f"file: named {extension} but it is {FORMATS[kind]}; read as what it is"
        )


def read_document(path: str | Path) -> bytes:
    """The bytes of a plan document, or a ParseError that says why it cannot be opened. Read
    once: the importer parses and keeps (and hashes) these same bytes."""
    path = Path(path)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise ParseError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ParseError(f"{path}: is a folder, not a file") from None
    except PermissionError:
        raise ParseError(f"{path}: permission denied") from None


def read_plan_file(
    path: str | Path, *, format: str | None = None, limits: Limits | None = None
) -> ActionPlan:
    path = Path(path)
    return read_plan(read_document(path), filename=path.name, format=format, limits=limits)
