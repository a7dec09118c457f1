"""What kind of file this is, from its content rather than its name; and its text."""

from __future__ import annotations

import re

from followthrough.parsing.errors import ParseError
from followthrough.parsing.formats.package import part_names, readable_zip

_SAVE_PLEASE = "save the plan as Word (.docx), Excel (.xlsx), CSV or text and try again"

_MAGIC: list[tuple[bytes, str]] = [
    (b"%PDF-", "this is a PDF file: read it as one (leave out --format, or use --format pdf)"),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "this is an old-style Microsoft Office file (.doc or .xls), or one protected with a "
        "password: open it in Word or Excel and save it as .docx or .xlsx without a password, "
        "then try again",
    ),
    (
        b"\x89PNG\r\n\x1a\n",
        f"this is a PNG image: a picture of a plan cannot be read; {_SAVE_PLEASE}",
    ),
    (b"\xff\xd8\xff", f"this is a JPEG image: a picture of a plan cannot be read; {_SAVE_PLEASE}"),
    (b"GIF8", f"this is a GIF image: a picture of a plan cannot be read; {_SAVE_PLEASE}"),
    (b"II*\x00", f"this is a TIFF image: a scanned plan cannot be read; {_SAVE_PLEASE}"),
    (b"MM\x00*", f"this is a TIFF image: a scanned plan cannot be read; {_SAVE_PLEASE}"),
    (b"{\\rtf", f"this is a Rich Text (.rtf) file: RTF is not supported; {_SAVE_PLEASE}"),
]

# Office packages by the folder their parts live in: the formats read, then those refused.
_ZIP_FORMATS = [("word/", "docx"), ("xl/", "xlsx")]
_ZIP_REFUSED = [
    ("ppt/", f"this is a PowerPoint presentation (.pptx): it cannot be read; {_SAVE_PLEASE}"),
]


def is_zip(data: bytes) -> bool:
    return data.startswith((b"PK\x03\x04", b"PK\x05\x06"))


def describe_binary(data: bytes) -> str | None:
    """A one-line explanation if ``data`` is a kind of file that cannot be read (an image, an
    old Office file, a binary file), else None: text, or a zip to look inside."""
    for magic, message in _MAGIC:
        if data.startswith(magic):
            return message
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return f"this is a WebP image: a picture of a plan cannot be read; {_SAVE_PLEASE}"
    if is_zip(data):
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or _utf16_without_bom(data):
        return None  # UTF-16 text ("Unicode text" from Word or Excel)
    sample = data[:4096]
    controls = sum(1 for b in sample if b < 32 and b not in b"\t\n\r\f")
    if b"\x00" in sample or controls > len(sample) * 0.05:
        return f"this is a binary file, not a text document: {_SAVE_PLEASE}"
    return None


def zip_format(data: bytes, *, extension: str = "") -> str:
    """'docx' or 'xlsx' for a Word or Excel file (also one cut short: its parts' names are
    read from what is left); otherwise a ``ParseError`` saying what the zip is."""
    names = part_names(data)
    for prefix, format in _ZIP_FORMATS:
        if any(name.startswith(prefix) for name in names):
            return format
    for prefix, message in _ZIP_REFUSED:
        if any(name.startswith(prefix) for name in names):
            raise ParseError(message)
    if "mimetype" in names or "content.xml" in names:
        raise ParseError(
            f"this is an OpenDocument file (.odt or .ods): it is not supported yet; {_SAVE_PLEASE}"
        )
    by_name = {".docx": "docx", ".xlsx": "xlsx", ".xlsm": "xlsx"}.get(extension)
    if by_name and not readable_zip(data):
        return by_name  # cut short before the parts that say what it is: its reader says so
    named = {".docx": "a Word document", ".xlsx": "an Excel workbook"}.get(extension)
    if named:
        raise ParseError(
            f"the file is named {extension} but it is not {named}: it is a zip archive of other "
            "files; choose the plan itself, saved from Word or Excel"
        )
    raise ParseError(
        "this is a zip archive, not a plan document: unzip it and choose the plan inside"
    )


# A web page: it says so at the start, or it starts with a tag and has the tags of a page's
# body in its first few KB.
_HTML_START = re.compile(r"<!doctype\s+html\b", re.I)
_HTML_TAGS = re.compile(r"<(?:html|head|body|table|p|div)[\s>/]", re.I)
_SNIFF_HTML = 4096


def looks_like_html(data: bytes) -> bool:
    """Whether ``data`` is a web page (HTML), whatever its name."""
    head = data[: _SNIFF_HTML * 2]
    utf16 = "utf-16" if head.startswith((b"\xff\xfe", b"\xfe\xff")) else _utf16_without_bom(head)
    if utf16:
        text = head[: len(head) // 2 * 2].decode(utf16, "ignore")
    else:
        text = head.removeprefix(b"\xef\xbb\xbf").decode("latin-1")
    text = text.lstrip("\ufeff \t\r\n")[:_SNIFF_HTML]
    if not text.startswith("<"):
        return False
    return bool(_HTML_START.search(text) or _HTML_TAGS.search(text))


def decode_text(data: bytes) -> str:
    """The text of ``data``: UTF-8 (with or without a byte order mark), UTF-16, or
    Windows-1252 (what older Windows programs save)."""
    utf16 = "utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else _utf16_without_bom(data)
    if utf16:
        try:
            return data.decode(utf16)
        except UnicodeDecodeError:
            pass
    else:
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
    raise ParseError(
        "the text is in an encoding that cannot be read (expected UTF-8 or Windows-1252): "
        "save it as UTF-8 text and try again"
    )


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' for mostly-Latin text saved as UTF-16 with no byte order
    mark: every other byte is zero."""
    sample = data[:4096]
    if len(sample) < 8 or len(sample) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None
