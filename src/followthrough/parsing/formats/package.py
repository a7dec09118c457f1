"""Opening a Word or Excel file (a zip of XML parts) without trusting it.

Before python-docx or openpyxl sees the file:

* the zip must open (a file cut short in copying has lost its directory, at the end);
* the parts it declares must stay small: at most ``MAX_UNPACKED`` bytes unpacked in all, no
  XML part over ``Limits.xml_part_bytes`` (a Word file of 95 MB of XML packed 30:1 is refused
  here, before anything reads it), and no large part packed more than ``MAX_RATIO`` times (a zip
  bomb declares a huge part that compresses to almost nothing). The declared sizes are what
  counts: Python's zipfile stops a part at its declared size, so a part that lies about its
  size fails its checksum instead of filling the memory;
* no part may be encrypted, and no XML part may carry a document type declaration: Office never
  writes one, and a DTD is how entity expansion ("billion laughs") and external entity attacks
  get in. Only each part's prolog is read for this, with defusedxml, which also copes with parts
  saved as UTF-16.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError as XMLParseError
from defusedxml.ElementTree import iterparse

from followthrough.parsing.errors import ParseError
from followthrough.parsing.limits import Limits, too_big

MAX_UNPACKED = 100 * 1024 * 1024
MAX_RATIO = 100
# Parts smaller than this cannot hurt whatever their ratio (an empty part packs to nothing).
_RATIO_FLOOR = 1024 * 1024
MAX_PARTS = 10_000
_BINARY = (".png", ".jpg", ".jpeg", ".gif", ".emf", ".wmf", ".bin", ".tif", ".tiff", ".bmp")
# What a damaged zip raises, from its directory to its last compressed byte.
_ZIP_ERRORS = (
    zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, RuntimeError,
    NotImplementedError,
)  # fmt: skip
_LOCAL_HEADER = re.compile(rb"PK\x03\x04.{22}(..)(..)", re.DOTALL)


@dataclass(frozen=True)
class Kind:
    """A kind of Office package: what to call it and how to tell it is one."""

    label: str  # "Word document"
    program: str  # "Word"
    main_part: str  # "word/document.xml"
    prefix: str  # "word/"


WORD = Kind("Word document", "Word", "word/document.xml", "word/")
EXCEL = Kind("Excel workbook", "Excel", "xl/workbook.xml", "xl/")


def part_names(data: bytes) -> list[str]:
    """The names of the parts of a zip: from its directory, or, when the file was cut short
    and lost its directory (at the end), from the headers of the parts that are left."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.namelist()
    except _ZIP_ERRORS:
        pass
    names = []
    for m in _LOCAL_HEADER.finditer(data[:1_000_000]):
        length = int.from_bytes(m.group(1), "little")
        start = m.end()
        names.append(data[start : start + length].decode("cp437", "replace"))
    return names


def readable_zip(data: bytes) -> bool:
    """Whether the zip's directory (at its end) is there to read."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)):
            return True
    except _ZIP_ERRORS:
        return False


def open_package(data: bytes, kind: Kind, limits: Limits | None = None) -> zipfile.ZipFile:
    """The zip, checked as above. Raises ``ParseError`` with one line saying what is wrong."""
    limits = limits or Limits()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except _ZIP_ERRORS:
        raise ParseError(
            f"the {kind.label} is damaged or incomplete (perhaps cut short when it was copied or "
            f"downloaded): open it in {kind.program}, save it again and try again"
        ) from None
    if kind.main_part not in archive.namelist():
        archive.close()
        raise ParseError(
            f"this is a zip archive but not a {kind.label}: it has no {kind.main_part}; save the "
            f"plan from {kind.program} and try again"
        )
    try:
        _check_sizes(infos, kind, limits)
        for info in infos:
            _check_part(archive, info, kind)
    except ParseError:
        archive.close()
        raise
    return archive


def _check_sizes(infos: list[zipfile.ZipInfo], kind: Kind, limits: Limits) -> None:
    refused = f"it was not opened, to protect the server; save the plan in a new {kind.label}"
    if len(infos) > MAX_PARTS:
        raise ParseError(
            f"the {kind.label} is made of {len(infos)} parts, far more than a plan needs: {refused}"
        )
    total = sum(info.file_size for info in infos)
    if total > MAX_UNPACKED:
        raise ParseError(
            f"the {kind.label} would unpack to {total // (1024 * 1024)} MB, more than the "
            f"{MAX_UNPACKED // (1024 * 1024)} MB allowed: {refused}, without pictures"
        )
    for info in infos:
        if info.file_size > limits.xml_part_bytes and not info.filename.lower().endswith(_BINARY):
            raise ParseError(
                f"the {kind.label}'s part {info.filename} is {_size(info.file_size)} of XML; one "
                f"of a plan is at most {_size(limits.xml_part_bytes)}: save just the action plan "
                f"in a new {kind.label} and try again"
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size >= _RATIO_FLOOR and ratio > MAX_RATIO:
            raise ParseError(
                f"the {kind.label} has a part packed {ratio:.0f} times smaller than its contents "
                f"({info.filename}), as zip bombs are: {refused}"
            )


def _size(count: int) -> str:
    mb = 1024 * 1024
    return f"{-(-count // mb):,} MB" if count >= mb else f"{-(-count // 1024):,} KB"


def _check_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, kind: Kind) -> None:
    if info.flag_bits & 0x1:
        raise ParseError(
            f"the {kind.label} is protected with a password: remove the password in "
            f"{kind.program}, save it again and try again"
        )
    if info.is_dir() or info.filename.lower().endswith(_BINARY):
        return
    try:
        with archive.open(info) as part:
            head = part.read(4)
            if not _looks_like_xml(head):
                return
        with archive.open(info) as part:
            for _event, _element in iterparse(part, events=("start",), forbid_dtd=True):
                break  # the prolog, where a DTD would be, is behind us
    except DefusedXmlException:
        raise ParseError(
            f"the {kind.label} contains an XML document type declaration ({info.filename}), "
            f"which {kind.program} never writes and which can be used to attack the server: it "
            "was not opened"
        ) from None
    except XMLParseError:
        raise ParseError(
            f"the {kind.label} is damaged: its part {info.filename} is not well-formed XML; open "
            f"it in {kind.program}, save it again and try again"
        ) from None
    except _ZIP_ERRORS:
        raise ParseError(
            f"the {kind.label} is damaged or incomplete (its part {info.filename} cannot be "
            f"unpacked): open it in {kind.program}, save it again and try again"
        ) from None


def _looks_like_xml(head: bytes) -> bool:
    head = head.removeprefix(b"\xef\xbb\xbf")
    return head.startswith((b"<", b"\xff\xfe", b"\xfe\xff", b"\x00<", b"<\x00")) or (
        head[:1].isspace()
    )


def stream_elements(archive: zipfile.ZipFile, part: str, *, limits: Limits, what: str):
    """The (event, element) pairs of ``part``'s XML, "start" and "end", read as a stream:
    each element is let go once it ends (so memory stays small however long the part), and
    more than ``limits.xml_elements`` elements is refused. Callers count what they need."""
    count = 0
    stack = []
    try:
        with archive.open(part) as stream:
            for event, element in iterparse(stream, events=("start", "end"), forbid_dtd=True):
                if event == "start":
                    count += 1
                    if count > limits.xml_elements:
                        raise too_big(what, None, limits.xml_elements, "XML elements")
                    stack.append(element)
                    yield event, element
                else:
                    yield event, element
                    stack.pop()
                    if stack:
                        stack[-1].remove(element)  # the parent keeps no finished child
    except (DefusedXmlException, XMLParseError, *_ZIP_ERRORS):
        return  # damage is reported by the reader that opens the part properly
